// Unit tests of the case document: GET /api/v3/case and the "case created" webhook body must be the same.
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

}  // namespace

BOOST_AUTO_TEST_CASE(webhook_text_is_the_case_view) {
    for (const auto& edits : std::vector<std::vector<Edit>>{
             {},
             {set("originatorType", R"("helpdesk")"), set("pickupDestination", R"("customCompany")"),
              set("pickupDst", contactCompany), set("returnDestination", R"("customPrivate")"), set("returnDst", contactPrivate)},
             {set("bookingType", R"("privateToPrivate")"), drop("consumer"), set("forcedProvider", "2")}}) {
        const CaseRecord record = bookedCase(edits);
        const std::string webhook =
            "{\"id\":42," +
            caseViewTextWithoutId(record, ReferenceTexts((*sampleReference())), CaseDataTexts(record.booking)).substr(1);
        BOOST_TEST(webhook == text(caseView(record, (*sampleReference()))));
        BOOST_TEST(json(webhook).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("guid") == record.guid);
    }
}

BOOST_AUTO_TEST_CASE(view_names_every_documented_field) {
    const auto view = caseView(bookedCase({}), (*sampleReference()));
    for (const char* field : {"id", "guid", "partnerId", "serviceProviderId", "manufacturerId", "productTypeId",
                              "serviceTypeId", "serviceLocationId", "currentStatus", "orderData", "productData",
                              "customer", "consumer", "pickupDst", "returnDst", "manufacturer", "productType",
                              "serviceType", "serviceLocation", "serviceProvider", "servicePartner", "createdAt"})
        BOOST_TEST(view->has(field), field);
    BOOST_TEST(view->getValue<int>("serviceProviderId") == 1);
    BOOST_TEST(view->getObject("serviceProvider")->getObject("contactData")->getValue<std::string>("city") == "Växjö");
}
