// End-to-end: webhook delivery to a real receiver on loopback: signatures (checked by openssl and the standardwebhooks
// package), the retry schedule, timeouts, 410, replies, failure and replay, SIGKILL, two daemons, subscriptions.
#define BOOST_TEST_MODULE e2e_webhooks
#include <boost/test/unit_test.hpp>

#include "support/BookedCase.h"
#include "support/Daemon.h"
#include "support/DropFolder.h"
#include "support/TestStore.h"
#include "support/WebhookReceiver.h"
#include "support/ScratchFolder.h"

#include "domain/Clock.h"
#include "domain/Json.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Thread.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <set>

using namespace sohub::test;
using sohub::parseIsoDate;

namespace {

// The Standard Webhooks specification's example secret.
const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

std::vector<std::string> hubDefines(const WebhookReceiver& receiver, std::vector<std::string> extra = {}) {
    std::vector<std::string> defines = {
        "webhooks.subscriptions.infocare.url=" + receiver.url("/infocare"),
        "webhooks.subscriptions.infocare.secret=" + secret,
        "webhooks.subscriptions.acme.url=" + receiver.url("/acme"),
        "webhooks.jitter=0",
        "webhooks.pollMillis=100",
    };
    defines.insert(defines.end(), extra.begin(), extra.end());
    return defines;
}

Poco::JSON::Array::Ptr deliveries(const Daemon& daemon, const std::string& token, const std::string& query = "") {
    const HttpResult r = daemon.http().get("/api/v3/deliveries" + query, token);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    return r.object()->getArray("data");
}

Poco::JSON::Object::Ptr onlyDelivery(const Daemon& daemon, const std::string& caseGuid) {
    const auto all = deliveries(daemon, admin, "?caseGuid=" + caseGuid + "&event=caseCreated");
    BOOST_TEST_REQUIRE(all->size() == 1u);
    return all->getObject(0);
}

bool deliveryIs(const Daemon& daemon, const std::string& caseGuid, const std::string& state) {
    return onlyDelivery(daemon, caseGuid)->getValue<std::string>("state") == state;
}

std::string run(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_TEST_REQUIRE(pipe != nullptr);
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    ::pclose(pipe);
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
    return output;
}

void writeFile(const std::string& path, const std::string& text) {
    Poco::FileOutputStream out(path);
    out << text;
}

// The v1 signature of the webhook, computed by openssl from the secret's bytes: an implementation that is not ours.
std::string opensslSignature(const std::string& whsec, const ReceivedWebhook& hook) {
    Poco::TemporaryFile key, content;
    writeFile(key.path(), whsec.substr(6));
    writeFile(content.path(), hook.header("webhook-id") + "." + hook.header("webhook-timestamp") + "." + hook.body);
    return "v1," + run("openssl dgst -sha256 -mac HMAC -macopt hexkey:$(base64 -d < " + key.path() +
                       " | od -An -v -tx1 | tr -d ' \\n') -binary < " + content.path() + " | base64 -w0");
}

// The standardwebhooks package's verdict, run with Node: "verified" or "refused: ...".
std::string nodeVerdict(const std::string& whsec, const ReceivedWebhook& hook) {
    Poco::TemporaryFile body;
    writeFile(body.path(), hook.body);
    return run("node " SOHUB_SOURCE_DIR "/tests/node/verify.js '" + whsec + "' '" + hook.header("webhook-id") + "' '" +
               hook.header("webhook-timestamp") + "' '" + hook.header("webhook-signature") + "' " + body.path() + " 2>&1");
}

std::vector<std::string> signaturesOf(const ReceivedWebhook& hook) {
    std::vector<std::string> all;
    std::istringstream in(hook.header("webhook-signature"));
    for (std::string one; in >> one;) all.push_back(one);
    return all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(delivery)

BOOST_AUTO_TEST_CASE(a_booked_case_reaches_the_providers_receiver_signed_and_byte_for_byte) {
    WebhookReceiver receiver;
    Daemon daemon(hubDefines(receiver));
    const BookedCase booked = bookCase(daemon.http(), acme);
    BOOST_TEST_REQUIRE(eventually([&] { return receiver.received().size() >= 1; }, 5));
    Poco::Thread::sleep(300);
    const auto all = receiver.received();
    BOOST_TEST_REQUIRE(all.size() == 1u);  // caseCreated goes to the provider only
    const ReceivedWebhook& hook = all.front();
    BOOST_TEST(hook.method == "POST");
    BOOST_TEST(hook.path == "/infocare");
    BOOST_TEST(hook.header("content-type") == "application/json");
    BOOST_TEST(hook.header("x-hub-event") == "caseCreated");
    // The body is the case as GET /api/v3/case returns it.
    const HttpResult read = daemon.http().get("/api/v3/case?guid=" + booked.guid, infocare);
    BOOST_TEST(read.body == "{\"data\":" + hook.body + "}");

    BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(daemon, booked.guid, "delivered"); }, 5));
    const auto delivery = onlyDelivery(daemon, booked.guid);
    BOOST_TEST(hook.header("webhook-id") == delivery->getValue<std::string>("guid"));
    BOOST_TEST(std::abs(std::stoll(hook.header("webhook-timestamp")) - static_cast<long long>(std::time(nullptr))) < 30);
    BOOST_TEST(signaturesOf(hook).size() == 1u);
    BOOST_TEST(hook.header("webhook-signature") == opensslSignature(secret, hook));
    BOOST_TEST(nodeVerdict(secret, hook) == "verified");
    BOOST_TEST(nodeVerdict("whsec_" + std::string("QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"), hook).rfind("refused", 0) == 0u);

    // The delivery is an external request of the case; its status is the receiver's reply (none yet).
    const auto requests = daemon.http().post("/api/v3/requests/find", infocare,
                                             R"({"caseId":)" + std::to_string(booked.id) + R"(,"type":"webhook.caseCreated"})");
    const auto request = requests.object()->getArray("data")->getObject(0);
    BOOST_TEST(request->getValue<std::string>("guid") == delivery->getValue<std::string>("guid"));
    BOOST_TEST(request->getValue<std::string>("status") == "pending");
    const auto attempts = delivery->getArray("attempts");
    BOOST_TEST_REQUIRE(attempts->size() == 1u);
    BOOST_TEST(attempts->getObject(0)->getValue<int>("statusCode") == 200);
    BOOST_TEST(attempts->getObject(0)->getValue<std::string>("response") == "answered");
}

