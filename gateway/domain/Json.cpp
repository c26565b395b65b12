// Serialiser for Object::Ptr, Array::Ptr and scalar Vars; objects keep their key order when they have one.
#include "domain/Json.h"

#include <algorithm>

#include <Poco/UTF8Encoding.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <vector>

namespace sohub {
namespace {

// Eight bytes of text as one word, for the tests that pass over plain text a word at a time.
std::uint64_t wordAt(const void* bytes) {
    std::uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    return word;
}

// Whether any of the eight bytes needs an escape: below 0x20, a quote or a backslash. The classic word-at-a-time
// tests (zero byte, byte below n): never wrong about whether there is one, whatever the other bytes are.
bool anyToEscape(std::uint64_t word) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const std::uint64_t quotes = word ^ (ones * '"'), backslashes = word ^ (ones * '\\');
    const std::uint64_t below = (word - ones * 0x20) & ~word;
    const std::uint64_t zeros = ((quotes - ones) & ~quotes) | ((backslashes - ones) & ~backslashes);
    return ((below | zeros) & highs) != 0;
}

void appendString(std::string& out, std::string_view text) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t plain = 0;  // start of the run of characters copied as they are
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i + 8 <= text.size()) {  // eight plain bytes at once: most text has nothing to escape
            if (!anyToEscape(wordAt(text.data() + i))) {
                i += 7;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += "\\u00";
                out += hex[(c >> 4) & 0xF];
                out += hex[c & 0xF];
        }
    }
    out.append(text.data() + plain, text.size() - plain);
    out += '"';
}

// texts, when given, learns where each member that is an object was written.
void appendObject(std::string& out, const Poco::JSON::Object& object, MemberTexts* texts = nullptr) {
    out += '{';
    bool first = true;
    const MemberIndex members(&object);
    // getNames() gives the insertion order for objects that keep it, and sorted keys otherwise.
    for (const std::string& key : object.getNames()) {
        if (!first) out += ',';
        first = false;
        appendString(out, key);
        out += ':';
        const Poco::Dynamic::Var& value = *members.look(key);
        const std::size_t start = out.size();
        appendJson(out, value);
        if (texts && value.type() == typeid(Poco::JSON::Object::Ptr))
            texts->add(value.extract<Poco::JSON::Object::Ptr>().get(), start, out.size() - start);
    }
    out += '}';
}

void appendArray(std::string& out, const Poco::JSON::Array& array) {
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
        if (i) out += ',';
        appendJson(out, array.get(static_cast<unsigned>(i)));
    }
    out += ']';
}

// Walks text as the one form toJsonText writes (see isCanonicalJsonObject), failing at the first thing it does not
// write or that Poco's parser would not read back as the same value.
class CanonicalForm {
public:
    explicit CanonicalForm(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) { keys_.reserve(32); }

    bool wholeObject() { return object(0) && p_ == end_; }

private:
    static constexpr int maxDepth = 64;       // deeper documents are left to the parser
    static constexpr std::size_t maxKeys = 128;  // the repeated-key check is quadratic: larger objects take the parse

    // The characters written as they are that need no UTF-8 check: ASCII from space on, but the quote and backslash.
    static constexpr std::array<bool, 256> plainAscii = [] {
        std::array<bool, 256> plain{};
        for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
        return plain;
    }();

    bool at(char c) const { return p_ != end_ && *p_ == c; }
    static bool digit(char c) { return c >= '0' && c <= '9'; }

    bool value(int depth) {
        if (p_ == end_) return false;
        switch (*p_) {
            case '{': return object(depth + 1);
            case '[': return array(depth + 1);
            case '"': return string();
            case 't': return literal("true");
            case 'f': return literal("false");
            case 'n': return literal("null");
            default: return number();
        }
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
        p_ += word.size();
        return true;
    }

