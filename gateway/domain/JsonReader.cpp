// A JSON reader of one pass over the text that counts as it builds (Poco's values, pdjson's grammar), and a linear
// Object::set.
#include "domain/JsonReader.h"

#include "domain/ConfigKeys.h"

#include <Poco/Ascii.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <array>
#include <limits>
#include <string_view>
#include <vector>

namespace {
thread_local Poco::Dynamic::Var* lastPlaced = nullptr;  // the value this thread's last Object::set placed (setTaken)
}

// Poco 1.11's Object::set looks for the key in the insertion-order list before appending it: one linear search per
// member, so an object of n members takes n²/2 string comparisons to build (200,000 members: minutes). Whether the
// key is new is already known from the map insertion, so this definition, which takes the place of the library's
// (the executable's symbol comes first), appends without a search. The invariant it keeps is the library's own:
// with insertion order on, the list holds each key of the map once, in the order first set.
Poco::JSON::Object& Poco::JSON::Object::set(const std::string& key, const Poco::Dynamic::Var& value) {
    // try_emplace copies the key and the value once, into the map's node (Poco's insert of a pair copies both twice).
    const std::pair<ValueMap::iterator, bool> placed = _values.try_emplace(key, value);
    if (!placed.second)
        placed.first->second = value;
    else if (_preserveInsOrder)
        _keys.push_back(placed.first);
    _modified = true;
    lastPlaced = &placed.first->second;
    return *this;
}

namespace sohub {

Poco::Dynamic::Var* setTaken(Poco::JSON::Object& object, const std::string& key, Poco::Dynamic::Var& value) {
    static const Poco::Dynamic::Var nothing;  // copied without an allocation
    lastPlaced = nullptr;
    object.set(key, nothing);
    if (!lastPlaced) {  // Poco's own set ran (not the definition above): copied, as it does
        object.set(key, value);
        return nullptr;
    }
    lastPlaced->swap(value);
    return lastPlaced;
}

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// Bytes a string copies as they are: printable ASCII other than the quote and the backslash.
constexpr std::array<bool, 256> plainBytes = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return plain;
}();

// Reads a document in one pass over its text, building its values as Poco's parser with its ParseHandler does
// (the same value types) and accepting what Poco 1.11's parser (pdjson) accepts, refusing in its words. Each limit
// is checked where Poco's handler saw the value: a container's depth and its place in its parent as it opens, a
// string's length and a scalar's place once the token is read, so the same document is refused for the same reason.
// Where the two differ, Poco's was wrong: it takes a byte 0xFF after the document for the end of the text (its
// buffer's chars are signed, and -1 is its EOF), where here it is text after the end, refused; and it rounds a
// negative integer below -2^53 through a double (-19999999999999999 came out as -20000000000000000), exact here.
class Document {
public:
    Document(const std::string& text, const JsonLimits& limits)
        : at_(text.data()), end_(text.data() + text.size()), limits_(limits) {}

    Poco::Dynamic::Var read() {
        skipSpace();
        std::size_t none = 0;
        Poco::Dynamic::Var value;
        readValue(0, Parent::None, none, value);
        skipSpace();
        if (at_ != end_) refuse("expected end of text instead of byte", *at_);
        return value;
    }

private:
    enum class Parent { None, Object, Array };

    [[noreturn]] static void refuse(const std::string& what) { throw MalformedJson(what); }
    [[noreturn]] static void refuse(const std::string& what, char byte) {
        throw MalformedJson(what + " '" + byte + "'");
    }
    [[noreturn]] void refuseHere(const char* what) const {
        if (at_ == end_) refuse("unexpected end of text");
        refuse(what, *at_);
    }

