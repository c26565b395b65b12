// A logged booking request stored without the case data it shares with its case, and put back byte for byte.
#define BOOST_TEST_MODULE case_request_text
#include <boost/test/unit_test.hpp>

#include "domain/CaseRequestText.h"
#include "domain/Json.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <string>

using namespace sohub;
using CaseRequestText::Cut;
using CaseRequestText::DataColumn;

namespace {

Cut cutOf(const std::string& request, const std::string& text, DataColumn column) {
    const std::size_t at = request.find(text);
    BOOST_TEST_REQUIRE(at != std::string::npos);
    return Cut{at, text.size(), column};
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_request_comes_back_as_it_was_with_each_data_object_from_its_case) {
    CaseDataTexts data;
    data.orderData = R"({"consents":{"ConsentTerms":true},"refNo":"a\u0001b"})";
    data.productData = R"({"model":"iTest","problemText":"x"})";
    data.customer = R"({"type":0,"firstName":"Zoë"})";
    data.consumer = R"({"type":1})";
    const std::string request = R"({"trackingId":"t-1","orderData":)" + data.orderData + R"(,"productData":)" +
                                data.productData + R"(,"customer":)" + data.customer + R"(,"consumer":)" +
                                *data.consumer + R"(,"serviceType":4})";
    // Given in any order, as the reader's members come.
    const std::string stored = CaseRequestText::withoutCaseData(
        request, {cutOf(request, *data.consumer, DataColumn::Consumer),
                  cutOf(request, data.orderData, DataColumn::OrderData),
                  cutOf(request, data.customer, DataColumn::Customer),
                  cutOf(request, data.productData, DataColumn::ProductData)});
    BOOST_TEST(CaseRequestText::refersToCase(stored));
    BOOST_TEST(stored.size() < request.size() - data.orderData.size());
    BOOST_TEST(stored.find("ConsentTerms") == std::string::npos);
    BOOST_TEST(CaseRequestText::withCaseData(stored, data) == request);
}

BOOST_AUTO_TEST_CASE(a_request_without_cuts_or_with_overlapping_ones_keeps_its_text) {
    CaseDataTexts data;
    data.orderData = R"({"a":{"b":1}})";
    const std::string request = R"({"orderData":{"a":{"b":1}},"x":2})";
    const std::string none = CaseRequestText::withoutCaseData(request, {});
    BOOST_TEST(CaseRequestText::withCaseData(none, data) == request);
    // A cut inside another stays text: only the outer one refers to the case.
    const Cut outer = cutOf(request, data.orderData, DataColumn::OrderData);
    const Cut inner = cutOf(request, R"({"b":1})", DataColumn::ProductData);
    const std::string stored = CaseRequestText::withoutCaseData(request, {inner, outer});
    BOOST_TEST(CaseRequestText::withCaseData(stored, data) == request);
}

BOOST_AUTO_TEST_CASE(a_request_logged_whole_is_never_taken_for_one_that_refers_to_its_case) {
    BOOST_TEST(!CaseRequestText::refersToCase(R"({"trackingId":"t"})"));
    BOOST_TEST(!CaseRequestText::refersToCase(""));
    // JSON text holds a control byte only escaped.
    BOOST_TEST(toJsonText(Poco::JSON::Parser().parse(R"({"a":"\u0001"})").extract<Poco::JSON::Object::Ptr>())
                   .find('\x01') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_reference_to_a_data_object_the_case_does_not_have_is_an_error) {
    CaseDataTexts data;  // no consumer
    const std::string request = R"({"consumer":{"type":1}})";
    const std::string stored = CaseRequestText::withoutCaseData(
        request, {cutOf(request, R"({"type":1})", DataColumn::Consumer)});
    BOOST_CHECK_THROW(CaseRequestText::withCaseData(stored, data), Poco::DataException);
}
