// End-to-end: the exact bytes of the read endpoints' answers (routing, the reference lists, health, GET case). These
// answers are written as text, not through a JSON tree, so their bytes are pinned here as the JSON trees wrote them.
#define BOOST_TEST_MODULE e2e_read_bytes
#include <boost/test/unit_test.hpp>

#include "support/TestStore.h"
#include "support/BookingExample.h"
#include "support/CaseSeeder.h"
#include "support/Daemon.h"

#include <Poco/Path.h>
#include <Poco/String.h>

using namespace sohub::test;

namespace {
struct Expected {
    const char* path;
    std::string token;
    int status;
    const char* body;
};

const Expected answers[] = {
    {"/health", "", 200,
     R"({"data":{"status":"ok"}})"},
    {"/api/v3/routing?originatorType=private&bookingType=companyToPrivate&serviceType=4&manufacturer=1012&productType=1001&serviceLocation=3&clientPostalCode=1145", acme, 200,
     R"({"data":{"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"serviceProviderCompetence":{"sesam":"Sesam31","persDep":"CSVxo","departmentId":1,"primarySesam":true,"id":1,"overrideCode":"infocare-override"},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"servicePartnerCompetence":{"id":1,"overrideCode":"infocare-override"}}})"},
    {"/api/v3/routing?serviceType=4&manufacturer=1012", acme, 200,
     R"({"data":{"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"serviceProviderCompetence":{"sesam":"Sesam31","persDep":"CSVxo","departmentId":1,"primarySesam":true,"id":1,"overrideCode":"infocare-override"},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"servicePartnerCompetence":{"id":1,"overrideCode":"infocare-override"}}})"},
    {"/api/v3/routing", acme, 400,
     R"({"error":"Not enough data","data":{"paramsNeeded":["clientPostalCode","manufacturer","productType","serviceLocation","serviceType"]}})"},
    {"/api/v3/routing?manufacturer=1015&productType=1001", acme, 200,
     R"({"data":{"serviceProvider":{"id":2,"name":"Nordic Service","contactData":{"id":30348,"name":null,"firstName":null,"lastName":null,"organizationName":"Nordic Service AS","organizationNumber":"987654321","addName":null,"address":"Storgata 1","postalCode":"0155","city":"Oslo","countryCode":"NO","phone":"22334455","mobile":null,"email":"workshop@nordic-service.example","floor":null,"entrance":null,"doorCode":null,"createdAt":"2018-02-12T09:30:00.000Z"}},"serviceProviderCompetence":{"sesam":"Sesam77","persDep":"NSOslo","departmentId":7,"primarySesam":true,"id":2,"overrideCode":"nordic-override"},"servicePartner":{"id":2,"name":"Nordic Service NO"},"servicePartnerCompetence":{"id":2,"overrideCode":"nordic-override"}}})"},
    {"/api/v3/manufacturers", acme, 200,
     R"({"data":[{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},{"id":1013,"name":"Lenovo","externalData":{"sesamCode":"LNV"}},{"id":1014,"name":"Samsung","externalData":{"sesamCode":"SAM"}},{"id":1015,"name":"Electrolux","externalData":{"sesamCode":"ELX"}}]})"},
    {"/api/v3/manufacturers?serviceType=4&manufacturer=1012&productType=1001&serviceLocation=3", acme, 200,
     R"({"data":[{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},{"id":1013,"name":"Lenovo","externalData":{"sesamCode":"LNV"}}]})"},
    {"/api/v3/service-types", acme, 200,
     R"({"data":[{"id":1,"name":"Warranty repair","properties":{"requirePurchaseDate":true},"externalData":{}},{"id":2,"name":"Insurance repair","properties":{"requireInsuranceNumber":true},"externalData":{}},{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},{"id":5,"name":"Insurance damage assessment","properties":{"requireInsuranceNumber":true},"externalData":{}}]})"},
    {"/api/v3/product-types?manufacturer=1012", acme, 200,
     R"({"data":[{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},{"id":1002,"name":"Mobile phone","properties":{"requireSerial":false,"requireImei":true,"allowPassword":true},"externalData":{}},{"id":1003,"name":"Laptop","properties":{"requireSerial":true,"requireImei":false,"allowPassword":true},"externalData":{}}]})"},
    {"/api/v3/service-locations?serviceType=4&manufacturer=1012&productType=1001", acme, 200,
     R"({"data":[{"id":1,"name":"Pickup at the customer","externalData":{}},{"id":2,"name":"Drop-off in a partner store","externalData":{}},{"id":3,"name":"Send-in to the workshop","externalData":{}}]})"},
    {"/api/v3/shipping-methods?serviceType=4&manufacturer=1012&productType=1001&serviceLocation=3", acme, 200,
     R"({"data":[{"id":1,"name":"PostNord Parcel","properties":{"requirePickupDate":false,"requireWeightOrVolume":false,"goodsTypeList":[]}},{"id":2,"name":"DHL Freight","properties":{"requirePickupDate":true,"requireWeightOrVolume":true,"goodsTypeList":["parcel","pallet","bulky"]}}]})"},
    {"/api/v3/accessory?productType=1001", acme, 200,
     R"({"data":[{"id":1093,"name":"Charger"},{"id":1094,"name":"USB cable"},{"id":1095,"name":"Protective case"},{"id":1096,"name":"Stylus"},{"id":2501,"name":"Original box"}]})"},
};