    void skipSpace() {
        while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
    }
    void open(int depth) const {
        if (depth >= limits_.maxDepth)
            throw JsonLimitExceeded("JSON nesting is deeper than json.maxDepth (" + std::to_string(limits_.maxDepth) +
                                    ")");
    }
    void checkLength(const std::string& text) const {
        if (text.size() > limits_.maxStringBytes)
            throw JsonLimitExceeded("A JSON string is longer than json.maxStringBytes (" +
                                    std::to_string(limits_.maxStringBytes) + " bytes)");
    }
    // One more value in its parent, refused past the parent's limit.
    void count(Parent parent, std::size_t& values) const {
        if (parent == Parent::Object && ++values > limits_.maxMembers)
            throw JsonLimitExceeded("A JSON object has more members than json.maxMembers (" +
                                    std::to_string(limits_.maxMembers) + ")");
        if (parent == Parent::Array && ++values > limits_.maxElements)
            throw JsonLimitExceeded("A JSON array has more elements than json.maxElements (" +
                                    std::to_string(limits_.maxElements) + ")");
    }

    // The value at the current byte (spaces already passed), `depth` containers deep, counted in its parent, made in
    // `into` (Poco 1.11's Var has no move: a Var returned by value would copy a string again).
    void readValue(int depth, Parent parent, std::size_t& values, Poco::Dynamic::Var& into) {
        if (at_ == end_) refuse("unexpected end of text");
        switch (*at_) {
        case '{': {
            open(depth);
            count(parent, values);
            ++at_;
            into = readObject(depth + 1);
            return;
        }
        case '[': {
            open(depth);
            count(parent, values);
            ++at_;
            into = readArray(depth + 1);
            return;
        }
        case '"': {
            ++at_;
            into = std::string();
            // The string is read into the value's own (a Var copies what it is made from).
            auto& text = const_cast<std::string&>(into.extract<std::string>());
            readString(text);
            checkLength(text);
            count(parent, values);
            return;
        }
        case 't':
            literal("true");
            count(parent, values);
            into = true;
            return;
        case 'f':
            literal("false");
            count(parent, values);
            into = false;
            return;
        case 'n':
            literal("null");
            count(parent, values);
            into.empty();
            return;
        default:
            if (*at_ == '-' || Poco::Ascii::isDigit(*at_)) {
                into = readNumber();
                count(parent, values);
                return;
            }
            refuse("unexpected byte in value", *at_);
        }
    }

    Object::Ptr readObject(int depth) {
        Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        std::size_t members = 0;
        skipSpace();
        if (at_ != end_ && *at_ == '}') {
            ++at_;
            return object;
        }
        std::string key;
        Poco::Dynamic::Var value;
        for (;;) {
            if (at_ == end_ || *at_ != '"') refuseHere(members == 0 ? "expected member name or '}' instead of byte"
                                                                     : "expected member name instead of byte");
            ++at_;
            key.clear();
            readString(key);
            // Poco's parser hands a member name over as a C string: it ends at its first NUL.
            if (const std::size_t nul = key.find('\0'); nul != std::string::npos) key.resize(nul);
            checkLength(key);
            skipSpace();
            if (at_ == end_ || *at_ != ':') refuseHere("expected ':' after member name instead of byte");
            ++at_;
            skipSpace();
            readValue(depth, Parent::Object, members, value);
            setTaken(*object, key, value);  // leaves `value` empty
            skipSpace();
            if (at_ != end_ && *at_ == ',') {
                ++at_;
                skipSpace();
                continue;
            }
            if (at_ != end_ && *at_ == '}') {
                ++at_;
                return object;
            }
            refuseHere("expected ',' or '}' after member value instead of byte");
        }
    }

    Array::Ptr readArray(int depth) {
        Array::Ptr array = new Array;
        std::size_t elements = 0;
        skipSpace();
        if (at_ != end_ && *at_ == ']') {
            ++at_;
            return array;
        }
        Poco::Dynamic::Var element;
        for (;;) {
            readValue(depth, Parent::Array, elements, element);
            array->add(element);
            skipSpace();
            if (at_ != end_ && *at_ == ',') {
                ++at_;
                skipSpace();
                continue;
            }
            if (at_ != end_ && *at_ == ']') {
                ++at_;
                return array;
            }
            refuseHere("expected ',' or ']' after element instead of byte");
        }
    }

