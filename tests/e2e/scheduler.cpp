// End-to-end: the scheduler in the real sohubd: the jobs API, purge, restarts over due times, two daemons on one
// store, a run taken over after its daemon was killed, and SIGTERM in the middle of a long purge.
#define BOOST_TEST_MODULE e2e_scheduler
#include <boost/test/unit_test.hpp>

#include "support/TestStore.h"
#include "support/Daemon.h"
#include "support/DropFolder.h"
#include "support/ScratchFolder.h"

#include "domain/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>

#include <functional>
#include <set>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {

Poco::Data::Session store(const std::string& folder) {
    return openStore(folder);
}

// Old external requests for a purge to delete, written beside a running daemon.
void addOldRequests(const std::string& folder, int count) {
    Poco::Data::Session session = store(folder);
    session.begin();
    for (int i = 0; i < count; ++i) {
        std::string guid = "old-request-" + std::to_string(i);
        session << "INSERT INTO external_requests (guid, type, status, meta, created_at, updated_at) "
                   "VALUES (?, 'test', 'success', '{}', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')",
            use(guid), now;
    }
    session.commit();
}

int oldRequests(const std::string& folder) {
    Poco::Data::Session session = store(folder);
    int count = 0;
    session << "SELECT COUNT(*) FROM external_requests WHERE guid LIKE 'old-request-%'", into(count), now;
    return count;
}

struct StoredRun {
    std::string dueAt;
    int dueCount;
    std::string outcome;
    std::string owner;
    std::string message;
    std::string takenOverFrom;
};

std::vector<StoredRun> storedRuns(const std::string& folder, const std::string& job) {
    Poco::Data::Session session = store(folder);
    std::vector<StoredRun> runs;
    std::string name = job;
    Poco::Data::Statement select(session);
    select << "SELECT due_at, due_count, COALESCE(outcome, status), COALESCE(owner, ''), COALESCE(message, ''), "
              "COALESCE(taken_over_from, '') FROM job_runs WHERE job_name = ? ORDER BY due_at",
        use(name), now;
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext())
        runs.push_back({rows[0].convert<std::string>(), rows[1].convert<int>(), rows[2].convert<std::string>(),
                        rows[3].convert<std::string>(), rows[4].convert<std::string>(), rows[5].convert<std::string>()});
    return runs;
}

// A run still going when its daemon is stopped ends so: the scheduler's documented outcome for it.
bool stoppedByShutdown(const StoredRun& run) {
    return run.outcome == "failed" && run.message.find("stopped by shutdown") != std::string::npos;
}

Poco::Timestamp timeOf(const std::string& iso) {
    const auto parsed = sohub::parseIsoDate(iso);
    BOOST_TEST_REQUIRE(parsed.has_value(), iso);
    return *parsed;
}

Poco::JSON::Object::Ptr jobNamed(const Daemon& daemon, const std::string& name) {
    const HttpResult r = daemon.http().get("/api/v3/jobs", admin);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto data = r.object()->getArray("data");
    for (unsigned i = 0; i < data->size(); ++i)
        if (data->getObject(i)->getValue<std::string>("name") == name) return data->getObject(i);
    BOOST_FAIL("no job " + name + " in " + r.body);
    return nullptr;
}

// A purge that takes seconds: 3000 old rows, 10 per chunk, 20 ms between chunks.
std::vector<std::string> slowPurge(const std::string& folder, const std::vector<std::string>& more = {}) {
    std::vector<std::string> defines = {"data.dir=" + folder,           "jobs.slow.kind=purge",
                                        "jobs.slow.schedule=0 0 1 1 *", "jobs.slow.olderThan=1d",
                                        "jobs.slow.chunkRows=10",       "jobs.slow.pauseMillis=20"};
    defines.insert(defines.end(), more.begin(), more.end());
    return defines;
}

std::string ownerOf(const Daemon& daemon) { return ":" + std::to_string(daemon.pid()); }

