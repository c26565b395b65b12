// The store: SQLite (one file) or PostgreSQL (one database several daemons share) through Poco::Data, one writer
// that groups commits and a pool of readers.
#pragma once

#include "store/Dialect.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/Session.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace sohub {

class LogSync;

struct StoreSettings {
    StoreEngine engine = StoreEngine::SQLite;
    std::string path;           // SQLite: the database file
    std::string postgresConnect;  // PostgreSQL: a libpq connection string (the password comes from PGPASSWORD)
    int readers = 64;           // read connections beside the writer (PostgreSQL: store.postgresql.poolSize)
    int concurrentWriters = 0;  // PostgreSQL: >0 runs each change in its own transaction on one of this many
                                // connections at once, instead of the group-commit writer
    int busyTimeoutMs = 5000;
    int maxBatch = 256;         // changes grouped into one commit at most
    std::string synchronous = "FULL";  // SQLite's synchronous pragma: FULL or NORMAL
    int walAutocheckpoint = 250;   // WAL pages after which the writer copies the log back into the database
    long long walSizeLimitBytes = 64LL << 20;  // a log file larger than this is emptied once writes pause (-1: never)
    long long maxPageCount = 0;    // a cap on the store's size in pages (0: SQLite's own); the full-disk test's
};

// The store's disk (or its page cap) is full: the change was not saved. Callers hear 503; nothing is lost.
class StoreFull : public Poco::Data::DataException {
public:
    explicit StoreFull(const std::string& what) : Poco::Data::DataException(what) {}
};
// PostgreSQL gave up a statement that waited for what another process holds: lock_not_available (its lock_timeout,
// store.busyTimeoutMs) or query_canceled (the stop cancelled the wait, Database::cancelLongLockWaits).
class StoreBusy : public Poco::Data::DataException {
public:
    explicit StoreBusy(const std::string& what) : Poco::Data::DataException(what) {}
};
// True for a failure of the store that means it is full, whichever layer saw it (SQLITE_FULL, PostgreSQL's
// disk_full).
bool isStoreFull(const std::exception& failure);
// True for a failure of the store that means another writer held what the change needed past store.busyTimeoutMs
// (SQLITE_BUSY, PostgreSQL's lock_not_available, or its wait cancelled by a stop): the change was rolled back, and the
// same request may succeed later.
bool isStoreBusy(const std::exception& failure);

// A read connection borrowed from the pool for the lifetime of this object.
class ReadLease {
public:
    ReadLease(class Database& database, Poco::Data::Session& session, std::size_t slot);
    ReadLease(const ReadLease&) = delete;
    ReadLease& operator=(const ReadLease&) = delete;
    ~ReadLease();
    Poco::Data::Session& session() { return session_; }

private:
    Database& database_;
    Poco::Data::Session& session_;
    std::size_t slot_;
};

class Database {
public:
    using Change = std::function<void(Poco::Data::Session&)>;

    explicit Database(StoreSettings settings);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Runs the change inside a transaction shared with other concurrent changes (group commit); each change
    // runs in its own savepoint, so one change's exception rolls back only that change and is rethrown here (a
    // change alone in its transaction needs none: its exception rolls the transaction back). Returns once the
    // commit is durable.
    void write(Change change);
    // The same, without waiting: the future is ready once the commit is durable (or holds the change's exception).
    // Changes queued by one thread through writeAsync run in the order queued, as a file's chunks must; with
    // PostgreSQL's concurrent writers each waits for the one queued before it.
    std::future<void> writeAsync(Change change);

    // Inside a change (on the writer's thread): a number that no other change had, for what may be looked up once
    // per change and kept for the rest of it (no other writer can come between). 0 outside a change.
    static std::uint64_t changeSerial();

    ReadLease read();

    // Called on the writer thread after every commit (keep it short: it delays the next batch). The webhook
    // dispatcher wakes from here when a change wrote deliveries, instead of waiting for its next look at the store.
    // Returns a key for dropListener, which whoever registered calls before it goes away.
    int afterCommits(std::function<void()> listener);
    void dropListener(int key);

    // Inside a change: every daemon on this store hears of `channel` (one of notice::) once the change commits
    // (PostgreSQL NOTIFY; nothing on SQLite, whose one daemon hears of its own commits through afterCommits).
    static void announce(const char* channel);
    // Calls the listener on the notice thread whenever a daemon (this one too) announced `channel`; keep it short.
    // PostgreSQL only: on SQLite it is never called. Returns a key for dropListener.
    int onNotice(const std::string& channel, std::function<void()> listener);

    // The daemon is stopping: from now on a change waits at most a second for what another process holds (SQLite's
    // lock; a PostgreSQL lock, from the next change on, and one already waiting is cancelled once it has waited a
    // second), not store.busyTimeoutMs, so that the stop's last records give up soon (the leases they would release
    // expire instead).
    void hurry();

