// End-to-end: case-messages/create, GET case-messages and case-messages/confirm between the sample parties.
#define BOOST_TEST_MODULE e2e_messages
#include <boost/test/unit_test.hpp>

#include "support/TestStore.h"
#include "support/BookedCase.h"
#include "support/Daemon.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Path.h>
#include <Poco/RegularExpression.h>
#include <Poco/String.h>
#include <Poco/Tuple.h>

#include <chrono>
#include <thread>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {

struct Hub : TwoPartyHub {

    HttpResult create(const std::string& token, const std::string& body) const {
        return daemon.http().post("/api/v3/case-messages/create", token, body);
    }
    Poco::JSON::Object::Ptr message(const std::string& token, const std::string& caseGuid,
                                    const std::string& extra = "") const {
        const HttpResult r = create(token, R"({"guid":")" + caseGuid + R"(","content":"Hello","type":"serviceComment")" +
                                               extra + "}");
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        return r.object();
    }
    HttpResult list(const std::string& token, const std::string& caseGuid) const {
        return daemon.http().get("/api/v3/case-messages?guid=" + caseGuid, token);
    }
    HttpResult confirm(const std::string& token, const std::string& body) const {
        return daemon.http().post("/api/v3/case-messages/confirm", token, body);
    }
    // (event, recipient_role, recipient_id, recipient_account_id or 0, payload) of the message events, in id order.
    std::vector<Poco::Tuple<std::string, std::string, int, int, std::string>> outbox() const {
        Poco::Data::Session session = openStore(daemon.dataDir());
        std::vector<Poco::Tuple<std::string, std::string, int, int, std::string>> rows;
        session << "SELECT event, recipient_role, recipient_id, COALESCE(recipient_account_id, 0), payload FROM outbox "
                   "WHERE event IN ('newMessage', 'messageConfirmed') "
                   "ORDER BY id",
            into(rows), now;
        return rows;
    }
};

std::string errorOf(const HttpResult& r) { return r.object()->getObject("error")->getValue<std::string>("message"); }

// The keys of a JSON object in the order the text gives them.
std::vector<std::string> keysOf(const Poco::Dynamic::Var& parsed) {
    std::vector<std::string> names;
    parsed.extract<Poco::JSON::Object::Ptr>()->getNames(names);
    return names;
}
Poco::Dynamic::Var parseInOrder(const std::string& text) {
    return Poco::JSON::Parser(new Poco::JSON::ParseHandler(true)).parse(text);
}

// The key orders the Messages document shows: create's output, and the list's (senderType after type).
const std::vector<std::string> createdKeys = {"id",          "caseId",    "guid",      "senderAccountId",
                                              "senderType",  "content",   "type",      "externalId",
                                              "confirmedAt", "createdAt", "updatedAt", "declaredAt"};
const std::vector<std::string> listedKeys = {"id",          "caseId",    "guid",      "senderAccountId",
                                             "content",     "type",      "senderType", "externalId",
                                             "confirmedAt", "createdAt", "updatedAt", "declaredAt"};