bool endsWith(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_jobs_api_lists_runs_and_answers_its_errors) {
    Daemon daemon({"scheduler.timeZone=Europe/Stockholm", "jobs.off.kind=purge", "jobs.off.schedule=@daily",
                   "jobs.off.olderThan=1d", "jobs.off.enabled=false"});
    const auto purge = jobNamed(daemon, "purge");
    BOOST_TEST(purge->getValue<std::string>("kind") == "purge");
    BOOST_TEST(purge->getValue<std::string>("schedule") == "0 3 * * *");
    BOOST_TEST(purge->getValue<std::string>("timeZone") == "Europe/Stockholm");
    BOOST_TEST(purge->getValue<bool>("enabled"));
    BOOST_TEST(purge->getValue<std::string>("missed") == "runOnce");
    const std::string nextDue = purge->getValue<std::string>("nextDueAt");
    // 03:00 in Stockholm, with the zone's offset of that day.
    BOOST_TEST((endsWith(nextDue, "T03:00:00.000+01:00") || endsWith(nextDue, "T03:00:00.000+02:00")), nextDue);
    BOOST_TEST(!purge->getValue<bool>("running"));
    BOOST_TEST(purge->isNull("lastRun"));
    const auto off = jobNamed(daemon, "off");
    BOOST_TEST(!off->getValue<bool>("enabled"));
    BOOST_TEST(off->isNull("nextDueAt"));

    for (const std::string& token : {acme, infocare, servicedesk}) {
        BOOST_TEST(daemon.http().get("/api/v3/jobs", token).status == 403);
        BOOST_TEST(daemon.http().get("/api/v3/jobs/history?name=purge", token).status == 403);
        BOOST_TEST(daemon.http().post("/api/v3/jobs/run", token, std::string(R"({"name":"purge"})")).status == 403);
    }
    BOOST_TEST(daemon.http().get("/api/v3/jobs", "").status == 401);

    const HttpResult queued = daemon.http().post("/api/v3/jobs/run", admin, std::string(R"({"name":"purge"})"));
    BOOST_TEST_REQUIRE(queued.status == 202, queued.body);
    const auto run = queued.object()->getObject("data");
    BOOST_TEST(run->getValue<std::string>("job") == "purge");
    BOOST_TEST(run->getValue<std::string>("trigger") == "manual");
    BOOST_TEST(run->getValue<std::string>("status") == "queued");
    const int id = run->getValue<int>("id");

    Poco::JSON::Object::Ptr finished;
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            const HttpResult r = daemon.http().get("/api/v3/jobs/history?name=purge", admin);
            const auto data = r.object()->getArray("data");
            if (data->size() == 0) return false;
            finished = data->getObject(0);
            return finished->getValue<std::string>("status") == "finished";
        },
        10));
    BOOST_TEST(finished->getValue<int>("id") == id);
    BOOST_TEST(finished->getValue<std::string>("outcome") == "succeeded");
    BOOST_TEST(endsWith(finished->getValue<std::string>("owner"), ownerOf(daemon)));
    BOOST_TEST(finished->getValue<std::string>("message").find("deleted nothing older than 90d") == 0u);
    BOOST_TEST(!finished->isNull("durationMs"));
    const auto listed = jobNamed(daemon, "purge");
    BOOST_TEST(listed->getObject("lastRun")->getValue<int>("id") == id);

    const HttpResult page = daemon.http().get("/api/v3/jobs/history?name=purge&limit=1&offset=0", admin);
    BOOST_TEST(page.object()->getObject("pagination")->getValue<int>("total") == 1);
    BOOST_TEST(page.object()->getObject("pagination")->getValue<int>("limit") == 1);

    const HttpResult unknown = daemon.http().post("/api/v3/jobs/run", admin, std::string(R"({"name":"nope"})"));
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(unknown.body == R"({"error":{"message":"Job not found"}})");
    BOOST_TEST(daemon.http().get("/api/v3/jobs/history?name=nope", admin).status == 404);
    const HttpResult disabled = daemon.http().post("/api/v3/jobs/run", admin, std::string(R"({"name":"off"})"));
    BOOST_TEST(disabled.status == 409);
    BOOST_TEST(disabled.body == R"({"error":{"message":"Job is disabled"}})");
    const HttpResult nameless = daemon.http().post("/api/v3/jobs/run", admin, std::string("{}"));
    BOOST_TEST(nameless.status == 400);
    BOOST_TEST(nameless.body == R"({"error":{"message":"Fields validation failed","details":{"name":["Field is required"]}}})");
    BOOST_TEST(daemon.http().post("/api/v3/jobs/run", admin, std::string(R"({"name":7})")).status == 400);
    BOOST_TEST(daemon.http().get("/api/v3/jobs/history", admin).status == 400);
    BOOST_TEST(daemon.http().get("/api/v3/jobs/history?name=purge&limit=0", admin).status == 400);
    BOOST_TEST(daemon.http().get("/api/v3/jobs/history?name=purge&limit=501", admin).status == 400);
    BOOST_TEST(daemon.http().get("/api/v3/jobs?colour=red", admin).status == 400);
    BOOST_TEST(daemon.http().request("DELETE", "/api/v3/jobs").status == 405);
}

