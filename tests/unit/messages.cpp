// Unit tests: Joi wording of the input checks, the message shapes, and the message services on a real store.
#define BOOST_TEST_MODULE unit_messages
#include <boost/test/unit_test.hpp>

#include "domain/Clock.h"
#include "domain/Guid.h"
#include "domain/HubError.h"
#include "domain/Joi.h"
#include "domain/Message.h"
#include "domain/NumberText.h"
#include "services/ConfirmMessages.h"
#include "services/CreateMessage.h"
#include "services/ListMessages.h"
#include "store/Database.h"
#include "support/CaseSeeder.h"
#include "support/ScratchFolder.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <utility>
#include <vector>

using namespace sohub;

namespace {

Poco::Dynamic::Var json(const std::string& text) { return Poco::JSON::Parser().parse(text); }

std::string joiError(const std::function<void()>& check) {
    try {
        check();
    } catch (const HubError& error) {
        BOOST_TEST(error.httpStatus() == 400);
        return error.what();
    }
    return "";
}

JoiObject object(const std::string& text) { return JoiObject(JoiObject::requireObject(json(text))); }

}  // namespace

BOOST_AUTO_TEST_SUITE(joi)

BOOST_AUTO_TEST_CASE(strings) {
    BOOST_TEST(joiError([] { object("{}").string("guid", true); }) == R"(child "guid" fails because ["guid" is required])");
    BOOST_TEST(joiError([] { object(R"({"a":1})").string("a"); }) == R"(child "a" fails because ["a" must be a string])");
    BOOST_TEST(joiError([] { object(R"({"a":""})").string("a"); }) ==
               R"(child "a" fails because ["a" is not allowed to be empty])");
    BOOST_TEST(joiError([] { object(R"({"a":"xyz"})").string("a", false, 2); }) ==
               R"(child "a" fails because ["a" length must be less than or equal to 2 characters long])");
    BOOST_TEST(*object(R"({"a":"åäö"})").string("a", false, 3) == "åäö");  // characters, not bytes
    BOOST_TEST(!object(R"({"a":null})").string("a").has_value());
}

BOOST_AUTO_TEST_CASE(guids_numbers_dates_and_nesting) {
    BOOST_TEST(*object(R"({"g":"1E0ABCB7-B94C-4072-A9C0-37072A1EF015"})").guid("g") ==
               "1e0abcb7-b94c-4072-a9c0-37072a1ef015");
    BOOST_TEST(joiError([] { object(R"({"g":"1e0abcb7"})").guid("g"); }) ==
               R"(child "g" fails because ["g" must be a valid GUID])");
    // The shape only: 8-4-4-4-12 hex digits and nothing after them (a trailing newline is no GUID either).
    for (const char* text : {R"({"g":"1e0abcb7-b94c-4072-a9c0-37072a1ef015\n"})", R"({"g":"1e0abcb7b-94c-4072-a9c0-37072a1ef015"})",
                             R"({"g":"1e0abcb7-b94c-4072-a9c0-37072a1ef01g"})", R"({"g":" 1e0abcb7-b94c-4072-a9c0-37072a1ef015"})"})
        BOOST_TEST(joiError([&] { object(text).guid("g"); }) == R"(child "g" fails because ["g" must be a valid GUID])", text);
    BOOST_TEST(*object(R"({"n":"42"})").integer("n") == 42);  // Joi converts numeric strings
    BOOST_TEST(joiError([] { object(R"({"n":true})").integer("n"); }) == R"(child "n" fails because ["n" must be a number])");
    BOOST_TEST(joiError([] { object(R"({"n":1.5})").integer("n"); }) == R"(child "n" fails because ["n" must be an integer])");
    BOOST_TEST(isoDate(*object(R"({"d":"2017-07-25T10:12:54.003Z"})").date("d")) == "2017-07-25T10:12:54.003Z");
    BOOST_TEST(isoDate(*object(R"({"d":0})").date("d")) == "1970-01-01T00:00:00.000Z");
    // A fraction of a millisecond is dropped toward zero, as new Date(1.5) and new Date(-1.5) do.
    BOOST_TEST(isoDate(*object(R"({"d":1.9})").date("d")) == "1970-01-01T00:00:00.001Z");
    BOOST_TEST(isoDate(*object(R"({"d":"-1.5"})").date("d")) == "1969-12-31T23:59:59.999Z");
    BOOST_TEST(isoDate(*object(R"({"d":"2017-07-25"})").date("d")) == "2017-07-25T00:00:00.000Z");
    // isoDate keeps the last second it formatted: the same second again, the next one, and times before 1970.
    const Poco::Timestamp second(Poco::Timestamp::TimeVal(1500000000) * 1000000);
    BOOST_TEST(isoDate(second + 7000) == "2017-07-14T02:40:00.007Z");
    BOOST_TEST(isoDate(second + 999999) == "2017-07-14T02:40:00.999Z");
    BOOST_TEST(isoDate(second + 1000000) == "2017-07-14T02:40:01.000Z");
    BOOST_TEST(isoDate(Poco::Timestamp(-1500)) == "1969-12-31T23:59:59.998Z");
    BOOST_TEST(isoDate(Poco::Timestamp(-1000000)) == "1969-12-31T23:59:59.000Z");
    BOOST_TEST(!object(R"({"d":""})").date("d").has_value());  // empty: the caller's default applies
    BOOST_TEST(joiError([] { object(R"({"d":{}})").date("d"); }) ==
               R"(child "d" fails because ["d" must be a number of milliseconds or valid date string])");
    const Poco::JSON::Object::Ptr meta = object(R"({"meta":{}})").object("meta");
    BOOST_TEST(joiError([&] { JoiObject(meta, {"meta"}).integer("caseId", true); }) ==
               R"(child "meta" fails because [child "caseId" fails because ["caseId" is required]])");
    BOOST_TEST(joiError([] { JoiObject::requireObject(json("[]")); }) == R"("value" must be an object)");
}

