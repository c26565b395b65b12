// Group commit writer and reader pool over Poco::Data.
#include "store/Database.h"

#include "store/GatheredLogWrites.h"
#include "store/LogSync.h"
#include "store/Migrations.h"
#include "store/CachedStatement.h"
#include "store/NoticeListener.h"
#include "store/PostgresConnector.h"
#include "operations/Metrics.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <poll.h>

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>

using namespace Poco::Data::Keywords;

namespace sohub {
namespace {

// The writer's figures for /metrics: commits by outcome, changes per commit, time per commit.
struct CommitFigures {
    metrics::Counter& committed;
    metrics::Counter& failed;
    metrics::Histogram& changes;
    metrics::Histogram& seconds;
};

CommitFigures& commitFigures() {
    static CommitFigures figures = [] {
        metrics::Registry& registry = metrics::registry();
        metrics::CounterFamily& commits =
            registry.counter("sohub_store_commits_total", "Commits of the store's writer, by outcome", {"outcome"});
        return CommitFigures{
            commits.with({"committed"}), commits.with({"failed"}),
            registry.histogram("sohub_store_commit_changes", "Changes grouped into one commit (group commit)", {},
                               {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}).with({}),
            registry.histogram("sohub_store_commit_duration_seconds",
                               "Time of one commit of the writer, from BEGIN to the commit on disk", {},
                               metrics::latencyBuckets()).with({})};
    }();
    return figures;
}

}  // namespace

ReadLease::ReadLease(Database& database, Poco::Data::Session& session, std::size_t slot)
    : database_(database), session_(session), slot_(slot) {}

ReadLease::~ReadLease() { database_.giveBack(slot_); }


Database::Database(StoreSettings settings) : settings_(std::move(settings)), writer_(open()) {
    if (settings_.engine == StoreEngine::SQLite) {
        writer_ << "PRAGMA journal_mode=WAL", now;
        // The hook replaces SQLite's own automatic checkpoint: the checkpointer thread does it instead.
        sqlite3_wal_hook(Poco::Data::SQLite::Utility::dbHandle(writer_), &Database::onWalCommit, this);
        // Replaces the busy_timeout handler on the writer: the same wait, shortened once the daemon stops.
        sqlite3_busy_handler(Poco::Data::SQLite::Utility::dbHandle(writer_), &Database::onBusy, this);
        // Large batches (imports) touch many index pages: a larger cache than SQLite's 2 MB spares re-reading them.
        writer_ << "PRAGMA cache_size=-16384", now;
        if (settings_.maxPageCount > 0)
            writer_ << "PRAGMA max_page_count=" + std::to_string(settings_.maxPageCount), now;
    }
    seenSchema_ = migrate(writer_);
    if (settings_.engine == StoreEngine::SQLite && settings_.synchronous == "FULL") {
        // The writer's commits write the log without syncing it; LogSync syncs it on its own thread and the callers
        // hear once their commit is on disk, as FULL promises, while the writer already runs the next batch (a sync
        // costs milliseconds on some disks, and a writer that waited for each one spent most of its time waiting).
        writer_ << "PRAGMA synchronous=NORMAL", now;
        logSync_ = std::make_unique<LogSync>(settings_.path + "-wal");
    }
    if (settings_.engine == StoreEngine::SQLite && settings_.walSizeLimitBytes >= 0) {
        int pageSize = 4096;
        writer_ << "PRAGMA page_size", into(pageSize), now;
        const long long frameBytes = pageSize + 24;  // a log frame: its header and the page
        restartFrames_ = static_cast<int>(std::max<long long>(settings_.walSizeLimitBytes / frameBytes,
                                                              settings_.walAutocheckpoint));
    }
    for (int i = 0; i < settings_.readers; ++i) {
        readers_.push_back(std::make_unique<Poco::Data::Session>(open()));
        freeReaders_.push_back(static_cast<std::size_t>(i));
    }
    if (settings_.engine == StoreEngine::PostgreSQL) {
        for (int i = 0; i < settings_.concurrentWriters; ++i) {
            writers_.push_back(std::make_unique<Poco::Data::Session>(open()));
            freeWriters_.push_back(static_cast<std::size_t>(i));
        }
    }
    writerThread_ = std::thread([this] { writerLoop(); });
    // PostgreSQL checkpoints by itself.
    if (settings_.engine == StoreEngine::SQLite) checkpointThread_ = std::thread([this] { checkpointLoop(); });
}

Database::~Database() {
    {
        const std::lock_guard<std::mutex> lock(cancelMutex_);
        cancelStopping_ = true;
    }
    cancelWanted_.notify_all();
    if (lockWaitCanceller_.joinable()) lockWaitCanceller_.join();
    notices_.reset();
    {
        const std::lock_guard<std::mutex> lock(queueMutex_);
        stopping_ = true;
    }
    queueReady_.notify_all();
    if (writerThread_.joinable()) writerThread_.join();
    logSync_.reset();  // the last commits' callers hear of them
    {
        const std::lock_guard<std::mutex> lock(checkpointMutex_);
        checkpointStopping_ = true;
    }
    checkpointWanted_.notify_all();
    if (checkpointThread_.joinable()) checkpointThread_.join();
    finalizeCachedStatements(writer_);
    for (const auto& reader : readers_) finalizeCachedStatements(*reader);
    for (const auto& writer : writers_) finalizeCachedStatements(*writer);
}

// The only connector-specific code of the store: SQLite's file, pragmas and lock mode; PostgreSQL's connection.
Poco::Data::Session Database::open() const {
    if (settings_.engine == StoreEngine::PostgreSQL) return openPostgres();
    tuneSqliteRuntime();
    useGatheredLogWrites();
    Poco::Data::SQLite::Connector::registerConnector();
    // Said as an operator fixes it: which file, which keys, why. Poco's SQLite session retries a failed open for its
    // login timeout (60 s by default, in silence); an open that fails (a folder that is a file, no write access)
    // does not get better by waiting, so it waits a second at most.
    const auto cannotOpen = [this](const std::string& reason) {
        return Poco::IOException("Cannot open the store " + settings_.path + " (data.dir, store.file)", reason);
    };
    const Poco::Path parent = Poco::Path(settings_.path).parent();
    try {
        if (!parent.toString().empty()) Poco::File(parent).createDirectories();
    } catch (const Poco::Exception& error) {
        throw cannotOpen(error.displayText());
    }
    if (!parent.toString().empty() && !Poco::File(parent).isDirectory())
        throw cannotOpen(Poco::Path(parent).makeFile().toString() + " is not a folder");
    std::optional<Poco::Data::Session> opened;
    try {
        opened.emplace(Poco::Data::SQLite::Connector::KEY, settings_.path, 1);
    } catch (const Poco::Exception& error) {
        throw cannotOpen(error.displayText());
    }
    Poco::Data::Session& session = *opened;
    session << "PRAGMA busy_timeout=" + std::to_string(settings_.busyTimeoutMs), now;
    // The schema's foreign keys are declared for the reader and enforced by PostgreSQL; SQLite does not check them at
    // run time. Checked, every row written to a child table looked its parent up, and every statement of several rows
    // (an import chunk's batches) opened a statement journal for its own rollback: about 6% of an import's writer.
    // The hub writes a reference only to a row it read or wrote in the same change; the tests check SQLite stores
    // with PRAGMA foreign_key_check after imports, and run every suite on PostgreSQL, which would refuse a bad one.
    session << "PRAGMA foreign_keys=OFF", now;
    // Savepoint journals stay in memory: spilled, each grouped change would write and sync-free rewrite a temp file.
    session << "PRAGMA temp_store=MEMORY", now;
    // FULL: a commit is on disk before its callers hear of it, even across a power loss; group commit pays
    // one sync per batch. NORMAL survives a process crash but may lose the last commits on power loss.
    session << "PRAGMA synchronous=" + settings_.synchronous, now;
    return session;
}

Poco::Data::Session Database::openPostgres() const {
    registerPostgresConnector();
    Poco::Data::Session session(postgresConnectorName, settings_.postgresConnect);
    // Notices (an IF NOT EXISTS that found its table) are not errors: libpq would print them on stderr.
    PQsetNoticeProcessor(postgresConnection(session), [](void*, const char*) {}, nullptr);
    // Each change waits no longer than store.busyTimeoutMs for a row another daemon holds, as SQLite for its lock.
    session << "SET lock_timeout = " + std::to_string(settings_.busyTimeoutMs), now;
    const std::lock_guard<std::mutex> lock(backendsMutex_);
    backends_.push_back(PQbackendPID(postgresConnection(session)));
    return session;
}

void Database::hurry() {
    hurried_ = true;
    if (settings_.engine != StoreEngine::PostgreSQL) return;
    const std::lock_guard<std::mutex> lock(cancelMutex_);
    if (!cancelStopping_ && !lockWaitCanceller_.joinable())
        lockWaitCanceller_ = std::thread([this] { cancelLongLockWaits(); });
}

void Database::cancelLongLockWaits() {
    Poco::Logger& log = Poco::Logger::get("sohub.store");
    try {
        Poco::Data::Session session = openPostgres();
        for (;;) {
            {
                std::unique_lock<std::mutex> lock(cancelMutex_);
                if (cancelWanted_.wait_for(lock, std::chrono::milliseconds(250), [this] { return cancelStopping_; }))
                    return;
            }
            std::string backends = "{";
            {
                const std::lock_guard<std::mutex> lock(backendsMutex_);
                for (const int backend : backends_) backends += std::to_string(backend) + ",";
            }
            if (backends.size() == 1) continue;
            backends.back() = '}';
            // Only processes of this daemon's connections (another daemon's, or a tool's, are not this stop's),
            // and only lock waits: a statement that works is left to finish.
            Poco::Int64 cancelled = 0;
            session << "SELECT COUNT(pg_cancel_backend(pid)) FROM pg_stat_activity "
                       "WHERE pid = ANY(CAST(? AS integer[])) AND wait_event_type = 'Lock' "
                       "AND now() - query_start > interval '1 second'",
                use(backends), into(cancelled), now;
            if (cancelled > 0)
                log.information("Stopping: %Ld of this daemon's waits for a lock another process holds cancelled",
                                cancelled);
        }
    } catch (const std::exception& error) {
        log.warning("Stopping: the waits for locks another process holds cannot be cancelled: %s",
                    std::string(error.what()));
    }
}

bool isStoreFull(const std::exception& failure) {
    if (dynamic_cast<const StoreFull*>(&failure) || dynamic_cast<const Poco::Data::SQLite::DatabaseFullException*>(&failure))
        return true;
    // Poco's own statements report SQLite's text for SQLITE_FULL.
    const auto* poco = dynamic_cast<const Poco::Exception*>(&failure);
    if (!poco) return false;
    const std::string text = poco->displayText();
    // Poco's PostgreSQL executor (the `session <<` statements) passes disk_full on in the server's words, without its
    // SQLSTATE ("No space left on device").
    return text.find("database or disk is full") != std::string::npos ||
           text.find("No space left on device") != std::string::npos;
}

bool isStoreBusy(const std::exception& failure) {
    if (dynamic_cast<const StoreBusy*>(&failure)) return true;
    if (dynamic_cast<const Poco::Data::SQLite::DBLockedException*>(&failure)) return true;
    // Poco's own SQLite statements report SQLITE_BUSY's text.
    const auto* poco = dynamic_cast<const Poco::Exception*>(&failure);
    const std::string text = poco ? poco->displayText() : std::string(failure.what());
    return text.find("database is locked") != std::string::npos;
}

int Database::onWalCommit(void* self, sqlite3*, const char*, int frames) {
    auto* database = static_cast<Database*>(self);
    database->logFrames_ = frames;
    if (frames >= database->settings_.walAutocheckpoint) {
        {
            const std::lock_guard<std::mutex> lock(database->checkpointMutex_);
            database->checkpointDue_ = true;
        }
        database->checkpointWanted_.notify_one();
    }
    return SQLITE_OK;
}

void Database::shortenWaitsOnStop(Poco::Data::Session& session) const {
    // SQLite's writer is shortened by its busy handler; a PostgreSQL connection by its lock_timeout, for the
    // statements still to come (one already waiting keeps the wait it began with). Once per change while stopping.
    if (settings_.engine != StoreEngine::PostgreSQL || !hurried_) return;
    session << "SET lock_timeout = " + std::to_string(std::min(settings_.busyTimeoutMs, 1000)), now;
}

int Database::onBusy(void* self, int count) {
    const auto* database = static_cast<const Database*>(self);
    thread_local std::chrono::steady_clock::time_point began;
    const auto now = std::chrono::steady_clock::now();
    if (count == 0) began = now;
    const int timeout = database->settings_.busyTimeoutMs;
    const int limit = database->hurried_ ? std::min(timeout, 1000) : timeout;
    const auto left = std::chrono::milliseconds(limit) - (now - began);
    if (left <= std::chrono::milliseconds(0)) return 0;  // SQLITE_BUSY: the change is rolled back
    // Short sleeps first (another writer's commit takes milliseconds), then longer ones, as SQLite's own handler.
    const auto nap = std::chrono::milliseconds(count < 10 ? 1 : count < 20 ? 5 : 25);
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(nap, left));
    return 1;
}