    bool object(int depth) {
        if (depth > maxDepth || !at('{')) return false;
        ++p_;
        if (at('}')) {
            ++p_;
            return true;
        }
        // Keys are compared as written: each string has one canonical spelling, so equal text is an equal key.
        const std::size_t first = keys_.size();
        for (;;) {
            const char* keyStart = p_;
            if (!string()) return false;
            const std::string_view key(keyStart, static_cast<std::size_t>(p_ - keyStart));
            for (std::size_t i = first; i < keys_.size(); ++i)
                if (keys_[i] == key) return false;  // the parser keeps one of them
            if (keys_.size() - first >= maxKeys) return false;
            keys_.push_back(key);
            if (!at(':')) return false;
            ++p_;
            if (!value(depth)) return false;
            if (at(',')) {
                ++p_;
                continue;
            }
            if (!at('}')) return false;
            ++p_;
            keys_.resize(first);
            return true;
        }
    }

    bool array(int depth) {
        if (depth > maxDepth || !at('[')) return false;
        ++p_;
        if (at(']')) {
            ++p_;
            return true;
        }
        for (;;) {
            if (!value(depth)) return false;
            if (at(',')) {
                ++p_;
                continue;
            }
            if (!at(']')) return false;
            ++p_;
            return true;
        }
    }

    bool string() {
        if (!at('"')) return false;
        ++p_;
        for (;;) {
            // Most text is printable ASCII: skip runs of it in one tight loop.
            while (p_ != end_ && plainAscii[static_cast<unsigned char>(*p_)]) ++p_;
            if (p_ == end_) return false;
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return true;
            }
            if (c == '\\') {
                if (!escape()) return false;
            } else if (c < 0x20 || !utf8()) {
                return false;  // a control character is written escaped
            }
        }
    }

    // Only the escapes appendString writes. Not \u0000: Poco's parser cuts keys short at it.
    bool escape() {
        if (end_ - p_ < 2) return false;
        switch (p_[1]) {
            case '"': case '\\': case 'n': case 'r': case 't': case 'b': case 'f':
                p_ += 2;
                return true;
            case 'u': break;
            default: return false;
        }
        if (end_ - p_ < 6 || p_[2] != '0' || p_[3] != '0' || (p_[4] != '0' && p_[4] != '1')) return false;
        const char low = p_[5];
        const int code = (p_[4] - '0') * 16 + (digit(low) ? low - '0' : low >= 'a' && low <= 'f' ? low - 'a' + 10 : -100);
        if (code <= 0 || code == '\n' || code == '\r' || code == '\t' || code == '\b' || code == '\f') return false;
        p_ += 6;
        return true;
    }

    // One well-formed UTF-8 sequence of two to four bytes (no overlong forms, surrogates or code points past U+10FFFF),
    // as Poco's parser requires.
    bool utf8() {
        const auto lead = static_cast<unsigned char>(*p_);
        unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
        std::ptrdiff_t length = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) low = 0xA0;
            if (lead == 0xED) high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) low = 0x90;
            if (lead == 0xF4) high = 0x8F;
        } else {
            return false;
        }
        if (end_ - p_ < length) return false;
        const auto second = static_cast<unsigned char>(p_[1]);
        if (second < low || second > high) return false;
        for (std::ptrdiff_t i = 2; i < length; ++i)
            if ((static_cast<unsigned char>(p_[i]) & 0xC0) != 0x80) return false;
        p_ += length;
        return true;
    }

    bool number() {
        const char* start = p_;
        if (at('-')) ++p_;
        const char* digits = p_;
        while (p_ != end_ && digit(*p_)) ++p_;
        if (p_ == digits || (*digits == '0' && p_ - digits > 1)) return false;
        bool integer = true;
        if (at('.')) {
            integer = false;
            const char* fraction = ++p_;
            while (p_ != end_ && digit(*p_)) ++p_;
            if (p_ == fraction) return false;
        }
        if (at('e') || at('E')) {
            integer = false;
            ++p_;
            if (at('+') || at('-')) ++p_;
            const char* exponent = p_;
            while (p_ != end_ && digit(*p_)) ++p_;
            if (p_ == exponent) return false;
        }
        const std::string_view token(start, static_cast<std::size_t>(p_ - start));
        if (!integer) {
            // Read as a double and written with NumberFormatter: canonical when that gives the token back.
            double parsed = 0;
            const std::string text(token);
            return Poco::NumberParser::tryParseFloat(text, parsed) && Poco::NumberFormatter::format(parsed) == text;
        }
        // Read as Int64, or UInt64 past its range; "-0" reads as 0, and the parser overflows past UInt64.
        const std::string_view magnitude(digits, static_cast<std::size_t>(p_ - digits));
        if (digits != start) {
            if (magnitude == "0") return false;
            return magnitude.size() < 19 || (magnitude.size() == 19 && magnitude <= "9223372036854775808");
        }
        return magnitude.size() < 20 || (magnitude.size() == 20 && magnitude <= "18446744073709551615");
    }

    const char* p_;
    const char* const end_;
    std::vector<std::string_view> keys_;  // the keys of the objects being walked, innermost last
};

}  // namespace

