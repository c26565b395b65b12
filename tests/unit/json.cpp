// Unit tests of the JSON writer used for every response.
#define BOOST_TEST_MODULE unit_json
#include <boost/test/unit_test.hpp>

#include "domain/Json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/UTF8Encoding.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

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

// The writer skips runs of eight plain bytes at once: every byte value, at every place in and around a word, is
// escaped exactly as a byte-at-a-time writer escapes it.
BOOST_AUTO_TEST_CASE(every_byte_at_every_place_is_escaped_as_one_at_a_time_would) {
    const auto slowly = [](const std::string& text) {
        std::string out = "\"";
        for (const char c : text) {
            const auto b = static_cast<unsigned char>(c);
            if (c == '"') out += "\\\"";
            else if (c == '\\') out += "\\\\";
            else if (c == '\n') out += "\\n";
            else if (c == '\r') out += "\\r";
            else if (c == '\t') out += "\\t";
            else if (c == '\b') out += "\\b";
            else if (c == '\f') out += "\\f";
            else if (b < 0x20) out += "\\u00" + std::string(1, "0123456789abcdef"[b >> 4]) + "0123456789abcdef"[b & 15];
            else out += c;
        }
        return out + "\"";
    };
    int wrong = 0;
    const auto check = [&](const std::string& text) {
        std::string written;
        appendJsonString(written, text);
        if (written == slowly(text)) return;
        ++wrong;
        BOOST_ERROR("wrote " << written << " for " << slowly(text));
    };
    for (int byte = 0; byte < 256 && wrong < 5; ++byte)
        for (std::size_t length = 1; length <= 19; ++length)
            for (std::size_t at = 0; at < length; ++at) {
                std::string text(length, 'a');
                text[at] = static_cast<char>(byte);
                check(text);
            }
    // Mixed words: high bytes, the edges of the ranges and several escapes together.
    const std::string bytes = std::string("\x1f \"\\!\x7f\x80\xa2\xff\x01\n\x21\x5b\x5d") + '\0';
    std::mt19937 random(8);
    std::uniform_int_distribution<std::size_t> length(0, 24), pick(0, bytes.size() - 1);
    for (int i = 0; i < 100000 && wrong < 5; ++i) {
        std::string text;
        for (std::size_t n = length(random); n > 0; --n) text += bytes[pick(random)];
        check(text);
    }
    BOOST_TEST(wrong == 0);
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

// isCanonicalJsonObject vouches for text that parsing and writing again gives back byte for byte.
namespace {

// What GET /api/v3/case wrote for a stored column before it passed canonical text on: parse, then toJsonText.
std::string reparsed(const std::string& text) {
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        return toJsonText(parser.parse(text).extract<Poco::JSON::Object::Ptr>());
    } catch (const std::exception&) {
        return "(not read)";
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(canonical_text_is_what_parsing_and_writing_gives_back) {
    for (const std::string text : {
             R"({})", R"({"a":1})", R"({"zeta":1,"alpha":{"b":[1,{"z":2,"y":3}],"a":{}}})", R"({"":[]})",
             R"({"a":[null,true,false,"x",-5,[],{}]})", R"({"a":"\"\\\n\r\t\b\f\u0001\u001f/"})",
             "{\"a\":\"Växjö € 😀 \x7f\xef\xbf\xbf\xf4\x8f\xbf\xbf\"}", R"({"a":1.5,"b":0.0000001,"c":1e+15,"d":-0.25})",
             R"({"a":5e-324,"b":1.7976931348623157e+308,"c":1.0000000000000002,"d":5.1})",
             R"({"a":0,"b":-1,"c":2147483648,"d":-9223372036854775808,"e":9223372036854775808})",
             R"({"a":18446744073709551615,"b":123456789012345678})"}) {
        BOOST_TEST(isCanonicalJsonObject(text), text);
        BOOST_TEST(reparsed(text) == text, text);
    }
}

BOOST_AUTO_TEST_CASE(other_text_is_not_vouched_for) {
    for (const std::string text : {
             // Whitespace, other escapes, a repeated key: the parse writes something else.
             R"( {"a":1})", R"({"a":1} )", R"({ "a":1})", R"({"a": 1})", R"({"a":"\/"})", R"({"a":"\u0041"})",
             R"({"a":"\u001F"})", R"({"a":"\u0008"})", R"({"a\u0000b":1})", R"({"a":"\u0000"})", R"({"a":1,"a":2})",
             R"({"a":{"b":1,"c":2,"b":3}})", R"({"a":[{"b":1,"b":1}]})",
             // Numbers the parse writes otherwise, or reads wrongly.
             R"({"a":-0})", R"({"a":-0.0})", R"({"a":1.0})", R"({"a":1.50})", R"({"a":1e3})", R"({"a":1E3})", R"({"a":1e15})",
             R"({"a":1e-7})", R"({"a":18446744073709551616})", R"({"a":-9223372036854775809})", R"({"a":1e400})",
             // Not JSON, not one object, or not UTF-8.
             "", "null", "[]", R"("a")", R"({"a":1}x)", R"({"a":01})", R"({"a":1.})", R"({"a":.5})", R"({"a":tru})",
             R"({"a":1,})", R"({"a"})", R"({"a":[1,]})", "{\"a\":\"\x01\"}", "{\"a\":\"\xff\"}", "{\"a\":\"\xc0\x80\"}",
             "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xf4\x90\x80\x80\"}", "{\"a\":\"\xe2\x82\"}", R"({"a":"x)"}) {
        BOOST_TEST(!isCanonicalJsonObject(text), text);
    }
}

// Whatever a long string holds at any offset (a byte to escape, one past ASCII, an escape) is seen, not only near its
// start.
BOOST_AUTO_TEST_CASE(long_strings_are_checked_at_every_offset) {
    const std::string plain(40, 'x');
    for (std::size_t at = 0; at <= plain.size(); ++at) {
        const auto with = [&](const std::string& piece) {
            return "{\"k\":\"" + plain.substr(0, at) + piece + plain.substr(at) + "\"}";
        };
        for (const std::string good : {"\\n", "\\\"", "\\u001f", "\xc3\xa4", "\xf0\x9f\x98\x80", "\x7f", " "}) {
            BOOST_TEST(isCanonicalJsonObject(with(good)), with(good));
            BOOST_TEST(reparsed(with(good)) == with(good));
        }
        for (const std::string bad : {"\x01", "\n", "\x1f", "\\/", "\\u0041", "\xff", "\xc3", "\xed\xa0\x80", "\"x"})
            BOOST_TEST(!isCanonicalJsonObject(with(bad)), with(bad));
    }
}

// Random documents of pieces that are canonical or nearly so: whenever the check vouches for one, parsing and writing
// gives it back; and it does vouch for most of those built from canonical pieces only.
BOOST_AUTO_TEST_CASE(vouched_text_always_round_trips) {
    const std::vector<std::string> scalars = {
        "0", "-0", "1", "-1", "42", "1.5", "1.50", "-0.0", "1e3", "1e+15", "1e15", "0.0000001", "1e-7", "5.1",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "-9223372036854775809",
        "true", "false", "null", R"("")", R"("x")", R"("\/")", R"("/")", R"("\u0041")", R"("\u001f")", R"("\u001F")",
        R"("\n\t")", R"("\u0000")", "\"V\xc3\xa4xj\xc3\xb6\"", "\"\xc3\"", R"("\"\\")", R"("\u00e9")"};
    const std::vector<std::string> keys = {R"("a")", R"("b")", R"("")", R"("\u0041")", R"("A")", R"("\u0000")",
                                           "\"\xc3\xa4\"", R"("\/")"};
    std::mt19937 random(20260102);
    const auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
    std::function<std::string(int)> value = [&](int depth) -> std::string {
        const unsigned kind = depth > 3 ? 0 : random() % 4;
        if (kind == 2) {
            std::string out = "[";
            for (unsigned i = 0, n = random() % 4; i < n; ++i) out += (i ? "," : "") + value(depth + 1);
            return out + "]";
        }
        if (kind == 3) {
            std::string out = "{";
            for (unsigned i = 0, n = random() % 4; i < n; ++i) out += (i ? "," : "") + pick(keys) + ":" + value(depth + 1);
            return out + "}";
        }
        return pick(scalars);
    };
    int vouched = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text = "{";
        for (unsigned m = 0, n = 1 + random() % 5; m < n; ++m) text += (m ? "," : "") + pick(keys) + ":" + value(1);
        text += "}";
        if (random() % 10 == 0) text.insert(random() % text.size(), " ");
        if (!isCanonicalJsonObject(text)) continue;
        ++vouched;
        BOOST_TEST_REQUIRE(reparsed(text) == text, text);
    }
    BOOST_TEST(vouched > 1000);
}

