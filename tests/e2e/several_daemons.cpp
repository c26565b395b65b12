// End-to-end: three sohubd on one store (one PostgreSQL database in pg_e2e_several_daemons; one SQLite file
// otherwise) and one drop folder, under bookings and dropped files while daemons are killed with SIGKILL and
// restarted at random; then every promise is checked from the store.
#define BOOST_TEST_MODULE e2e_several_daemons
#include <boost/test/unit_test.hpp>

#include "support/BookedCase.h"
#include "support/Daemon.h"
#include "support/DropFolder.h"
#include "support/ScratchFolder.h"
#include "support/TestStore.h"
#include "support/WebhookReceiver.h"

#include <Poco/Data/Session.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Path.h>

#include <array>
#include <functional>
#include <map>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {

const int filesDropped = 6;
const int rowsPerFile = 300;

// A file of rows whose trackingIds name the file and the row, so that each row's booking can be found.
std::string caseFile(int file) {
    const std::string line = caseLine("multi-TRACK");
    const std::size_t at = line.find("multi-TRACK");
    std::string content;
    for (int row = 0; row < rowsPerFile; ++row) {
        std::string text = line;
        text.replace(at, 11, "multi-" + std::to_string(file) + "-" + std::to_string(row));
        content += text + "\n";
    }
    return content;
}

}  // namespace

