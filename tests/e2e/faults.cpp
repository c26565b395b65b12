// End-to-end: faults around the process: the store's disk full, a drop or export folder that goes away, and peers
// (webhook receiver, SMTP server) that accept a connection and never answer.
#define BOOST_TEST_MODULE e2e_faults
#include <boost/test/unit_test.hpp>

#include "support/BookedCase.h"
#include "support/Daemon.h"
#include "support/TestStore.h"
#include "support/DropFolder.h"
#include "support/SmtpServer.h"
#include "support/WebhookReceiver.h"
#include "support/ScratchFolder.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {

int pageCount(const std::string& folder) {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", Poco::Path(folder, "sohub.db").toString());
    int pages = 0;
    session << "PRAGMA page_count", into(pages), now;
    return pages;
}

// A drop or export folder moved aside with a plain file in its place: root reads and writes any folder, so this is
// how the test makes one the daemon cannot use. restore() brings the folder (and what was put into it) back.
class FolderReplacedByFile {
public:
    explicit FolderReplacedByFile(std::string folder) : folder_(std::move(folder)), away_(folder_ + ".away") {
        Poco::File(folder_).renameTo(away_);
        Poco::File(folder_).createFile();
    }
    const std::string& away() const { return away_; }
    void restore() const {
        Poco::File(folder_).remove();
        Poco::File(away_).renameTo(folder_);
    }

private:
    const std::string folder_, away_;
};

}  // namespace

// SQLite's page cap fills the store on demand; a PostgreSQL server's disk cannot be filled from a test.
BOOST_AUTO_TEST_CASE(a_full_store_answers_503_loses_nothing_acknowledged_and_recovers_when_room_returns,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) { return !onPostgres(); })) {
    ScratchFolder folder;
    { Daemon first({"data.dir=" + folder.path()}); }  // the schema and the samples, then stopped
    const int pages = pageCount(folder.path());
    std::vector<BookedCase> acknowledged;
    {
        // Room for a few dozen cases (a test-only cap: SQLite answers SQLITE_FULL as on a full disk).
        Daemon daemon({"data.dir=" + folder.path(), "store.maxPageCount=" + std::to_string(pages + 40)});
        HttpResult refused;
        for (int i = 0; i < 2000; ++i) {
            const HttpResult created = daemon.http().post("/api/v3/case/create", acme, text(example({})));
            if (created.status != 200) {
                refused = created;
                break;
            }
            BookedCase booked;
            booked.guid = created.object()->getValue<std::string>("guid");
            acknowledged.push_back(booked);
        }
        BOOST_TEST_REQUIRE(refused.status == 503, refused.body);
        BOOST_TEST(refused.body == R"({"error":{"message":"The store is full: the change was not saved"}})");
        BOOST_TEST(refused.header("Retry-After") == "60");
        BOOST_TEST(acknowledged.size() > 3u);
        // Full, it still reads, and still refuses each change the same way.
        BOOST_TEST(daemon.http().get("/api/v3/case?guid=" + acknowledged.front().guid, acme).status == 200);
        BOOST_TEST(daemon.http().post("/api/v3/case/create", acme, text(example({}))).status == 503);
        BOOST_TEST(daemon.http().get("/health", "").status == 200);
        BOOST_TEST(daemon.log().find("the store is full") != std::string::npos);
    }
    // Room again (the cap raised, as a disk that was cleaned): every acknowledged case is there, new ones are taken.
    Daemon daemon({"data.dir=" + folder.path(), "store.maxPageCount=" + std::to_string(pages + 4000)});
    for (const BookedCase& booked : acknowledged)
        BOOST_TEST(daemon.http().get("/api/v3/case?guid=" + booked.guid, acme).status == 200, booked.guid);
    BOOST_TEST(daemon.http().post("/api/v3/case/create", acme, text(example({}))).status == 200);
}

