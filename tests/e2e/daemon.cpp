// End-to-end: the sohubd process itself: options, configuration overrides, restart on an existing store.
#define BOOST_TEST_MODULE e2e_daemon
#include <boost/test/unit_test.hpp>

#include "support/TestStore.h"
#include "support/BookingExample.h"
#include "support/Daemon.h"
#include "support/DropFolder.h"
#include "support/ProcessEnd.h"
#include "support/ScratchFolder.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Thread.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <string>
#include <vector>
#include <mutex>
#include <thread>

#include <signal.h>
#include <unistd.h>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {
struct Run {
    int code;
    std::string output;
};

// Runs sohubd to its end; one still running after `seconds` is killed, and the test fails.
Run runSohubd(const std::vector<std::string>& args, int seconds = 120) {
    Poco::Pipe out;
    Poco::ProcessHandle handle = Poco::Process::launch(SOHUBD_PATH, args, SOHUB_SOURCE_DIR, nullptr, &out, &out);
    std::string text;
    std::thread reader([&] {
        Poco::PipeInputStream in(out);
        Poco::StreamCopier::copyToString(in, text);
    });
    for (int i = 0; i < seconds * 20 && !hasEnded(handle); ++i) Poco::Thread::sleep(50);
    const bool ended = hasEnded(handle);
    if (!ended) Poco::Process::kill(handle);
    const int code = handle.wait();
    reader.join();
    BOOST_TEST(ended, "sohubd was still running after " << seconds << " s");
    return {code, text};
}

// Books cases from several connections until `end` stops the daemon under them; returns the acknowledged guids.
template <typename End>
std::vector<std::string> bookUntil(Daemon& daemon, End end) {
    std::mutex mutex;
    std::vector<std::string> acknowledged;
    std::atomic<bool> stopping{false};
    std::vector<std::thread> clients;
    for (int i = 0; i < 8; ++i) {
        clients.emplace_back([&] {
            const HttpClient http(daemon.port());
            while (!stopping) {
                try {
                    const HttpResult r = http.post("/api/v3/case/create", acme, std::string(bookingExample));
                    if (r.status != 200) continue;  // refused while shutting down: not acknowledged
                    const std::string guid = r.object()->getValue<std::string>("guid");
                    const std::lock_guard<std::mutex> lock(mutex);
                    acknowledged.push_back(guid);
                } catch (const std::exception&) {
                    return;  // the daemon is gone
                }
            }
        });
    }
    for (int i = 0; i < 400; ++i) {
        {
            const std::lock_guard<std::mutex> lock(mutex);
            if (acknowledged.size() >= 300) break;
        }
        Poco::Thread::sleep(25);
    }
    end();
    stopping = true;
    for (std::thread& client : clients) client.join();
    return acknowledged;
}

// After a restart on the same store: every acknowledged case is there, once, with its outbox event.
void expectAllThere(const std::string& folder, const std::vector<std::string>& acknowledged) {
    BOOST_TEST_REQUIRE(acknowledged.size() >= 300u);
    {
        Daemon again({"data.dir=" + folder});
        for (const std::string& guid : acknowledged) {
            const HttpResult r = again.http().get("/api/v3/case?guid=" + guid, acme);
            BOOST_TEST_REQUIRE(r.status == 200, guid);
            BOOST_TEST(r.object()->getObject("data")->getValue<std::string>("guid") == guid);
        }
    }
    Poco::Data::Session session = openStore(folder);
    int cases = 0, distinct = 0, events = 0;
    session << "SELECT COUNT(*), COUNT(DISTINCT guid) FROM cases", into(cases), into(distinct), now;
    session << "SELECT COUNT(*) FROM outbox WHERE event = 'caseCreated'", into(events), now;
    // A case committed while its answer was on the way may be there unacknowledged; none is missing or doubled.
    BOOST_TEST(cases >= static_cast<int>(acknowledged.size()));
    BOOST_TEST(distinct == cases);
    BOOST_TEST(events == cases);
}
}  // namespace

