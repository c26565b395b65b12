// End-to-end: requests/log, requests/find and requests/reply (webhook deliveries) between the sample parties.
#define BOOST_TEST_MODULE e2e_requests
#include <boost/test/unit_test.hpp>

#include "support/TestStore.h"
#include "support/BookedCase.h"
#include "support/Daemon.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Path.h>
#include <Poco/Thread.h>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {

struct Hub : TwoPartyHub {

    HttpResult log(const std::string& token, const std::string& body) const {
        return daemon.http().post("/api/v3/requests/log", token, body);
    }
    HttpResult find(const std::string& token, const std::string& body) const {
        return daemon.http().post("/api/v3/requests/find", token, body);
    }
    HttpResult reply(const std::string& token, const std::string& body) const {
        return daemon.http().post("/api/v3/requests/reply", token, body);
    }
    std::string logBody(Poco::Int64 caseId, const std::string& extra = "") const {
        return R"({"type":"testRequest","status":"success","url":"https://umbarov.com/","meta":{"caseId":)" +
               std::to_string(caseId) + R"(},"request":"{}","response":"Some cool content")" + extra + "}";
    }
    // The guid of the newest delivery of this event on the case, found through requests/find.
    std::string deliveryGuid(const std::string& token, Poco::Int64 caseId, const std::string& event) const {
        const HttpResult r = find(token, R"({"caseId":)" + std::to_string(caseId) + R"(,"type":"webhook.)" + event + "\"}");
        BOOST_TEST_REQUIRE(r.status == 200, r.body);
        const auto data = r.object()->getArray("data");
        BOOST_TEST_REQUIRE(data->size() > 0u, r.body);
        return data->getObject(static_cast<unsigned>(data->size() - 1))->getValue<std::string>("guid");
    }
    // The delivery's state as the store has it (the sample receivers do not listen here, so every attempt fails and
    // an open delivery is pending, or delivering while an attempt is under way).
    std::string deliveryState(const std::string& deliveryGuid) const {
        Poco::Data::Session session = openStore(daemon.dataDir());
        std::string state, guid = deliveryGuid;
        session << "SELECT state FROM webhook_deliveries WHERE guid = ?", use(guid), into(state), now;
        return state == "delivering" ? "pending" : state;
    }
};

std::string errorOf(const HttpResult& r) { return r.object()->getObject("error")->getValue<std::string>("message"); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(logging, Hub)

BOOST_AUTO_TEST_CASE(documented_example_is_stored_and_returned) {
    const HttpResult r = log(acme, logBody(acmeCase.id));
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto data = r.object()->getObject("data");
    BOOST_TEST(data->getValue<int>("id") > 0);
    BOOST_TEST(data->getValue<std::string>("guid").size() == 36u);
    BOOST_TEST(data->getValue<Poco::Int64>("caseId") == acmeCase.id);
    BOOST_TEST(data->getValue<std::string>("type") == "testRequest");
    BOOST_TEST(data->getValue<std::string>("status") == "success");
    BOOST_TEST(data->getValue<std::string>("url") == "https://umbarov.com/");
    BOOST_TEST(data->getObject("meta")->getValue<Poco::Int64>("caseId") == acmeCase.id);
    BOOST_TEST(data->getValue<std::string>("request") == "{}");
    BOOST_TEST(data->getValue<std::string>("response") == "Some cool content");
    BOOST_TEST(data->isNull("message"));
    // The case lists it.
    const HttpResult read = daemon.http().get("/api/v3/case?guid=" + acmeCase.guid + "&includeRequests=1", acme);
    BOOST_TEST(read.body.find("Some cool content") != std::string::npos);
    // Joi converts a numeric caseId and hands the converted value on: it is stored as a number.
    const HttpResult converted = log(acme, R"({"type":"t","status":"error","meta":{"caseId":")" +
                                               std::to_string(acmeCase.id) + R"(","note":"x"}})");
    BOOST_TEST_REQUIRE(converted.status == 200, converted.body);
    BOOST_TEST(toJson(converted.object()->getObject("data")->get("meta")) ==
               R"({"caseId":)" + std::to_string(acmeCase.id) + R"(,"note":"x"})");
    // A provider logs on the cases routed to it.
    BOOST_TEST(log(infocare, logBody(acmeCase.id, R"(,"status":"error","message":"Timeout")")).status == 200);
}