void Database::checkpointLoop() {
    Poco::Data::Session checkpointer = open();
    // Emptying the log waits for no reader and no writer: busy, it is tried again at the next pause.
    checkpointer << "PRAGMA busy_timeout=0", now;
    const std::string log = settings_.path + "-wal";
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(checkpointMutex_);
            // A pause: no commit has grown the log past store.walAutocheckpoint pages for this long.
            const bool asked = checkpointWanted_.wait_for(lock, std::chrono::seconds(5),
                                                          [this] { return checkpointDue_ || checkpointStopping_; });
            if (checkpointStopping_) return;
            if (!asked) {
                lock.unlock();
                emptyLargeLog(checkpointer, log);
                continue;
            }
            checkpointDue_ = false;
        }
        try {
            // PASSIVE: copies what no reader still needs, never waits for the writer or a reader.
            checkpointer << "PRAGMA wal_checkpoint(PASSIVE)", now;
        } catch (const std::exception&) {
            // Busy or failed: the next commit past the threshold asks again.
        }
    }
}

void Database::emptyLargeLog(Poco::Data::Session& checkpointer, const std::string& log) const {
    // The log grows while the checkpoints cannot catch up with the writer (a large import: 460 MB after 1,000,000
    // cases) and SQLite keeps a log file at its largest size until the last connection closes. Cutting it back
    // while the writer works (journal_size_limit) made imports slower, so it is emptied in a pause of the writes.
    if (settings_.walSizeLimitBytes < 0) return;
    try {
        const Poco::File file(log);
        if (!file.exists()) return;
        const Poco::Int64 before = static_cast<Poco::Int64>(file.getSize());
        if (before <= static_cast<Poco::Int64>(settings_.walSizeLimitBytes)) return;
        int blocked = 1;
        checkpointer << "PRAGMA wal_checkpoint(TRUNCATE)", into(blocked), now;
        if (!blocked)
            Poco::Logger::get("sohub.store")
                .information("Write-ahead log %s emptied in a pause of the writes: it had grown to %Ld MiB", log,
                             Poco::Int64(before >> 20));
    } catch (const std::exception&) {
        // A reader or the writer was busy with the log: the next pause tries again.
    }
}