// A receiver's answer in bytes that are not UTF-8 (another charset; its first 2 KiB ending inside a character) is
// kept as UTF-8: GET /api/v3/deliveries answered the bytes as they came, and PostgreSQL refuses them as text.
BOOST_AUTO_TEST_CASE(an_answer_that_is_not_utf8_is_kept_as_utf8) {
    WebhookReceiver receiver;
    receiver.answerBody("latin \xE9, " + std::string(2038, 'x') + "\xC3\xA9 and more");  // the "é" at 2047-2048
    Daemon daemon(hubDefines(receiver));
    const BookedCase booked = bookCase(daemon.http(), acme);
    BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(daemon, booked.guid, "delivered"); }, 5));
    const HttpResult listed = daemon.http().get("/api/v3/deliveries?caseGuid=" + booked.guid, infocare);
    BOOST_TEST(sohub::isUtf8(listed.body));
    const auto attempt = onlyDelivery(daemon, booked.guid)->getArray("attempts")->getObject(0);
    BOOST_TEST(attempt->getValue<std::string>("response") ==
               "latin \xEF\xBF\xBD, " + std::string(2038, 'x'));  // 2 KiB kept, the cut "é" dropped
}

BOOST_AUTO_TEST_CASE(a_message_goes_to_the_other_party_and_a_confirmation_to_its_sender) {
    WebhookReceiver receiver;
    Daemon daemon(hubDefines(receiver));
    const BookedCase booked = bookCase(daemon.http(), acme);
    const HttpResult posted = daemon.http().post("/api/v3/case-messages/create", infocare,
                                                 R"({"guid":")" + booked.guid + R"(","type":"reminder","content":"hi"})");
    BOOST_TEST_REQUIRE(posted.status == 200, posted.body);
    BOOST_TEST_REQUIRE(eventually([&] { return receiver.received().size() >= 2; }, 5));
    const auto all = receiver.received();
    const auto toAcme = std::find_if(all.begin(), all.end(), [](const ReceivedWebhook& h) { return h.path == "/acme"; });
    BOOST_TEST_REQUIRE((toAcme != all.end()));
    BOOST_TEST(toAcme->header("x-hub-event") == "newMessage");
    BOOST_TEST(parseJson(toAcme->body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("content") == "hi");
    // acme sees its own deliveries only; infocare its own.
    BOOST_TEST(deliveries(daemon, acme)->size() == 1u);
    BOOST_TEST(deliveries(daemon, infocare, "?event=caseCreated")->size() == 1u);
    BOOST_TEST(deliveries(daemon, globex)->size() == 0u);
    BOOST_TEST(deliveries(daemon, admin)->size() == 2u);
}

BOOST_AUTO_TEST_CASE(three_failures_then_200_make_four_attempts_on_the_compressed_schedule) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int n) { return n <= 3 ? 500 : 200; });
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=0s,1s,1s,1s"}));
    const BookedCase booked = bookCase(daemon.http(), acme);
    BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(daemon, booked.guid, "delivered"); }, 15));
    const auto all = receiver.received();
    BOOST_TEST_REQUIRE(all.size() == 4u);
    for (const ReceivedWebhook& hook : all) BOOST_TEST(hook.header("webhook-id") == all.front().header("webhook-id"));
    const auto delivery = onlyDelivery(daemon, booked.guid);
    BOOST_TEST(delivery->getValue<int>("attemptCount") == 4);
    const auto attempts = delivery->getArray("attempts");
    BOOST_TEST_REQUIRE(attempts->size() == 4u);
    for (unsigned i = 0; i < 4; ++i) {
        BOOST_TEST(attempts->getObject(i)->getValue<int>("attempt") == static_cast<int>(i + 1));
        BOOST_TEST(attempts->getObject(i)->getValue<int>("statusCode") == (i < 3 ? 500 : 200));
    }
    // Each retry came about a step (1s) after the attempt before it.
    for (unsigned i = 1; i < 4; ++i) {
        const auto before = parseIsoDate(attempts->getObject(i - 1)->getValue<std::string>("at"));
        const auto after = parseIsoDate(attempts->getObject(i)->getValue<std::string>("at"));
        BOOST_TEST((*after - *before) >= 900000);
    }
}