bool isIsoMillis(const std::string& text) {
    static const Poco::RegularExpression shape(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
    return shape.match(text);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(create, Hub)

BOOST_AUTO_TEST_CASE(partner_message_has_the_documented_shape) {
    const HttpResult r = create(acme, R"({"guid":")" + acmeCase.guid +
                                          R"(","content":"Test message","type":"serviceComment",)"
                                          R"("declaredAt":"2017-07-25T12:12:54.003+02:00","externalId":"test-42"})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto m = r.object();
    BOOST_TEST(m->getValue<int>("id") > 0);
    BOOST_TEST(m->getValue<Poco::Int64>("caseId") == acmeCase.id);
    BOOST_TEST(m->getValue<std::string>("guid") == acmeCase.guid);
    BOOST_TEST(m->getValue<int>("senderAccountId") == 1001);
    BOOST_TEST(m->getValue<std::string>("senderType") == "partner");
    BOOST_TEST(m->getValue<std::string>("content") == "Test message");
    BOOST_TEST(m->getValue<std::string>("type") == "serviceComment");
    BOOST_TEST(m->getValue<std::string>("externalId") == "test-42");
    BOOST_TEST(m->has("confirmedAt"));
    BOOST_TEST(m->isNull("confirmedAt"));
    BOOST_TEST(m->getValue<std::string>("declaredAt") == "2017-07-25T10:12:54.003Z");
    BOOST_TEST(isIsoMillis(m->getValue<std::string>("createdAt")));
    BOOST_TEST(m->getValue<std::string>("updatedAt") == m->getValue<std::string>("createdAt"));
    BOOST_TEST(!m->has("data"));
    BOOST_TEST(m->size() == 12u);
    BOOST_TEST(keysOf(parseInOrder(r.body)) == createdKeys);
}

// A GUID is its hexadecimal digits, whatever their case: an uppercase one names the same case, answered in lowercase.
BOOST_AUTO_TEST_CASE(an_uppercase_guid_names_the_same_case) {
    const HttpResult r = create(acme, R"({"guid":")" + Poco::toUpper(acmeCase.guid) + R"(","type":"serviceComment"})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    BOOST_TEST(r.object()->getValue<Poco::Int64>("caseId") == acmeCase.id);
    BOOST_TEST(r.object()->getValue<std::string>("guid") == acmeCase.guid);
}

BOOST_AUTO_TEST_CASE(empty_declared_at_is_the_current_time) {
    // Footnote 2: "If empty, the current time will be used."
    const HttpResult r = create(acme, R"({"guid":")" + acmeCase.guid + R"(","type":"reminder","declaredAt":""})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    BOOST_TEST(r.object()->getValue<std::string>("declaredAt") == r.object()->getValue<std::string>("createdAt"));
}

BOOST_AUTO_TEST_CASE(no_body_gets_the_documented_error) {
    const HttpResult r = create(acme, "");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body == R"({"error":{"message":"child \"guid\" fails because [\"guid\" is required]"}})");
}

BOOST_AUTO_TEST_CASE(declared_at_defaults_to_now_and_optional_fields_to_null) {
    const HttpResult r = create(infocare, R"({"guid":")" + acmeCase.guid + R"(","type":"spareParts"})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto m = r.object();
    BOOST_TEST(m->getValue<std::string>("declaredAt") == m->getValue<std::string>("createdAt"));
    BOOST_TEST(m->getValue<std::string>("senderType") == "provider");
    BOOST_TEST(m->getValue<int>("senderAccountId") == 1003);
    BOOST_TEST(m->isNull("content"));
    BOOST_TEST(m->isNull("externalId"));
}

BOOST_AUTO_TEST_CASE(documented_error_and_joi_wording) {
    const std::string g = R"("guid":")" + acmeCase.guid + R"(",)";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"content":"x","type":"serviceComment"})", R"(child "guid" fails because ["guid" is required])"},
        {R"({"guid":"nope","type":"serviceComment"})", R"(child "guid" fails because ["guid" must be a valid GUID])"},
        {"{" + g + R"("content":"x"})", R"(child "type" fails because ["type" is required])"},
        {"{" + g + R"("type":"chat"})",
         R"(child "type" fails because ["type" must be one of [serviceComment, customerCenterReply, )"
         R"(costProposalRejectRur, costProposalRejectScrap, statusRequest, spareParts, reminder, costProposal, )"
         R"(shipment, forwarding]])"},
        {"{" + g + R"("type":"reminder","content":5})", R"(child "content" fails because ["content" must be a string])"},
        {"{" + g + R"("type":"reminder","externalId":")" + std::string(513, 'x') + R"("})",
         R"(child "externalId" fails because ["externalId" length must be less than or equal to 512 characters long])"},
        {"{" + g + R"("type":"reminder","userName":")" + std::string(513, 'x') + R"("})",
         R"(child "userName" fails because ["userName" length must be less than or equal to 512 characters long])"},
        {"{" + g + R"("type":"reminder","parentMessageId":"first"})",
         R"(child "parentMessageId" fails because ["parentMessageId" must be a number])"},
        {"{" + g + R"("type":"reminder","declaredAt":"yesterday"})",
         R"(child "declaredAt" fails because ["declaredAt" must be a number of milliseconds or valid date string])"},
        {"[1]", R"("value" must be an object)"},
    };
    for (const auto& [body, expected] : cases) {
        const HttpResult r = create(acme, body);
        BOOST_TEST(r.status == 400, body);
        BOOST_TEST(errorOf(r) == expected);
    }
}