void Database::letLogStartOver() {
    // The checkpointer copies the log into the database beside the writer, but a writer that never pauses (a large
    // import) keeps appending past what it copied, and SQLite starts the log over from its beginning only once every
    // frame is copied: the log grew to 3 GB in an import of 1,000,000 cases, every page lookup going through its
    // index. Here, between two batches, nothing is being appended: this pass copies what is left (the checkpointer
    // did most of it), and the next commit writes the log from its beginning again. Busy (the checkpointer is in a
    // pass, or a reader still needs old frames), it is tried after the next commit.
    if (restartFrames_ <= 0 || logFrames_ < restartFrames_) return;
    sqlite3_wal_checkpoint_v2(Poco::Data::SQLite::Utility::dbHandle(writer_), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                              nullptr, nullptr);
}

bool Database::sawSchema(int version) {
    const bool before = migratedPast();
    seenSchema_ = version;
    return migratedPast() != before;
}

bool Database::migratedPast() const { return seenSchema_ > knownSchemaVersion(); }

ReadLease Database::read() {
    std::unique_lock<std::mutex> lock(readersMutex_);
    readerFree_.wait(lock, [this] { return !freeReaders_.empty(); });
    const std::size_t slot = freeReaders_.back();
    freeReaders_.pop_back();
    lock.unlock();
    renewIfBroken(*readers_[slot]);
    return ReadLease(*this, *readers_[slot], slot);
}