BOOST_AUTO_TEST_CASE(no_attempts_left_fails_the_delivery_and_replay_sends_it_again) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int) { return 503; });
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=0s,1s"}));
    const BookedCase booked = bookCase(daemon.http(), acme);
    BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(daemon, booked.guid, "failed"); }, 10));
    BOOST_TEST(receiver.received().size() == 2u);
    BOOST_TEST(deliveries(daemon, admin, "?state=failed")->size() == 1u);
    const std::string guid = onlyDelivery(daemon, booked.guid)->getValue<std::string>("guid");

    receiver.answer([](const ReceivedWebhook&, int) { return 200; });
    const HttpResult replay = daemon.http().post("/api/v3/deliveries/replay", infocare, R"({"guids":[")" + guid + R"("]})");
    BOOST_TEST_REQUIRE(replay.status == 200, replay.body);
    BOOST_TEST(replay.object()->getObject("data")->getArray("replayed")->getElement<std::string>(0) == guid);
    BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(daemon, booked.guid, "delivered"); }, 10));
    BOOST_TEST(receiver.received().size() == 3u);
    BOOST_TEST(onlyDelivery(daemon, booked.guid)->getArray("attempts")->size() == 3u);  // the history stays

    // A delivered one is not replayed; a foreign or unknown guid is 404 and nothing changes.
    const HttpResult again = daemon.http().post("/api/v3/deliveries/replay", infocare, R"({"guids":[")" + guid + R"("]})");
    BOOST_TEST(again.object()->getObject("data")->getArray("notReplayed")->getObject(0)->getValue<std::string>("state") ==
               "delivered");
    BOOST_TEST(daemon.http().post("/api/v3/deliveries/replay", acme, R"({"guids":[")" + guid + R"("]})").status == 404);
    BOOST_TEST(daemon.http().post("/api/v3/deliveries/replay", admin, std::string(R"({"state":"pending","since":"2020-01-01T00:00:00Z"})"))
                   .status == 400);
    BOOST_TEST(daemon.http().post("/api/v3/deliveries/replay", admin, std::string(R"({})")).status == 400);
}

BOOST_AUTO_TEST_CASE(failed_deliveries_since_a_time_are_replayed_by_state) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int) { return 500; });
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=0s"}));
    const BookedCase first = bookCase(daemon.http(), acme);
    const BookedCase second = bookCase(daemon.http(), acme);
    BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(daemon, first.guid, "failed") && deliveryIs(daemon, second.guid, "failed"); }, 10));
    receiver.answer([](const ReceivedWebhook&, int) { return 204; });
    const HttpResult replay = daemon.http().post("/api/v3/deliveries/replay", admin,
                                                 std::string(R"({"state":"failed","since":"2020-01-01T00:00:00.000Z"})"));
    BOOST_TEST_REQUIRE(replay.status == 200, replay.body);
    BOOST_TEST(replay.object()->getObject("data")->getArray("replayed")->size() == 2u);
    BOOST_TEST(eventually([&] { return deliveryIs(daemon, first.guid, "delivered") && deliveryIs(daemon, second.guid, "delivered"); }, 10));
}

BOOST_AUTO_TEST_CASE(a_receiver_that_times_out_is_tried_again) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int n) {
        if (n == 1) Poco::Thread::sleep(2500);
        return 200;
    });
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=0s,1s", "webhooks.timeoutSeconds=1"}));
    const BookedCase booked = bookCase(daemon.http(), acme);
    BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(daemon, booked.guid, "delivered"); }, 15));
    const auto attempts = onlyDelivery(daemon, booked.guid)->getArray("attempts");
    BOOST_TEST_REQUIRE(attempts->size() == 2u);
    BOOST_TEST(attempts->getObject(0)->isNull("statusCode"));
    BOOST_TEST(attempts->getObject(0)->getValue<std::string>("error").find("timed out") != std::string::npos);
    BOOST_TEST(attempts->getObject(1)->getValue<int>("statusCode") == 200);
}