BOOST_AUTO_TEST_CASE(three_daemons_killed_at_random_lose_and_double_nothing) {
    ScratchFolder folder;
    // Every caseCreated also goes to servicedesk (both providers' cases) at a receiver that fails the first attempts of
    // two deliveries in three (one attempt or two, by the delivery's id): the retries run while daemons die. The
    // refusals follow the delivery, not the order of arrival: with every third request refused, whether a delivery's
    // attempts were refused hung on where they fell among all the others', and once a delivery was refused until its
    // 12 attempts ran out (and its subscription's other deliveries waited behind it). The receiver is this process,
    // which a loaded machine may keep from answering for seconds: an attempt timed out is a failed one too, so the
    // timeout leaves it room.
    std::mutex triesMutex;
    std::map<std::string, int> tries;
    WebhookReceiver receiver([&](const ReceivedWebhook& hook, int) {
        const std::string id = hook.header("webhook-id");
        const std::lock_guard<std::mutex> lock(triesMutex);
        const int refusals = static_cast<int>(std::hash<std::string>()(id) % 3);
        return ++tries[id] <= refusals ? 503 : 200;
    });
    const std::vector<std::string> defines = {"data.dir=" + folder.path(), "drops.acme.schedule=every 1s",
                                              "drops.acme.stableSeconds=1", "scheduler.leaseSeconds=2",
                                              "imports.chunkRecords=50",
                                              "webhooks.subscriptions.infocare.url=" + receiver.url("/infocare"),
                                              "webhooks.subscriptions.desk.account=servicedesk",
                                              "webhooks.subscriptions.desk.url=" + receiver.url("/desk"),
                                              "webhooks.subscriptions.desk.events=caseCreated",
                                              "webhooks.subscriptions.desk.secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                              "webhooks.schedule=0s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
                                              "webhooks.jitter=0", "webhooks.timeoutSeconds=5",
                                              "webhooks.pollMillis=200"};
    const std::string drop = Poco::Path(folder.path(), "drops/acme").toString();

    std::mutex daemonsMutex;
    std::array<std::unique_ptr<Daemon>, 3> daemons;
    for (auto& daemon : daemons) daemon = std::make_unique<Daemon>(defines);
    // The ports of the daemons up now, for the client to pick from.
    const auto livePorts = [&] {
        std::vector<int> ports;
        const std::lock_guard<std::mutex> lock(daemonsMutex);
        for (const auto& daemon : daemons)
            if (daemon) ports.push_back(daemon->port());
        return ports;
    };

    std::atomic<bool> stop{false};
    std::mutex ackMutex;
    std::set<std::string> acknowledged;
    int attempts = 0;
    std::thread client([&] {
        std::mt19937 random(7);
        while (!stop) {
            const std::vector<int> ports = livePorts();
            if (ports.empty()) continue;
            ++attempts;
            try {
                const HttpClient http(ports[random() % ports.size()]);
                const BookedCase booked = bookCase(http, acme);
                const std::lock_guard<std::mutex> lock(ackMutex);
                acknowledged.insert(booked.guid);
            } catch (const std::exception&) {
                // The daemon was killed under the request: not acknowledged, may or may not be stored.
            }
            // At most 50 bookings a second: a kill still lands among requests in flight, and the deliveries left to
            // drain afterwards do not grow with the machine's speed (a fast run booked 3,776, whose 10,000
            // deliveries a loaded machine had not drained in the time given).
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });

    std::mt19937 random(11);
    const auto started = std::chrono::steady_clock::now();
    int kills = 0, dropped = 0;
    while (std::chrono::steady_clock::now() - started < std::chrono::seconds(30)) {
        if (dropped < filesDropped) {
            dropFile(drop, "cases-multi-" + std::to_string(dropped) + ".ndjson", caseFile(dropped));
            ++dropped;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1000 + random() % 3000));
        const std::size_t victim = random() % daemons.size();
        std::unique_ptr<Daemon> killed;
        {
            const std::lock_guard<std::mutex> lock(daemonsMutex);
            killed = std::move(daemons[victim]);
        }
        killed->kill();
        killed.reset();
        ++kills;
        auto restarted = std::make_unique<Daemon>(defines);
        const std::lock_guard<std::mutex> lock(daemonsMutex);
        daemons[victim] = std::move(restarted);
    }
    stop = true;
    client.join();
    BOOST_TEST_MESSAGE(kills << " kills, " << acknowledged.size() << " of " << attempts << " bookings acknowledged");
    BOOST_TEST_REQUIRE(kills >= 5);
    BOOST_TEST_REQUIRE(acknowledged.size() > 0u);

    // Every dropped file finishes on the daemons left running, with its report.
    for (int file = 0; file < filesDropped; ++file) {
        const auto report = waitForReport(drop, "cases-multi-" + std::to_string(file) + ".ndjson", 120);
        BOOST_TEST(report->getValue<std::string>("status") == "done", file);
        BOOST_TEST(report->getObject("totals")->getValue<int>("records") == rowsPerFile, file);
        BOOST_TEST(report->getObject("totals")->getValue<int>("created") == rowsPerFile, file);
        std::set<int> lines;
        const auto list = report->getArray("records");
        for (unsigned i = 0; i < list->size(); ++i) lines.insert(list->getObject(i)->getValue<int>("line"));
        BOOST_TEST(list->size() == static_cast<std::size_t>(rowsPerFile), file);  // each line reported once
        BOOST_TEST(lines.size() == static_cast<std::size_t>(rowsPerFile), file);
    }

    Poco::Data::Session store = openStore(folder.path());
    // Every acknowledged booking stored once.
    int missing = 0;
    for (const std::string& guid : acknowledged) {
        int found = 0;
        std::string key = guid;
        store << "SELECT COUNT(*) FROM cases WHERE guid = ?", use(key), into(found), now;
        if (found != 1) ++missing;
    }
    BOOST_TEST(missing == 0);
    // Every dropped row applied once: one tracked booking per trackingId.
    int tracked = 0, distinctTracked = 0;
    store << "SELECT COUNT(*), COUNT(DISTINCT tracking_id) FROM external_requests WHERE tracking_id LIKE 'multi-%' "
             "AND status = 'success'",
        into(tracked), into(distinctTracked), now;
    BOOST_TEST(tracked == filesDropped * rowsPerFile);
    BOOST_TEST(distinctTracked == filesDropped * rowsPerFile);
    // Every stored case has its one caseCreated event, delivered or pending, none lost or doubled.
    int cases = 0, distinctGuids = 0, events = 0, eventCases = 0;
    store << "SELECT COUNT(*), COUNT(DISTINCT guid) FROM cases", into(cases), into(distinctGuids), now;
    store << "SELECT COUNT(*), COUNT(DISTINCT case_id) FROM outbox WHERE event = 'caseCreated'", into(events),
        into(eventCases), now;
    BOOST_TEST(cases == distinctGuids);
    BOOST_TEST(events == cases);
    BOOST_TEST(eventCases == cases);
    // Every caseCreated event has its one delivery to servicedesk; once the leases of the killed daemons lapsed, every
    // delivery is delivered, and the receiver answered each of them (at least once: a daemon killed between the
    // answer and its record sends again).
    int withoutOneDelivery = -1;
    store << "SELECT COUNT(*) FROM outbox o WHERE o.event = 'caseCreated' AND (SELECT COUNT(*) FROM webhook_deliveries d "
             "JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.outbox_id = o.id AND s.name = 'desk') <> 1",
        into(withoutOneDelivery), now;
    BOOST_TEST(withoutOneDelivery == 0);
    const auto undelivered = [&] {
        int left = 0;
        Poco::Data::Session look = openStore(folder.path());
        look << "SELECT COUNT(*) FROM webhook_deliveries WHERE state <> 'delivered'", into(left), now;
        return left;
    };
    // Where the undelivered stand, for a failure to say: state, attempts, and whether their subscription is failing or
    // disabled.
    const auto standing = [&] {
        std::vector<std::string> states, failing;
        std::vector<int> counts, attempts;
        Poco::Data::Session look = openStore(folder.path());
        look << "SELECT d.state, CASE WHEN s.enabled = 0 THEN 'disabled' WHEN s.failing_since IS NULL THEN 'healthy' "
                "ELSE 'failing' END, d.attempts, "
                "COUNT(*) FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE "
                "d.state <> 'delivered' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            into(states), into(failing), into(attempts), into(counts), now;
        std::string text;
        for (std::size_t i = 0; i < states.size(); ++i)
            text += " " + states[i] + "/" + failing[i] + "/" + std::to_string(attempts[i]) + " attempts: " +
                    std::to_string(counts[i]) + ";";
        return text;
    };
    BOOST_TEST(eventually([&] { return undelivered() == 0; }, 200),
               undelivered() << " deliveries not delivered (state/subscription/attempts:" << standing() << ")");
    std::set<std::string> answered;
    for (const ReceivedWebhook& hook : receiver.received()) answered.insert(hook.header("webhook-id"));
    std::vector<std::string> delivered;
    store << "SELECT guid FROM webhook_deliveries WHERE state = 'delivered'", into(delivered), now;
    int unheard = 0;
    for (const std::string& guid : delivered)
        if (!answered.count(guid)) ++unheard;
    BOOST_TEST(unheard == 0);
    BOOST_TEST_MESSAGE(delivered.size() << " deliveries delivered, " << receiver.received().size() << " attempts heard");
    // Each scheduled due time of each job run once (the store's unique index refuses a second; none is doubled).
    int runs = 0, distinctRuns = 0;
    store << "SELECT COUNT(*), COUNT(DISTINCT job_name || ' ' || due_at) FROM job_runs WHERE run_trigger = 'schedule'",
        into(runs), into(distinctRuns), now;
    BOOST_TEST(runs == distinctRuns);
}