void Database::giveBack(std::size_t slot) {
    {
        const std::lock_guard<std::mutex> lock(readersMutex_);
        freeReaders_.push_back(slot);
    }
    readerFree_.notify_one();
}

void Database::renewIfBroken(Poco::Data::Session& session) const {
    if (settings_.engine != StoreEngine::PostgreSQL) return;
    PGconn* const connection = postgresConnection(session);
    // The probe reads what the server sent an idle connection: its farewell and the end of the stream. libpq notes
    // the end only on a read that finds nothing more, so it reads again while the socket still has something.
    for (int reads = 0; reads < 4 && PQstatus(connection) == CONNECTION_OK; ++reads) {
        if (!PQconsumeInput(connection)) break;
        pollfd waiting{PQsocket(connection), POLLIN, 0};
        if (::poll(&waiting, 1, 0) <= 0) break;
    }
    if (PQstatus(connection) != CONNECTION_BAD) return;
    Poco::Logger& log = Poco::Logger::get("sohub.store");
    try {
        Poco::Data::Session fresh = openPostgres();
        {
            const std::lock_guard<std::mutex> lock(backendsMutex_);
            backends_.erase(std::remove(backends_.begin(), backends_.end(), PQbackendPID(connection)), backends_.end());
        }
        finalizeCachedStatements(session);
        session = fresh;
        log.warning("A store connection the server closed was opened again");
    } catch (const std::exception& error) {
        log.warning("A store connection the server closed could not be opened again yet: %s", std::string(error.what()));
    }
}

