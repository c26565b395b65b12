// The log-gathering VFS: what another connection reads, a rolled-back or killed transaction, the log's size.
#define BOOST_TEST_MODULE gathered_log
#include <boost/test/unit_test.hpp>

#include "store/GatheredLogWrites.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>

namespace {

// A raw SQLite connection on a file, closed at the end of its scope.
class Connection {
public:
    explicit Connection(const std::string& path) {
        sohub::useGatheredLogWrites();
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db_));
        run("PRAGMA journal_mode=WAL");
        run("PRAGMA synchronous=NORMAL");
        run("PRAGMA wal_autocheckpoint=0");  // the log only grows, as under a writer the checkpointer cannot follow
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() { sqlite3_close(db_); }

    void run(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string text = error ? error : "?";
            sqlite3_free(error);
            throw std::runtime_error(sql + ": " + text);
        }
    }
    // A column of the first row, as text.
    std::string value(const std::string& sql, int column = 0) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
            throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
        std::string out;
        const int rc = sqlite3_step(statement);
        if (rc == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(statement, column);
            out = text ? reinterpret_cast<const char*>(text) : "";
        }
        const std::string error = sqlite3_errmsg(db_);
        sqlite3_finalize(statement);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + error);
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

struct Store {
    Poco::TemporaryFile folder;
    std::string path;
    Store() {
        folder.createDirectories();
        path = folder.path() + "/store.db";
    }
};

// Rows of about 3 KB each: a transaction of a few of them takes several pages of the log.
std::string insertRows(int from, int count) {
    return "WITH RECURSIVE n(v) AS (SELECT " + std::to_string(from) + " UNION ALL SELECT v + 1 FROM n WHERE v < " +
           std::to_string(from + count - 1) + ") INSERT INTO t (id, body) SELECT v, hex(randomblob(1500)) FROM n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(sqlite_opens_every_file_through_it) {
    sohub::useGatheredLogWrites();
    sohub::useGatheredLogWrites();  // once per process
    BOOST_TEST(std::string(sqlite3_vfs_find(nullptr)->zName) == "sohub-gathered-log");
}

BOOST_AUTO_TEST_CASE(each_commit_is_in_the_log_file_when_another_connection_reads_it) {
    Store store;
    Connection writer(store.path), reader(store.path);
    writer.run("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    int rows = 0;
    for (int commit = 0; commit < 60; ++commit) {
        const int count = 1 + commit % 7;
        writer.run(insertRows(rows + 1, count));
        rows += count;
        // The reader's own file descriptor: it sees only what was written to the file.
        BOOST_TEST_REQUIRE(reader.value("SELECT COUNT(*) || ':' || SUM(length(body)) FROM t") ==
                           std::to_string(rows) + ":" + std::to_string(rows * 3000));
    }
    BOOST_TEST(reader.value("PRAGMA integrity_check") == "ok");
    // Every frame the log counts is in the file (the checkpoint's second column: the frames in the log).
    const std::string frames = reader.value("PRAGMA wal_checkpoint(PASSIVE)", 1);
    BOOST_TEST(Poco::File(store.path + "-wal").getSize() == 32 + std::stoull(frames) * (4096 + 24));
}

BOOST_AUTO_TEST_CASE(a_transaction_larger_than_memory_holds_spills_rolls_back_and_commits_again) {
    Store store;
    Connection writer(store.path), reader(store.path);
    writer.run("PRAGMA cache_size=20");  // pages spill into the log while the transaction runs
    writer.run("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    writer.run(insertRows(1, 10));
    writer.run("BEGIN");
    writer.run(insertRows(11, 4000));  // about 12 MB: more than the 2 MiB held at once
    BOOST_TEST(writer.value("SELECT COUNT(*) FROM t") == "4010");  // read back through spilled frames
    writer.run("ROLLBACK");
    BOOST_TEST(reader.value("SELECT COUNT(*) FROM t") == "10");
    writer.run(insertRows(11, 5));  // written where the rolled-back frames were
    BOOST_TEST(reader.value("SELECT COUNT(*) FROM t") == "15");
    writer.run("BEGIN");
    writer.run(insertRows(16, 4000));
    writer.run("COMMIT");
    BOOST_TEST(reader.value("SELECT COUNT(*) || ':' || SUM(length(body)) FROM t") ==
               "4015:" + std::to_string(4015 * 3000));
    BOOST_TEST(reader.value("PRAGMA integrity_check") == "ok");
    // A checkpoint that empties the log, and commits that start it over.
    reader.run("PRAGMA wal_checkpoint(TRUNCATE)");
    writer.run(insertRows(4016, 3));
    BOOST_TEST(reader.value("SELECT COUNT(*) FROM t") == "4018");
    BOOST_TEST(reader.value("PRAGMA integrity_check") == "ok");
}

BOOST_AUTO_TEST_CASE(a_process_killed_with_frames_held_loses_only_the_transaction_it_had_not_committed) {
    Store store;
    {
        Connection setup(store.path);
        setup.run("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    }
    const pid_t child = fork();
    BOOST_TEST_REQUIRE(child >= 0);
    if (child == 0) {
        try {
            Connection writer(store.path);
            writer.run(insertRows(1, 100));
            writer.run("BEGIN");
            writer.run(insertRows(101, 300));  // held, partly written, never committed
        } catch (...) {
            _exit(3);
        }
        raise(SIGKILL);
        _exit(4);
    }
    int status = 0;
    waitpid(child, &status, 0);
    BOOST_TEST_REQUIRE(WIFSIGNALED(status));
    Connection after(store.path);
    BOOST_TEST(after.value("SELECT COUNT(*) || ':' || MAX(id) FROM t") == "100:100");
    BOOST_TEST(after.value("PRAGMA integrity_check") == "ok");
    after.run(insertRows(101, 2));
    BOOST_TEST(after.value("SELECT COUNT(*) FROM t") == "102");
}