// The index finds exactly the object's members, in objects scanned by tag (small) and searched (large) alike, with
// keys that share a tag (length, first and last byte) and keys that are prefixes of others.
BOOST_AUTO_TEST_CASE(member_index_finds_every_member_and_nothing_else) {
    std::mt19937 random(7);
    const std::string alphabet = "aAbz_.0\xC3\xA4";
    const auto randomKey = [&] {
        std::string key;
        const std::size_t length = random() % 5;
        for (std::size_t i = 0; i < length; ++i) key += alphabet[random() % alphabet.size()];
        return key;
    };
    for (const std::size_t size : {0, 1, 2, 5, 23, 24, 25, 40, 300}) {
        Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
        const MemberIndex index(&object);
        for (std::size_t i = 0; object.size() < size; ++i) object.set(randomKey() + "k" + std::to_string(i % 7), static_cast<int>(i));
        for (int probe = 0; probe < 2000; ++probe) {
            const std::string name = probe % 3 == 0 ? randomKey() : randomKey() + "k" + std::to_string(probe % 9);
            const Poco::Dynamic::Var* found = index.look(name);
            BOOST_TEST_CONTEXT("size " << size << ", key '" << name << "'") {
                BOOST_TEST_REQUIRE((found != nullptr) == object.has(name));
                if (found) BOOST_TEST(found->convert<int>() == object.get(name).convert<int>());
            }
        }
        // A member added after the first look-up is found too.
        object.set("added later", -1);
        BOOST_TEST_REQUIRE(index.look("added later") != nullptr);
        BOOST_TEST(index.look("added later")->convert<int>() == -1);
    }
}

