// Unit tests of the case document that GET /api/v3/case and the "case created" webhook body share.
#define BOOST_TEST_MODULE unit_case_view
#include <boost/test/unit_test.hpp>

#include "domain/CaseValidator.h"
#include "domain/CaseView.h"
#include "support/BookingExample.h"
#include "support/SampleReference.h"

using namespace sohub;
using namespace sohub::test;

namespace {

CaseRecord bookedCase(const std::vector<Edit>& edits) {
    Validation v = CaseValidator().validate((*sampleReference()), BookingParty{1, 1001}, example(edits));
    BOOST_TEST_REQUIRE(v.valid(), text(v.errors.toJson()));
    CaseRecord record;
    record.id = 42;
    record.guid = "69b0e17f-eeb9-4834-b809-60b015054c0d";
    record.accountId = 1001;
    record.createdAt = record.updatedAt = "2026-01-02T03:04:05.678Z";
    record.booking = std::move(*v.booking);
    return record;
}

// The document as GET /api/v3/case and the webhook body write it.
std::string viewText(const CaseRecord& record) {
    std::string text = "{\"id\":" + std::to_string(record.id);
    appendCaseViewAfterId(text, record, *sampleReference(), CaseDataTexts(record.booking));
    return text + "}";
}

}  // namespace