BOOST_AUTO_TEST_CASE(gone_ends_the_delivery_at_once) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int) { return 410; });
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=0s,1s,1s"}));
    const BookedCase booked = bookCase(daemon.http(), acme);
    BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(daemon, booked.guid, "failed"); }, 10));
    Poco::Thread::sleep(1500);
    BOOST_TEST(receiver.received().size() == 1u);
    BOOST_TEST(onlyDelivery(daemon, booked.guid)->getValue<int>("lastStatusCode") == 410);
}

BOOST_AUTO_TEST_CASE(the_receivers_reply_steers_the_retries) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int) { return 500; });
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=0s,2s,1h"}));
    const auto bookAndWaitForFirstAttempt = [&] {
        const BookedCase booked = bookCase(daemon.http(), acme);
        BOOST_TEST_REQUIRE(eventually([&] {
            const auto d = onlyDelivery(daemon, booked.guid);
            return d->getValue<int>("attemptCount") == 1 && d->getValue<std::string>("state") == "pending";
        }, 10));
        return std::make_pair(booked, onlyDelivery(daemon, booked.guid)->getValue<std::string>("guid"));
    };
    const auto reply = [&](const std::string& guid, const std::string& status) {
        return daemon.http().post("/api/v3/requests/reply", infocare, R"({"guid":")" + guid + R"(","status":")" + status + R"("})");
    };
    // success: delivered, no more attempts.
    const auto [first, firstGuid] = bookAndWaitForFirstAttempt();
    BOOST_TEST(reply(firstGuid, "success").status == 200);
    BOOST_TEST(deliveryIs(daemon, first.guid, "delivered"));
    // error: failed, no more attempts; a later toRetry changes nothing.
    const auto [second, secondGuid] = bookAndWaitForFirstAttempt();
    BOOST_TEST(reply(secondGuid, "error").status == 200);
    BOOST_TEST(deliveryIs(daemon, second.guid, "failed"));
    BOOST_TEST(reply(secondGuid, "toRetry").object()->getObject("data")->getValue<std::string>("status") == "error");
    BOOST_TEST(deliveryIs(daemon, second.guid, "failed"));
    const std::size_t before = receiver.received().size();
    Poco::Thread::sleep(2500);
    BOOST_TEST(receiver.received().size() == before);  // the 2s step of the ended ones never came
    // toRetry: the schedule's next step (2s) comes.
    const auto [third, thirdGuid] = bookAndWaitForFirstAttempt();
    BOOST_TEST(reply(thirdGuid, "toRetry").status == 200);
    BOOST_TEST(eventually([&] { return onlyDelivery(daemon, third.guid)->getValue<int>("attemptCount") == 2; }, 6));
}

// While a receiver fails, the deliveries behind the failed one wait for a probe; the probe comes when the failed one
// is due again and no later than webhooks.probeEvery. Here the failed one's next step is an hour away: the case
// booked meanwhile went out once the receiver was back, and the failed one keeps its own schedule.
BOOST_AUTO_TEST_CASE(a_receiver_back_up_gets_the_deliveries_that_waited_within_probe_every) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int n) { return n == 1 ? 503 : 200; });
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=0s,1h,1h", "webhooks.probeEvery=2s"}));
    const BookedCase first = bookCase(daemon.http(), acme);
    const auto attemptsOf = [&](const BookedCase& booked) {
        return onlyDelivery(daemon, booked.guid)->getValue<int>("attemptCount");
    };
    BOOST_TEST_REQUIRE(eventually([&] { return attemptsOf(first) == 1; }, 10));
    const BookedCase second = bookCase(daemon.http(), acme);
    BOOST_TEST(eventually([&] { return deliveryIs(daemon, second.guid, "delivered"); }, 10));
    const auto failed = onlyDelivery(daemon, first.guid);
    BOOST_TEST(failed->getValue<std::string>("state") == "pending");
    BOOST_TEST(failed->getValue<int>("attemptCount") == 1);
    BOOST_TEST(receiver.received().size() == 2u);
}