BOOST_AUTO_TEST_CASE(external_id_of_512_characters_and_date_in_milliseconds_are_fine) {
    const HttpResult r = create(acme, R"({"guid":")" + acmeCase.guid + R"(","type":"reminder","externalId":")" +
                                          std::string(512, 'x') + R"(","declaredAt":1500977574003})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    BOOST_TEST(r.object()->getValue<std::string>("declaredAt") == "2017-07-25T10:12:54.003Z");
}

BOOST_AUTO_TEST_CASE(unknown_case_is_404_and_other_parties_case_is_403) {
    const std::string unknown = R"({"guid":"1e0abcb7-b94c-4072-a9c0-37072a1ef015","type":"reminder"})";
    BOOST_TEST(create(acme, unknown).status == 404);
    const std::string onGlobex = R"({"guid":")" + globexCase.guid + R"(","type":"reminder"})";
    const HttpResult partner = create(acme, onGlobex);
    BOOST_TEST(partner.status == 403);
    BOOST_TEST(errorOf(partner) == "No access");
    BOOST_TEST(create(infocare, onGlobex).status == 403);  // provider 1, case at provider 2
    BOOST_TEST(create(globex, R"({"guid":")" + acmeCase.guid + R"(","type":"reminder"})").status == 403);
    BOOST_TEST(create(nordic, R"({"guid":")" + acmeCase.guid + R"(","type":"reminder"})").status == 403);
    BOOST_TEST(create(nordic, onGlobex).status == 200);
    BOOST_TEST(create(globex, onGlobex).status == 200);
}

BOOST_AUTO_TEST_CASE(parent_must_be_a_message_of_the_same_case) {
    const auto parent = message(acme, acmeCase.guid);
    const auto reply =
        message(infocare, acmeCase.guid, R"(,"parentMessageId":)" + std::to_string(parent->getValue<int>("id")));
    BOOST_TEST(reply->getValue<std::string>("senderType") == "provider");
    const auto foreign = message(globex, globexCase.guid);
    const HttpResult r = create(acme, R"({"guid":")" + acmeCase.guid + R"(","type":"reminder","parentMessageId":)" +
                                          std::to_string(foreign->getValue<int>("id")) + "}");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(errorOf(r).find(R"(child "parentMessageId" fails)") == 0u);
}

BOOST_AUTO_TEST_CASE(new_message_event_goes_to_the_other_party_only) {
    const auto fromPartner = message(acme, acmeCase.guid, R"(,"userName":"Eva","userEmail":"eva@acme.example")");
    const auto fromProvider = message(infocare, acmeCase.guid);
    const auto rows = outbox();
    BOOST_TEST_REQUIRE(rows.size() == 2u);
    BOOST_TEST(rows[0].get<0>() == "newMessage");
    BOOST_TEST(rows[0].get<1>() == "provider");
    BOOST_TEST(rows[0].get<2>() == 1);
    const auto payload = parseJson(rows[0].get<4>()).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(payload->getValue<int>("id") == fromPartner->getValue<int>("id"));
    BOOST_TEST(payload->getValue<std::string>("userName") == "Eva");
    BOOST_TEST(payload->getValue<std::string>("userEmail") == "eva@acme.example");
    BOOST_TEST(payload->isNull("parentMessageId"));
    BOOST_TEST(payload->getValue<std::string>("guid") == acmeCase.guid);
    BOOST_TEST(rows[1].get<1>() == "partner");
    BOOST_TEST(rows[1].get<2>() == 1);
    BOOST_TEST(rows[1].get<3>() == 1001);
}

BOOST_AUTO_TEST_CASE(servicedesk_acts_for_the_provider_it_names) {
    const std::string body = R"({"guid":")" + acmeCase.guid + R"(","type":"reminder"})";
    const HttpResult asOne = daemon.http().request("POST", "/api/v3/case-messages/create", body,
                                                   {{"X-Hub-Api-Token", servicedesk}, {"X-Service-Provider", "1"}});
    BOOST_TEST(asOne.status == 200);
    const HttpResult asTwo = daemon.http().request("POST", "/api/v3/case-messages/create", body,
                                                   {{"X-Hub-Api-Token", servicedesk}, {"X-Service-Provider", "2"}});
    BOOST_TEST(asTwo.status == 403);
}