// PostgreSQL closes every connection of the daemon (as a server restart does): a connection found closed as it is
// taken is opened again first; a request whose connection is closed under it fails, in the error shape; then the
// daemon takes and reads every booking, without a restart.
BOOST_AUTO_TEST_CASE(store_connections_the_server_closes_are_opened_again,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) { return onPostgres(); })) {
    ScratchFolder folder;
    Daemon daemon({"data.dir=" + folder.path()});
    BOOST_TEST_REQUIRE(daemon.http().post("/api/v3/case/create", acme, text(example({}))).status == 200);
    int closed = 0;
    {
        Poco::Data::Session store = openStore(folder.path());
        store << "CREATE TEMPORARY TABLE terminated AS SELECT pid FROM pg_stat_activity "
                 "WHERE datname = current_database() AND pid <> pg_backend_pid()",
            now;
        store << "SELECT COUNT(pg_terminate_backend(pid)) FROM terminated", into(closed), now;
        // A terminated backend leaves on its own time: the server has closed them all once none of them is listed.
        BOOST_TEST_REQUIRE(eventually([&] {
            int left = 0;
            store << "SELECT COUNT(*) FROM pg_stat_activity WHERE pid IN (SELECT pid FROM terminated)", into(left), now;
            return left == 0;
        }, 10));
    }
    BOOST_TEST_REQUIRE(closed >= 3);  // the writer, the readers, the notice listener
    int failed = 0;
    BOOST_TEST_REQUIRE(eventually([&] {
        const HttpResult created = daemon.http().post("/api/v3/case/create", acme, text(example({})));
        if (created.status == 200) return true;
        ++failed;
        BOOST_TEST(created.status >= 500, created.body);
        BOOST_TEST(created.object()->getObject("error")->has("message"), created.body);
        return false;
    }, 15));
    BOOST_TEST_MESSAGE(closed << " connections closed, " << failed << " bookings refused meanwhile");
    for (int i = 0; i < 30; ++i) {
        const HttpResult created = daemon.http().post("/api/v3/case/create", acme, text(example({})));
        BOOST_TEST_REQUIRE(created.status == 200, created.body);
        const std::string guid = created.object()->getValue<std::string>("guid");
        BOOST_TEST(daemon.http().get("/api/v3/case?guid=" + guid, acme).status == 200, guid);
    }
    BOOST_TEST(daemon.log().find("A store connection the server closed was opened again") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_drop_folder_that_cannot_be_read_is_logged_retried_and_its_files_are_taken_when_it_returns) {
    Daemon daemon({"drops.acme.schedule=every 1s", "drops.acme.stableSeconds=1"});
    const std::string folder = Poco::Path(daemon.dataDir(), "drops/acme").toString();
    // Each poll fails, is logged, and the next one tries again.
    const FolderReplacedByFile gone(folder);
    BOOST_TEST_REQUIRE(eventually([&] { return daemon.log().find("Job drop:acme") != std::string::npos; }, 15),
                       daemon.log());
    BOOST_TEST(daemon.http().get("/health", "").status == 200);
    dropFile(gone.away(), "cases-returned.ndjson", caseLine("returned-1") + "\n");
    gone.restore();
    const auto report = waitForReport(folder, "cases-returned.ndjson", 20);
    BOOST_TEST(report->getValue<std::string>("status") == "done");
    BOOST_TEST(report->getObject("totals")->getValue<int>("created") == 1);
}

BOOST_AUTO_TEST_CASE(an_export_folder_that_cannot_be_written_is_logged_retried_and_loses_no_message) {
    Daemon daemon({"exports.infocare.format=ndjson", "exports.infocare.schedule=every 1s"});
    const std::string folder = Poco::Path(daemon.dataDir(), "exports/infocare").toString();
    // Each run fails, is logged, and the next one tries again.
    const FolderReplacedByFile gone(folder);
    const BookedCase booked = bookCase(daemon.http(), acme);
    const HttpResult message = daemon.http().post(
        "/api/v3/case-messages/create", acme,
        R"({"guid":")" + booked.guid + R"(","type":"serviceComment","content":"Still there?","userName":"Shop"})");
    BOOST_TEST_REQUIRE(message.status == 200, message.body);
    const int id = message.object()->getValue<int>("id");
    const auto exportFailed = [&] { return daemon.loggedLine({"Job export:infocare: run", " failed in "}); };
    BOOST_TEST_REQUIRE(eventually(exportFailed, 15), daemon.log());
    BOOST_TEST(daemon.http().get("/health", "").status == 200);
    // Nothing counts as exported while no file could be written: the message is still the provider's to take.
    const HttpResult listed = daemon.http().get("/api/v3/exports", infocare);
    BOOST_TEST_REQUIRE(listed.status == 200, listed.body);
    BOOST_TEST(listed.object()->getArray("data")->size() == 0u, listed.body);

    gone.restore();
    BOOST_TEST_REQUIRE(eventually([&] { return !visibleFiles(folder).empty(); }, 15));
    Poco::Thread::sleep(2500);  // the runs after it find nothing more to export
    const auto files = visibleFiles(folder);
    BOOST_TEST_REQUIRE(files.size() == 1u);  // one file (beside its manifest), the message in it once
    const std::string name = files.begin()->first;
    BOOST_TEST(Poco::File(Poco::Path(folder, name + ".manifest.json").toString()).exists());
    const std::string written = readFile(Poco::Path(folder, name).toString());
    BOOST_TEST(written.find("\"id\":" + std::to_string(id) + ",") != std::string::npos, written);
    BOOST_TEST(std::count(written.begin(), written.end(), '\n') == 1);
}

// Another writer (a tool on the store, or a second daemon on the same SQLite file) holds what a change needs past
// store.busyTimeoutMs: the change is refused with 503 and Retry-After, nothing of it saved; once the store is free, the
// same request succeeds. SQLite: the test holds the write lock; PostgreSQL: a lock on the cases table.
BOOST_AUTO_TEST_CASE(a_store_held_by_another_writer_answers_503_and_saves_nothing) {
    Daemon daemon({"store.busyTimeoutMs=300"});
    Poco::Data::Session store = openStore(daemon.dataDir());
    const auto caseCount = [&] {
        int cases = 0;
        store << "SELECT COUNT(*) FROM cases", into(cases), now;
        return cases;
    };
    const int before = caseCount();
    HeldStore held(daemon.dataDir(), "cases");
    const HttpResult refused = daemon.http().post("/api/v3/case/create", acme, text(example({})));
    held.release();
    BOOST_TEST(refused.status == 503, refused.body);
    BOOST_TEST(refused.body == R"({"error":{"message":"The store is busy: nothing was saved; try again"}})");
    BOOST_TEST(refused.header("Retry-After") == "5");
    BOOST_TEST(caseCount() == before);
    BOOST_TEST(daemon.http().post("/api/v3/case/create", acme, text(example({}))).status == 200);
    BOOST_TEST(caseCount() == before + 1);
}

// A writer that holds the store for less than store.busyTimeoutMs only delays a change: it waits and is saved.
BOOST_AUTO_TEST_CASE(a_store_held_for_less_than_the_busy_timeout_delays_a_change_and_saves_it,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) { return !onPostgres(); })) {
    Daemon daemon({"store.busyTimeoutMs=20000"});
    HeldStore held(daemon.dataDir(), "");  // SQLite's write lock
    std::thread releaser([&] {
        std::this_thread::sleep_for(std::chrono::seconds(2));
        held.release();
    });
    const HttpResult booked = daemon.http().post("/api/v3/case/create", acme, text(example({})));
    releaser.join();
    BOOST_TEST(booked.status == 200, booked.body);
}