BOOST_AUTO_TEST_CASE(help_lists_the_options_and_exits) {
    const Run run = runSohubd({"--help"});
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.output.find("--config") != std::string::npos);
    BOOST_TEST(run.output.find("--define") != std::string::npos);
    BOOST_TEST(run.output.find("--daemon") != std::string::npos);
    BOOST_TEST(run.output.find("--pidfile") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(version_names_the_release_and_the_schema_it_migrates_to) {
    for (const char* option : {"--version", "-v"}) {
        const Run run = runSohubd({option});
        BOOST_TEST(run.code == 0);
        BOOST_TEST(run.output.rfind("sohubd " SOHUB_VERSION " (store schema version ", 0) == 0u, run.output);
        BOOST_TEST(run.output.find("started") == std::string::npos, run.output);  // it answers, it does not start
    }
}

BOOST_AUTO_TEST_CASE(missing_configuration_file_fails_to_start) {
    const Run run = runSohubd({"--config=/nonexistent/sohub.properties"});
    BOOST_TEST(run.code != 0);
}

// Starts sohubd on its own store, listening on `port`, to its end.
Run startOn(int port) {
    ScratchFolder folder;
    const std::string dataDir = Poco::Path(folder.path(), "var").toString();
    std::vector<std::string> args = {"--config=samples/sohub.properties", "--define=http.port=" + std::to_string(port),
                                     "--define=data.dir=" + dataDir};
    for (const std::string& define : storeDefines(dataDir)) args.push_back("--define=" + define);
    return runSohubd(args);
}

BOOST_AUTO_TEST_CASE(a_taken_http_port_ends_the_start_with_an_error_that_names_it) {
    // Another program's port: the start ends by its error (EX_CONFIG), not by a signal. The scheduler and the other
    // parts started before the HTTP server are stopped before the hub they run on goes (their threads once outlived
    // it: std::terminate, signal 6).
    Poco::Net::ServerSocket taken;
    taken.bind(Poco::Net::SocketAddress("127.0.0.1", 0), false, false);
    taken.listen();
    const int port = taken.address().port();
    const Run run = startOn(port);
    BOOST_TEST(run.code == 78, run.output);
    BOOST_TEST(run.output.find("Cannot listen on 127.0.0.1:" + std::to_string(port) + " (http.address, http.port)") !=
                   std::string::npos,
               run.output);
    BOOST_TEST(run.output.find("Scheduler stopped") != std::string::npos, run.output);
}

// Starts sohubd on its own store with `defines` added, to its end.
Run startWith(const std::vector<std::string>& defines) {
    ScratchFolder folder;
    const std::string dataDir = Poco::Path(folder.path(), "var").toString();
    std::vector<std::string> args = {"--config=samples/sohub.properties", "--define=http.port=0",
                                     "--define=data.dir=" + dataDir};
    for (const std::string& define : storeDefines(dataDir)) args.push_back("--define=" + define);
    for (const std::string& define : defines) args.push_back("--define=" + define);
    return runSohubd(args, 60);
}

BOOST_AUTO_TEST_CASE(a_value_of_the_wrong_type_or_range_ends_the_start_naming_its_key) {
    // Each once did something else: no read connection to wait for (a start that hung, deaf to SIGTERM), a port
    // taken modulo 65536 (70000 listened on 4464), a thread pool's assertion, Poco's "Not a valid integer: abc", an
    // export's file named with an unknown placeholder's braces.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"store.readers=0", "store.readers: 0 out of range 1-1000"},
        {"http.port=70000", "http.port: 70000 out of range 0-65535"},
        {"http.maxThreads=0", "http.maxThreads: 0 out of range 1-100000"},
        {"store.busyTimeoutMs=abc", "store.busyTimeoutMs: 'abc' is not a whole number"},
        {"http.keepAlive=maybe", "http.keepAlive: 'maybe' is not true or false"},
        {"webhooks.jitter=5", "webhooks.jitter: 5 out of range 0-1"},
        {"drops.acme.stableSeconds=1.5", "drops.acme.stableSeconds: '1.5' is not a whole number"},
        // Named every file "m-{data}-1.ndjson".
        {"exports.infocare.fileName=m-{data}-{seq}.{ext}",
         "exports.infocare.fileName: has {data}, which is not one of {date}, {time}, {seq} and {ext}"},
        // Poco::Glob threw at each poll, when a name reached the [: every poll of the drop failed.
        {"drops.acme.cases=cases*.csv,cases[0-9.csv", "drops.acme.cases: 'cases[0-9.csv' has a [ without its ]"},
        {"drops.acme.messages=in/*.csv", "drops.acme.messages: 'in/*.csv' has a /"},
        {"exports.infocare.fileName=m-{seq}-{date.{ext}",
         "exports.infocare.fileName: has {date.{ext}, which is not one of {date}, {time}, {seq} and {ext}"},
        {"webhooks.probeEvery=0s", "webhooks.probeEvery: '0s' must be longer than zero"},
    };
    for (const auto& [define, message] : cases) {
        const Run run = startWith({define});
        BOOST_TEST(run.code == 78, define << ": " << run.output);
        BOOST_TEST(run.output.find(message) != std::string::npos, define << ": " << run.output);
    }
}

