// The contact field matchers against the regular expressions they replace: same answer for every string tried.
#define BOOST_TEST_MODULE unit_text_formats
#include <boost/test/unit_test.hpp>

#include "domain/TextFormats.h"

#include <Poco/RegularExpression.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

using namespace sohub;

namespace {

struct Format {
    const char* name;
    bool (*matches)(std::string_view);
    const char* pattern;
};

// The expressions the booking validator and Joi's email check used before (Poco's match(): the whole string).
const std::vector<Format> formats = {
    {"phone", &isPhoneNumber, R"(^\+?[0-9][0-9 ()./\-]*$)"},
    {"email", &isEmailAddress, R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"},
    {"postal code", &isPostalCode, R"(^[A-Za-z0-9][A-Za-z0-9 \-]*$)"},
    {"country code", &isCountryCode, R"(^[A-Z]{2}$)"},
};

// Compiled once (an expression cannot be moved: built in place).
const std::deque<Poco::RegularExpression>& expressions() {
    static const std::deque<Poco::RegularExpression> compiled = [] {
        std::deque<Poco::RegularExpression> all;
        for (const Format& format : formats) all.emplace_back(format.pattern);
        return all;
    }();
    return compiled;
}

// Each matcher's answer on the text against its expression's; the number that disagree, each reported.
int disagreements(const std::string& text) {
    int count = 0;
    for (std::size_t f = 0; f < formats.size(); ++f) {
        if (formats[f].matches(text) == expressions()[f].match(text)) continue;
        ++count;
        BOOST_ERROR(formats[f].name << " disagrees on '" << text << "'");
    }
    return count;
}

}  // namespace

BOOST_AUTO_TEST_CASE(documented_examples_and_near_misses_agree_with_the_expressions) {
    int disagreed = 0;
    for (const std::string& text : std::vector<std::string>{
             "", "+46701234567", "+46 (0)70-123 45.67/8", "0701234567", "+", "++46", "+ 46", "46a", "-46",
             "(08) 123", "12\n", "\n12", "jane.doe@example.com", "a@b.c", "a@b.", "a@.c", "@b.c", "a@bc", "a@b@c.d",
             "a b@c.d", "a@b.c ", "a@b..c", "a@.b.c", "a\t@b.c", "a@b\x0b.c", "a@b.c\n", "\xC3\xA4@b.c", "12345",
             "123 45", "SE-123", "-123", " 123", "12_3", "SE", "se", "S", "SEK", "S1", std::string("a@b.c\0d", 7),
             std::string("1\0", 2)})
        disagreed += disagreements(text);
    BOOST_TEST(disagreed == 0);
}

BOOST_AUTO_TEST_CASE(random_strings_over_the_characters_that_matter_agree_with_the_expressions) {
    const std::string alphabet = std::string("+09aZz@. \t\v\n\r\f()/-_\xE4") + '\0';
    std::mt19937 random(20261203);
    std::uniform_int_distribution<std::size_t> length(0, 7), pick(0, alphabet.size() - 1);
    int disagreed = 0;
    for (int i = 0; i < 200000 && disagreed < 10; ++i) {
        std::string text;
        for (std::size_t n = length(random); n > 0; --n) text += alphabet[pick(random)];
        disagreed += disagreements(text);
    }
    BOOST_TEST(disagreed == 0);
}