BOOST_AUTO_TEST_CASE(validation_in_joi_wording) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"status":"success","meta":{"caseId":1}})", R"(child "type" fails because ["type" is required])"},
        {R"({"type":"t","meta":{"caseId":1}})", R"(child "status" fails because ["status" is required])"},
        {R"({"type":"t","status":"toRetry","meta":{"caseId":1}})",
         R"(child "status" fails because ["status" must be one of [success, error]])"},
        {R"({"type":"t","status":"error","url":"not a url","meta":{"caseId":1}})",
         R"(child "url" fails because ["url" must be a valid uri])"},
        {R"({"type":"t","status":"error"})", R"(child "meta" fails because ["meta" is required])"},
        {R"({"type":"t","status":"error","meta":{}})",
         R"(child "meta" fails because [child "caseId" fails because ["caseId" is required]])"},
        {R"({"type":"t","status":"error","meta":{"caseId":"seven"}})",
         R"(child "meta" fails because [child "caseId" fails because ["caseId" must be a number]])"},
        {R"({"type":7,"status":"error","meta":{"caseId":1}})", R"(child "type" fails because ["type" must be a string])"},
        {R"({"type":"t","status":"error","meta":{"caseId":1},"response":{}})",
         R"(child "response" fails because ["response" must be a string])"},
    };
    for (const auto& [body, expected] : cases) {
        const HttpResult r = log(acme, body);
        BOOST_TEST(r.status == 400, body);
        BOOST_TEST(errorOf(r) == expected);
    }
    BOOST_TEST(errorOf(log(acme, "")) == R"(child "type" fails because ["type" is required])");  // no body
}