BOOST_AUTO_TEST_CASE(purge_deletes_old_records_but_keeps_deliveries_under_way) {
    ScratchFolder folder;
    Daemon daemon({"data.dir=" + folder.path()});
    addOldRequests(folder.path(), 25);
    {
        Poco::Data::Session session = store(folder.path());
        // The pending one must not be sent while the test looks: its subscription is disabled first.
        session << "UPDATE webhook_subscriptions SET enabled = 0 WHERE name = 'acme'", now;
        // Three old events: one with a delivery still pending (kept, with its external request), one delivered
        // (the delivery, its attempt, the event and the request go), one failed (kept: failed ones stay visible).
        for (const char* state : {"pending", "delivered", "failed"}) {
            std::string guid = std::string("old-") + state + "-delivery";
            std::string st = state;
            session << "INSERT INTO external_requests (guid, type, status, meta, created_at, updated_at) VALUES "
                       "(?, 'webhook.newMessage', 'pending', '{}', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z')",
                use(guid), now;
            Poco::Int64 outboxId = 0, deliveryId = 0;
            session << "INSERT INTO outbox (event, recipient_role, recipient_id, payload, state, attempts, next_attempt_at, "
                       "created_at) VALUES ('newMessage', 'partner', 1, '{}', 'recorded', 0, '2020-01-01T00:00:00.000Z', "
                       "'2020-01-01T00:00:00.000Z') RETURNING id",
                into(outboxId), now;
            session << "INSERT INTO webhook_deliveries (guid, outbox_id, subscription_id, account_id, event, state, step, "
                       "attempts, next_attempt_at, created_at, updated_at, ended_at) VALUES (?, ?, "
                       "(SELECT id FROM webhook_subscriptions WHERE name = 'acme'), 1001, 'newMessage', ?, 1, 1, "
                       "'2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', "
                       "'2020-01-01T00:00:00.000Z') RETURNING id",
                use(guid), use(outboxId), use(st), into(deliveryId), now;
            session << "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code) VALUES "
                       "(?, 1, '2020-01-01T00:00:00.000Z', 5, 500)",
                use(deliveryId),                 now;
        }
    }
    BOOST_TEST_REQUIRE(daemon.http().post("/api/v3/jobs/run", admin, std::string(R"({"name":"purge"})")).status == 202);
    std::string message;
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            const auto last = jobNamed(daemon, "purge");
            if (last->isNull("lastRun")) return false;
            message = last->getObject("lastRun")->getValue<std::string>("message");
            return true;
        },
        10));
    BOOST_TEST(message.find("deleted 1 delivery attempts, 1 deliveries, 1 outbox rows, 26 external requests older "
                            "than 90d") == 0u,
               message);
    BOOST_TEST(oldRequests(folder.path()) == 0);
    Poco::Data::Session session = store(folder.path());
    int kept = 0, outbox = 0, deliveries = 0;
    session << "SELECT COUNT(*) FROM external_requests WHERE guid LIKE 'old-%-delivery'", into(kept), now;
    session << "SELECT COUNT(*) FROM outbox", into(outbox), now;
    session << "SELECT COUNT(*) FROM webhook_deliveries", into(deliveries), now;
    BOOST_TEST(kept == 2);
    BOOST_TEST(outbox == 2);
    BOOST_TEST(deliveries == 2);
}