struct Server {
    Daemon daemon;
};
}  // namespace

BOOST_FIXTURE_TEST_SUITE(read_bytes, Server)

BOOST_AUTO_TEST_CASE(answers_are_byte_identical_to_the_documented_shapes) {
    for (const Expected& expected : answers) {
        const HttpResult r = daemon.http().get(expected.path, expected.token);
        BOOST_TEST(r.status == expected.status, expected.path);
        BOOST_TEST(r.body == expected.body, expected.path);
        BOOST_TEST(r.header("Content-Type") == "application/json; charset=utf-8", expected.path);
    }
}

BOOST_AUTO_TEST_CASE(a_query_token_answers_the_same_bytes) {
    const HttpResult header = daemon.http().get("/api/v3/manufacturers", acme);
    const HttpResult query = daemon.http().get("/api/v3/manufacturers?access_token=demo-partner-acme", "");
    BOOST_TEST(query.status == 200);
    BOOST_TEST(query.body == header.body);
}


// GET /api/v3/case. What differs per run (guids, timestamps) is replaced by placeholders before comparing; ids do
// not differ, as each test has a daemon of its own.
namespace {

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// The JSON body with {GUID} for the case's guid, {REQUEST1}... for its requests' guids and {AT} for their times.
std::string placeheld(const std::string& json) {
    std::string out = json;
    const auto data = parseJson(json).extract<Poco::JSON::Object::Ptr>()->getObject("data");
    replaceAll(out, data->getValue<std::string>("guid"), "{GUID}");
    replaceAll(out, data->getValue<std::string>("createdAt"), "{AT}");
    replaceAll(out, data->getValue<std::string>("updatedAt"), "{AT}");
    if (const auto requests = data->getArray("externalRequests")) {
        for (std::size_t i = 0; i < requests->size(); ++i) {
            const auto request = requests->getObject(static_cast<unsigned>(i));
            replaceAll(out, request->getValue<std::string>("guid"), "{REQUEST" + std::to_string(i + 1) + "}");
            replaceAll(out, request->getValue<std::string>("createdAt"), "{AT}");
            replaceAll(out, request->getValue<std::string>("updatedAt"), "{AT}");
        }
    }
    return out;
}

HttpResult readCase(const Daemon& daemon, const std::string& guid, const std::string& token,
                    const std::map<std::string, std::string>& headers = {}, const std::string& extra = "") {
    std::map<std::string, std::string> all = headers;
    all["X-Hub-Api-Token"] = token;
    return daemon.http().request("GET", "/api/v3/case?guid=" + guid + extra, "", all);
}

std::string created(const Daemon& daemon, const std::string& body) {
    const HttpResult r = daemon.http().post("/api/v3/case/create", acme, body);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    return r.object()->getValue<std::string>("guid");
}

// The JSON answer, with its placeholders; the same bytes for the provider, gzip and deflate.
std::string pinnedRead(const Daemon& daemon, const std::string& guid, const std::string& extra = "") {
    const HttpResult plain = readCase(daemon, guid, acme, {}, extra);
    BOOST_TEST_REQUIRE(plain.status == 200, plain.body);
    BOOST_TEST(plain.header("Content-Type") == "application/json; charset=utf-8");
    BOOST_TEST(readCase(daemon, guid, infocare, {}, extra).body == plain.body);
    BOOST_TEST(readCase(daemon, Poco::toUpper(guid), acme, {}, extra).body == plain.body);
    for (const char* encoding : {"gzip", "deflate"}) {
        const HttpResult compressed = readCase(daemon, guid, acme, {{"Accept-Encoding", encoding}}, extra);
        BOOST_TEST(compressed.header("Content-Encoding") == encoding);
        BOOST_TEST(compressed.body == plain.body, encoding);
    }
    return placeheld(plain.body);
}

// The text/html page, with the placeholders of the JSON answer.
std::string pinnedPage(const Daemon& daemon, const std::string& guid, const std::string& extra = "") {
    const HttpResult json = readCase(daemon, guid, acme, {}, extra);
    const HttpResult page = readCase(daemon, guid, acme, {{"Accept", "text/html"}}, extra);
    BOOST_TEST_REQUIRE(page.status == 200);
    BOOST_TEST(page.header("Content-Type") == "text/html; charset=utf-8");
    BOOST_TEST(readCase(daemon, guid, acme, {{"Accept", "text/html"}, {"Accept-Encoding", "gzip"}}, extra).body ==
               page.body);
    std::string out = page.body;
    const auto data = json.object()->getObject("data");
    replaceAll(out, data->getValue<std::string>("guid"), "{GUID}");
    replaceAll(out, data->getValue<std::string>("createdAt"), "{AT}");
    return out;
}

// Escapes, non-ASCII text, nested free objects (stored in the parser's key order), numbers of every kind, booleans,
// nulls, empty arrays and objects, and a trackingId (so the case has an external request).
const char* const unusualBooking = R"({"serviceType":4,"manufacturer":1012,"productType":1001,"location":3,"trackingId":"bytes-track-1",
"orderData":{"consents":{"ConsentTerms":true,"ConsentRepair":true,"ConsentOffers":false},"infocareSesamOriginator":"OtherSE",
 "refNo":"Ref \"7\" \\ \/ tab\there",
 "partnerSpecific":{"zeta":{"quote":"say \"hi\"","ctl":"a\u0001b\u001fc\b\f\n\r\t\u007f","slash":"a/b\/c","uni":"Växjö € \u00e9 \ud83d\ude00","html":"<b>&amp;</b>"},
  "alpha":{"float":1.5,"exp":1e3,"expNeg":1E-7,"tiny":5e-324,"huge":1.7976931348623157e308,"small":-0.25,"big":9223372036854775807,
   "bigger":12345678901234567890,"neg":-42,"zero":0,"negZero":-0.0,"t":true,"f":false,"n":null,"emptyObject":{},"emptyArray":[],
   "list":[1,"two",[3,{"b":2,"a":1}],null,{},[]]}},
 "providerSpecific":{"note":"ünïcödé"}},
"productData":{"model":"iTest \"10\"+ Växjö","accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},
 "otherAccessory":"Accessory(ies) without ID in free text","password":"13\\45","problemText":"Line one\nLine two\t€ 😀"},
"customer":{"type":1,"organizationName":"Åkesson & \"Söner\" <AB>","organizationNumber":"64236482764","mobile":"234234324",
 "email":"test@test.com","address":"Storgatan 1\nc/o Bo","postalCode":"1234","city":"Malmö"},
"consumer":{"type":0,"firstName":"Zoë","lastName":"O'Brien","mobile":"234234324","email":"test@test.com","address":"test",
 "postalCode":"1145","city":"test"},
"originatorType":"private","bookingType":"companyToPrivate","clientPostalCode":"1145"})";

}  // namespace