// A password in an SFTP URL was taken as part of the user's name and logged with the URL ("Drop acme:
// sftp://bob:hunter2@..."). It ends the start, and the refusal does not repeat it.
BOOST_AUTO_TEST_CASE(an_sftp_url_with_a_password_ends_the_start_without_repeating_it) {
    const std::string refusal = "an SFTP URL carries no password (sohub signs in with sftp.privateKey, and "
                                "sftp.passphrase for the key): sftp://user@host:port/path";
    for (const std::string key : {"drops.acme.source", "exports.infocare.destination"}) {
        const std::string prefix = key.substr(0, key.rfind('.') + 1);
        const Run run = startWith({key + "=sftp://bob:MARK-PASSWORD-7a1f@127.0.0.1:22/in",
                                   prefix + "sftp.privateKey=/nonexistent/key", prefix + "sftp.knownHosts=/nonexistent"});
        BOOST_TEST(run.code == 78, key << ": " << run.output);
        BOOST_TEST(run.output.find(key + ": " + refusal) != std::string::npos, run.output);
        BOOST_TEST(run.output.find("MARK-PASSWORD") == std::string::npos, run.output);
    }
    const Run run = startWith({"drops.acme.source=sftp://bob:MARK-PASSWORD-7a1f@127.0.0.1:99999999/in",
                               "drops.acme.sftp.privateKey=/nonexistent/key", "drops.acme.sftp.knownHosts=/nonexistent"});
    BOOST_TEST(run.code == 78, run.output);
    BOOST_TEST(run.output.find("MARK-PASSWORD") == std::string::npos, run.output);
}

BOOST_AUTO_TEST_CASE(a_store_that_cannot_be_opened_ends_the_start_at_once_naming_it) {
    // data.dir naming a file: Poco's SQLite session retried the open in silence for its 60 s login timeout, then
    // said "unable to open database file" without saying which.
    ScratchFolder folder;
    const std::string notAFolder = Poco::Path(folder.path(), "var").toString();
    Poco::FileOutputStream(notAFolder) << "a file, not a folder\n";
    const Run run = runSohubd({"--config=samples/sohub.properties", "--define=http.port=0",
                               "--define=data.dir=" + notAFolder, "--define=store.connector=sqlite"},
                              30);
    BOOST_TEST(run.code == 78, run.output);
    const std::string path = Poco::Path(notAFolder, "sohub.db").toString();
    BOOST_TEST(run.output.find("Cannot open the store " + path + " (data.dir, store.file): " + notAFolder +
                               " is not a folder") != std::string::npos,
               run.output);
}

BOOST_AUTO_TEST_CASE(a_log_file_that_cannot_be_written_ends_the_start_saying_so) {
    // Poco reported the failure through the broken channel, failed again, and ended with 70 and "File not found".
    const Run run = startWith({"logging.loggers.root.channel=file", "logging.channels.file.class=FileChannel",
                               "logging.channels.file.path=/nonexistent/sohub-test/sohubd.log"});
    BOOST_TEST(run.code == 78, run.output);
    BOOST_TEST(run.output.find("logging.*: the log cannot be written: File not found: "
                               "/nonexistent/sohub-test/sohubd.log") != std::string::npos,
               run.output);
}

BOOST_AUTO_TEST_CASE(a_key_set_and_never_read_is_named_once_at_start) {
    // A misspelt key, one of no group sohubd knows, and one that does not apply (an SFTP key of a local drop): each
    // used to be ignored in silence. Every key the sample file and the test's own defines set is read: none named.
    Daemon daemon({"drops.acme.stableSecond=5", "htpp.port=1", "drops.acme.sftp.privateKey=/nowhere/key"});
    BOOST_TEST(daemon.http().get("/health", "").status == 200);  // a warning, not a refusal
    daemon.stop();
    const std::string log = daemon.log();
    const std::string tail = " is set but not used: sohubd knows no such key, or not with these settings";
    for (const char* key : {"drops.acme.stableSecond", "htpp.port", "drops.acme.sftp.privateKey"})
        BOOST_TEST(log.find(std::string("Configuration key ") + key + tail) != std::string::npos, key << "\n" << log);
    std::size_t named = 0;
    for (std::size_t at = log.find(tail); at != std::string::npos; at = log.find(tail, at + 1)) ++named;
    BOOST_TEST(named == 3u, log);
}

