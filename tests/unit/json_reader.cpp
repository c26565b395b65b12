// The bounded JSON reader: the values Poco's parser gives, key order kept, each json.* limit refused as it is crossed.
#define BOOST_TEST_MODULE json_reader
#include <boost/test/unit_test.hpp>

#include "domain/Json.h"
#include "domain/JsonReader.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <limits>
#include <string>

using namespace sohub;

namespace {

std::string roundTrip(const std::string& text, const JsonLimits& limits = {}) {
    return toJsonText(readJson(text, limits));
}

std::string refusal(const std::string& text, const JsonLimits& limits) {
    try {
        readJson(text, limits);
    } catch (const JsonLimitExceeded& limit) {
        return limit.what();
    }
    return "accepted";
}

// {"k0":0,"k1":1,...}: n members named in the order a client would send them (not sorted).
std::string wideObject(int n) {
    std::string text = "{";
    for (int i = n - 1; i >= 0; --i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + (i ? "," : "}");
    return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(values_come_back_as_sent_with_the_members_in_their_order) {
    BOOST_TEST(roundTrip(R"({"z":1,"a":[true,false,null],"m":{"y":"x","b":2.5}})") ==
               R"({"z":1,"a":[true,false,null],"m":{"y":"x","b":2.5}})");
    const auto object = readJson(R"({"small":1,"big":9007199254740993,"neg":-3,"real":1.5})", {})
                            .extract<Poco::JSON::Object::Ptr>();
    // The same value types as Poco's own ParseHandler gives, which the validators expect.
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    const auto poco = parser.parse(R"({"small":1,"big":9007199254740993,"neg":-3,"real":1.5})")
                          .extract<Poco::JSON::Object::Ptr>();
    for (const std::string name : {"small", "big", "neg", "real"})
        BOOST_TEST((object->get(name).type() == poco->get(name).type()), name);
    BOOST_TEST(object->getValue<Poco::Int64>("big") == 9007199254740993LL);
    BOOST_TEST(object->getValue<int>("neg") == -3);
    BOOST_TEST(object->getValue<double>("real") == 1.5);
    BOOST_TEST(roundTrip("[1,\"two\",3]") == "[1,\"two\",3]");
    BOOST_TEST(roundTrip("\"text\"") == "\"text\"");
}

BOOST_AUTO_TEST_CASE(a_repeated_member_keeps_its_first_place_and_its_last_value) {
    BOOST_TEST(roundTrip(R"({"b":1,"a":2,"b":3})") == R"({"b":3,"a":2})");
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("second", 1).set("first", 2).set("second", 3);
    BOOST_TEST(toJsonText(object) == R"({"second":3,"first":2})");
    object.remove("second");
    object.set("second", 4);
    BOOST_TEST(toJsonText(object) == R"({"first":2,"second":4})");
}

BOOST_AUTO_TEST_CASE(an_object_of_200000_members_is_read_whole_in_order) {
    JsonLimits limits;
    limits.maxMembers = 200000;
    const auto object = readJson(wideObject(200000), limits).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(object->size() == 200000u);
    const std::vector<std::string> names = object->getNames();
    BOOST_TEST(names.front() == "k199999");
    BOOST_TEST(names.back() == "k0");
    BOOST_TEST(object->getValue<int>("k12345") == 12345);
}

BOOST_AUTO_TEST_CASE(each_limit_is_refused_naming_its_key) {
    JsonLimits limits;
    limits.maxDepth = 3;
    limits.maxMembers = 2;
    limits.maxElements = 3;
    limits.maxStringBytes = 5;
    BOOST_TEST(refusal("[[[1]]]", limits) == "accepted");
    BOOST_TEST(refusal("[[[[1]]]]", limits) == "JSON nesting is deeper than json.maxDepth (3)");
    BOOST_TEST(refusal(R"({"a":{"b":{"c":{}}}})", limits) == "JSON nesting is deeper than json.maxDepth (3)");
    BOOST_TEST(refusal(R"({"a":1,"b":2})", limits) == "accepted");
    BOOST_TEST(refusal(R"({"a":1,"b":2,"c":3})", limits) == "A JSON object has more members than json.maxMembers (2)");
    // A repeated name is a member sent: the count is of what came, not of what is kept.
    BOOST_TEST(refusal(R"({"a":1,"a":2,"a":3})", limits) == "A JSON object has more members than json.maxMembers (2)");
    BOOST_TEST(refusal("[1,2,3]", limits) == "accepted");
    BOOST_TEST(refusal("[1,2,3,4]", limits) == "A JSON array has more elements than json.maxElements (3)");
    BOOST_TEST(refusal(R"(["12345"])", limits) == "accepted");
    BOOST_TEST(refusal(R"(["123456"])", limits) == "A JSON string is longer than json.maxStringBytes (5 bytes)");
    BOOST_TEST(refusal(R"({"123456":1})", limits) == "A JSON string is longer than json.maxStringBytes (5 bytes)");
    // Counted in bytes of UTF-8 after unescaping: "\u00e5" is two bytes.
    BOOST_TEST(refusal(R"(["\u00e5\u00e5\u00e5"])", limits) == "A JSON string is longer than json.maxStringBytes (5 bytes)");
}

BOOST_AUTO_TEST_CASE(the_first_element_past_the_limit_stops_the_parse) {
    JsonLimits limits;
    limits.maxElements = 10;
    // What follows the eleventh element is never read: malformed text there does not change the answer.
    BOOST_TEST(refusal("[0,1,2,3,4,5,6,7,8,9,10, this is not JSON", limits) ==
               "A JSON array has more elements than json.maxElements (10)");
}

BOOST_AUTO_TEST_CASE(text_that_is_not_json_is_malformed) {
    for (const std::string text : {"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "nul", "{'a':1}"})
        BOOST_CHECK_THROW(readJson(text, {}), MalformedJson);
}

BOOST_AUTO_TEST_CASE(an_integer_past_64_bits_is_read_as_the_number_it_is_not_wrapped) {
    // What JavaScript's JSON.stringify writes for 1e20 and 2^64, and what Poco alone fails or reads as 0.
    const auto object =
        readJson(R"({"a":100000000000000000000,"b":18446744073709551616,"c":-9223372036854775809,)"
                 R"("d":[35000000000000000000],"e":18446744073709551615,"f":-9223372036854775808,)"
                 R"("g":"18446744073709551616 stays text","h\"18446744073709551616":1,"i":1.5e19})",
                 {})
            .extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST((object->get("a").type() == typeid(double)));
    BOOST_TEST(object->getValue<double>("a") == 1e20);
    BOOST_TEST(object->getValue<double>("b") == 18446744073709551616.0);
    BOOST_TEST(object->getValue<double>("c") == -9223372036854775809.0);
    BOOST_TEST(object->getArray("d")->getElement<double>(0) == 3.5e19);
    // Within the bounds the integers stay integers, exact.
    BOOST_TEST(object->getValue<Poco::UInt64>("e") == 18446744073709551615ULL);
    BOOST_TEST(object->getValue<Poco::Int64>("f") == std::numeric_limits<Poco::Int64>::min());
    BOOST_TEST(object->getValue<std::string>("g") == "18446744073709551616 stays text");
    BOOST_TEST(object->has("h\"18446744073709551616"));
    BOOST_TEST(object->getValue<double>("i") == 1.5e19);
    BOOST_TEST(roundTrip("[100000000000000000000]") == "[" + toJsonText(Poco::Dynamic::Var(1e20)) + "]");
    BOOST_TEST(roundTrip("100000000000000000000") == toJsonText(Poco::Dynamic::Var(1e20)));
    BOOST_CHECK_THROW(readJson("[100000000000000000000,]", {}), MalformedJson);
    // Wherever the token lies (the text is looked at one byte in 19).
    for (std::size_t offset = 0; offset < 45; ++offset) {
        const auto array = readJson("[" + std::string(offset, ' ') + "99999999999999999999,9999999999999999999]", {})
                               .extract<Poco::JSON::Array::Ptr>();
        BOOST_TEST(array->getElement<double>(0) == 99999999999999999999.0, offset);
        BOOST_TEST(array->getElement<Poco::UInt64>(1) == 9999999999999999999ULL, offset);
        // The shortest run that can be past the bounds: 19 digits, below -2^63.
        const auto alone = readJson(std::string(offset, ' ') + "-9999999999999999999", {});
        BOOST_TEST((alone.type() == typeid(double)), offset);
        BOOST_TEST(alone.convert<double>() == -9999999999999999999.0, offset);
    }
}

namespace {

std::string malformedOrValue(const std::string& text) {
    try {
        return toJsonText(readJson(text, {}));
    } catch (const MalformedJson& error) {
        return std::string("malformed: ") + error.what();
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_grammar_is_poco_parsers_byte_for_byte) {
    // Read as Poco 1.11's parser reads them (the fuzz target json_text compares the two on any text).
    BOOST_TEST(malformedOrValue(" \t\r\n[ 1 , -0 , 0.5e-3 , 2E+2 , true , null ] \n") == "[1,0,0.0005,200,true,null]");
    BOOST_TEST(malformedOrValue(R"(["\"\\\/\b\f\n\r\t\u00e5\u20AC\ud83d\ude00"])") ==
               "[\"\\\"\\\\/\\b\\f\\n\\r\\t\xC3\xA5\xE2\x82\xAC\xF0\x9F\x98\x80\"]");
    BOOST_TEST(malformedOrValue("[\"V\xC3\xA4xj\xC3\xB6\",\"\x7F\"]") == "[\"V\xC3\xA4xj\xC3\xB6\",\"\x7F\"]");
    // A member name ends at its first NUL (Poco hands names over as C strings); a value keeps it.
    const auto object = readJson(R"({"a\u0000b":"c\u0000d"})", {}).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(object->getNames() == std::vector<std::string>{"a"});
    BOOST_TEST(object->getValue<std::string>("a") == std::string("c\0d", 3));
    BOOST_TEST((readJson("-9223372036854775808", {}).type() == typeid(Poco::Int64)));
    BOOST_TEST((readJson("999999999999999999", {}).type() == typeid(Poco::Int64)));
    // Exact, where Poco 1.11's NumberParser gave -20000000000000000 (through a double).
    BOOST_TEST(readJson("-19999999999999999", {}).extract<Poco::Int64>() == -19999999999999999LL);
    BOOST_TEST(readJson("-1234567890123456789", {}).extract<Poco::Int64>() == -1234567890123456789LL);
    BOOST_TEST((readJson("9223372036854775808", {}).type() == typeid(Poco::UInt64)));
    BOOST_TEST((readJson("1.0", {}).type() == typeid(double)));
    for (const std::string text :
         {" ", "01", "-", "-a", "1.", "1.e5", ".5", "1e", "1e+", "+1", "[1 2]", "[1,]", "{\"a\" 1}", "{\"a\":1,}",
          "{1:2}", "{\"a\":1 \"b\":2}", "tru", "nulll", "\"\\x\"", "\"\\u12G4\"", "\"\\ud800\"", "\"\\ud800\\n\"",
          "\"\\ud800\\u0041\"", "\"\\udc00\"", "\"a\tb\"", "\"\x01\"", "\"\xC3\"", "\"\xC0\xAF\"", "\"\xE0\x80\xAF\"",
          "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\x80\"", "\xEF\xBB\xBF{}", "[\f]",
          "{} {}", "[1]\xFF", "\"abc", "[", "{\"a\":"})
        BOOST_TEST(malformedOrValue(text).rfind("malformed: ", 0) == 0u, text);
}