// SIGTERM while another process holds the store: the stop's last records (the scheduler's sign-off, the dispatcher's
// releases) each give up after a second, not after store.busyTimeoutMs; the leases they would release expire. With a
// 15 s timeout its three waits took 45 s before (3-7 s now).
BOOST_AUTO_TEST_CASE(a_stop_while_another_process_holds_the_store_is_not_held_up_by_each_of_its_writes) {
    Daemon daemon({"store.busyTimeoutMs=15000"});
    // SQLite's write lock; on PostgreSQL the tables the scheduler's and the dispatcher's last records write.
    HeldStore held(daemon.dataDir(), "jobs, job_runs, scheduler_nodes, webhook_deliveries");
    const auto asked = std::chrono::steady_clock::now();
    const int code = daemon.stop();
    const auto took = std::chrono::steady_clock::now() - asked;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(took).count();
    BOOST_TEST(code == 0);
    BOOST_TEST(seconds < 30, "the stop took " << seconds << " s");
    BOOST_TEST(daemon.log().find("Scheduler could not sign off") != std::string::npos, daemon.log());
}

// SIGTERM while a change already waits for what another process holds (a booking, since before the stop): it gives up
// about a second after the stop began, not after store.busyTimeoutMs (20 s here). On SQLite the busy handler cuts the
// wait; on PostgreSQL the lock wait is cancelled (it keeps the lock_timeout it began with). Before, the stop took 18 s
// there and the daemon crashed after it (the booking's connection outlived the HTTP server's wait for its threads).
BOOST_AUTO_TEST_CASE(a_change_already_waiting_for_the_store_when_the_stop_comes_gives_up_soon) {
    Daemon daemon({"store.busyTimeoutMs=20000"});
    HeldStore held(daemon.dataDir(), "cases");  // SQLite: the write lock; PostgreSQL: what a booking inserts into
    std::atomic<int> status{0};
    std::thread booking([&] {
        try {
            status = daemon.http().post("/api/v3/case/create", acme, text(example({}))).status;
        } catch (const std::exception&) {
            status = -1;  // the connection closed by the stop, without an answer
        }
    });
    std::this_thread::sleep_for(std::chrono::seconds(2));  // the booking's change waits for the store
    const auto asked = std::chrono::steady_clock::now();
    const int code = daemon.stop();
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - asked).count();
    booking.join();
    BOOST_TEST(code == 0);
    BOOST_TEST(seconds < 15, "the stop took " << seconds << " s");
    // Refused as when the store stays busy (503), or the stop closed its connection before the answer.
    BOOST_TEST((status == 503 || status == -1), "the booking's answer: " << status);
}