BOOST_AUTO_TEST_CASE(one_http_thread_is_enough_to_serve) {
    Daemon daemon({"http.maxThreads=1"});
    BOOST_TEST(daemon.http().get("/health", "").status == 200);
}

BOOST_AUTO_TEST_CASE(a_second_daemon_on_the_same_port_does_not_start) {
    // Poco's server sockets set SO_REUSEPORT unless told not to: the second daemon then listened beside the first and
    // the kernel shared the connections between them.
    Daemon first;
    const Run second = startOn(first.port());
    BOOST_TEST(second.code == 78, second.output);
    BOOST_TEST(second.output.find("Address already in use") != std::string::npos, second.output);
    BOOST_TEST(first.http().get("/health", "").status == 200);
}

BOOST_AUTO_TEST_CASE(daemon_mode_keeps_relative_paths_and_writes_the_pid_file) {
    ScratchFolder folder;
    const std::string pidFile = Poco::Path(folder.path(), "sohubd.pid").toString();
    const std::string portFile = Poco::Path(folder.path(), "port").toString();
    // Relative config and seed paths: they mean the folder sohubd was started in, even after --daemon.
    const Run run = runSohubd({"--daemon", "--pidfile=" + pidFile, "--config=samples/sohub.properties",
                               "--define=http.port=0", "--define=http.portFile=" + portFile,
                               "--define=data.dir=" + Poco::Path(folder.path(), "var").toString(),
                               "--define=logging.loggers.root.channel=null",
                               "--define=logging.channels.null.class=NullChannel"});
    BOOST_TEST(run.code == 0, run.output);
    // The command returns once the daemon serves (it returned at the fork, before anything was known).
    BOOST_REQUIRE(Poco::File(pidFile).exists());
    BOOST_REQUIRE(Poco::File(portFile).exists());
    int pid = 0, port = 0;
    Poco::FileInputStream(pidFile) >> pid;
    Poco::FileInputStream(portFile) >> port;
    BOOST_TEST(HttpClient(port).get("/api/v3/manufacturers", acme).status == 200);
    // Another start with the same pid file is refused and leaves the file to the running one (Poco's --pidfile wrote
    // over it, and removed it when that start failed).
    const Run second = runSohubd({"--pidfile=" + pidFile, "--config=samples/sohub.properties", "--define=http.port=0",
                                  "--define=data.dir=" + Poco::Path(folder.path(), "var2").toString()});
    BOOST_TEST(second.code == 78, second.output);
    BOOST_TEST(second.output.find("sohubd already runs as process " + std::to_string(pid)) != std::string::npos,
               second.output);
    int holder = 0;
    Poco::FileInputStream(pidFile) >> holder;
    BOOST_TEST(holder == pid);
    Poco::Process::requestTermination(pid);
    for (int i = 0; i < 100 && Poco::File(pidFile).exists(); ++i) Poco::Thread::sleep(50);
    BOOST_TEST(!Poco::File(pidFile).exists());  // removed on a clean stop
}

BOOST_AUTO_TEST_CASE(a_daemon_that_cannot_start_ends_its_command_with_the_error_and_its_status) {
    // Before, --daemon returned 0 at the fork: a start that then failed said so only in a log nobody was shown.
    ScratchFolder folder;
    const std::string pidFile = Poco::Path(folder.path(), "sohubd.pid").toString();
    const Run run = runSohubd({"--daemon", "--pidfile=" + pidFile, "--config=samples/sohub.properties",
                               "--define=http.port=70000",
                               "--define=data.dir=" + Poco::Path(folder.path(), "var").toString()},
                              60);
    BOOST_TEST(run.code == 78, run.output);
    BOOST_TEST(run.output.find("http.port: 70000 out of range 0-65535") != std::string::npos, run.output);
    BOOST_TEST(!Poco::File(pidFile).exists());
}

BOOST_AUTO_TEST_CASE(a_pid_file_left_by_a_process_that_is_no_sohubd_is_taken_over) {
    ScratchFolder folder;
    const std::string pidFile = Poco::Path(folder.path(), "sohubd.pid").toString();
    for (const long stale : {static_cast<long>(::getpid()), 999999L}) {  // running, but the test; no process at all
        {
            Poco::FileOutputStream out(pidFile);
            out << stale << "\n";
        }
        // --version after --pidfile: the file is claimed, the answer given, and the file removed at the end.
        const Run run = runSohubd({"--pidfile=" + pidFile, "--version"});
        BOOST_TEST(run.code == 0, run.output);
        BOOST_TEST(!Poco::File(pidFile).exists());
    }
}