// "The delay before each attempt, the first counted from the event": a schedule may hold the first attempt back.
BOOST_AUTO_TEST_CASE(the_first_attempt_waits_for_the_schedules_first_delay) {
    WebhookReceiver receiver;
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=2s,1h"}));
    const BookedCase booked = bookCase(daemon.http(), acme);
    const auto queued = onlyDelivery(daemon, booked.guid);
    const auto createdAt = parseIsoDate(queued->getValue<std::string>("createdAt"));
    const auto dueAt = parseIsoDate(queued->getValue<std::string>("nextAttemptAt"));
    BOOST_TEST_REQUIRE((createdAt && dueAt));
    BOOST_TEST((*dueAt - *createdAt) == 2000000);
    BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(daemon, booked.guid, "delivered"); }, 10));
    const auto attempts = onlyDelivery(daemon, booked.guid)->getArray("attempts");
    BOOST_TEST_REQUIRE(attempts->size() == 1u);
    const auto attemptedAt = parseIsoDate(attempts->getObject(0)->getValue<std::string>("at"));
    BOOST_TEST_REQUIRE(attemptedAt.has_value());
    BOOST_TEST((*attemptedAt - *createdAt) >= 2000000);
}

// Deliveries leased together before their receiver failed (here 30 come due within one poll) are not all sent to it:
// once one fails, the others are given back unattempted and wait for a probe, as those leased after it do. When the
// receiver is back, each delivery has been sent once.
BOOST_AUTO_TEST_CASE(deliveries_leased_before_their_receiver_failed_wait_for_a_probe) {
    std::atomic<bool> down{true};
    WebhookReceiver receiver([&](const ReceivedWebhook&, int) { return down ? 503 : 200; });
    // Due 2 s after booking; no wake-up brings them earlier than the poll after that (3 s), so one claim takes all.
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=2s,1h", "webhooks.probeEvery=1s", "webhooks.pollMillis=3000",
                                        "webhooks.concurrency=2"}));
    constexpr unsigned cases = 30;
    for (unsigned i = 0; i < cases; ++i) bookCase(daemon.http(), acme);
    const auto all = [&] { return deliveries(daemon, admin, "?event=caseCreated&limit=100"); };
    const auto count = [&](const std::function<bool(const Poco::JSON::Object::Ptr&)>& which) {
        const auto list = all();
        unsigned n = 0;
        for (unsigned i = 0; i < list->size(); ++i) n += which(list->getObject(i)) ? 1 : 0;
        return n;
    };
    const auto inState = [](const std::string& state) {
        return [state](const Poco::JSON::Object::Ptr& d) { return d->getValue<std::string>("state") == state; };
    };
    BOOST_TEST_REQUIRE(all()->size() == cases);
    // The claim came, the receiver failed, and nothing is leased any more.
    BOOST_TEST_REQUIRE(eventually([&] { return !receiver.received().empty() && count(inState("delivering")) == 0; }, 15));
    const std::size_t whileDown = receiver.received().size();
    BOOST_TEST_MESSAGE("attempts while the receiver was down: " << whileDown);
    BOOST_TEST(whileDown <= 4u);  // the attempts under way when the first failed (two slots), not all 30
    BOOST_TEST(count(inState("pending")) == cases);
    down = false;
    // The next probe succeeds and the rest go; those that failed keep their own schedule (an hour).
    BOOST_TEST_REQUIRE(eventually([&] { return receiver.received().size() >= cases && count(inState("delivering")) == 0; },
                                  20));
    BOOST_TEST(count(inState("delivered")) > 0u);
    const auto list = all();
    for (unsigned i = 0; i < list->size(); ++i) {
        const auto delivery = list->getObject(i);
        BOOST_TEST(delivery->getValue<int>("attemptCount") == 1, delivery->getValue<std::string>("guid"));
    }
    BOOST_TEST(receiver.received().size() == cases);
}

BOOST_AUTO_TEST_CASE(a_subscription_failing_for_disable_after_is_disabled_and_enabled_again) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int) { return 500; });
    Daemon daemon(hubDefines(receiver, {"webhooks.schedule=0s,1s,1s,1s,1s", "webhooks.disableAfter=2s"}));
    const BookedCase booked = bookCase(daemon.http(), acme);
    const auto infocareSubscription = [&] {
        const auto all = daemon.http().get("/api/v3/webhooks", infocare).object()->getArray("data");
        return all->getObject(0);
    };
    BOOST_TEST_REQUIRE(eventually([&] { return !infocareSubscription()->getValue<bool>("enabled"); }, 10));
    // Logged once the change is committed, so a moment after the API shows it.
    BOOST_TEST(eventually(
        [&] { return daemon.log().find("disabled: every attempt failed for 2s") != std::string::npos; }, 5));
    BOOST_TEST(!infocareSubscription()->isNull("disabledAt"));
    const std::size_t attempts = receiver.received().size();
    Poco::Thread::sleep(1500);
    BOOST_TEST(receiver.received().size() == attempts);  // its delivery waits, pending
    BOOST_TEST(deliveryIs(daemon, booked.guid, "pending"));

    receiver.answer([](const ReceivedWebhook&, int) { return 200; });
    const std::string guid = infocareSubscription()->getValue<std::string>("guid");
    const HttpResult enabled = daemon.http().post("/api/v3/webhooks/update", infocare,
                                                  R"({"guid":")" + guid + R"(","enabled":true})");
    BOOST_TEST_REQUIRE(enabled.status == 200, enabled.body);
    BOOST_TEST(eventually([&] { return deliveryIs(daemon, booked.guid, "delivered"); }, 5));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(crashes_and_daemons)