BOOST_AUTO_TEST_CASE(post_takes_no_query_parameters_and_needs_a_token) {
    const HttpResult query =
        daemon.http().post("/api/v3/case-messages/create?guid=" + acmeCase.guid, acme, std::string("{}"));
    BOOST_TEST(query.status == 400);
    BOOST_TEST(query.object()->getObject("error")->getObject("details")->getArray("guid")->getElement<std::string>(0) ==
               "Parameter is not allowed in the query string of a POST request");
    // A GET that takes no parameter says the parameter is unknown, not that it came with a POST.
    const HttpResult health = daemon.http().get("/health?guid=x", "");
    BOOST_TEST(health.status == 400);
    const auto details = health.object()->getObject("error")->getObject("details");
    BOOST_TEST(details->getArray("guid")->getElement<std::string>(0) == "Unknown parameter");
    BOOST_TEST(daemon.http().post("/api/v3/case-messages/create", std::string(), std::string("{}")).status == 401);
    BOOST_TEST(create(acme, "{not json").status == 400);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(list, Hub)

BOOST_AUTO_TEST_CASE(both_parties_see_all_messages_in_id_order) {
    const auto first = message(acme, acmeCase.guid);
    const auto second = message(infocare, acmeCase.guid, R"(,"externalId":"ws-1")");
    message(globex, globexCase.guid);
    for (const std::string& token : {acme, infocare, servicedesk}) {
        const HttpResult r = list(token, acmeCase.guid);
        BOOST_TEST_REQUIRE(r.status == 200, r.body);
        const auto items = r.array();
        BOOST_TEST_REQUIRE(items->size() == 2u);
        BOOST_TEST(items->getObject(0)->getValue<int>("id") == first->getValue<int>("id"));
        BOOST_TEST(items->getObject(1)->getValue<int>("id") == second->getValue<int>("id"));
        for (const std::string& key : listedKeys)
            BOOST_TEST(toJson(items->getObject(1)->get(key)) == toJson(second->get(key)), key);
    }
}

// A list larger than the server writes in one piece with its head (64 KiB) arrives whole, its length as sent; HEAD
// gives that length and no body.
BOOST_AUTO_TEST_CASE(a_long_list_arrives_whole_and_head_gives_its_length) {
    const std::string content(1000, 'x');
    for (int i = 0; i < 120; ++i) {
        const HttpResult created = create(acme, R"({"guid":")" + acmeCase.guid + R"(","content":")" + content +
                                                    std::to_string(i) + R"(","type":"serviceComment"})");
        BOOST_TEST_REQUIRE(created.status == 200, created.body);
    }
    const HttpResult r = list(infocare, acmeCase.guid);
    BOOST_TEST_REQUIRE(r.status == 200);
    BOOST_TEST(r.body.size() > 120000u);
    BOOST_TEST(r.header("Content-Length") == std::to_string(r.body.size()));
    const auto items = r.array();
    BOOST_TEST_REQUIRE(items->size() == 120u);
    BOOST_TEST(items->getObject(119)->getValue<std::string>("content") == content + "119");
    const HttpResult head = daemon.http().request("HEAD", "/api/v3/case-messages?guid=" + acmeCase.guid, "",
                                                  {{"X-Hub-Api-Token", infocare}});
    BOOST_TEST(head.status == 200);
    BOOST_TEST(head.header("Content-Length") == std::to_string(r.body.size()));
    BOOST_TEST(head.body.empty());
    BOOST_TEST(list(infocare, acmeCase.guid).body == r.body);  // the connection goes on after both
}

// A NUL inside a text keeps what follows it: SQLite stores the text as sent; PostgreSQL's text holds no U+0000, so
// there it is stored as U+FFFD (libpq read the text up to the NUL: "a\u0000b" was stored as "a").
BOOST_AUTO_TEST_CASE(a_nul_in_a_text_loses_nothing_after_it) {
    const HttpResult r = create(acme, R"({"guid":")" + acmeCase.guid +
                                          R"(","type":"reminder","content":"a\u0000b","externalId":"x\u0000y"})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const std::string nul = onPostgres() ? "\xEF\xBF\xBD" : std::string(1, '\0');
    const auto listed = list(infocare, acmeCase.guid).array()->getObject(0);
    BOOST_TEST(listed->getValue<std::string>("content") == "a" + nul + "b");
    BOOST_TEST(listed->getValue<std::string>("externalId") == "x" + nul + "y");
}