BOOST_AUTO_TEST_CASE(a_bad_schedule_or_zone_stops_the_daemon_with_the_key_and_the_reason) {
    const auto start = [](const std::vector<std::string>& defines) {
        const ScratchFolder data;
        std::vector<std::string> args = {"--config=samples/sohub.properties", "--define=http.port=0",
                                         "--define=data.dir=" + data.path()};
        for (const std::string& define : defines) args.push_back("--define=" + define);
        Poco::Pipe out;
        Poco::ProcessHandle handle = Poco::Process::launch(SOHUBD_PATH, args, SOHUB_SOURCE_DIR, nullptr, &out, &out);
        Poco::PipeInputStream in(out);
        std::string text;
        Poco::StreamCopier::copyToString(in, text);
        const int code = handle.wait();
        return std::make_pair(code, text);
    };
    const auto [code, output] = start({"jobs.nightly.kind=purge", "jobs.nightly.olderThan=30d",
                                       "jobs.nightly.schedule=0 3 32 * *"});
    BOOST_TEST(code != 0);
    BOOST_TEST(output.find("jobs.nightly.schedule: day-of-month 32 out of range 1-31") != std::string::npos, output);
    const auto zone = start({"scheduler.timeZone=Mars/Olympus"});
    BOOST_TEST(zone.first != 0);
    BOOST_TEST(zone.second.find("scheduler.timeZone: unknown time zone 'Mars/Olympus'") != std::string::npos, zone.second);
    const auto kind = start({"jobs.x.kind=teleport", "jobs.x.schedule=@daily"});
    BOOST_TEST(kind.first != 0);
    BOOST_TEST(kind.second.find("jobs.x.kind: unknown job kind 'teleport'") != std::string::npos, kind.second);
    const auto olderThan = start({"jobs.x.kind=purge", "jobs.x.schedule=@daily"});
    BOOST_TEST(olderThan.second.find("jobs.x.olderThan: is required") != std::string::npos, olderThan.second);
    const auto missed = start({"jobs.x.kind=purge", "jobs.x.schedule=@daily", "jobs.x.olderThan=1d", "jobs.x.missed=later"});
    BOOST_TEST(missed.second.find("jobs.x.missed: 'later' is not runOnce or skip") != std::string::npos, missed.second);
}

namespace {
// An every-2s job runs, its daemon stops for 7 s, another start follows: what became of the due times in between?
std::vector<StoredRun> runsAcrossDowntime(const std::string& missed, Poco::Timestamp& stoppedAt, Poco::Timestamp& startedAt) {
    ScratchFolder folder;
    const std::vector<std::string> defines = {"data.dir=" + folder.path(), "jobs.tick.kind=purge",
                                              "jobs.tick.schedule=every 2s", "jobs.tick.olderThan=1d",
                                              "jobs.tick.missed=" + missed};
    {
        Daemon first(defines);
        Poco::Thread::sleep(3000);
        BOOST_TEST(first.stop() == 0);
    }
    stoppedAt = Poco::Timestamp();
    Poco::Thread::sleep(7000);
    startedAt = Poco::Timestamp();
    {
        Daemon second(defines);
        Poco::Thread::sleep(2500);
        BOOST_TEST(second.stop() == 0);
    }
    return storedRuns(folder.path(), "tick");
}
}  // namespace