BOOST_AUTO_TEST_CASE(integer_arrays) {
    BOOST_TEST((joiIntegerArray(json("[1, \"2\", 3]")) == std::vector<Poco::Int64>{1, 2, 3}));
    BOOST_TEST(joiError([] { joiIntegerArray(json(R"([1, "x"])")); }) ==
               R"("value" at position 1 fails because ["1" must be a number])");
    BOOST_TEST(joiError([] { joiIntegerArray(json(R"([null])")); }) ==
               R"("value" at position 0 fails because ["0" must be a number])");
    BOOST_TEST(joiError([] { joiIntegerArray(json(R"({})")); }) == R"("value" must be an array)");
}

// Numeric strings as JavaScript's Number() reads them (Joi converts with it): Poco's parser read "1,000" as 1000,
// "  " as 0 and "1f" as 1, so a client's mistake became another message id or the date of 1970.
BOOST_AUTO_TEST_CASE(numeric_strings_read_as_javascript_reads_them) {
    for (const auto& [text, value] : std::vector<std::pair<const char*, double>>{
             {"42", 42}, {" 12 ", 12}, {"+5", 5}, {"-3", -3}, {"5.", 5}, {".5", 0.5}, {"1e3", 1000}, {"2.5E-1", 0.25}})
        BOOST_TEST((decimalNumber(text) == std::optional<double>(value)), text);
    for (const char* text : {"", "  ", "1,000", "1f", "0x10", "1_000", "Infinity", "nan", "1e", "e5", ".", "+", "--1",
                             "1 2", "1e400", "12abc"})
        BOOST_TEST(!decimalNumber(text).has_value(), text);
    // Whole numbers (ids, counts): the same reading, then integral and within JavaScript's safe integers.
    for (const auto& [text, value] : std::vector<std::pair<const char*, long long>>{
             {"42", 42}, {" 12 ", 12}, {"+5", 5}, {"-3", -3}, {"12.0", 12}, {"1.2e1", 12},
             {"9007199254740991", 9007199254740991LL}})
        BOOST_TEST((integerNumber(text) == std::optional<long long>(value)), text);
    for (const char* text : {"", " ", "1.5", "1,000", "1e-1", "9007199254740993", "1e300", "4x"})
        BOOST_TEST(!integerNumber(text).has_value(), text);
    BOOST_TEST(!integerNumber(std::string_view("4\0x", 3)).has_value());  // Poco's parser stopped at the NUL: 4
    BOOST_TEST(joiError([] { joiIntegerArray(json(R"(["1,000"])")); }) ==
               R"("value" at position 0 fails because ["0" must be a number])");
    BOOST_TEST(joiError([] { joiIntegerArray(json(R"(["  "])")); }) ==
               R"("value" at position 0 fails because ["0" must be a number])");
    BOOST_TEST(joiError([] { object(R"({"n":"1f"})").integer("n"); }) ==
               R"(child "n" fails because ["n" must be a number])");
    // A blank date is an empty one (the current time), not the number 0.
    BOOST_TEST(!object(R"({"d":"  "})").date("d").has_value());
    BOOST_TEST(joiError([] { object(R"({"d":"1,5"})").date("d"); }) ==
               R"(child "d" fails because ["d" must be a number of milliseconds or valid date string])");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(new_guids_are_version_7_distinct_and_time_ordered) {
    std::vector<std::string> guids;
    for (int i = 0; i < 1000; ++i) guids.push_back(newGuid());
    const std::string& a = guids.front();
    BOOST_TEST(object(R"({"g":")" + a + R"("})").guid("g").value() == a);
    BOOST_TEST(a[14] == '7');
    BOOST_TEST(std::string("89ab").find(a[19]) != std::string::npos);
    // The first 48 bits are Unix milliseconds, so later GUIDs never sort before earlier ones on that prefix.
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    const long long stamped = std::stoll(a.substr(0, 8) + a.substr(9, 4), nullptr, 16);
    BOOST_TEST(std::llabs(millis - stamped) < 5000);
    for (std::size_t i = 1; i < guids.size(); ++i) BOOST_TEST(guids[i - 1].substr(0, 13) <= guids[i].substr(0, 13));
    std::sort(guids.begin(), guids.end());
    BOOST_TEST((std::adjacent_find(guids.begin(), guids.end()) == guids.end()));
}

BOOST_AUTO_TEST_SUITE(message_shape)

BOOST_AUTO_TEST_CASE(each_shape_has_the_keys_of_its_document_example_in_order) {
    Message m;
    m.id = 7;
    m.caseId = 3;
    m.caseGuid = "g";
    m.senderAccountId = 1001;
    m.senderType = "partner";
    m.content = "Line \"one\"\nåäö \\ a/b \x01";
    m.type = "serviceComment";
    m.parentMessageId = 5;
    m.userName = "Eva";
    m.createdAt = m.updatedAt = m.declaredAt = "2017-07-26T14:02:02.170Z";
    std::string created, listed, event;
    m.writeJson(created);
    m.writeListJson(listed);
    m.writeEventJson(event);
    const std::string dates =
        R"("createdAt":"2017-07-26T14:02:02.170Z","updatedAt":"2017-07-26T14:02:02.170Z","declaredAt":"2017-07-26T14:02:02.170Z")";
    const std::string content = R"("content":"Line \"one\"\nåäö \\ a/b \u0001")";
    BOOST_TEST(created == R"({"id":7,"caseId":3,"guid":"g","senderAccountId":1001,"senderType":"partner",)" + content +
                              R"(,"type":"serviceComment","externalId":null,"confirmedAt":null,)" + dates + "}");
    // The list (and so the webhook body) shows senderType after type.
    BOOST_TEST(listed == R"({"id":7,"caseId":3,"guid":"g","senderAccountId":1001,)" + content +
                             R"(,"type":"serviceComment","senderType":"partner","externalId":null,"confirmedAt":null,)" +
                             dates + "}");
    BOOST_TEST(event == listed.substr(0, listed.size() - 1) +
                            R"(,"parentMessageId":5,"userName":"Eva","userEmail":null})");
    // And each is JSON that reads back to the same text.
    for (const std::string& text : {created, listed, event})
        BOOST_TEST(json(text).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("content") == *m.content);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(services)

struct Store {
    test::ScratchFolder folder;
    std::string file = folder.path() + "/sohub.db";
    std::unique_ptr<Database> database = open();
    Account partner{1001, "acme", Role::Partner, "", 1, {}, ""};
    Account provider{1003, "infocare", Role::Provider, "", 0, {1}, ""};
    Account otherProvider{1004, "nordic", Role::Provider, "", 0, {2}, ""};

    std::unique_ptr<Database> open() {
        StoreSettings settings;
        settings.path = file;
        settings.readers = 2;
        return std::make_unique<Database>(settings);
    }
    Caller as(const Account& account) const { return Caller{&account, account.providerIds}; }
};

BOOST_FIXTURE_TEST_CASE(create_list_confirm_without_http, Store) {
    const test::SeededCase seeded = test::seedCase(file, 1, 1001, 1);
    const CreateMessage create(*database);
    const Message m = create.run(as(partner), json(R"({"guid":")" + seeded.guid + R"(","type":"reminder"})"));
    BOOST_TEST(m.id > 0);
    BOOST_TEST(*m.senderType == "partner");
    const ListMessages list(*database);
    BOOST_TEST(list.run(as(provider), seeded.guid).size() == 1u);
    BOOST_CHECK_THROW(list.run(as(otherProvider), seeded.guid), HubError);
    const ConfirmMessages confirm(*database);
    const auto errors = confirm.run(as(provider), json("[" + std::to_string(m.id) + ", 4242]"));
    BOOST_TEST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].id == 4242);
    BOOST_TEST(errors[0].message == "Not found");
    BOOST_TEST(list.run(as(partner), seeded.guid).front().confirmedAt.has_value());
}

BOOST_FIXTURE_TEST_CASE(list_text_from_the_columns_equals_the_list_shape, Store) {
    const test::SeededCase seeded = test::seedCase(file, 1, 1001, 1);
    const CreateMessage create(*database);
    create.run(as(partner), json(R"({"guid":")" + seeded.guid + R"(","type":"reminder","content":"a/b \"q\" \\ \n åäö €"})"));
    create.run(as(provider), json(R"({"guid":")" + seeded.guid + R"(","type":"shipment","externalId":"x-1"})"));
    const ListMessages list(*database);
    std::string expected = "[";
    for (const Message& m : list.run(as(partner), seeded.guid)) {
        if (expected.size() > 1) expected += ',';
        m.writeListJson(expected);
    }
    expected += ']';
    BOOST_TEST(list.json(as(partner), seeded.guid) == expected);
    BOOST_TEST(json(expected).extract<Poco::JSON::Array::Ptr>()->size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