namespace {
// The UTF-8 check one character at a time, as isUtf8 did before it skipped ASCII eight bytes at a time.
bool utf8OneAtATime(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char lead = bytes[i];
        const std::size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;
        if (length == 0 || length > text.size() - i) return false;
        if (length > 1 && !Poco::UTF8Encoding::isLegal(bytes + i, static_cast<int>(length))) return false;
        i += length;
    }
    return true;
}
}  // namespace

// Valid and broken sequences (lone continuation bytes, overlong forms, surrogates, cut-off characters) at every
// place of ASCII runs of every length around the eight-byte steps, and random mixes, judged as one at a time would.
BOOST_AUTO_TEST_CASE(utf8_is_judged_as_one_character_at_a_time_would) {
    const std::vector<std::string> pieces{"\xC3\xA4", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\x80", "\xBF", "\xC3",
                                          "\xE2\x82", "\xF0\x9F\x98", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                          "\xFF", "\xFE", "\x7F", std::string(1, '\0')};
    int checked = 0, valid = 0;
    for (std::size_t length = 0; length <= 24; ++length)
        for (std::size_t at = 0; at <= length; ++at)
            for (const std::string& piece : pieces) {
                std::string text(length, 'a');
                text.insert(at, piece);
                BOOST_TEST_CONTEXT("length " << length << ", piece at " << at) {
                    BOOST_TEST(isUtf8(text) == utf8OneAtATime(text));
                }
                ++checked;
                valid += utf8OneAtATime(text);
            }
    std::mt19937 random(3);
    for (int round = 0; round < 100000; ++round) {
        std::string text;
        const std::size_t parts = random() % 12;
        for (std::size_t i = 0; i < parts; ++i)
            text += random() % 2 ? std::string(random() % 17, 'x') : pieces[random() % pieces.size()];
        BOOST_TEST_REQUIRE(isUtf8(text) == utf8OneAtATime(text), "round " << round);
        ++checked;
        valid += utf8OneAtATime(text);
    }
    BOOST_TEST(valid > checked / 10);  // both kinds are checked
    BOOST_TEST(valid < checked * 9 / 10);
}

// Bytes from outside made UTF-8: each byte that starts no legal sequence is U+FFFD; a character cut at the end of a
// text that was cut short is dropped (a webhook answer's first 2 KiB ending inside an "é").
BOOST_AUTO_TEST_CASE(outside_bytes_are_made_utf8) {
    const std::string fffd = "\xEF\xBF\xBD";
    BOOST_TEST(validUtf8("plain V\xC3\xA4xj\xC3\xB6") == "plain V\xC3\xA4xj\xC3\xB6");
    BOOST_TEST(validUtf8("latin \xE9 and \xFF") == "latin " + fffd + " and " + fffd);
    BOOST_TEST(validUtf8("cut \xC3") == "cut " + fffd);
    BOOST_TEST(validUtf8("cut \xC3", true) == "cut ");
    BOOST_TEST(validUtf8("cut \xE2\x82", true) == "cut ");
    BOOST_TEST(validUtf8("\xC3\x28", true) == fffd + "(");    // a broken pair is no cut character
    BOOST_TEST(validUtf8("\xED\xA0\x80") == fffd + fffd + fffd);  // a surrogate is not UTF-8
    BOOST_TEST(validUtf8("\xC0\xAF") == fffd + fffd);               // nor an overlong form
    std::mt19937 random(5);
    for (int round = 0; round < 20000; ++round) {
        std::string bytes(random() % 24, '\0');
        for (char& c : bytes) c = static_cast<char>(random() % 2 ? 0x80 + random() % 0x80 : random() % 0x80);
        BOOST_TEST_REQUIRE(isUtf8(validUtf8(bytes)), "round " << round);
        BOOST_TEST_REQUIRE(isUtf8(validUtf8(bytes, true)), "round " << round);
    }
}