// The case document as the JSON tree of CaseView wrote it before it was written as text.
BOOST_AUTO_TEST_CASE(view_text_is_byte_identical) {
    const std::vector<std::pair<std::vector<Edit>, const char*>> cases = {
        {{}, R"pin({"id":42,"guid":"69b0e17f-eeb9-4834-b809-60b015054c0d","partnerId":1,"serviceProviderId":1,"servicePartnerId":1,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"private","bookingType":"companyToPrivate","clientPostalCode":"1145","pickupDestination":"consumer","returnDestination":"consumer","currentStatus":null,"orderData":{"consents":{"ConsentOffers":false,"ConsentRepair":true,"ConsentTerms":true},"infocareSesamOriginator":"OtherSE","partnerSpecific":{"acme":{"acmeUniqueBoolProperty":true,"acmeUniqueFloatProperty":5.1,"acmeUniqueStringProperty":"text"}}},"productData":{"accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},"model":"iTest 10+","otherAccessory":"Accessory(ies) without ID in free text","password":"1345","problemText":"Picture/sound problems / Bad picture. Is periodic or constant?: Periodic"},"customer":{"address":"test","city":"test","email":"test@test.com","mobile":"234234324","organizationName":"Test LTD","organizationNumber":"64236482764","postalCode":"1234","type":1},"consumer":{"address":"test","city":"test","email":"test@test.com","firstName":"John","lastName":"Doe","mobile":"234234324","postalCode":"1145","type":0},"pickupDst":null,"returnDst":null,"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"createdAt":"2026-01-02T03:04:05.678Z","updatedAt":"2026-01-02T03:04:05.678Z"})pin"},
        {{set("originatorType", R"("helpdesk")"), set("pickupDestination", R"("customCompany")"),
          set("pickupDst", contactCompany), set("returnDestination", R"("customPrivate")"), set("returnDst", contactPrivate)},
         R"pin({"id":42,"guid":"69b0e17f-eeb9-4834-b809-60b015054c0d","partnerId":1,"serviceProviderId":1,"servicePartnerId":1,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"helpdesk","bookingType":"companyToPrivate","clientPostalCode":"1145","pickupDestination":"customCompany","returnDestination":"customPrivate","currentStatus":null,"orderData":{"consents":{"ConsentOffers":false,"ConsentRepair":true,"ConsentTerms":true},"infocareSesamOriginator":"OtherSE","partnerSpecific":{"acme":{"acmeUniqueBoolProperty":true,"acmeUniqueFloatProperty":5.1,"acmeUniqueStringProperty":"text"}}},"productData":{"accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},"model":"iTest 10+","otherAccessory":"Accessory(ies) without ID in free text","password":"1345","problemText":"Picture/sound problems / Bad picture. Is periodic or constant?: Periodic"},"customer":{"address":"test","city":"test","email":"test@test.com","mobile":"234234324","organizationName":"Test LTD","organizationNumber":"64236482764","postalCode":"1234","type":1},"consumer":{"address":"test","city":"test","email":"test@test.com","firstName":"John","lastName":"Doe","mobile":"234234324","postalCode":"1145","type":0},"pickupDst":{"address":"Lagergatan 2","city":"Stockholm","email":"desk@pickup.example","mobile":"0701234567","organizationName":"Pickup AB","organizationNumber":"556677-8899","postalCode":"11133","type":1},"returnDst":{"address":"Storgatan 1","city":"Stockholm","countryCode":"SE","email":"jane@example.com","firstName":"Jane","lastName":"Roe","mobile":"+46 70 123 45 67","postalCode":"11122","type":0},"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":1,"name":"InfoCare Workshop","contactData":{"id":30347,"name":null,"firstName":null,"lastName":null,"organizationName":"InfoCare Workshop","organizationNumber":null,"addName":null,"address":"Arabygatan 9","postalCode":"1234","city":"Växjö","countryCode":null,"phone":"123456","mobile":null,"email":"test@example.com","floor":null,"entrance":null,"doorCode":null,"createdAt":"2017-08-01T14:01:24.083Z"}},"servicePartner":{"id":1,"name":"InfoCare Workshop SE"},"createdAt":"2026-01-02T03:04:05.678Z","updatedAt":"2026-01-02T03:04:05.678Z"})pin"},
        {{set("bookingType", R"("privateToPrivate")"), drop("consumer"), set("forcedProvider", "2")},
         R"pin({"id":42,"guid":"69b0e17f-eeb9-4834-b809-60b015054c0d","partnerId":1,"serviceProviderId":2,"servicePartnerId":2,"manufacturerId":1012,"productTypeId":1001,"serviceTypeId":4,"serviceLocationId":3,"shippingMethodId":null,"originatorType":"private","bookingType":"privateToPrivate","clientPostalCode":"1145","pickupDestination":"consumer","returnDestination":"consumer","currentStatus":null,"orderData":{"consents":{"ConsentOffers":false,"ConsentRepair":true,"ConsentTerms":true},"infocareSesamOriginator":"OtherSE","partnerSpecific":{"acme":{"acmeUniqueBoolProperty":true,"acmeUniqueFloatProperty":5.1,"acmeUniqueStringProperty":"text"}}},"productData":{"accessory":{"1093":true,"1094":true,"1095":false,"1096":false,"2501":false},"model":"iTest 10+","otherAccessory":"Accessory(ies) without ID in free text","password":"1345","problemText":"Picture/sound problems / Bad picture. Is periodic or constant?: Periodic"},"customer":{"address":"test","city":"test","email":"test@test.com","mobile":"234234324","organizationName":"Test LTD","organizationNumber":"64236482764","postalCode":"1234","type":1},"consumer":null,"pickupDst":null,"returnDst":null,"manufacturer":{"id":1012,"name":"Apple","externalData":{"sesamCode":"APL"}},"productType":{"id":1001,"name":"Tablet","properties":{"requireSerial":false,"requireImei":false,"allowPassword":true},"externalData":{}},"serviceType":{"id":4,"name":"Repair paid by customer","properties":{},"externalData":{}},"serviceLocation":{"id":3,"name":"Send-in to the workshop","externalData":{}},"serviceProvider":{"id":2,"name":"Nordic Service","contactData":{"id":30348,"name":null,"firstName":null,"lastName":null,"organizationName":"Nordic Service AS","organizationNumber":"987654321","addName":null,"address":"Storgata 1","postalCode":"0155","city":"Oslo","countryCode":"NO","phone":"22334455","mobile":null,"email":"workshop@nordic-service.example","floor":null,"entrance":null,"doorCode":null,"createdAt":"2018-02-12T09:30:00.000Z"}},"servicePartner":{"id":2,"name":"Nordic Service NO"},"createdAt":"2026-01-02T03:04:05.678Z","updatedAt":"2026-01-02T03:04:05.678Z"})pin"},
    };
    for (const auto& [edits, expected] : cases) {
        const CaseRecord record = bookedCase(edits);
        BOOST_TEST(viewText(record) == expected);
    }
}

BOOST_AUTO_TEST_CASE(view_names_every_documented_field) {
    const auto view = json(viewText(bookedCase({}))).extract<Poco::JSON::Object::Ptr>();
    for (const char* field : {"id", "guid", "partnerId", "serviceProviderId", "manufacturerId", "productTypeId",
                              "serviceTypeId", "serviceLocationId", "currentStatus", "orderData", "productData",
                              "customer", "consumer", "pickupDst", "returnDst", "manufacturer", "productType",
                              "serviceType", "serviceLocation", "serviceProvider", "servicePartner", "createdAt"})
        BOOST_TEST(view->has(field), field);
    BOOST_TEST(view->getValue<int>("serviceProviderId") == 1);
    BOOST_TEST(view->getObject("serviceProvider")->getObject("contactData")->getValue<std::string>("city") == "Växjö");
}
