// End-to-end: the exact bytes of the read endpoints' answers (routing, the reference lists, health). These answers
// are written as text, not through a JSON tree, so their bytes are pinned here as the JSON trees wrote them.
#define BOOST_TEST_MODULE e2e_read_bytes
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"

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

BOOST_AUTO_TEST_SUITE_END()