void Database::write(Change change) {
    if (!writers_.empty()) {
        writeAlone(change);
        return;
    }
    writeAsync(std::move(change)).get();
}

std::future<void> Database::writeAsync(Change change) {
    if (!writers_.empty()) {
        const std::lock_guard<std::mutex> lock(orderedMutex_);
        std::shared_future<void> before = lastOrdered_;
        std::shared_future<void> done =
            std::async(std::launch::async, [this, before, change = std::move(change)] {
                if (before.valid()) before.wait();  // its exception is its own caller's
                writeAlone(change);
            }).share();
        lastOrdered_ = done;
        return std::async(std::launch::deferred, [done] { done.get(); });
    }
    auto pending = std::make_unique<Pending>();
    pending->change = std::move(change);
    std::future<void> done = pending->done.get_future();
    {
        const std::lock_guard<std::mutex> lock(queueMutex_);
        if (stopping_) throw Poco::IllegalStateException("store is shutting down");
        queue_.push_back(std::move(pending));
    }
    queueReady_.notify_one();
    return done;
}

int Database::afterCommits(std::function<void()> listener) {
    const std::lock_guard<std::mutex> lock(listenersMutex_);
    listeners_.emplace(++nextListener_, std::move(listener));
    return nextListener_;
}

void Database::dropListener(int key) {
    {
        const std::lock_guard<std::mutex> lock(listenersMutex_);
        listeners_.erase(key);
    }
    const std::lock_guard<std::mutex> lock(noticesMutex_);
    noticeListeners_.erase(key);
}