BOOST_AUTO_TEST_CASE(case_answers_are_byte_identical) {
    const std::string example = created(daemon, text(sohub::test::example()));
    BOOST_TEST(pinnedRead(daemon, example) == R"pin({"data":{"id":1,"guid":"{GUID}","partnerId":1,"serviceProviderId":1,"servicePartnerId":1,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"private","bookingType":"companyToPrivate","clientPostalCode":"1145","pickupDestination":"consumer","returnDestination":"consumer","currentStatus":null,"orderData":{"consents":{"ConsentOffers":false,"ConsentRepair":true,"ConsentTerms":true},"infocareSesamOriginator":"OtherSE","partnerSpecific":{"acme":{"acmeUniqueBoolProperty":true,"acmeUniqueFloatProperty":5.1,"acmeUniqueStringProperty":"text"}}},"productData":{"accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},"model":"iTest 10+","otherAccessory":"Accessory(ies) without ID in free text","password":"1345","problemText":"Picture/sound problems / Bad picture. Is periodic or constant?: Periodic"},"customer":{"address":"test","city":"test","email":"test@test.com","mobile":"234234324","organizationName":"Test LTD","organizationNumber":"64236482764","postalCode":"1234","type":1},"consumer":{"address":"test","city":"test","email":"test@test.com","firstName":"John","lastName":"Doe","mobile":"234234324","postalCode":"1145","type":0},"pickupDst":null,"returnDst":null,"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"createdAt":"{AT}","updatedAt":"{AT}"}})pin");
    BOOST_TEST(pinnedRead(daemon, example, "&includeRequests=1") == R"pin({"data":{"id":1,"guid":"{GUID}","partnerId":1,"serviceProviderId":1,"servicePartnerId":1,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"private","bookingType":"companyToPrivate","clientPostalCode":"1145","pickupDestination":"consumer","returnDestination":"consumer","currentStatus":null,"orderData":{"consents":{"ConsentOffers":false,"ConsentRepair":true,"ConsentTerms":true},"infocareSesamOriginator":"OtherSE","partnerSpecific":{"acme":{"acmeUniqueBoolProperty":true,"acmeUniqueFloatProperty":5.1,"acmeUniqueStringProperty":"text"}}},"productData":{"accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},"model":"iTest 10+","otherAccessory":"Accessory(ies) without ID in free text","password":"1345","problemText":"Picture/sound problems / Bad picture. Is periodic or constant?: Periodic"},"customer":{"address":"test","city":"test","email":"test@test.com","mobile":"234234324","organizationName":"Test LTD","organizationNumber":"64236482764","postalCode":"1234","type":1},"consumer":{"address":"test","city":"test","email":"test@test.com","firstName":"John","lastName":"Doe","mobile":"234234324","postalCode":"1145","type":0},"pickupDst":null,"returnDst":null,"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"createdAt":"{AT}","updatedAt":"{AT}","externalRequests":[{"id":1,"guid":"{REQUEST1}","caseId":1,"type":"webhook.caseCreated","status":"pending","url":null,"meta":{"event":"caseCreated","outboxId":1,"recipientRole":"provider","recipientId":1},"request":null,"response":null,"message":null,"createdAt":"{AT}","updatedAt":"{AT}"}]}})pin");

    const std::string destinations = created(
        daemon, text(sohub::test::example({set("originatorType", R"("helpdesk")"), set("pickupDestination", R"("customCompany")"),
                                           set("pickupDst", contactCompany), set("returnDestination", R"("customPrivate")"),
                                           set("returnDst", contactPrivate)})));
    BOOST_TEST(pinnedRead(daemon, destinations) == R"pin({"data":{"id":2,"guid":"{GUID}","partnerId":1,"serviceProviderId":1,"servicePartnerId":1,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"helpdesk","bookingType":"companyToPrivate","clientPostalCode":"1145","pickupDestination":"customCompany","returnDestination":"customPrivate","currentStatus":null,"orderData":{"consents":{"ConsentOffers":false,"ConsentRepair":true,"ConsentTerms":true},"infocareSesamOriginator":"OtherSE","partnerSpecific":{"acme":{"acmeUniqueBoolProperty":true,"acmeUniqueFloatProperty":5.1,"acmeUniqueStringProperty":"text"}}},"productData":{"accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},"model":"iTest 10+","otherAccessory":"Accessory(ies) without ID in free text","password":"1345","problemText":"Picture/sound problems / Bad picture. Is periodic or constant?: Periodic"},"customer":{"address":"test","city":"test","email":"test@test.com","mobile":"234234324","organizationName":"Test LTD","organizationNumber":"64236482764","postalCode":"1234","type":1},"consumer":{"address":"test","city":"test","email":"test@test.com","firstName":"John","lastName":"Doe","mobile":"234234324","postalCode":"1145","type":0},"pickupDst":{"address":"Lagergatan 2","city":"Stockholm","email":"desk@pickup.example","mobile":"0701234567","organizationName":"Pickup AB","organizationNumber":"556677-8899","postalCode":"11133","type":1},"returnDst":{"address":"Storgatan 1","city":"Stockholm","countryCode":"SE","email":"jane@example.com","firstName":"Jane","lastName":"Roe","mobile":"+46 70 123 45 67","postalCode":"11122","type":0},"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"createdAt":"{AT}","updatedAt":"{AT}"}})pin");

    const std::string noConsumer = created(
        daemon, text(sohub::test::example({set("bookingType", R"("privateToPrivate")"), drop("consumer"), set("forcedProvider", "1")})));
    BOOST_TEST(pinnedRead(daemon, noConsumer) == R"pin({"data":{"id":3,"guid":"{GUID}","partnerId":1,"serviceProviderId":1,"servicePartnerId":1,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"private","bookingType":"privateToPrivate","clientPostalCode":"1145","pickupDestination":"consumer","returnDestination":"consumer","currentStatus":null,"orderData":{"consents":{"ConsentOffers":false,"ConsentRepair":true,"ConsentTerms":true},"infocareSesamOriginator":"OtherSE","partnerSpecific":{"acme":{"acmeUniqueBoolProperty":true,"acmeUniqueFloatProperty":5.1,"acmeUniqueStringProperty":"text"}}},"productData":{"accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},"model":"iTest 10+","otherAccessory":"Accessory(ies) without ID in free text","password":"1345","problemText":"Picture/sound problems / Bad picture. Is periodic or constant?: Periodic"},"customer":{"address":"test","city":"test","email":"test@test.com","mobile":"234234324","organizationName":"Test LTD","organizationNumber":"64236482764","postalCode":"1234","type":1},"consumer":null,"pickupDst":null,"returnDst":null,"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"createdAt":"{AT}","updatedAt":"{AT}"}})pin");

    // Sent as text: the partner's own objects (orderData, partnerSpecific, contacts ...) keep the key order sent.
    const std::string unusual = created(daemon, unusualBooking);
    BOOST_TEST(pinnedRead(daemon, unusual) == R"pin({"data":{"id":4,"guid":"{GUID}","partnerId":1,"serviceProviderId":1,"servicePartnerId":1,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"private","bookingType":"companyToPrivate","clientPostalCode":"1145","pickupDestination":"consumer","returnDestination":"consumer","currentStatus":null,"orderData":{"consents":{"ConsentTerms":true,"ConsentRepair":true,"ConsentOffers":false},"infocareSesamOriginator":"OtherSE","refNo":"Ref \"7\" \\ / tab\there","partnerSpecific":{"zeta":{"quote":"say \"hi\"","ctl":"a\u0001b\u001fc\b\f\n\r\t)pin" "\x7f" R"pin(","slash":"a/b/c","uni":"Växjö € é 😀","html":"<b>&amp;</b>"},"alpha":{"float":1.5,"exp":1000,"expNeg":0.0000001,"tiny":5e-324,"huge":1.7976931348623157e+308,"small":-0.25,"big":9223372036854775807,"bigger":12345678901234567890,"neg":-42,"zero":0,"negZero":0,"t":true,"f":false,"n":null,"emptyObject":{},"emptyArray":[],"list":[1,"two",[3,{"b":2,"a":1}],null,{},[]]}},"providerSpecific":{"note":"ünïcödé"}},"productData":{"model":"iTest \"10\"+ Växjö","accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},"otherAccessory":"Accessory(ies) without ID in free text","password":"13\\45","problemText":"Line one\nLine two\t€ 😀"},"customer":{"type":1,"organizationName":"Åkesson & \"Söner\" <AB>","organizationNumber":"64236482764","mobile":"234234324","email":"test@test.com","address":"Storgatan 1\nc/o Bo","postalCode":"1234","city":"Malmö"},"consumer":{"type":0,"firstName":"Zoë","lastName":"O'Brien","mobile":"234234324","email":"test@test.com","address":"test","postalCode":"1145","city":"test"},"pickupDst":null,"returnDst":null,"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"createdAt":"{AT}","updatedAt":"{AT}"}})pin");
    BOOST_TEST(pinnedRead(daemon, unusual, "&includeRequests=1") == R"pin({"data":{"id":4,"guid":"{GUID}","partnerId":1,"serviceProviderId":1,"servicePartnerId":1,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"private","bookingType":"companyToPrivate","clientPostalCode":"1145","pickupDestination":"consumer","returnDestination":"consumer","currentStatus":null,"orderData":{"consents":{"ConsentTerms":true,"ConsentRepair":true,"ConsentOffers":false},"infocareSesamOriginator":"OtherSE","refNo":"Ref \"7\" \\ / tab\there","partnerSpecific":{"zeta":{"quote":"say \"hi\"","ctl":"a\u0001b\u001fc\b\f\n\r\t)pin" "\x7f" R"pin(","slash":"a/b/c","uni":"Växjö € é 😀","html":"<b>&amp;</b>"},"alpha":{"float":1.5,"exp":1000,"expNeg":0.0000001,"tiny":5e-324,"huge":1.7976931348623157e+308,"small":-0.25,"big":9223372036854775807,"bigger":12345678901234567890,"neg":-42,"zero":0,"negZero":0,"t":true,"f":false,"n":null,"emptyObject":{},"emptyArray":[],"list":[1,"two",[3,{"b":2,"a":1}],null,{},[]]}},"providerSpecific":{"note":"ünïcödé"}},"productData":{"model":"iTest \"10\"+ Växjö","accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},"otherAccessory":"Accessory(ies) without ID in free text","password":"13\\45","problemText":"Line one\nLine two\t€ 😀"},"customer":{"type":1,"organizationName":"Åkesson & \"Söner\" <AB>","organizationNumber":"64236482764","mobile":"234234324","email":"test@test.com","address":"Storgatan 1\nc/o Bo","postalCode":"1234","city":"Malmö"},"consumer":{"type":0,"firstName":"Zoë","lastName":"O'Brien","mobile":"234234324","email":"test@test.com","address":"test","postalCode":"1145","city":"test"},"pickupDst":null,"returnDst":null,"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"createdAt":"{AT}","updatedAt":"{AT}","externalRequests":[{"id":4,"guid":"{REQUEST1}","caseId":4,"type":"webhook.caseCreated","status":"pending","url":null,"meta":{"event":"caseCreated","outboxId":4,"recipientRole":"provider","recipientId":1},"request":null,"response":null,"message":null,"createdAt":"{AT}","updatedAt":"{AT}"},{"id":5,"guid":"{REQUEST2}","caseId":4,"type":"caseCreated","status":"success","url":null,"meta":{"trackingId":"bytes-track-1","valid":true,"caseGuid":"{GUID}"},"request":"{\"serviceType\":4,\"manufacturer\":1012,\"productType\":1001,\"location\":3,\"trackingId\":\"bytes-track-1\",\n\"orderData\":{\"consents\":{\"ConsentTerms\":true,\"ConsentRepair\":true,\"ConsentOffers\":false},\"infocareSesamOriginator\":\"OtherSE\",\n \"refNo\":\"Ref \\\"7\\\" \\\\ \\/ tab\\there\",\n \"partnerSpecific\":{\"zeta\":{\"quote\":\"say \\\"hi\\\"\",\"ctl\":\"a\\u0001b\\u001fc\\b\\f\\n\\r\\t\\u007f\",\"slash\":\"a/b\\/c\",\"uni\":\"Växjö € \\u00e9 \\ud83d\\ude00\",\"html\":\"<b>&amp;</b>\"},\n  \"alpha\":{\"float\":1.5,\"exp\":1e3,\"expNeg\":1E-7,\"tiny\":5e-324,\"huge\":1.7976931348623157e308,\"small\":-0.25,\"big\":9223372036854775807,\n   \"bigger\":12345678901234567890,\"neg\":-42,\"zero\":0,\"negZero\":-0.0,\"t\":true,\"f\":false,\"n\":null,\"emptyObject\":{},\"emptyArray\":[],\n   \"list\":[1,\"two\",[3,{\"b\":2,\"a\":1}],null,{},[]]}},\n \"providerSpecific\":{\"note\":\"ünïcödé\"}},\n\"productData\":{\"model\":\"iTest \\\"10\\\"+ Växjö\",\"accessory\":{\"1093\":true,\"1094\":true,\"1095\":false,\"1096\":false,\"2501\":false},\n \"otherAccessory\":\"Accessory(ies) without ID in free text\",\"password\":\"13\\\\45\",\"problemText\":\"Line one\\nLine two\\t€ 😀\"},\n\"customer\":{\"type\":1,\"organizationName\":\"Åkesson & \\\"Söner\\\" <AB>\",\"organizationNumber\":\"64236482764\",\"mobile\":\"234234324\",\n \"email\":\"test@test.com\",\"address\":\"Storgatan 1\\nc/o Bo\",\"postalCode\":\"1234\",\"city\":\"Malmö\"},\n\"consumer\":{\"type\":0,\"firstName\":\"Zoë\",\"lastName\":\"O'Brien\",\"mobile\":\"234234324\",\"email\":\"test@test.com\",\"address\":\"test\",\n \"postalCode\":\"1145\",\"city\":\"test\"},\n\"originatorType\":\"private\",\"bookingType\":\"companyToPrivate\",\"clientPostalCode\":\"1145\"}","response":"{\"guid\":\"{GUID}\"}","message":"Case created","createdAt":"{AT}","updatedAt":"{AT}"}]}})pin");
    BOOST_TEST(pinnedPage(daemon, unusual) == R"pin(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>sohub</title></head>
<body><pre>{
  &quot;data&quot;: {
    &quot;id&quot;: 4,
    &quot;guid&quot;: &quot;{GUID}&quot;,
    &quot;partnerId&quot;: 1,
    &quot;serviceProviderId&quot;: 1,
    &quot;servicePartnerId&quot;: 1,
    &quot;manufacturerId&quot;: 1012,
    &quot;productTypeId&quot;: 1001,
    &quot;serviceTypeId&quot;: 4,
    &quot;serviceLocationId&quot;: 3,
    &quot;shippingMethodId&quot;: null,
    &quot;originatorType&quot;: &quot;private&quot;,
    &quot;bookingType&quot;: &quot;companyToPrivate&quot;,
    &quot;clientPostalCode&quot;: &quot;1145&quot;,
    &quot;pickupDestination&quot;: &quot;consumer&quot;,
    &quot;returnDestination&quot;: &quot;consumer&quot;,
    &quot;currentStatus&quot;: null,
    &quot;orderData&quot;: {
      &quot;consents&quot;: {
        &quot;ConsentTerms&quot;: true,
        &quot;ConsentRepair&quot;: true,
        &quot;ConsentOffers&quot;: false
      },
      &quot;infocareSesamOriginator&quot;: &quot;OtherSE&quot;,
      &quot;refNo&quot;: &quot;Ref \&quot;7\&quot; \\ / tab\there&quot;,
      &quot;partnerSpecific&quot;: {
        &quot;zeta&quot;: {
          &quot;quote&quot;: &quot;say \&quot;hi\&quot;&quot;,
          &quot;ctl&quot;: &quot;a\u0001b\u001Fc\b\f\n\r\t)pin" "\x7f" R"pin(&quot;,
          &quot;slash&quot;: &quot;a/b/c&quot;,
          &quot;uni&quot;: &quot;Växjö € é 😀&quot;,
          &quot;html&quot;: &quot;&lt;b&gt;&amp;amp;&lt;/b&gt;&quot;
        },
        &quot;alpha&quot;: {
          &quot;float&quot;: 1.5,
          &quot;exp&quot;: 1000,
          &quot;expNeg&quot;: 0.0000001,
          &quot;tiny&quot;: 5e-324,
          &quot;huge&quot;: 1.7976931348623157e+308,
          &quot;small&quot;: -0.25,
          &quot;big&quot;: 9223372036854775807,
          &quot;bigger&quot;: 12345678901234567890,
          &quot;neg&quot;: -42,
          &quot;zero&quot;: 0,
          &quot;negZero&quot;: 0,
          &quot;t&quot;: true,
          &quot;f&quot;: false,
          &quot;n&quot;: null,
          &quot;emptyObject&quot;: {
          },
          &quot;emptyArray&quot;: [

          ],
          &quot;list&quot;: [
            1,
            &quot;two&quot;,
            [
              3,
              {
                &quot;b&quot;: 2,
                &quot;a&quot;: 1
              }
            ],
            null,
            {
            },
            [

            ]
          ]
        }
      },
      &quot;providerSpecific&quot;: {
        &quot;note&quot;: &quot;ünïcödé&quot;
      }
    },
    &quot;productData&quot;: {
      &quot;model&quot;: &quot;iTest \&quot;10\&quot;+ Växjö&quot;,
      &quot;accessory&quot;: {
        &quot;1093&quot;: true,
        &quot;1094&quot;: true,
        &quot;1095&quot;: false,
        &quot;1096&quot;: false,
        &quot;2501&quot;: false
      },
      &quot;otherAccessory&quot;: &quot;Accessory(ies) without ID in free text&quot;,
      &quot;password&quot;: &quot;13\\45&quot;,
      &quot;problemText&quot;: &quot;Line one\nLine two\t€ 😀&quot;
    },
    &quot;customer&quot;: {
      &quot;type&quot;: 1,
      &quot;organizationName&quot;: &quot;Åkesson &amp; \&quot;Söner\&quot; &lt;AB&gt;&quot;,
      &quot;organizationNumber&quot;: &quot;64236482764&quot;,
      &quot;mobile&quot;: &quot;234234324&quot;,
      &quot;email&quot;: &quot;test@test.com&quot;,
      &quot;address&quot;: &quot;Storgatan 1\nc/o Bo&quot;,
      &quot;postalCode&quot;: &quot;1234&quot;,
      &quot;city&quot;: &quot;Malmö&quot;
    },
    &quot;consumer&quot;: {
      &quot;type&quot;: 0,
      &quot;firstName&quot;: &quot;Zoë&quot;,
      &quot;lastName&quot;: &quot;O'Brien&quot;,
      &quot;mobile&quot;: &quot;234234324&quot;,
      &quot;email&quot;: &quot;test@test.com&quot;,
      &quot;address&quot;: &quot;test&quot;,
      &quot;postalCode&quot;: &quot;1145&quot;,
      &quot;city&quot;: &quot;test&quot;
    },
    &quot;pickupDst&quot;: null,
    &quot;returnDst&quot;: null,
    &quot;manufacturer&quot;: {
      &quot;id&quot;: 1012,
      &quot;name&quot;: &quot;Apple&quot;,
      &quot;externalData&quot;: {
        &quot;sesamCode&quot;: &quot;APL&quot;
      }
    },
    &quot;productType&quot;: {
      &quot;id&quot;: 1001,
      &quot;name&quot;: &quot;Tablet&quot;,
      &quot;properties&quot;: {
        &quot;requireSerial&quot;: false,
        &quot;requireImei&quot;: false,
        &quot;allowPassword&quot;: true
      },
      &quot;externalData&quot;: {
      }
    },
    &quot;serviceType&quot;: {
      &quot;id&quot;: 4,
      &quot;name&quot;: &quot;Repair paid by customer&quot;,
      &quot;properties&quot;: {
      },
      &quot;externalData&quot;: {
      }
    },
    &quot;serviceLocation&quot;: {
      &quot;id&quot;: 3,
      &quot;name&quot;: &quot;Send-in to the workshop&quot;,
      &quot;externalData&quot;: {
      }
    },
    &quot;serviceProvider&quot;: {
      &quot;id&quot;: 1,
      &quot;name&quot;: &quot;InfoCare Workshop&quot;,
      &quot;contactData&quot;: {
        &quot;id&quot;: 30347,
        &quot;name&quot;: null,
        &quot;firstName&quot;: null,
        &quot;lastName&quot;: null,
        &quot;organizationName&quot;: &quot;InfoCare Workshop&quot;,
        &quot;organizationNumber&quot;: null,
        &quot;addName&quot;: null,
        &quot;address&quot;: &quot;Arabygatan 9&quot;,
        &quot;postalCode&quot;: &quot;1234&quot;,
        &quot;city&quot;: &quot;Växjö&quot;,
        &quot;countryCode&quot;: null,
        &quot;phone&quot;: &quot;123456&quot;,
        &quot;mobile&quot;: null,
        &quot;email&quot;: &quot;test@example.com&quot;,
        &quot;floor&quot;: null,
        &quot;entrance&quot;: null,
        &quot;doorCode&quot;: null,
        &quot;createdAt&quot;: &quot;2017-08-01T14:01:24.083Z&quot;
      }
    },
    &quot;servicePartner&quot;: {
      &quot;id&quot;: 1,
      &quot;name&quot;: &quot;InfoCare Workshop SE&quot;
    },
    &quot;createdAt&quot;: &quot;{AT}&quot;,
    &quot;updatedAt&quot;: &quot;{AT}&quot;
  }
}</pre></body></html>
)pin");
}