BOOST_AUTO_TEST_CASE(define_overrides_the_file) {
    Daemon daemon({"http.maxBodySize=16"});
    BOOST_TEST(daemon.http().request("GET", "/health", std::string(64, 'x')).status == 413);
}

BOOST_AUTO_TEST_CASE(restart_on_the_same_store_migrates_and_seeds_once) {
    ScratchFolder folder;
    const std::string dataDir = "data.dir=" + folder.path();
    // The schema version this binary migrates to, as --version says it.
    const std::string version = runSohubd({"--version"}).output;
    const std::string schema = version.substr(version.find("schema version ") + 15, version.find(')') - version.find("schema version ") - 15);
    const std::string started = "sohubd started: version " SOHUB_VERSION ", store schema version " + schema;
    {
        Daemon first({dataDir});
        BOOST_TEST(first.http().get("/api/v3/manufacturers", acme).status == 200);
        // An empty store's schema is one line, not one per migration.
        BOOST_TEST(first.log().find("Empty store: creating its schema (version " + schema + ")") != std::string::npos);
        BOOST_TEST(first.log().find("applying migration") == std::string::npos);
        BOOST_TEST(first.log().find(started) != std::string::npos, first.log());
    }
    {
        Daemon second({dataDir});
        BOOST_TEST(second.http().get("/api/v3/manufacturers", acme).status == 200);
        BOOST_TEST(second.log().find("Seeded") == std::string::npos);
        BOOST_TEST(second.log().find("Empty store") == std::string::npos);
        BOOST_TEST(second.log().find("migration") == std::string::npos);
        BOOST_TEST(second.log().find(started) != std::string::npos);
    }
    Poco::Data::Session session = openStore(folder.path());
    int latest = 0;
    session << "SELECT MAX(version) FROM schema_migrations", into(latest), now;
    BOOST_TEST(std::to_string(latest) == schema);
    int migrations = 0, accounts = 0;
    session << "SELECT COUNT(*) FROM schema_migrations", into(migrations), now;
    session << "SELECT COUNT(*) FROM accounts", into(accounts), now;
    int distinct = 0;
    session << "SELECT COUNT(DISTINCT version) FROM schema_migrations", into(distinct), now;
    BOOST_TEST(migrations == distinct);  // each migration applied once (versions may have gaps between branches)
    BOOST_TEST(accounts == 6);
    std::string hash;
    session << "SELECT token_hash FROM accounts WHERE name = 'acme'", into(hash), now;
    BOOST_TEST(hash.size() == 64u);
    BOOST_TEST(hash.find("demo") == std::string::npos);
}