BOOST_AUTO_TEST_CASE(sigkill_in_the_middle_of_retries_loses_no_delivery) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int) { return 500; });
    ScratchFolder folder;
    std::set<std::string> expected;
    {
        Daemon first(hubDefines(receiver, {"data.dir=" + folder.path(), "webhooks.schedule=0s,1s,1s,1s,1s,1s,1s,1s"}));
        for (int i = 0; i < 5; ++i) bookCase(first.http(), acme);
        // A failing receiver gets one attempt at a time: a few have failed when the daemon dies.
        BOOST_TEST_REQUIRE(eventually([&] { return receiver.received().size() >= 4; }, 10));
        const auto listed = deliveries(first, admin);
        for (const auto& value : *listed) expected.insert(value.extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("guid"));
        first.kill();
    }
    BOOST_TEST_REQUIRE(expected.size() == 5u);
    receiver.answer([](const ReceivedWebhook&, int) { return 200; });
    // The next start takes the deliveries over once the dead daemon's leases expire (2 x timeout + 30s: shortened).
    Daemon second(hubDefines(receiver, {"data.dir=" + folder.path(), "webhooks.schedule=0s,1s,1s,1s,1s,1s,1s,1s",
                                        "webhooks.timeoutSeconds=1"}));
    BOOST_TEST_REQUIRE(eventually([&] { return deliveries(second, admin, "?state=delivered")->size() == 5u; }, 60));
    std::set<std::string> ids;
    for (const ReceivedWebhook& hook : receiver.received()) ids.insert(hook.header("webhook-id"));
    BOOST_TEST((ids == expected));  // every repeat carried its delivery's id
}

BOOST_AUTO_TEST_CASE(two_daemons_on_one_store_never_attempt_one_delivery_at_once) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int) {
        Poco::Thread::sleep(50);
        return 200;
    });
    ScratchFolder folder;
    Daemon one(hubDefines(receiver, {"data.dir=" + folder.path()}));
    Daemon two(hubDefines(receiver, {"data.dir=" + folder.path()}));
    for (int i = 0; i < 20; ++i) bookCase((i % 2 ? one : two).http(), acme);
    BOOST_TEST_REQUIRE(eventually([&] { return deliveries(one, admin, "?state=delivered")->size() == 20u; }, 30));
    BOOST_TEST(receiver.mostAtOnceForOneId() == 1);
    std::set<std::string> ids;
    for (const ReceivedWebhook& hook : receiver.received()) ids.insert(hook.header("webhook-id"));
    BOOST_TEST(ids.size() == 20u);
    BOOST_TEST(receiver.received().size() == 20u);  // each answered 200 once: no delivery was sent twice
}