void appendJsonString(std::string& out, std::string_view text) { appendString(out, text); }

void appendJson(std::string& out, const Poco::Dynamic::Var& value) {
    if (value.isEmpty()) {
        out += "null";
        return;
    }
    const std::type_info& type = value.type();
    // Strings first: most values are, and a type_info comparison that fails costs a strcmp. Then the types a parsed
    // document and a CSV cell give booleans and integers, written without a conversion through Var.
    if (type == typeid(std::string)) {
        appendString(out, value.extract<std::string>());
    } else if (type == typeid(bool)) {
        out += value.extract<bool>() ? "true" : "false";
    } else if (type == typeid(Poco::Int64)) {
        char digits[24];
        const auto written = std::to_chars(digits, digits + sizeof digits, value.extract<Poco::Int64>());
        out.append(digits, written.ptr);
    } else if (type == typeid(Poco::JSON::Object::Ptr)) {
        const Poco::JSON::Object::Ptr& object = value.extract<Poco::JSON::Object::Ptr>();
        if (object)
            appendObject(out, *object);
        else
            out += "null";
    } else if (type == typeid(Poco::JSON::Array::Ptr)) {
        const Poco::JSON::Array::Ptr& array = value.extract<Poco::JSON::Array::Ptr>();
        if (array)
            appendArray(out, *array);
        else
            out += "null";
    } else if (type == typeid(Poco::JSON::Object)) {
        appendObject(out, value.extract<Poco::JSON::Object>());
    } else if (type == typeid(Poco::JSON::Array)) {
        appendArray(out, value.extract<Poco::JSON::Array>());
    } else if (type == typeid(double) || type == typeid(float)) {
        out += Poco::NumberFormatter::format(value.convert<double>());
    } else if (value.isInteger()) {
        out += value.isSigned() ? Poco::NumberFormatter::format(value.convert<Poco::Int64>())
                                : Poco::NumberFormatter::format(value.convert<Poco::UInt64>());
    } else {
        appendString(out, value.convert<std::string>());  // strings of other types, dates, ...
    }
}

std::string toJsonText(const Poco::Dynamic::Var& value) {
    std::string out;
    out.reserve(256);
    appendJson(out, value);
    return out;
}

std::string toJsonText(const Poco::JSON::Object& object) {
    std::string out;
    out.reserve(512);
    appendObject(out, object);
    return out;
}

std::string toJsonText(const Poco::JSON::Object& object, MemberTexts& members) {
    std::string out;
    out.reserve(1024);
    appendObject(out, object, &members);
    return out;
}

void MemberTexts::add(const Poco::JSON::Object* member, std::size_t offset, std::size_t length) {
    if (member) spans_.push_back({member, offset, length});
}

std::optional<std::string> MemberTexts::of(const Poco::JSON::Object* member, const std::string& whole) const {
    const auto place = placeOf(member);
    if (!place) return std::nullopt;
    return whole.substr(place->first, place->second);
}

std::optional<std::pair<std::size_t, std::size_t>> MemberTexts::placeOf(const Poco::JSON::Object* member) const {
    for (const Span& span : spans_)
        if (span.member == member) return std::make_pair(span.offset, span.length);
    return std::nullopt;
}