BOOST_AUTO_TEST_CASE(due_times_missed_while_down_run_exactly_once_at_the_next_start) {
    Poco::Timestamp stoppedAt, startedAt;
    const std::vector<StoredRun> runs = runsAcrossDowntime("runOnce", stoppedAt, startedAt);
    // The catch-up run covers the due times that passed while down; it may also take the one that comes while the
    // second daemon starts (then it is dated by that one, just after startedAt).
    std::vector<StoredRun> during;
    for (const StoredRun& run : runs) {
        const Poco::Timestamp due = timeOf(run.dueAt);
        const bool catchUp = run.message.find("passed while no daemon ran") != std::string::npos;
        if (due > stoppedAt && (due < startedAt || catchUp)) during.push_back(run);
    }
    BOOST_TEST_REQUIRE(during.size() == 1u);
    BOOST_TEST(during[0].outcome == "succeeded");
    BOOST_TEST(during[0].dueCount >= 3);
    BOOST_TEST(during[0].message.find("passed while no daemon ran") != std::string::npos, during[0].message);
    // The schedule went on at its grid after the catch-up run (the last run may be one the stop cut short).
    int after = 0;
    for (const StoredRun& run : runs)
        after += timeOf(run.dueAt) > startedAt && (run.outcome == "succeeded" || stoppedByShutdown(run));
    BOOST_TEST(after >= 1);
}

BOOST_AUTO_TEST_CASE(due_times_missed_while_down_are_skipped_with_missed_skip) {
    Poco::Timestamp stoppedAt, startedAt;
    const std::vector<StoredRun> runs = runsAcrossDowntime("skip", stoppedAt, startedAt);
    int ran = 0, skipped = 0, dueTimes = 0;
    for (const StoredRun& run : runs) {
        BOOST_TEST_MESSAGE(run.dueAt << " " << run.outcome << " x" << run.dueCount << " " << run.message);
        if (run.outcome == "skipped") {
            // One entry for all of them, dated by the first due time it skipped (it may fall just before the stop).
            ++skipped;
            dueTimes += run.dueCount;
            BOOST_TEST(run.message.find("passed while no daemon ran") != std::string::npos, run.message);
            BOOST_TEST((timeOf(run.dueAt) < startedAt));
        } else {
            const Poco::Timestamp due = timeOf(run.dueAt);
            ran += due > stoppedAt && due < startedAt;
        }
    }
    BOOST_TEST(ran == 0);
    BOOST_TEST(skipped == 1);
    BOOST_TEST(dueTimes >= 3);
}

BOOST_AUTO_TEST_CASE(two_daemons_on_one_store_run_each_due_time_once_and_miss_none) {
    ScratchFolder folder;
    const std::vector<std::string> defines = {"data.dir=" + folder.path(), "jobs.tick.kind=purge",
                                              "jobs.tick.schedule=every 1s", "jobs.tick.olderThan=1d"};
    {
        Daemon first(defines);
        Daemon second(defines);
        Poco::Thread::sleep(10000);
        BOOST_TEST(second.stop() == 0);
        BOOST_TEST(first.stop() == 0);
    }
    const std::vector<StoredRun> runs = storedRuns(folder.path(), "tick");
    BOOST_TEST_REQUIRE(runs.size() >= 9u);
    std::set<std::string> dueTimes, owners;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        dueTimes.insert(runs[i].dueAt);
        owners.insert(runs[i].owner);
        // With the daemons stopped one after the other, only the last two due times can be runs the stop cut short.
        BOOST_TEST((runs[i].outcome == "succeeded" || (stoppedByShutdown(runs[i]) && i + 2 >= runs.size())),
                   runs[i].dueAt << " by " << runs[i].owner << ": " << runs[i].outcome << " (" << runs[i].message
                                 << ")");
        BOOST_TEST(runs[i].dueCount == 1, runs[i].dueAt);
        if (i == 0) continue;
        const Poco::Timestamp::TimeDiff step = timeOf(runs[i].dueAt) - timeOf(runs[i - 1].dueAt);
        // Both runs named, with their owners and messages, should a due time ever go missing.
        BOOST_TEST(step == 1000000, runs[i - 1].dueAt << " by " << runs[i - 1].owner << " (" << runs[i - 1].message
                                                      << ") then " << runs[i].dueAt << " by " << runs[i].owner << " ("
                                                      << runs[i].message << ")");
    }
    BOOST_TEST(dueTimes.size() == runs.size());  // none twice
    BOOST_TEST_MESSAGE("due times run by " << owners.size() << " daemon(s)");
}