// A request whose handler still waits for a peer when the stop comes (an SMTP server slow to greet, within
// email.smtp.timeoutSeconds) is finished before the daemon goes: Poco's pool gives up on a thread after 10 s, and the
// daemon used to go on without it, so the mail was never sent (or the handler ended on the server's parts destroyed).
BOOST_AUTO_TEST_CASE(a_request_still_being_handled_when_the_stop_comes_is_finished_first) {
    SmtpServer smtp;
    smtp.greetAfter(std::chrono::seconds(13));
    Daemon daemon({"email.enabled=true", "email.smtp.port=" + std::to_string(smtp.port()),
                   "email.smtp.timeoutSeconds=30"});
    const BookedCase booked = bookCase(daemon.http(), acme);
    std::thread sending([&] {
        try {
            daemon.http().post("/api/v3/case/send-completed-email", acme,
                               R"({"guid":")" + booked.guid + R"(","email":"someone@example.com"})");
        } catch (const std::exception&) {
            // The stop shuts the client's connection down: the answer is not what this test is about.
        }
    });
    std::this_thread::sleep_for(std::chrono::seconds(1));  // the handler waits for the greeting
    const int code = daemon.stop();
    sending.join();
    BOOST_TEST(code == 0);
    BOOST_TEST(smtp.mails().size() == 1u);
}