bool isCanonicalJsonObject(std::string_view text) { return CanonicalForm(text).wholeObject(); }

namespace {

// The bytes a UTF-8 sequence that starts with `lead` has; 0 for a byte that starts none.
std::size_t sequenceLength(unsigned char lead) {
    return lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 0;
}

}  // namespace

bool isUtf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        if (i + 8 <= text.size()) {  // eight ASCII bytes at once: most text is mostly ASCII
            if ((wordAt(bytes + i) & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const std::size_t length = sequenceLength(bytes[i]);
        if (length == 0 || length > text.size() - i) return false;
        if (length > 1 && !Poco::UTF8Encoding::isLegal(bytes + i, static_cast<int>(length))) return false;
        i += length;
    }
    return true;
}

std::string validUtf8(std::string_view text, bool cutShort) {
    if (isUtf8(text)) return std::string(text);
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::string valid;
    valid.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = sequenceLength(bytes[i]);
        if (length > text.size() - i && cutShort) {
            bool prefix = true;  // what is left could be the start of the character the cut went through
            for (std::size_t k = i + 1; k < text.size(); ++k) prefix = prefix && (bytes[k] & 0xC0) == 0x80;
            if (prefix) break;
        }
        if (length == 1 || (length > 1 && length <= text.size() - i &&
                            Poco::UTF8Encoding::isLegal(bytes + i, static_cast<int>(length)))) {
            valid.append(text.data() + i, length);
            i += length;
        } else {
            valid += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return valid;
}

namespace {

// Length, first, middle and last byte: keys of one object mostly differ there, and it is cheap for a key not there.
std::uint32_t hashOf(std::string_view key) {
    if (key.empty()) return 0;
    const auto byte = [&](std::size_t at) { return static_cast<std::uint32_t>(static_cast<unsigned char>(key[at])); };
    const std::uint32_t mixed = static_cast<std::uint32_t>(key.size()) ^ byte(0) << 8 ^ byte(key.size() / 2) << 16 ^
                                byte(key.size() - 1) << 24;
    return mixed * 0x9E3779B1u;  // Fibonacci hashing: the slot is taken from the high bits
}

}  // namespace

void MemberIndex::build() const {
    const std::size_t count = object_->size();
    Member* members = inlineMembers_.data();
    std::uint32_t* slots = inlineSlots_.data();
    std::size_t slotCount = inlineSlots;
    if (count > inlineMembers) {
        slotCount *= 2;
        while (slotCount < 2 * count) slotCount *= 2;
        manyMembers_.resize(count);
        manySlots_.resize(slotCount);
        members = manyMembers_.data();
        slots = manySlots_.data();
    }
    std::fill(slots, slots + slotCount, 0);
    mask_ = static_cast<std::uint32_t>(slotCount - 1);
    shift_ = 32 - __builtin_ctzll(slotCount);
    std::size_t i = 0;
    for (auto it = object_->begin(); it != object_->end(); ++it, ++i) {
        members[i] = Member{hashOf(it->first), static_cast<std::uint32_t>(it->first.size()), it->first.data(),
                            &it->second};
        std::uint32_t slot = members[i].hash >> shift_;
        while (slots[slot] != 0) slot = (slot + 1) & mask_;
        slots[slot] = static_cast<std::uint32_t>(i + 1);
    }
    members_ = members;
    slots_ = slots;
    indexed_ = count;
}

const Poco::Dynamic::Var* MemberIndex::look(std::string_view name) const {
    if (!object_) return nullptr;
    if (!slots_ || indexed_ != object_->size()) build();
    const std::uint32_t hash = hashOf(name);
    for (std::uint32_t slot = hash >> shift_;; slot = (slot + 1) & mask_) {
        const std::uint32_t at = slots_[slot];
        if (at == 0) return nullptr;
        const Member& member = members_[at - 1];
        if (member.hash == hash && member.size == name.size() && std::memcmp(member.key, name.data(), name.size()) == 0)
            return member.value;
    }
}

}  // namespace sohub