int Database::onNotice(const std::string& channel, std::function<void()> listener) {
    int key = 0;
    {
        const std::lock_guard<std::mutex> lock(listenersMutex_);
        key = ++nextListener_;
    }
    if (settings_.engine != StoreEngine::PostgreSQL) return key;
    const std::lock_guard<std::mutex> lock(noticesMutex_);
    noticeListeners_.emplace(key, std::make_pair(channel, std::move(listener)));
    if (!notices_) {
        notices_ = std::make_unique<NoticeListener>(
            settings_.postgresConnect, std::vector<std::string>{notice::deliveries, notice::reference},
            [this](const std::string& heard) {
                const std::lock_guard<std::mutex> calling(noticesMutex_);
                for (const auto& entry : noticeListeners_) {
                    if (entry.second.first != heard) continue;
                    try {
                        entry.second.second();
                    } catch (...) {
                    }
                }
            });
    }
    return key;
}

namespace {

// The channels the change under way on this (the writer's) thread announced, each once.
thread_local std::vector<const char*> announced;

// NOTIFY statements by channel, made once: their texts must outlive the statements prepared from them.
const char* notifyStatement(const char* channel) {
    static std::mutex mutex;
    static std::map<std::string, std::string> statements;
    const std::lock_guard<std::mutex> lock(mutex);
    std::string& sql = statements[channel];
    if (sql.empty()) sql = std::string("NOTIFY ") + channel;
    return sql.c_str();
}

}  // namespace

void Database::announce(const char* channel) {
    for (const char* known : announced)
        if (std::strcmp(known, channel) == 0) return;
    announced.push_back(channel);
}

void Database::writerLoop() {
    std::vector<std::unique_ptr<Pending>> batch;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(queueMutex_);
            queueReady_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything queued was written
            while (!queue_.empty() && static_cast<int>(batch.size()) < settings_.maxBatch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        commitBatch(batch);
        batch.clear();
    }
}

namespace {

thread_local std::uint64_t currentChange = 0;
std::atomic<std::uint64_t> changesRun{0};

// Numbers the change for changeSerial while it runs.
class ChangeScope {
public:
    ChangeScope() { currentChange = ++changesRun; }
    ~ChangeScope() { currentChange = 0; }
    ChangeScope(const ChangeScope&) = delete;
    ChangeScope& operator=(const ChangeScope&) = delete;
};

}  // namespace

std::uint64_t Database::changeSerial() { return currentChange; }

void Database::commitBatch(std::vector<std::unique_ptr<Pending>>& batch) {
    const auto started = std::chrono::steady_clock::now();
    bool committed = false;
    std::vector<std::exception_ptr> outcomes(batch.size());
    renewIfBroken(writer_);
    try {
        shortenWaitsOnStop(writer_);
        // Prepared once per connection: Poco::Data would prepare these again for every change.
        const auto run = [this](const char* sql) { CachedStatement(writer_, sql).execute(); };
        // The notices of the changes that stay go with the commit: PostgreSQL sends them once it is durable.
        const auto commit = [this, &run] {
            if (settings_.engine == StoreEngine::PostgreSQL)
                for (const char* channel : announced) run(notifyStatement(channel));
            run("COMMIT");
        };
        announced.clear();
        run(dialect::beginWrite(settings_.engine));
        if (batch.size() == 1) {
            // A change alone needs no savepoint, whose journal copies every page the change touches first (a
            // chunk of an import touches thousands): its failure rolls the whole transaction back instead.
            try {
                const ChangeScope scope;
                batch.front()->change(writer_);
            } catch (...) {
                outcomes.front() = std::current_exception();
            }
            if (outcomes.front()) {
                try {
                    run("ROLLBACK");
                } catch (...) {
                    // SQLite may have rolled back already (a full disk): the change's own error is what its caller hears.
                }
            } else {
                commit();
            }
        } else {
            for (std::size_t i = 0; i < batch.size(); ++i) {
                run("SAVEPOINT change");
                const std::size_t announcedBefore = announced.size();
                try {
                    const ChangeScope scope;
                    batch[i]->change(writer_);
                    run("RELEASE change");
                } catch (...) {
                    outcomes[i] = std::current_exception();
                    announced.resize(announcedBefore);
                    try {
                        run("ROLLBACK TO change");
                        run("RELEASE change");
                    } catch (...) {
                        // SQLite rolled the whole transaction back itself (a full disk: its savepoint is gone).
                        // Nothing of the batch is stored, and every caller hears why, not "no such savepoint".
                        std::rethrow_exception(outcomes[i]);
                    }
                }
            }
            commit();
        }
        committed = true;
    } catch (...) {
        // The commit itself failed: nothing of this batch is stored, so every caller hears of it.
        const std::exception_ptr failure = std::current_exception();
        try {
            writer_ << "ROLLBACK", now;
        } catch (...) {
        }
        for (auto& outcome : outcomes) outcome = failure;
    }
    tellListeners();
    if (!committed || !logSync_) {
        settle(batch, outcomes, committed, started);
    } else {
        // Settled on the syncing thread once the commit is on disk; the batch's callers wait till then.
        auto waiting =
            std::make_shared<std::pair<std::vector<std::unique_ptr<Pending>>, std::vector<std::exception_ptr>>>(
                std::move(batch), std::move(outcomes));
        batch.clear();
        logSync_->afterCommit([waiting, started](std::exception_ptr failure) {
            if (failure)
                for (auto& outcome : waiting->second) outcome = failure;
            settle(waiting->first, waiting->second, !failure, started);
        });
    }
    if (committed) letLogStartOver();  // after the callers' sync is under way: they do not wait for this pass
}