// Attempts that end while the store takes no write (another writer holds it past store.busyTimeoutMs): their outcomes
// are recorded by a later commit, without a restart. Dropped, their deliveries would stay `delivering` under this
// daemon's lease, renewed and never finished until it stopped. SQLite only: a test holds its write lock.
BOOST_AUTO_TEST_CASE(attempts_that_end_while_the_store_takes_no_write_are_recorded_once_it_does,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) { return !onPostgres(); })) {
    std::atomic<bool> answer{false};
    WebhookReceiver receiver([&](const ReceivedWebhook&, int) {
        while (!answer) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return 200;
    });
    Daemon daemon({"webhooks.subscriptions.infocare.url=" + receiver.url("/infocare"), "store.busyTimeoutMs=300",
                   "webhooks.pollMillis=100"});
    const BookedCase booked = bookCase(daemon.http(), acme);
    BOOST_TEST_REQUIRE(eventually([&] { return receiver.received().size() == 1u; }, 10));  // its attempt under way
    {
        HeldStore held(daemon.dataDir(), "");  // SQLite's write lock
        answer = true;                          // the attempt ends: its outcome waits for the store
        const auto refused = [&] { return daemon.log().find("Dispatcher: Database Exception") != std::string::npos; };
        BOOST_TEST_REQUIRE(eventually(refused, 10), daemon.log());
        held.release();
    }
    const auto delivery = [&] {
        const HttpResult listed = daemon.http().get("/api/v3/deliveries?caseGuid=" + booked.guid, infocare);
        return listed.object()->getArray("data")->getObject(0);
    };
    BOOST_TEST(eventually([&] { return delivery()->getValue<std::string>("state") == "delivered"; }, 10),
               delivery()->getValue<std::string>("state"));
    BOOST_TEST(delivery()->getValue<int>("attemptCount") == 1);
    BOOST_TEST(receiver.received().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_receiver_that_never_answers_is_timed_out_without_holding_the_others) {
    // It accepts connections (the kernel completes them: the listener never reads) and never says a word.
    Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0), 64);
    WebhookReceiver receiver;
    Daemon daemon({"webhooks.subscriptions.infocare.url=http://127.0.0.1:" + std::to_string(silent.address().port()) +
                       "/silent",
                   "webhooks.subscriptions.acme.url=" + receiver.url("/acme"), "webhooks.timeoutSeconds=1",
                   "webhooks.schedule=0s,1s,1s", "webhooks.jitter=0", "webhooks.pollMillis=100"});
    std::vector<BookedCase> cases;
    for (int i = 0; i < 20; ++i) cases.push_back(bookCase(daemon.http(), acme));  // 20 caseCreated to the silent one
    // A message from infocare to acme: its delivery goes out while the silent receiver's attempts time out.
    const auto sent = std::chrono::steady_clock::now();
    BOOST_TEST_REQUIRE(daemon.http()
                           .post("/api/v3/case-messages/create", infocare,
                                 R"({"guid":")" + cases.back().guid + R"(","content":"hello","type":"statusRequest"})")
                           .status == 200);
    BOOST_TEST_REQUIRE(eventually([&] { return !receiver.received().empty(); }, 10));
    BOOST_TEST((std::chrono::steady_clock::now() - sent < std::chrono::seconds(10)));
    const auto timedOut = [&] {
        const HttpResult r = daemon.http().get("/api/v3/deliveries?caseGuid=" + cases.front().guid, infocare);
        return r.status == 200 && r.body.find("timed out after 1s") != std::string::npos;
    };
    BOOST_TEST(eventually(timedOut, 15));
    BOOST_TEST(daemon.http().get("/health", "").status == 200);
}

BOOST_AUTO_TEST_CASE(an_smtp_server_that_never_answers_is_timed_out) {
    Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0), 64);
    Daemon daemon({"email.enabled=true", "email.smtp.port=" + std::to_string(silent.address().port()),
                   "email.smtp.timeoutSeconds=1"});
    const BookedCase booked = bookCase(daemon.http(), acme);
    const auto started = std::chrono::steady_clock::now();
    const HttpResult r = daemon.http().post("/api/v3/case/send-completed-email", acme,
                                            R"({"guid":")" + booked.guid + R"(","email":"someone@example.com"})");
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(30)));
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    BOOST_TEST(r.object()->getObject("data")->get("result").isString(), r.body);
    BOOST_TEST(r.body.find("imeout") != std::string::npos, r.body);
    BOOST_TEST(daemon.http().get("/health", "").status == 200);
}