// Daemon one queues deliveries but does not send them (webhooks.send = false); daemon two looks at the store for
// deliveries of other daemons only every minute. On PostgreSQL one's commit wakes two's dispatcher at once (NOTIFY);
// on SQLite, with no notices, two finds them at a short poll instead.
BOOST_AUTO_TEST_CASE(deliveries_queued_by_a_daemon_that_does_not_send_are_sent_by_another) {
    WebhookReceiver receiver([](const ReceivedWebhook&, int) { return 200; });
    ScratchFolder folder;
    const std::string poll = onPostgres() ? "60000" : "200";
    Daemon queuing(hubDefines(receiver, {"data.dir=" + folder.path(), "webhooks.send=false"}));
    Daemon sending(hubDefines(receiver, {"data.dir=" + folder.path(), "webhooks.pollMillis=" + poll,
                                         "webhooks.dispatchSchedule=every 2h"}));
    BOOST_TEST(sending.http().get("/ready", "").status == 200);
    BOOST_TEST(queuing.http().get("/ready", "").status == 200);
    Poco::Thread::sleep(1500);  // past the sending daemon's first look at the store
    for (int round = 0; round < 3; ++round) {
        const std::string guid = bookCase(queuing.http(), acme).guid;
        // Well inside the minute of the sending daemon's poll and the two hours of its sweep job.
        BOOST_TEST_REQUIRE(eventually([&] { return deliveryIs(queuing, guid, "delivered"); }, 15), "case " << guid);
    }
    BOOST_TEST(receiver.received().size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(subscriptions)

BOOST_AUTO_TEST_CASE(an_account_manages_its_own_subscriptions_and_rotation_signs_with_both_secrets) {
    WebhookReceiver receiver;
    Daemon daemon(hubDefines(receiver, {"webhooks.allowHttp=true", "webhooks.allowedTargets=127.0.0.1/32",
                                        "webhooks.subscriptions.acme.events=messageConfirmed"}));
    const HttpResult created = daemon.http().post(
        "/api/v3/webhooks/create", acme,
        R"({"url":")" + receiver.url("/mine") + R"(","events":["newMessage"],"headers":{"X-Team":"claims"}})");
    BOOST_TEST_REQUIRE(created.status == 200, created.body);
    const auto subscription = created.object()->getObject("data");
    const std::string guid = subscription->getValue<std::string>("guid");
    const std::string firstSecret = subscription->getValue<std::string>("secret");
    BOOST_TEST(firstSecret.rfind("whsec_", 0) == 0u);
    BOOST_TEST(subscription->getValue<std::string>("origin") == "api");
    BOOST_TEST(subscription->getValue<std::string>("account") == "acme");

    // Listed without its secret; others cannot touch it; an admin sees it.
    const HttpResult listed = daemon.http().get("/api/v3/webhooks", acme);
    BOOST_TEST(listed.body.find(firstSecret) == std::string::npos);
    BOOST_TEST(listed.object()->getArray("data")->size() == 2u);  // the configured one and this one
    BOOST_TEST(daemon.http().post("/api/v3/webhooks/update", globex, R"({"guid":")" + guid + R"(","enabled":false})").status == 403);
    BOOST_TEST(daemon.http().post("/api/v3/webhooks/delete", infocare, R"({"guid":")" + guid + R"("})").status == 403);
    BOOST_TEST(daemon.http().get("/api/v3/webhooks", admin).object()->getArray("data")->size() == 3u);
    BOOST_TEST(daemon.log().find(firstSecret) == std::string::npos);

    const HttpResult rotated = daemon.http().post("/api/v3/webhooks/rotate-secret", acme, R"({"guid":")" + guid + R"("})");
    BOOST_TEST_REQUIRE(rotated.status == 200, rotated.body);
    const std::string secondSecret = rotated.object()->getObject("data")->getValue<std::string>("secret");
    BOOST_TEST(secondSecret != firstSecret);

    const BookedCase booked = bookCase(daemon.http(), acme);
    daemon.http().post("/api/v3/case-messages/create", infocare, R"({"guid":")" + booked.guid + R"(","type":"reminder"})");
    BOOST_TEST_REQUIRE(eventually([&] {
        const auto all = receiver.received();
        return std::any_of(all.begin(), all.end(), [](const ReceivedWebhook& h) { return h.path == "/mine"; });
    }, 5));
    const auto all = receiver.received();
    const ReceivedWebhook hook = *std::find_if(all.begin(), all.end(), [](const ReceivedWebhook& h) { return h.path == "/mine"; });
    BOOST_TEST(hook.header("x-team") == "claims");
    const auto signatures = signaturesOf(hook);
    BOOST_TEST_REQUIRE(signatures.size() == 2u);  // the new secret's and, in the grace period, the old one's
    BOOST_TEST(signatures[0] == opensslSignature(secondSecret, hook));
    BOOST_TEST(signatures[1] == opensslSignature(firstSecret, hook));
    BOOST_TEST(nodeVerdict(firstSecret, hook) == "verified");
    BOOST_TEST(nodeVerdict(secondSecret, hook) == "verified");

    // Update, then delete; the configured one cannot be deleted through the API.
    const HttpResult updated = daemon.http().post("/api/v3/webhooks/update", acme,
                                                  R"({"guid":")" + guid + R"(","method":"PUT","events":[]})");
    BOOST_TEST_REQUIRE(updated.status == 200, updated.body);
    BOOST_TEST(updated.object()->getObject("data")->getValue<std::string>("method") == "PUT");
    BOOST_TEST(updated.object()->getObject("data")->getArray("events")->size() == 0u);
    BOOST_TEST(daemon.http().post("/api/v3/webhooks/delete", acme, R"({"guid":")" + guid + R"("})").status == 200);
    BOOST_TEST(daemon.http().get("/api/v3/webhooks", acme).object()->getArray("data")->size() == 1u);
    const std::string configured =
        daemon.http().get("/api/v3/webhooks", acme).object()->getArray("data")->getObject(0)->getValue<std::string>("guid");
    BOOST_TEST(daemon.http().post("/api/v3/webhooks/delete", acme, R"({"guid":")" + configured + R"("})").status == 409);
}

BOOST_AUTO_TEST_CASE(internal_and_plain_http_urls_are_refused) {
    WebhookReceiver receiver;
    Daemon daemon(hubDefines(receiver));
    const auto refusal = [&](const std::string& url) {
        const HttpResult r = daemon.http().post("/api/v3/webhooks/create", acme, R"({"url":")" + url + R"("})");
        BOOST_TEST(r.status == 400, url << ": " << r.body);
        if (r.status != 400) return std::string();
        return r.object()->getObject("error")->getObject("details")->getArray("url")->getElement<std::string>(0);
    };
    BOOST_TEST(refusal("http://example.com/hook") == "URL must be an https:// URL");
    BOOST_TEST(refusal("https://127.0.0.1/hook").find("internal address") != std::string::npos);
    BOOST_TEST(refusal("https://10.1.2.3/hook").find("internal address") != std::string::npos);
    BOOST_TEST(refusal("https://169.254.169.254/latest").find("internal address") != std::string::npos);
    BOOST_TEST(refusal("https://[::1]/hook").find("internal address") != std::string::npos);
    BOOST_TEST(refusal("https://localhost/hook").find("internal address") != std::string::npos);
    BOOST_TEST(refusal("https://192.168.1.1/hook").find("internal address") != std::string::npos);
    BOOST_TEST(daemon.http().post("/api/v3/webhooks/create", acme, std::string(R"({})")).status == 400);
    BOOST_TEST(daemon.http().post("/api/v3/webhooks/create", acme,
                                  std::string(R"({"url":"https://93.184.215.14/hook","events":["nope"]})")).status == 400);
    BOOST_TEST(daemon.http().post("/api/v3/webhooks/create", acme,
                                  std::string(R"({"url":"https://93.184.215.14/hook","headers":{"webhook-id":"x"}})")).status == 400);
    // A public address literal needs no name lookup and is allowed (nothing is sent until an event comes).
    BOOST_TEST(daemon.http().post("/api/v3/webhooks/create", acme, std::string(R"({"url":"https://93.184.215.14/hook"})")).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

// An upgrade of several daemons: a daemon of a newer release migrated the store past this one's schema. This one
// still answers the API (a balancer drains it through /ready) but claims no job run and no delivery, and runs no
// export asked for through the API, until the store's schema is one it knows again (here: the newer row taken away,
// as a restore would).
BOOST_AUTO_TEST_CASE(a_daemon_whose_store_a_newer_release_migrated_claims_no_jobs_or_deliveries) {
    WebhookReceiver receiver;
    Daemon daemon(hubDefines(receiver, {"store.referenceCheckSeconds=1", "drops.acme.schedule=every 1s",
                                        "drops.acme.stableSeconds=1"}));
    Poco::Data::Session store = openStore(daemon.dataDir());
    const int newer = recordNewerMigration(store);
    BOOST_TEST_REQUIRE(eventually(
        [&] { return daemon.log().find("This one claims no more jobs or webhook deliveries") != std::string::npos; }, 10));

    const BookedCase booked = bookCase(daemon.http(), acme);  // the API still answers
    dropFile(Poco::Path(daemon.dataDir(), "drops/acme").toString(), "cases-demo.csv",
             readFile(std::string(SOHUB_SOURCE_DIR) + "/samples/drops/cases-demo.csv"));
    Poco::Thread::sleep(4000);  // four polls of the drop and forty of the dispatcher
    BOOST_TEST(receiver.received().empty());
    BOOST_TEST(deliveryIs(daemon, booked.guid, "pending"));
    BOOST_TEST(daemon.http().get("/api/v3/imports", acme).object()->getArray("data")->size() == 0u);
    BOOST_TEST(daemon.http().get("/ready", "").status == 503);
    // An export asked for through the API is a run of its job: not started here either.
    const std::string runExport = R"({"name":"infocare"})";
    const HttpResult refused = daemon.http().post("/api/v3/exports/run", infocare, runExport);
    BOOST_TEST(refused.status == 409, refused.body);
    BOOST_TEST(refused.body.find("a daemon of a newer release migrated the store past its schema") != std::string::npos,
               refused.body);

    forgetNewerMigration(store, newer);
    BOOST_TEST(eventually([&] { return deliveryIs(daemon, booked.guid, "delivered"); }, 15));
    BOOST_TEST(eventually([&] { return daemon.http().get("/api/v3/imports?status=done", acme).body.find("cases-demo.csv") != std::string::npos; }, 15));
    BOOST_TEST(eventually(
        [&] { return daemon.log().find("claims jobs and webhook deliveries again") != std::string::npos; }, 5));
    BOOST_TEST(daemon.http().get("/ready", "").status == 200);
    BOOST_TEST(daemon.http().post("/api/v3/exports/run", infocare, runExport).status == 200);
}
