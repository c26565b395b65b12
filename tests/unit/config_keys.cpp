// Unit: typed configuration keys: fallbacks, ranges, and every problem named by its key.
#define BOOST_TEST_MODULE unit_config_keys
#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/MapConfiguration.h>

#include <boost/test/unit_test.hpp>
#include <functional>
#include <string>

#include "domain/ConfigKeys.h"

using namespace sohub;

namespace {

Poco::AutoPtr<Poco::Util::MapConfiguration> configWith(const std::string& key, const std::string& value) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    config->setString(key, value);
    return config;
}

// The message of the InvalidArgumentException `read` throws; empty when it throws none.
std::string problemOf(const std::function<void()>& read) {
    try {
        read();
    } catch (const Poco::InvalidArgumentException& error) {
        return error.message();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_absent_or_blank_key_gives_the_fallback_even_outside_the_range) {
    const auto config = configWith("a.blank", "   ");
    BOOST_TEST(integerKey(*config, "a.missing", 7, 1, 10) == 7);
    BOOST_TEST(integerKey(*config, "a.blank", 0, 1, 10) == 0);
    BOOST_TEST(integer64Key(*config, "a.missing", -1, 0, 5) == -1);
    BOOST_TEST(booleanKey(*config, "a.blank", true));
    BOOST_TEST(numberKey(*config, "a.missing", 0.5, 0, 1) == 0.5);
    BOOST_TEST(durationKey(*config, "a.blank", Poco::Timespan(30, 0)).totalSeconds() == 30);
}

BOOST_AUTO_TEST_CASE(whole_numbers_within_their_range) {
    BOOST_TEST(integerKey(*configWith("k", " 42 "), "k", 0, 1, 100) == 42);
    BOOST_TEST(integerKey(*configWith("k", "1"), "k", 0, 1, 100) == 1);
    BOOST_TEST(integerKey(*configWith("k", "100"), "k", 0, 1, 100) == 100);
    const Poco::Int64 tebibyte = Poco::Int64(1) << 40;
    BOOST_TEST(integer64Key(*configWith("k", "1099511627776"), "k", 0, 1, tebibyte) == tebibyte);
    BOOST_TEST(problemOf([] { integerKey(*configWith("k", "0"), "k", 5, 1, 100); }) == "k: 0 out of range 1-100");
    BOOST_TEST(problemOf([] { integerKey(*configWith("k", "101"), "k", 5, 1, 100); }) == "k: 101 out of range 1-100");
    BOOST_TEST(problemOf([] { integerKey(*configWith("k", "abc"), "k", 5, 1, 100); }) ==
               "k: 'abc' is not a whole number");
    BOOST_TEST(problemOf([] { integerKey(*configWith("k", "1.5"), "k", 5, 1, 100); }) ==
               "k: '1.5' is not a whole number");
    BOOST_TEST(problemOf([] { integerKey(*configWith("k", "10x"), "k", 5, 1, 100); }) ==
               "k: '10x' is not a whole number");
    BOOST_TEST(problemOf([] { integerKey(*configWith("k", "8,080"), "k", 5, 1, 10000); }) ==
               "k: '8,080' is not a whole number");
    // Beyond an int: refused by the range, not wrapped around.
    BOOST_TEST(problemOf([] { integerKey(*configWith("k", "4294967297"), "k", 5, 1, 100); }) ==
               "k: 4294967297 out of range 1-100");
}

BOOST_AUTO_TEST_CASE(booleans_in_the_usual_words_in_any_letter_case) {
    for (const char* yes : {"true", "TRUE", "yes", "On", "1"})
        BOOST_TEST(booleanKey(*configWith("k", yes), "k", false), yes);
    for (const char* no : {"false", "False", "no", "OFF", "0"})
        BOOST_TEST(!booleanKey(*configWith("k", no), "k", true), no);
    BOOST_TEST(problemOf([] { booleanKey(*configWith("k", "ja"), "k", false); }) == "k: 'ja' is not true or false");
    BOOST_TEST(problemOf([] { booleanKey(*configWith("k", "2"), "k", false); }) == "k: '2' is not true or false");
}

BOOST_AUTO_TEST_CASE(numbers_within_their_range) {
    BOOST_TEST(numberKey(*configWith("k", "0.25"), "k", 0, 0, 1) == 0.25);
    BOOST_TEST(problemOf([] { numberKey(*configWith("k", "5"), "k", 0, 0, 1); }) == "k: 5 out of range 0-1");
    BOOST_TEST(problemOf([] { numberKey(*configWith("k", "abc"), "k", 0, 0, 1); }) == "k: 'abc' is not a number");
    BOOST_TEST(problemOf([] { numberKey(*configWith("k", "nan"), "k", 0, 0, 1); }) == "k: 'nan' is not a number");
    // Poco's parser dropped every 'f' and ',' before reading: "0f.1" was 0.1, "0,1" was 1.
    BOOST_TEST(problemOf([] { numberKey(*configWith("k", "0f.1"), "k", 0, 0, 1); }) == "k: '0f.1' is not a number");
    BOOST_TEST(problemOf([] { numberKey(*configWith("k", "0,1"), "k", 0, 0, 1); }) == "k: '0,1' is not a number");
}

BOOST_AUTO_TEST_CASE(durations_in_the_configuration_notation) {
    BOOST_TEST(durationKey(*configWith("k", "5m"), "k", Poco::Timespan()).totalSeconds() == 300);
    BOOST_TEST(problemOf([] {
                   durationKey(*configWith("k", "soon"), "k", Poco::Timespan());
               }).rfind("k: 'soon' is not a duration", 0) == 0u);
}