// Rows stored before the direct JSON writer hold Poco's Stringifier text ("\/", other escapes, other number forms):
// their answers stay as the JSON tree wrote them.
BOOST_AUTO_TEST_CASE(case_answers_of_rows_written_otherwise_are_unchanged) {
    Poco::Data::Session database = openStore(daemon.dataDir());
    const SeededCase stringified = seedCase(
        database, 1, 1001, 1,
        R"({"type":0,"firstName":"Anna","lastName":"Berg","email":"anna\/berg@example.com","city":"V\u00e4xj\u00f6","n":1.50,"e":1E3,"u":"\u0041\u001F"})",
        R"({ "type" : 0, "firstName" : "Bo", "firstName" : "Bob", "z" : -0, "list" : [ 1 , {} ], "big":18446744073709551616 })");
    BOOST_TEST(pinnedRead(daemon, stringified.guid) == R"pin({"data":{"id":1,"guid":"{GUID}","partnerId":1,"serviceProviderId":1,"servicePartnerId":null,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"private","bookingType":"companyToPrivate","clientPostalCode":"1145","pickupDestination":"consumer","returnDestination":"consumer","currentStatus":null,"orderData":{},"productData":{},"customer":{"type":0,"firstName":"Anna","lastName":"Berg","email":"anna/berg@example.com","city":"Växjö","n":1.5,"e":1000,"u":"A\u001f"},"consumer":{"type":0,"firstName":"Bob","z":0,"list":[1,{}],"big":0},"pickupDst":null,"returnDst":null,"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"servicePartner":null,"createdAt":"{AT}","updatedAt":"{AT}"}})pin");
}

