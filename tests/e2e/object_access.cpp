// End-to-end: no endpoint that takes an id or a guid answers any account with another account's data. Each object
// carries a marker; every account calls every such endpoint with every object, and no answer to an account that
// may not see an object contains its marker.
#define BOOST_TEST_MODULE e2e_object_access
#include <boost/test/unit_test.hpp>

#include "support/BookedCase.h"
#include "support/Daemon.h"
#include "support/DropFolder.h"

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace sohub::test;

namespace {

const std::vector<std::string> everyone = {acme, globex, infocare, nordic, servicedesk, admin};

// An object's marker (text that appears only in answers about it) and the accounts that may see it.
struct Owned {
    std::string what;
    std::string marker;
    std::set<std::string> mayRead;
};

struct Call {
    std::string method;
    std::string target;
    std::string body;
};

}  // namespace

BOOST_AUTO_TEST_CASE(no_account_reads_another_accounts_objects_through_any_id_or_guid) {
    Daemon daemon;
    const HttpClient& http = daemon.http();

    // acme's case at provider 1 (infocare; servicedesk acts for 1 and 2), globex's at provider 2 (nordic).
    const BookedCase acmeCase = bookCase(http, acme, {set("productData.problemText", "\"MARK-ACME-CASE\"")});
    std::vector<Edit> globexEdits = sohub::test::globexEdits();
    globexEdits.push_back(set("productData.problemText", "\"MARK-GLOBEX-CASE\""));
    const BookedCase globexCase = bookCase(http, globex, globexEdits);

    const HttpResult message = http.post("/api/v3/case-messages/create", acme,
                                         R"({"guid":")" + acmeCase.guid + R"(","content":"MARK-ACME-MESSAGE","type":"statusRequest"})");
    BOOST_TEST_REQUIRE(message.status == 200, message.body);
    const std::string messageId = std::to_string(message.object()->getValue<Poco::Int64>("id"));
    const HttpResult globexMessage = http.post(
        "/api/v3/case-messages/create", globex,
        R"({"guid":")" + globexCase.guid + R"(","content":"MARK-GLOBEX-MESSAGE","type":"statusRequest"})");
    BOOST_TEST_REQUIRE(globexMessage.status == 200, globexMessage.body);
    const std::string globexMessageId = std::to_string(globexMessage.object()->getValue<Poco::Int64>("id"));

    const HttpResult logged = http.post("/api/v3/requests/log", acme,
                                        R"({"type":"testRequest","status":"success","url":"https://umbarov.com/","meta":{"caseId":)" +
                                            std::to_string(acmeCase.id) + R"(},"request":"{}","response":"MARK-ACME-REQUEST"})");
    BOOST_TEST_REQUIRE(logged.status == 200, logged.body);

    const HttpResult upload = http.request("POST", "/api/v3/imports?kind=cases&fileName=MARK-ACME-IMPORT.csv",
                                           readFile(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv"),
                                           {{"Content-Type", "text/csv"}, {"X-Hub-Api-Token", acme}});
    BOOST_TEST_REQUIRE(upload.status == 202, upload.body);
    const std::string importId = std::to_string(upload.object()->getObject("data")->getValue<int>("id"));
    BOOST_TEST_REQUIRE(eventually(
        [&] { return http.get("/api/v3/imports/report?id=" + importId, acme).body.find("\"status\":\"done\"") != std::string::npos; },
        20));

    // The message goes out in an export batch, written now or by the export's own schedule before.
    const HttpResult exported = http.post("/api/v3/exports/run", infocare, std::string(R"({"name":"infocare"})"));
    BOOST_TEST_REQUIRE(exported.status == 200, exported.body);
    const HttpResult listed = http.get("/api/v3/exports", infocare);
    const auto batches = listed.object()->getArray("data");
    BOOST_TEST_REQUIRE(batches->size() >= 1u, listed.body);
    const std::string batchId = std::to_string(batches->getObject(0)->getValue<int>("id"));
    const std::string batchFile = batches->getObject(0)->getValue<std::string>("file");

    // infocare's deliveries (its configured subscription hears of acme's case and message) and acme's subscription.
    HttpResult deliveries;
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            deliveries = http.get("/api/v3/deliveries?caseGuid=" + acmeCase.guid, infocare);
            return deliveries.status == 200 && deliveries.object()->getArray("data")->size() > 0;
        },
        10));
    const auto delivery = deliveries.object()->getArray("data")->getObject(0);
    const std::string deliveryGuid = delivery->getValue<std::string>("guid");
    // A delivery's guid is also its external request's, part of the case's request history that requests/find
    // shows the case's parties (as documented); what is infocare's alone is its subscription and its attempts.
    const std::string infocareSubscription = delivery->getValue<std::string>("subscriptionGuid");
    const HttpResult hooks = http.get("/api/v3/webhooks", acme);
    BOOST_TEST_REQUIRE(hooks.status == 200, hooks.body);
    const std::string subscription = hooks.object()->getArray("data")->getObject(0)->getValue<std::string>("guid");

    const std::set<std::string> acmeSide{acme, infocare, servicedesk, admin};
    const std::set<std::string> globexSide{globex, nordic, servicedesk, admin};
    const std::vector<Owned> objects = {
        {"acme's case", "MARK-ACME-CASE", acmeSide},
        {"acme's case guid", acmeCase.guid, acmeSide},
        {"globex's case", "MARK-GLOBEX-CASE", globexSide},
        {"globex's case guid", globexCase.guid, globexSide},
        {"acme's message", "MARK-ACME-MESSAGE", acmeSide},
        {"globex's message", "MARK-GLOBEX-MESSAGE", globexSide},
        {"acme's logged request", "MARK-ACME-REQUEST", acmeSide},
        {"acme's import", "MARK-ACME-IMPORT", {acme, admin}},
        {"infocare's export batch", batchFile, {infocare, admin}},
        {"infocare's subscription and deliveries", infocareSubscription, {infocare, admin}},
        {"acme's subscription", subscription, {acme, admin}},
    };

    const std::string acmeCaseId = std::to_string(acmeCase.id), globexCaseId = std::to_string(globexCase.id);
    const std::vector<Call> reads = {
        {"GET", "/api/v3/case?guid=" + acmeCase.guid, ""},
        {"GET", "/api/v3/case?guid=" + globexCase.guid, ""},
        {"GET", "/api/v3/case-messages?guid=" + acmeCase.guid, ""},
        {"GET", "/api/v3/case-messages?guid=" + globexCase.guid, ""},
        {"POST", "/api/v3/case-messages/confirm", "[" + messageId + "," + globexMessageId + "]"},
        {"GET", "/api/v3/requests/find?caseId=" + acmeCaseId, ""},
        {"GET", "/api/v3/requests/find?caseId=" + globexCaseId, ""},
        {"POST", "/api/v3/requests/find", R"({"caseId":)" + acmeCaseId + "}"},
        {"GET", "/api/v3/requests/find?type=testRequest", ""},
        {"POST", "/api/v3/requests/reply", R"({"guid":")" + deliveryGuid + R"(","status":"success"})"},
        {"GET", "/api/v3/imports", ""},
        {"GET", "/api/v3/imports/report?id=" + importId, ""},
        {"GET", "/api/v3/imports/rejected?id=" + importId, ""},
        {"GET", "/api/v3/exports", ""},
        {"GET", "/api/v3/exports/batch?id=" + batchId, ""},
        {"GET", "/api/v3/deliveries", ""},
        {"GET", "/api/v3/deliveries?caseGuid=" + acmeCase.guid, ""},
        {"POST", "/api/v3/deliveries/replay", R"({"guids":[")" + deliveryGuid + R"("]})"},
        {"GET", "/api/v3/webhooks", ""},
        {"GET", "/api/v3/jobs", ""},
        {"GET", "/api/v3/jobs/history?name=purge", ""},
    };
    // Changes that only the owner may make: asked by everyone else, they must change nothing and tell nothing.
    const std::vector<Call> foreignChanges = {
        {"POST", "/api/v3/webhooks/update", R"({"guid":")" + subscription + R"(","enabled":false})"},
        {"POST", "/api/v3/webhooks/rotate-secret", R"({"guid":")" + subscription + R"("})"},
        {"POST", "/api/v3/webhooks/delete", R"({"guid":")" + subscription + R"("})"},
    };

    std::size_t checked = 0;
    const auto check = [&](const std::string& token, const Call& call) {
        const HttpResult answer = http.request(call.method, call.target, call.body,
                                               {{"X-Hub-Api-Token", token}, {"Content-Type", "application/json"}});
        BOOST_TEST(answer.status < 500, call.method << " " << call.target << ": " << answer.body);
        for (const Owned& object : objects) {
            if (object.mayRead.count(token)) continue;
            // An error may name what the caller itself sent (an unknown guid): that tells it nothing new.
            if (call.target.find(object.marker) != std::string::npos || call.body.find(object.marker) != std::string::npos)
                continue;
            ++checked;
            BOOST_TEST(answer.body.find(object.marker) == std::string::npos,
                       token << " read " << object.what << " through " << call.method << " " << call.target);
        }
    };
    for (const std::string& token : everyone) {
        for (const Call& call : reads) check(token, call);
        if (token != acme && token != admin) {
            for (const Call& call : foreignChanges) {
                check(token, call);
                const HttpResult refused = http.request(call.method, call.target, call.body, {{"X-Hub-Api-Token", token}});
                BOOST_TEST((refused.status == 403 || refused.status == 404), token << " " << call.target);
                BOOST_TEST(refused.body.find("whsec_") == std::string::npos);
            }
        }
    }
    BOOST_TEST(checked > 500u);
    // acme's subscription is as it was: enabled, not deleted, its secret not rotated by anyone else.
    const HttpResult after = http.get("/api/v3/webhooks", acme);
    BOOST_TEST(after.body.find(subscription) != std::string::npos);
    BOOST_TEST(after.object()->getArray("data")->getObject(0)->getValue<bool>("enabled"));
}