BOOST_AUTO_TEST_CASE(a_run_whose_daemon_was_killed_is_taken_over_when_its_lease_expires) {
    ScratchFolder folder;
    const std::vector<std::string> defines = slowPurge(folder.path(), {"scheduler.leaseSeconds=2"});
    auto first = std::make_unique<Daemon>(defines);
    addOldRequests(folder.path(), 3000);
    auto second = std::make_unique<Daemon>(defines);
    BOOST_TEST_REQUIRE(first->http().post("/api/v3/jobs/run", admin, std::string(R"({"name":"slow"})")).status == 202);
    std::string owner;
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            const auto job = jobNamed(*first, "slow");
            if (!job->getValue<bool>("running")) return false;
            owner = job->getObject("currentRun")->getValue<std::string>("owner");
            return true;
        },
        10));
    Poco::Thread::sleep(1000);
    const bool firstRuns = endsWith(owner, ownerOf(*first));
    BOOST_TEST_REQUIRE((firstRuns || endsWith(owner, ownerOf(*second))), owner);
    std::unique_ptr<Daemon>& victim = firstRuns ? first : second;
    std::unique_ptr<Daemon>& survivor = firstRuns ? second : first;
    const std::string survivorOwner = ownerOf(*survivor);
    victim->kill();
    BOOST_TEST(oldRequests(folder.path()) > 0);  // killed mid-run

    Poco::JSON::Object::Ptr last;
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            const auto job = jobNamed(*survivor, "slow");
            if (job->isNull("lastRun")) return false;
            last = job->getObject("lastRun");
            return true;
        },
        40));
    BOOST_TEST(last->getValue<std::string>("outcome") == "succeeded", last->getValue<std::string>("message"));
    BOOST_TEST(last->getValue<std::string>("takenOverFrom") == owner);
    BOOST_TEST(endsWith(last->getValue<std::string>("owner"), survivorOwner));
    BOOST_TEST(last->getValue<std::string>("message").find("taken over from " + owner) == 0u,
               last->getValue<std::string>("message"));
    BOOST_TEST(oldRequests(folder.path()) == 0);
    BOOST_TEST(storedRuns(folder.path(), "slow").size() == 1u);  // one run, recorded once
    survivor->stop();
}

BOOST_AUTO_TEST_CASE(sigterm_during_a_long_purge_ends_cleanly_with_the_outcome_recorded) {
    ScratchFolder folder;
    Daemon daemon(slowPurge(folder.path()));
    addOldRequests(folder.path(), 3000);
    BOOST_TEST_REQUIRE(daemon.http().post("/api/v3/jobs/run", admin, std::string(R"({"name":"slow"})")).status == 202);
    BOOST_TEST_REQUIRE(eventually([&] { return jobNamed(daemon, "slow")->getValue<bool>("running"); }, 10));
    Poco::Thread::sleep(500);
    const Poco::Timestamp stopping;
    BOOST_TEST(daemon.stop() == 0);
    BOOST_TEST(stopping.elapsed() < 5000000);  // a chunk, not the whole purge
    const std::vector<StoredRun> runs = storedRuns(folder.path(), "slow");
    BOOST_TEST_REQUIRE(runs.size() == 1u);
    BOOST_TEST(runs[0].outcome == "failed");
    BOOST_TEST(runs[0].message.find("stopped by shutdown: deleted ") == 0u, runs[0].message);
    const int left = oldRequests(folder.path());
    BOOST_TEST(left > 0);
    BOOST_TEST(left < 3000);
    Poco::Data::Session session = store(folder.path());
    int leased = -1, nodes = -1;
    session << "SELECT COUNT(*) FROM jobs WHERE lease_owner IS NOT NULL", into(leased), now;
    session << "SELECT COUNT(*) FROM scheduler_nodes", into(nodes), now;
    BOOST_TEST(leased == 0);
    BOOST_TEST(nodes == 0);
}