BOOST_AUTO_TEST_CASE(items_have_the_keys_in_the_order_of_the_document) {
    message(acme, acmeCase.guid);
    const HttpResult r = list(infocare, acmeCase.guid);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const Poco::Dynamic::Var items = parseInOrder(r.body);
    BOOST_TEST(keysOf(items.extract<Poco::JSON::Array::Ptr>()->get(0)) == listedKeys);
}

BOOST_AUTO_TEST_CASE(webhook_body_is_the_listed_message_plus_parent_and_user) {
    message(acme, acmeCase.guid, R"(,"userName":"Eva")");
    const auto rows = outbox();
    BOOST_TEST_REQUIRE(rows.size() == 1u);
    std::vector<std::string> expected = listedKeys;
    expected.insert(expected.end(), {"parentMessageId", "userName", "userEmail"});
    BOOST_TEST(keysOf(parseInOrder(rows[0].get<4>())) == expected);
}

BOOST_AUTO_TEST_CASE(empty_case_lists_an_empty_array) {
    const HttpResult r = list(infocare, acmeCase.guid);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == "[]");
}

BOOST_AUTO_TEST_CASE(other_parties_unknown_cases_and_bad_parameters) {
    BOOST_TEST(list(globex, acmeCase.guid).status == 403);
    BOOST_TEST(errorOf(list(nordic, acmeCase.guid)) == "No access");
    BOOST_TEST(list(acme, globexCase.guid).status == 403);
    BOOST_TEST(list(infocare, "1e0abcb7-b94c-4072-a9c0-37072a1ef015").status == 404);
    const HttpResult missing = daemon.http().get("/api/v3/case-messages", acme);
    BOOST_TEST(missing.status == 400);
    BOOST_TEST(errorOf(missing) == R"(child "guid" fails because ["guid" is required])");
    BOOST_TEST(daemon.http().get("/api/v3/case-messages?guid=" + acmeCase.guid + "&colour=red", acme).status == 400);
    BOOST_TEST(daemon.http().get("/api/v3/case-messages?accessToken=" + acme + "&guid=" + acmeCase.guid, "").status ==
               200);
}

BOOST_AUTO_TEST_SUITE_END()

// An answer the client does not read is given up after http.timeoutSeconds, and its connection closed: Poco sets no
// send timeout, so the thread waited for the client to read however long that took (a client that never reads held
// it for good), and a connection whose answer broke off stayed open for a next request.
BOOST_AUTO_TEST_CASE(an_answer_the_client_does_not_read_is_given_up_and_its_connection_closed) {
    TwoPartyHub hub({"http.timeoutSeconds=1", "http.keepAliveTimeoutSeconds=30", "json.maxStringBytes=9000000"});
    const std::string content(8 * 1024 * 1024, 'x');  // more than the sockets' buffers take; within http.maxBodySize
    const HttpResult created = hub.daemon.http().post(
        "/api/v3/case-messages/create", acme,
        R"({"guid":")" + hub.acmeCase.guid + R"(","content":")" + content + R"(","type":"serviceComment"})");
    BOOST_TEST_REQUIRE(created.status == 200);
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress::IPv4);
    socket.setReceiveBufferSize(4096);
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(hub.daemon.port())));
    const std::string request = "GET /api/v3/case-messages?guid=" + hub.acmeCase.guid + "&accessToken=" + infocare +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    // Reads nothing for long past the send timeout: the kernel still takes some of the answer for a write or two (on
    // loopback, about 180 KB after the first 2.8 MB), then a write makes no progress within the timeout.
    std::this_thread::sleep_for(std::chrono::seconds(8));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    std::size_t received = 0;
    bool closed = false;
    char buffer[65536];
    try {
        for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) received += static_cast<std::size_t>(n);
        closed = true;
    } catch (const Poco::TimeoutException&) {
        // Still open after the answer: the connection waits for a next request.
    } catch (const Poco::Net::ConnectionResetException&) {
        closed = true;
    }
    BOOST_TEST(closed);
    BOOST_TEST(received < content.size());
    BOOST_TEST(hub.daemon.http().request("GET", "/health").status == 200);
}