// A case booked now is stored marked as holding its data objects in the writer's own form (data_canonical), and its
// answer passes them on as stored; a row without the mark (stored before it, or by hand) is checked and, when not in
// that form, written again: the mark, not the text, decides.
BOOST_AUTO_TEST_CASE(a_booked_case_is_marked_and_passed_on_as_stored) {
    const std::string guid = created(daemon, bookingExample);
    Poco::Data::Session database = openStore(daemon.dataDir());
    int marked = -1;
    database << "SELECT data_canonical FROM cases WHERE guid = ?", Poco::Data::Keywords::useRef(guid),
        Poco::Data::Keywords::into(marked), Poco::Data::Keywords::now;
    BOOST_TEST(marked == 1);
    const std::string spaced = R"({ "type" : 0, "firstName" : "Anna" })";
    database << "UPDATE cases SET customer = ? WHERE guid = ?", Poco::Data::Keywords::useRef(spaced),
        Poco::Data::Keywords::useRef(guid), Poco::Data::Keywords::now;
    const auto customerOf = [&] {
        const std::string body = readCase(daemon, guid, acme).body;
        const std::size_t at = body.find(R"("customer":)");
        return body.substr(at + 11, body.find('}', at) + 1 - (at + 11));
    };
    BOOST_TEST(customerOf() == spaced);
    database << "UPDATE cases SET data_canonical = 0 WHERE guid = ?", Poco::Data::Keywords::useRef(guid),
        Poco::Data::Keywords::now;
    BOOST_TEST(customerOf() == R"({"type":0,"firstName":"Anna"})");
}

BOOST_AUTO_TEST_SUITE_END()