// An operator changes a token in the store (SQL, behind every daemon's back): each daemon takes the new token and
// refuses the old one within seconds. On PostgreSQL the store's trigger announces the change (NOTIFY) and the
// fallback look is set to an hour; on SQLite the daemons look at the store's counter every second.
BOOST_AUTO_TEST_CASE(a_token_changed_in_the_store_works_on_every_daemon_within_seconds) {
    ScratchFolder folder;
    const std::vector<std::string> defines = {"data.dir=" + folder.path(),
                                              std::string("store.referenceCheckSeconds=") + (onPostgres() ? "3600" : "1")};
    Daemon one(defines);
    Daemon two(defines);
    BOOST_TEST_REQUIRE(one.http().get("/api/v3/manufacturers", acme).status == 200);
    BOOST_TEST_REQUIRE(two.http().get("/api/v3/manufacturers", acme).status == 200);

    const std::string rotated = "acme-rotated-" + std::to_string(std::random_device()());
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(rotated);
    std::string hash = Poco::DigestEngine::digestToHex(sha.digest());
    {
        Poco::Data::Session store = openStore(folder.path());
        store << "UPDATE accounts SET token_hash = ? WHERE name = 'acme'", use(hash), now;
    }
    for (const Daemon* daemon : {&one, &two}) {
        BOOST_TEST(eventually([&] { return daemon->http().get("/api/v3/manufacturers", rotated).status == 200; }, 15));
        BOOST_TEST(daemon->http().get("/api/v3/manufacturers", acme).status == 401);
    }
}

// An export run on demand is a run of the export's job, under its lease: two operators asking two daemons at once
// (or one asking while a scheduled run is under way elsewhere) get one run after the other, and the second finds
// nothing left. Before, each daemon ran it at once and both files carried the same messages.
BOOST_AUTO_TEST_CASE(export_runs_asked_of_two_daemons_at_once_export_each_message_once) {
    ScratchFolder folder;
    const std::vector<std::string> defines = {"data.dir=" + folder.path(), "exports.infocare.schedule=0 0 1 1 *"};
    Daemon one(defines);
    Daemon two(defines);
    const BookedCase booked = bookCase(one.http(), acme);
    const int messages = 20000;
    {
        Poco::Data::Session store = openStore(folder.path());
        addPartnerMessages(store, booked.id, messages);
    }
    std::array<int, 2> exported{};
    std::array<int, 2> status{};
    std::array<std::thread, 2> askers;
    std::atomic<int> ready{0};
    const std::array<const Daemon*, 2> daemons{&one, &two};
    for (int i = 0; i < 2; ++i) {
        askers[i] = std::thread([&, i] {
            ++ready;
            while (ready < 2) std::this_thread::yield();  // both ask at the same moment
            const HttpResult answer =
                daemons[i]->http().post("/api/v3/exports/run", infocare, std::string(R"({"name":"infocare"})"));
            status[i] = answer.status;
            if (answer.status != 200) return;
            const auto batches = answer.object()->getArray("data");
            for (unsigned b = 0; b < batches->size(); ++b) exported[i] += batches->getObject(b)->getValue<int>("records");
        });
    }
    for (std::thread& asker : askers) asker.join();
    BOOST_TEST(status[0] == 200);
    BOOST_TEST(status[1] == 200);
    BOOST_TEST(exported[0] + exported[1] == messages);
    Poco::Data::Session store = openStore(folder.path());
    int recorded = 0, distinct = 0, manual = 0;
    store << "SELECT COUNT(*), COUNT(DISTINCT message_id) FROM export_batch_messages", into(recorded), into(distinct), now;
    BOOST_TEST(recorded == messages);
    BOOST_TEST(distinct == messages);
    // Both runs are in the job's history, as manual runs that succeeded.
    store << "SELECT COUNT(*) FROM job_runs WHERE job_name = 'export:infocare' AND run_trigger = 'manual' "
             "AND outcome = 'succeeded'",
        into(manual), now;
    BOOST_TEST(manual == 2);
}