BOOST_FIXTURE_TEST_SUITE(confirm, Hub)

BOOST_AUTO_TEST_CASE(done_when_acme_writes_infocare_lists_and_confirms_with_partial_errors) {
    const auto m = message(acme, acmeCase.guid);
    const int id = m->getValue<int>("id");
    const auto listed = list(infocare, acmeCase.guid).array();
    BOOST_TEST_REQUIRE(listed->size() == 1u);
    BOOST_TEST(listed->getObject(0)->getValue<int>("id") == id);

    const int onGlobex = message(globex, globexCase.guid)->getValue<int>("id");
    const HttpResult r = confirm(infocare, "[" + std::to_string(id) + ", 999999, " + std::to_string(onGlobex) + "]");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    BOOST_TEST(r.body == R"({"success":true,"errors":[{"id":999999,"message":"Not found"},{"id":)" +
                             std::to_string(onGlobex) + R"(,"message":"No access"}],"data":{}})");
    const auto after = list(acme, acmeCase.guid).array()->getObject(0);
    BOOST_TEST(isIsoMillis(after->getValue<std::string>("confirmedAt")));
    BOOST_TEST(after->getValue<std::string>("updatedAt") == after->getValue<std::string>("confirmedAt"));

    // Again: nothing changes, no error.
    const HttpResult again = confirm(infocare, "[" + std::to_string(id) + "]");
    BOOST_TEST(again.body == R"({"success":true,"errors":[],"data":{}})");
    BOOST_TEST(list(acme, acmeCase.guid).array()->getObject(0)->getValue<std::string>("confirmedAt") ==
               after->getValue<std::string>("confirmedAt"));

    // One messageConfirmed event, for acme's account.
    int confirmations = 0;
    for (const auto& row : outbox()) {
        if (row.get<0>() != "messageConfirmed") continue;
        ++confirmations;
        BOOST_TEST(row.get<1>() == "partner");
        BOOST_TEST(row.get<2>() == 1);
        BOOST_TEST(row.get<3>() == 1001);
        const auto payload = parseJson(row.get<4>()).extract<Poco::JSON::Object::Ptr>();
        BOOST_TEST(payload->getValue<std::string>("confirmedAt") == after->getValue<std::string>("confirmedAt"));
    }
    BOOST_TEST(confirmations == 1);
}

BOOST_AUTO_TEST_CASE(only_the_receiving_side_confirms) {
    const int fromAcme = message(acme, acmeCase.guid)->getValue<int>("id");
    const int fromInfocare = message(infocare, acmeCase.guid)->getValue<int>("id");
    const HttpResult own = confirm(acme, "[" + std::to_string(fromAcme) + "," + std::to_string(fromInfocare) + "]");
    BOOST_TEST(own.body == R"({"success":true,"errors":[{"id":)" + std::to_string(fromAcme) +
                               R"(,"message":"No access"}],"data":{}})");
    BOOST_TEST(list(infocare, acmeCase.guid).array()->getObject(1)->isNull("confirmedAt") == false);
    BOOST_TEST(list(infocare, acmeCase.guid).array()->getObject(0)->isNull("confirmedAt"));
    // Other parties: No access.
    const HttpResult stranger = confirm(nordic, "[" + std::to_string(fromAcme) + "]");
    BOOST_TEST(stranger.body.find("No access") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_bodies_get_the_documented_400) {
    const HttpResult word = confirm(acme, R"(["abc", 1])");
    BOOST_TEST(word.status == 400);
    BOOST_TEST(errorOf(word) == R"("value" at position 0 fails because ["0" must be a number])");
    const HttpResult later = confirm(acme, R"([1, {}])");
    BOOST_TEST(errorOf(later) == R"("value" at position 1 fails because ["1" must be a number])");
    const HttpResult object = confirm(acme, R"({"ids":[1]})");
    BOOST_TEST(object.status == 400);
    BOOST_TEST(errorOf(object) == R"("value" must be an array)");
    BOOST_TEST(confirm(acme, "[]").body == R"({"success":true,"errors":[],"data":{}})");
    const HttpResult none = confirm(acme, "");
    BOOST_TEST(none.status == 400);
    BOOST_TEST(errorOf(none) == R"("value" must be an array)");
}

BOOST_AUTO_TEST_SUITE_END()