void Database::settle(std::vector<std::unique_ptr<Pending>>& batch, std::vector<std::exception_ptr>& outcomes,
                      bool committed, std::chrono::steady_clock::time_point started) {
    CommitFigures& figures = commitFigures();
    (committed ? figures.committed : figures.failed).add();
    figures.changes.observe(static_cast<double>(batch.size()));
    figures.seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (outcomes[i])
            batch[i]->done.set_exception(outcomes[i]);
        else
            batch[i]->done.set_value();
    }
}

void Database::writeAlone(const Change& change) {
    {
        const std::lock_guard<std::mutex> lock(queueMutex_);
        if (stopping_) throw Poco::IllegalStateException("store is shutting down");
    }
    std::size_t slot = 0;
    {
        std::unique_lock<std::mutex> lock(writersMutex_);
        writerFree_.wait(lock, [this] { return !freeWriters_.empty(); });
        slot = freeWriters_.back();
        freeWriters_.pop_back();
    }
    struct GiveBack {
        Database& database;
        std::size_t slot;
        ~GiveBack() {
            {
                const std::lock_guard<std::mutex> lock(database.writersMutex_);
                database.freeWriters_.push_back(slot);
            }
            database.writerFree_.notify_one();
        }
    } giveBack{*this, slot};
    renewIfBroken(*writers_[slot]);
    Poco::Data::Session& session = *writers_[slot];
    const auto run = [&session](const char* sql) { CachedStatement(session, sql).execute(); };
    const auto started = std::chrono::steady_clock::now();
    CommitFigures& figures = commitFigures();
    announced.clear();
    try {
        shortenWaitsOnStop(session);
        run(dialect::beginWrite(settings_.engine));
        {
            const ChangeScope scope;
            change(session);
        }
        for (const char* channel : announced) run(notifyStatement(channel));
        run("COMMIT");
    } catch (...) {
        announced.clear();
        try {
            session << "ROLLBACK", now;
        } catch (...) {
        }
        figures.failed.add();
        throw;
    }
    figures.committed.add();
    figures.changes.observe(1.0);
    figures.seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    // On this thread, where the change ran: listeners read what it left in thread-locals (new deliveries).
    tellListeners();
}

void Database::tellListeners() {
    const std::lock_guard<std::mutex> lock(listenersMutex_);
    for (const auto& entry : listeners_) {
        try {
            entry.second();
        } catch (...) {
        }
    }
}

}  // namespace sohub