// Migration 11 on a store made before it: the import records move into their key's tree with every row as it was,
// and the tracking-id index keeps only requests with one; re-sending the file still finds its cases by tracking id.
BOOST_AUTO_TEST_CASE(migration_11_keeps_every_import_record_of_an_older_store) {
    ScratchFolder folder;
    const std::string dataDir = "data.dir=" + folder.path();
    const std::string csv = readFile(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv");
    const auto upload = [](const HttpClient& http, const std::string& fileName, const std::string& content) {
        const HttpResult queued = http.request("POST", "/api/v3/imports?kind=cases&fileName=" + fileName, content,
                                               {{"Content-Type", "text/csv"}, {"X-Hub-Api-Token", acme}});
        BOOST_TEST_REQUIRE(queued.status == 202, queued.body);
        return std::to_string(queued.object()->getObject("data")->getValue<int>("id"));
    };
    const auto finished = [&](const HttpClient& http, const std::string& id) {
        HttpResult report;
        BOOST_TEST_REQUIRE(eventually(
            [&] {
                report = http.get("/api/v3/imports/report?id=" + id, acme);
                return report.status == 200 && report.object()->getObject("data")->getValue<std::string>("status") == "done";
            },
            15));
        return report.object()->getObject("data");
    };
    std::string id, before, rejectedBefore;
    {
        Daemon first({dataDir});
        id = upload(first.http(), "cases-demo.csv", csv);
        before = toJson(finished(first.http(), id)->getArray("records"));
        rejectedBefore = first.http().get("/api/v3/imports/rejected?id=" + id, acme).body;
    }
    {
        // The store as version 10 left it: import records in a rowid table, every request in the tracking index.
        Poco::Data::Session session = openStore(folder.path());
        std::vector<std::string> downgrade{"DROP INDEX external_requests_by_tracking",
                                           "CREATE INDEX external_requests_by_tracking ON external_requests(tracking_id)",
                                           "DELETE FROM schema_migrations WHERE version = 11"};
        if (!onPostgres())  // PostgreSQL's import records keep their layout
            downgrade.insert(downgrade.begin(),
                             {"CREATE TABLE import_records_v10 (import_id INTEGER NOT NULL REFERENCES imports(id), "
                              "seq INTEGER NOT NULL, line INTEGER NOT NULL, status TEXT NOT NULL, ref TEXT, error TEXT, "
                              "raw TEXT, PRIMARY KEY (import_id, seq))",
                              "INSERT INTO import_records_v10 SELECT import_id, seq, line, status, ref, error, raw "
                              "FROM import_records",
                              "DROP TABLE import_records", "ALTER TABLE import_records_v10 RENAME TO import_records"});
        for (const std::string& statement : downgrade) session << statement, now;
    }
    Daemon second({dataDir});
    const HttpClient& http = second.http();
    // An older store is told migration by migration, the one it lacks named before it runs.
    BOOST_TEST(second.log().find("applying migration 11 (two entries less per imported case") != std::string::npos,
               second.log());
    BOOST_TEST(second.log().find("Store migration 11 applied in ") != std::string::npos);
    BOOST_TEST(second.log().find("applying migration 10") == std::string::npos);
    BOOST_TEST(toJson(finished(http, id)->getArray("records")) == before);
    BOOST_TEST(http.get("/api/v3/imports/rejected?id=" + id, acme).body == rejectedBefore);
    // The same rows again in another file (a changed first line): the cases booked before are duplicates.
    const auto resent = finished(http, upload(http, "cases-demo-2.csv", csv + "\n"));
    BOOST_TEST(resent->getObject("totals")->getValue<int>("created") == 0);
    BOOST_TEST(resent->getObject("totals")->getValue<int>("duplicates") > 0);

    Poco::Data::Session session = openStore(folder.path());
    std::string index;
    if (onPostgres()) {
        session << "SELECT indexdef FROM pg_indexes WHERE indexname = 'external_requests_by_tracking'", into(index), now;
        BOOST_TEST(index.find("WHERE (tracking_id IS NOT NULL)") != std::string::npos, index);
    } else {
        std::string table;
        session << "SELECT sql FROM sqlite_master WHERE name = 'import_records'", into(table), now;
        session << "SELECT sql FROM sqlite_master WHERE name = 'external_requests_by_tracking'", into(index), now;
        BOOST_TEST(table.find("WITHOUT ROWID") != std::string::npos, table);
        BOOST_TEST(index.find("WHERE tracking_id IS NOT NULL") != std::string::npos, index);
    }
}

BOOST_AUTO_TEST_CASE(sighup_stops_cleanly_as_sigterm_does) {
    Daemon daemon;
    BOOST_TEST_REQUIRE(daemon.http().post("/api/v3/case/create", acme, std::string(bookingExample)).status == 200);
    ::kill(daemon.pid(), SIGHUP);  // the terminal sohubd ran in was closed; its default action ended it on the spot
    for (int i = 0; i < 200 && !daemon.loggedLine({"sohubd stopping (Hangup)"}); ++i) Poco::Thread::sleep(50);
    BOOST_TEST(daemon.loggedLine({"sohubd stopping (Hangup)"}), daemon.log());
    BOOST_TEST(daemon.stop() == 0);
    BOOST_TEST(daemon.loggedLine({"Scheduler stopped"}), daemon.log());
}

BOOST_AUTO_TEST_CASE(every_acknowledged_case_survives_a_kill_9) {
    ScratchFolder folder;
    std::vector<std::string> acknowledged;
    {
        Daemon first({"data.dir=" + folder.path()});
        acknowledged = bookUntil(first, [&] { first.kill(); });
    }
    expectAllThere(folder.path(), acknowledged);
}

BOOST_AUTO_TEST_CASE(sigterm_under_load_exits_cleanly_and_keeps_every_acknowledged_case) {
    ScratchFolder folder;
    std::vector<std::string> acknowledged;
    int code = -1;
    {
        Daemon first({"data.dir=" + folder.path()});
        acknowledged = bookUntil(first, [&] { code = first.stop(); });
    }
    BOOST_TEST(code == 0);
    expectAllThere(folder.path(), acknowledged);
}