    const StoreSettings& settings() const { return settings_; }
    // The store's schema version as last seen (by the store watch). Returns true when that changed
    // whether the store is migrated past this binary.
    bool sawSchema(int version);
    // A daemon of a newer release migrated the store past the schema this binary knows (an upgrade of several
    // daemons under way): this one's code may not match it, so it claims no more jobs or deliveries.
    bool migratedPast() const;

private:
    friend class ReadLease;
    struct Pending {
        Change change;
        std::promise<void> done;
    };

    Poco::Data::Session open() const;
    // A change in a transaction of its own on one of the concurrent writers' connections (PostgreSQL).
    void writeAlone(const Change& change);
    Poco::Data::Session openPostgres() const;
    // PostgreSQL, as a connection is taken (a reader, a pooled writer, the writer before each batch): non-blocking
    // reads, while its socket has something, find the farewell and the end of a server that closed it while it was
    // idle (a restart, a terminated backend; a backend leaves on its own time), and a connection found closed, so or
    // by the statement that last failed on it, is replaced by a new one before it is used. The daemon recovers
    // without a restart. Only on a connection no other thread uses.
    void renewIfBroken(Poco::Data::Session& session) const;
    // PostgreSQL, once hurried: cancels this daemon's statements that have waited for a lock for more than a second
    // (a wait keeps the lock_timeout it began with), every quarter of a second until the store is closed.
    void cancelLongLockWaits();
    // Once hurried: a PostgreSQL connection's lock_timeout cut to a second before its next change.
    void shortenWaitsOnStop(Poco::Data::Session& session) const;
    void writerLoop();
    void checkpointLoop();
    void emptyLargeLog(Poco::Data::Session& checkpointer, const std::string& log) const;
    static int onWalCommit(void* self, ::sqlite3* db, const char* name, int frames);
    // SQLite's busy handler on the writer: waits up to store.busyTimeoutMs for the lock, a second once hurried.
    static int onBusy(void* self, int count);
    void commitBatch(std::vector<std::unique_ptr<Pending>>& batch);
    // The batch's callers hear their outcomes (once its commit is durable, when the log is synced apart).
    static void settle(std::vector<std::unique_ptr<Pending>>& batch, std::vector<std::exception_ptr>& outcomes,
                       bool committed, std::chrono::steady_clock::time_point started);
    // The afterCommits listeners, on the thread that committed.
    void tellListeners();
    void giveBack(std::size_t slot);

    const StoreSettings settings_;
    // PostgreSQL: the server processes of this daemon's connections, for cancelLongLockWaits. Before writer_, which
    // open() adds to them.
    mutable std::mutex backendsMutex_;
    mutable std::vector<int> backends_;
    Poco::Data::Session writer_;
    std::atomic<int> seenSchema_{0};
    std::atomic<bool> hurried_{false};
    std::mutex cancelMutex_;
    std::condition_variable cancelWanted_;
    bool cancelStopping_ = false;
    std::thread lockWaitCanceller_;
    // The writer's transaction statements, prepared once: they run for every change and every batch.

    std::mutex queueMutex_;
    std::condition_variable queueReady_;
    std::deque<std::unique_ptr<Pending>> queue_;
    bool stopping_ = false;
    std::thread writerThread_;

    // WAL checkpoints run on a connection and thread of their own, so a commit never waits for one (the writer's
    // commit only notes that the log has grown past store.walAutocheckpoint pages).
    std::mutex checkpointMutex_;
    std::condition_variable checkpointWanted_;
    bool checkpointDue_ = false;
    bool checkpointStopping_ = false;
    std::thread checkpointThread_;

    // SQLite with store.synchronous=FULL: the writer commits without waiting for the disk and this syncs the log
    // for the commits, each batch's callers hearing once theirs is on disk.
    std::unique_ptr<LogSync> logSync_;
    // The log's frames after the writer's last commit (SQLite), and from how many the writer checkpoints it itself.
    std::atomic<int> logFrames_{0};
    int restartFrames_ = 0;
    // SQLite: once the log holds restartFrames_, a checkpoint on the writer's connection between two batches, so that
    // the log starts over from its beginning (see the definition).
    void letLogStartOver();

    std::mutex listenersMutex_;
    std::map<int, std::function<void()>> listeners_;
    int nextListener_ = 0;

    std::mutex noticesMutex_;
    std::map<int, std::pair<std::string, std::function<void()>>> noticeListeners_;
    std::unique_ptr<class NoticeListener> notices_;  // started with the first onNotice

    // PostgreSQL's concurrent writers (store.postgresql.writers), when configured.
    std::mutex writersMutex_;
    std::condition_variable writerFree_;
    std::vector<std::unique_ptr<Poco::Data::Session>> writers_;
    std::vector<std::size_t> freeWriters_;
    std::mutex orderedMutex_;
    std::shared_future<void> lastOrdered_;  // PostgreSQL's concurrent writers: the last change writeAsync queued

    std::mutex readersMutex_;
    std::condition_variable readerFree_;
    std::vector<std::unique_ptr<Poco::Data::Session>> readers_;
    std::vector<std::size_t> freeReaders_;
};

}  // namespace sohub