    void literal(std::string_view word) {
        for (const char expected : word) {
            if (at_ == end_) refuse("unexpected end of text");
            if (*at_ != expected) refuse(std::string("expected '") + expected + "' instead of byte", *at_);
            ++at_;
        }
    }

    // After the opening quote, up to and past the closing one: escapes decoded, UTF-8 checked as pdjson checks it.
    void readString(std::string& out) {
        for (;;) {
            const char* run = at_;
            while (at_ != end_ && plainBytes[static_cast<unsigned char>(*at_)]) ++at_;
            out.append(run, at_);
            if (at_ == end_) refuse("unterminated string literal");
            const auto byte = static_cast<unsigned char>(*at_);
            if (byte == '"') {
                ++at_;
                return;
            }
            if (byte == '\\') {
                ++at_;
                readEscape(out);
            } else if (byte >= 0x80) {
                readUtf8(out);
            } else {
                refuse("unescaped control character in string");
            }
        }
    }

    void readEscape(std::string& out) {
        if (at_ == end_) refuse("unterminated string literal in escape");
        const char escaped = *at_++;
        switch (escaped) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': readUnicode(out); break;
        default: refuse("invalid escaped byte", escaped);
        }
    }

    long readHex4() {
        long code = 0;
        for (int i = 0; i < 4; ++i) {
            if (at_ == end_) refuse("unterminated string literal in Unicode");
            const char c = *at_++;
            int digit;
            if (c >= '0' && c <= '9') digit = c - '0';
            else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
            else refuse("invalid escape Unicode byte", c);
            code = code * 16 + digit;
        }
        return code;
    }

    void readUnicode(std::string& out) {
        long code = readHex4();
        if (code >= 0xDC00 && code <= 0xDFFF) refuse("dangling surrogate \\u" + hex4(code));
        if (code >= 0xD800 && code <= 0xDBFF) {
            for (const char expected : {'\\', 'u'}) {
                if (at_ == end_) refuse("unterminated string literal in Unicode");
                if (*at_ != expected)
                    refuse(std::string("invalid continuation for surrogate pair, expected '") + expected +
                               "' instead of byte",
                           *at_);
                ++at_;
            }
            const long low = readHex4();
            if (low < 0xDC00 || low > 0xDFFF)
                refuse("surrogate pair continuation \\u" + hex4(low) + " out of range (dc00-dfff)");
            code = (code - 0xD800) * 0x400 + (low - 0xDC00) + 0x10000;
        }
        appendUtf8(out, code);
    }

    static std::string hex4(long code) {
        static const char digits[] = "0123456789abcdef";
        std::string text(4, '0');
        for (int i = 3; i >= 0; --i, code >>= 4) text[static_cast<std::size_t>(i)] = digits[code & 0xF];
        return text;
    }

    static void appendUtf8(std::string& out, long code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    // One character of two to four bytes, well-formed as RFC 3629 has it (no overlong form, no surrogate, nothing
    // past U+10FFFF): Poco's isLegal is the same ConvertUTF check as pdjson's is_legal_utf8.
    void readUtf8(std::string& out) {
        const auto lead = static_cast<unsigned char>(*at_);
        const std::size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                                                                   : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                                                                  : 0;
        if (length == 0) refuse("invalid UTF-8 character");
        if (static_cast<std::size_t>(end_ - at_) < length) refuse("invalid UTF-8 text");
        if (!Poco::UTF8Encoding::isLegal(reinterpret_cast<const unsigned char*>(at_), static_cast<int>(length)))
            refuse("invalid UTF-8 text");
        out.append(at_, length);
        at_ += length;
    }

    // A number as pdjson reads its token, then as Poco's parser makes it a value: a fraction or an exponent makes a
    // double (NumberParser::parseFloat), an integer an Int64, else a UInt64, else (past 64 bits) the double
    // JavaScript's JSON.parse would read, where Poco 1.11 alone fails the document, wraps (2^64 as 0) or clamps.
    Poco::Dynamic::Var readNumber() {
        const char* start = at_;
        const bool negative = *at_ == '-';
        if (negative) {
            ++at_;
            if (at_ == end_ || !Poco::Ascii::isDigit(*at_)) refuseHere("unexpected byte in number");
        }
        if (*at_ == '0') {
            ++at_;
        } else {
            while (at_ != end_ && Poco::Ascii::isDigit(*at_)) ++at_;
        }
        const char* digitsEnd = at_;
        bool real = false;
        if (at_ != end_ && *at_ == '.') {
            ++at_;
            real = true;
            digits();
        }
        if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) {
            ++at_;
            real = true;
            if (at_ != end_ && (*at_ == '+' || *at_ == '-')) {
                ++at_;
                digits();
            } else if (at_ != end_ && Poco::Ascii::isDigit(*at_)) {
                digits();
            } else {
                refuseHere("unexpected byte in number");
            }
        }
        const std::string_view token(start, static_cast<std::size_t>(at_ - start));
        try {
            if (real) return Poco::NumberParser::parseFloat(std::string(token));
            // Past 64 bits: the double JavaScript's JSON.parse reads (a fraction makes parseFloat take it whole).
            if (!fitsPoco(token)) return Poco::NumberParser::parseFloat(std::string(token) + ".0");
            Poco::UInt64 magnitude = 0;  // at most 2^64 - 1, or 2^63 with a minus (fitsPoco)
            for (const char* digit = start + (negative ? 1 : 0); digit != digitsEnd; ++digit)
                magnitude = magnitude * 10 + static_cast<Poco::UInt64>(*digit - '0');
            // As Poco's parser types them: an Int64 where one holds the number, else a UInt64.
            if (negative) return magnitude == 0 ? Poco::Int64(0) : -static_cast<Poco::Int64>(magnitude - 1) - 1;
            if (magnitude <= static_cast<Poco::UInt64>(std::numeric_limits<Poco::Int64>::max()))
                return static_cast<Poco::Int64>(magnitude);
            return magnitude;
        } catch (const Poco::Exception& error) {
            refuse(error.message().empty() ? error.displayText() : error.message());
        }
    }

    // One or more digits, as pdjson's read_digits.
    void digits() {
        if (at_ == end_ || !Poco::Ascii::isDigit(*at_)) refuseHere("expected digit instead of byte");
        while (at_ != end_ && Poco::Ascii::isDigit(*at_)) ++at_;
    }

    // Whether Poco reads the integer token (digits, a minus before them or not) as the number it is: up to
    // 2^64 - 1, down to -2^63.
    static bool fitsPoco(std::string_view token) {
        const bool negative = !token.empty() && token.front() == '-';
        if (negative) token.remove_prefix(1);
        const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
        return token.size() < limit.size() || (token.size() == limit.size() && token <= limit);
    }

    const char* at_;
    const char* const end_;
    const JsonLimits& limits_;
};

}  // namespace

JsonLimits JsonLimits::from(const Poco::Util::AbstractConfiguration& config) {
    JsonLimits limits;
    limits.maxDepth = integerKey(config, "json.maxDepth", limits.maxDepth, 1, 1000);
    limits.maxMembers = static_cast<std::size_t>(
        integerKey(config, "json.maxMembers", static_cast<int>(limits.maxMembers), 1, 100000000));
    limits.maxElements = static_cast<std::size_t>(
        integerKey(config, "json.maxElements", static_cast<int>(limits.maxElements), 1, 100000000));
    limits.maxStringBytes = static_cast<std::size_t>(
        integerKey(config, "json.maxStringBytes", static_cast<int>(limits.maxStringBytes), 1, 1073741824));
    return limits;
}

Poco::Dynamic::Var readJson(const std::string& text, const JsonLimits& limits) {
    return Document(text, limits).read();
}

}  // namespace sohub
