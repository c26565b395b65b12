// Unit tests of the JSON writer used for every response.
#define BOOST_TEST_MODULE unit_json
#include <boost/test/unit_test.hpp>

#include "domain/Json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

using namespace sohub;

BOOST_AUTO_TEST_CASE(objects_keep_their_key_order) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("zeta", 1);
    o->set("alpha", "a");
    o->set("mid", Poco::Dynamic::Var());
    BOOST_TEST(toJsonText(o) == R"({"zeta":1,"alpha":"a","mid":null})");
}

BOOST_AUTO_TEST_CASE(strings_are_escaped_and_utf8_kept) {
    BOOST_TEST(toJsonText(std::string("a\"b\\c\nd\te\x01/Växjö")) == "\"a\\\"b\\\\c\\nd\\te\\u0001/Växjö\"");
}

BOOST_AUTO_TEST_CASE(scalars) {
    BOOST_TEST(toJsonText(true) == "true");
    BOOST_TEST(toJsonText(false) == "false");
    BOOST_TEST(toJsonText(42) == "42");
    BOOST_TEST(toJsonText(Poco::Int64(-9007199254740993LL)) == "-9007199254740993");
    BOOST_TEST(toJsonText(5.1) == "5.1");
    BOOST_TEST(toJsonText(Poco::Dynamic::Var()) == "null");
}

BOOST_AUTO_TEST_CASE(parsed_documents_round_trip) {
    const std::string text =
        R"({"a":[1,2.5,"x",{"b":null,"c":[true,false]}],"d":{},"e":[],"f":"https://example.com/"})";
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    BOOST_TEST(toJsonText(parser.parse(text)) == text);
}