BOOST_AUTO_TEST_CASE(unknown_case_is_404_and_other_parties_case_is_403) {
    BOOST_TEST(log(acme, logBody(999999)).status == 404);
    const HttpResult r = log(acme, logBody(globexCase.id));
    BOOST_TEST(r.status == 403);
    BOOST_TEST(errorOf(r) == "No access");
    BOOST_TEST(log(nordic, logBody(acmeCase.id)).status == 403);
    BOOST_TEST(log(globex, logBody(acmeCase.id)).status == 403);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(finding, Hub)

BOOST_AUTO_TEST_CASE(by_case_type_and_status_with_pagination) {
    for (int i = 0; i < 5; ++i) BOOST_TEST(log(acme, logBody(acmeCase.id)).status == 200);
    BOOST_TEST(log(acme, logBody(acmeCase.id, R"(,"status":"error")")).status == 200);
    const HttpResult page = find(acme, R"({"caseId":)" + std::to_string(acmeCase.id) +
                                           R"(,"type":"testRequest","status":"success","limit":2,"offset":1})");
    BOOST_TEST_REQUIRE(page.status == 200, page.body);
    const auto body = page.object();
    BOOST_TEST(body->getArray("data")->size() == 2u);
    const auto pagination = body->getObject("pagination");
    BOOST_TEST(pagination->getValue<int>("total") == 5);
    BOOST_TEST(pagination->getValue<int>("limit") == 2);
    BOOST_TEST(pagination->getValue<int>("offset") == 1);
    const HttpResult errors = find(infocare, R"({"type":"testRequest","status":"error"})");
    BOOST_TEST(errors.object()->getObject("pagination")->getValue<int>("total") == 1);
    BOOST_TEST(toJson(find(acme, "{}").object()->getObject("pagination")->get("limit")) == "50");
}

BOOST_AUTO_TEST_CASE(callers_see_only_their_cases_and_their_own_requests) {
    BOOST_TEST(log(acme, logBody(acmeCase.id)).status == 200);
    BOOST_TEST(log(globex, logBody(globexCase.id)).status == 200);
    const auto types = [&](const std::string& token) {
        const auto data = find(token, R"({"type":"testRequest"})").object()->getArray("data");
        std::vector<Poco::Int64> cases;
        for (std::size_t i = 0; i < data->size(); ++i)
            cases.push_back(data->getObject(static_cast<unsigned>(i))->getValue<Poco::Int64>("caseId"));
        return cases;
    };
    BOOST_TEST(types(acme) == std::vector<Poco::Int64>{acmeCase.id});
    BOOST_TEST(types(infocare) == std::vector<Poco::Int64>{acmeCase.id});
    BOOST_TEST(types(globex) == std::vector<Poco::Int64>{globexCase.id});
    BOOST_TEST(types(nordic) == std::vector<Poco::Int64>{globexCase.id});
    BOOST_TEST(types(servicedesk).size() == 2u);
    BOOST_TEST(find(acme, R"({"caseId":)" + std::to_string(globexCase.id) + "}").status == 403);
}

BOOST_AUTO_TEST_CASE(tracking_id_finds_a_case_that_was_never_created) {
    auto broken = example({set("trackingId", R"("track-failed-7")"), drop("clientPostalCode")});
    BOOST_TEST(daemon.http().post("/api/v3/case/create", acme, text(broken)).status == 400);
    const HttpResult r = find(acme, R"({"trackingId":"track-failed-7"})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto data = r.object()->getArray("data");
    BOOST_TEST_REQUIRE(data->size() == 1u);
    BOOST_TEST(data->getObject(0)->getValue<std::string>("type") == "caseCreated");
    BOOST_TEST(data->getObject(0)->isNull("caseId"));
    BOOST_TEST(find(globex, R"({"trackingId":"track-failed-7"})").object()->getArray("data")->size() == 0u);
    const HttpResult byQuery = daemon.http().get("/api/v3/requests/find?tracking_id=track-failed-7&limit=5", acme);
    BOOST_TEST_REQUIRE(byQuery.status == 200, byQuery.body);
    BOOST_TEST(byQuery.object()->getArray("data")->size() == 1u);
    BOOST_TEST(byQuery.object()->getObject("pagination")->getValue<int>("limit") == 5);
    BOOST_TEST(find(infocare, R"({"trackingId":"track-failed-7"})").object()->getArray("data")->size() == 0u);
}

BOOST_AUTO_TEST_CASE(validation_in_joi_wording) {
    BOOST_TEST(errorOf(find(acme, R"({"limit":501})")) ==
               R"(child "limit" fails because ["limit" must be less than or equal to 500])");
    BOOST_TEST(errorOf(find(acme, R"({"limit":0})")) ==
               R"(child "limit" fails because ["limit" must be larger than or equal to 1])");
    BOOST_TEST(errorOf(find(acme, R"({"offset":-1})")) ==
               R"(child "offset" fails because ["offset" must be larger than or equal to 0])");
    BOOST_TEST(errorOf(find(acme, R"({"caseId":"x"})")) == R"(child "caseId" fails because ["caseId" must be a number])");
    BOOST_TEST(find(acme, R"([])").status == 400);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(replying, Hub)

BOOST_AUTO_TEST_CASE(receiver_ends_or_renews_a_delivery) {
    const HttpResult posted = daemon.http().post("/api/v3/case-messages/create", acme,
                                                 R"({"guid":")" + acmeCase.guid + R"(","type":"reminder"})");
    BOOST_TEST_REQUIRE(posted.status == 200);
    const std::string delivery = deliveryGuid(infocare, acmeCase.id, "newMessage");
    BOOST_TEST(deliveryState(delivery) == "pending");

    const HttpResult retry = reply(infocare, R"({"guid":")" + delivery + R"(","status":"toRetry","message":"busy"})");
    BOOST_TEST_REQUIRE(retry.status == 200, retry.body);
    const auto data = retry.object()->getObject("data");
    BOOST_TEST(data->getValue<std::string>("guid") == delivery);
    BOOST_TEST(data->getValue<std::string>("type") == "webhook.newMessage");
    BOOST_TEST(data->getValue<std::string>("status") == "toRetry");
    BOOST_TEST(data->getValue<std::string>("message") == "busy");
    BOOST_TEST(data->getObject("meta")->getValue<std::string>("event") == "newMessage");
    BOOST_TEST(deliveryState(delivery) == "pending");

    BOOST_TEST(reply(infocare, R"({"guid":")" + delivery + R"(","status":"success"})").status == 200);
    BOOST_TEST(deliveryState(delivery) == "delivered");
    // success ended the repetition: a later toRetry does not start it again.
    BOOST_TEST(reply(infocare, R"({"guid":")" + delivery + R"(","status":"toRetry"})").status == 200);
    BOOST_TEST(deliveryState(delivery) == "delivered");

    // The partner's side hears of the case's creation? No: caseCreated goes to the provider. An error ends it.
    const std::string created = deliveryGuid(infocare, acmeCase.id, "caseCreated");
    BOOST_TEST(reply(infocare, R"({"guid":")" + created + R"(","status":"error","message":"no\u0000way"})").status ==
               200);
    BOOST_TEST(deliveryState(created) == "failed");
    // The reply's message is kept whole; a NUL is U+FFFD on PostgreSQL, whose text holds none (libpq had cut it).
    const auto requests = daemon.http()
                              .get("/api/v3/case?includeRequests=1&guid=" + acmeCase.guid, infocare)
                              .object()->getObject("data")->getArray("externalRequests");
    std::string stored;
    for (std::size_t i = 0; i < requests->size(); ++i)
        if (requests->getObject(i)->getValue<std::string>("guid") == created)
            stored = requests->getObject(i)->getValue<std::string>("message");
    BOOST_TEST(stored == "no" + (onPostgres() ? std::string("\xEF\xBF\xBD") : std::string(1, '\0')) + "way");
    BOOST_TEST(reply(infocare, R"({"guid":")" + created + R"(","status":"toRetry"})").status == 200);
    BOOST_TEST(deliveryState(created) == "failed");
}

BOOST_AUTO_TEST_CASE(only_the_recipient_party_may_reply) {
    daemon.http().post("/api/v3/case-messages/create", acme, R"({"guid":")" + acmeCase.guid + R"(","type":"reminder"})");
    const std::string toProvider = deliveryGuid(infocare, acmeCase.id, "newMessage");
    const std::string body = R"({"guid":")" + toProvider + R"(","status":"success"})";
    BOOST_TEST(reply(acme, body).status == 403);  // the sender's side
    BOOST_TEST(errorOf(reply(nordic, body)) == "No access");
    BOOST_TEST(reply(globex, body).status == 403);
    BOOST_TEST(reply(servicedesk, body).status == 200);  // acts for provider 1 too

    daemon.http().post("/api/v3/case-messages/create", infocare,
                       R"({"guid":")" + acmeCase.guid + R"(","type":"reminder"})");
    const std::string toPartner = deliveryGuid(acme, acmeCase.id, "newMessage");
    BOOST_TEST(toPartner != toProvider);
    BOOST_TEST(reply(infocare, R"({"guid":")" + toPartner + R"(","status":"success"})").status == 403);
    BOOST_TEST(reply(acme, R"({"guid":")" + toPartner + R"(","status":"success"})").status == 200);
}

BOOST_AUTO_TEST_CASE(unknown_guids_and_requests_that_are_no_delivery_are_404) {
    BOOST_TEST(reply(infocare, R"({"guid":"1e0abcb7-b94c-4072-a9c0-37072a1ef015","status":"success"})").status == 404);
    const std::string logged = log(acme, logBody(acmeCase.id)).object()->getObject("data")->getValue<std::string>("guid");
    BOOST_TEST(reply(acme, R"({"guid":")" + logged + R"(","status":"success"})").status == 404);
}

BOOST_AUTO_TEST_CASE(validation_in_joi_wording) {
    BOOST_TEST(errorOf(reply(acme, R"({"status":"success"})")) == R"(child "guid" fails because ["guid" is required])");
    BOOST_TEST(errorOf(reply(acme, R"({"guid":"1e0abcb7-b94c-4072-a9c0-37072a1ef015","status":"done"})")) ==
               R"(child "status" fails because ["status" must be one of [success, error, toRetry]])");
    BOOST_TEST(errorOf(reply(acme, R"({"guid":"1e0abcb7-b94c-4072-a9c0-37072a1ef015"})")) ==
               R"(child "status" fails because ["status" is required])");
    BOOST_TEST(errorOf(reply(acme, "")) == R"(child "guid" fails because ["guid" is required])");  // no body
}

BOOST_AUTO_TEST_CASE(no_attempts_left_ends_the_repetition) {
    // The keys of the first delivery design still work: one attempt, which fails (nothing listens), ends it.
    Daemon strict({"webhooks.schedule=", "webhooks.maxAttempts=1", "webhooks.retryDelaySeconds=1"});
    const BookedCase booked = bookCase(strict.http(), acme);
    const auto found = strict.http().post("/api/v3/requests/find", infocare,
                                          R"({"caseId":)" + std::to_string(booked.id) + R"(,"type":"webhook.caseCreated"})");
    std::string guid = found.object()->getArray("data")->getObject(0)->getValue<std::string>("guid");
    Poco::Data::Session session = openStore(strict.dataDir());
    const auto state = [&] {
        std::string current;
        session << "SELECT state FROM webhook_deliveries WHERE guid = ?", use(guid), into(current), now;
        return current;
    };
    for (int i = 0; i < 100 && state() != "failed"; ++i) Poco::Thread::sleep(100);
    BOOST_TEST_REQUIRE(state() == "failed");
    const HttpResult retry =
        strict.http().post("/api/v3/requests/reply", infocare, R"({"guid":")" + guid + R"(","status":"toRetry"})");
    BOOST_TEST(retry.status == 200);
    BOOST_TEST(retry.object()->getObject("data")->getValue<std::string>("status") == "pending");  // unchanged: no reply came
    BOOST_TEST(state() == "failed");
}

BOOST_AUTO_TEST_SUITE_END()
