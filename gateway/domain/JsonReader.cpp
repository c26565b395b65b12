// Poco's pull parser driving a document builder that counts as it builds, and a linear Object::set.
#include "domain/JsonReader.h"

#include "domain/ConfigKeys.h"

#include <Poco/Ascii.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Handler.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <optional>
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

// Builds the document as Poco's ParseHandler does (the same value types), refusing it at the first limit crossed.
class BoundedDocument : public Poco::JSON::Handler {
public:
    explicit BoundedDocument(const JsonLimits& limits) : limits_(limits) {}

    Poco::Dynamic::Var result() const { return result_; }

    void reset() override {
        frames_.clear();
        key_.clear();
        result_.empty();
    }
    void startObject() override {
        Object::Ptr object = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        open();
        place(object);
        frames_.push_back(Frame{object, nullptr, 0});
    }
    void endObject() override { frames_.pop_back(); }
    void startArray() override {
        Array::Ptr array = new Array;
        open();
        place(array);
        frames_.push_back(Frame{nullptr, array, 0});
    }
    void endArray() override { frames_.pop_back(); }
    void key(const std::string& name) override {
        checkLength(name);
        key_ = name;
    }
    void null() override { place(Poco::Dynamic::Var()); }
    void value(int v) override { place(v); }
    void value(unsigned v) override { place(v); }
    void value(Poco::Int64 v) override { place(v); }
    void value(Poco::UInt64 v) override { place(v); }
    void value(const std::string& v) override {
        checkLength(v);
        place(v);
    }
    void value(double v) override { place(v); }
    void value(bool v) override { place(v); }

private:
    struct Frame {
        Object::Ptr object;
        Array::Ptr array;
        std::size_t count;
    };

    void open() const {
        if (static_cast<int>(frames_.size()) >= limits_.maxDepth)
            throw JsonLimitExceeded("JSON nesting is deeper than json.maxDepth (" + std::to_string(limits_.maxDepth) +
                                    ")");
    }
    void checkLength(const std::string& text) const {
        if (text.size() > limits_.maxStringBytes)
            throw JsonLimitExceeded("A JSON string is longer than json.maxStringBytes (" +
                                    std::to_string(limits_.maxStringBytes) + " bytes)");
    }
    // By value: each caller's value is made for it, and an object's member takes it over (setTaken).
    void place(Poco::Dynamic::Var value) {
        if (frames_.empty()) {
            result_.swap(value);
            return;
        }
        Frame& frame = frames_.back();
        if (frame.object) {
            if (++frame.count > limits_.maxMembers)
                throw JsonLimitExceeded("A JSON object has more members than json.maxMembers (" +
                                        std::to_string(limits_.maxMembers) + ")");
            setTaken(*frame.object, key_, value);
        } else {
            if (++frame.count > limits_.maxElements)
                throw JsonLimitExceeded("A JSON array has more elements than json.maxElements (" +
                                        std::to_string(limits_.maxElements) + ")");
            frame.array->add(value);
        }
    }

    const JsonLimits& limits_;
    std::vector<Frame> frames_;
    std::string key_;
    Poco::Dynamic::Var result_;
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

namespace {

// Whether Poco's parser reads the integer token (digits, a minus before them or not) as the number it is: up to
// 2^64 - 1, down to -2^63. Past that, Poco 1.11 fails the document or, worse, wraps (2^64 is read as 0) or clamps
// (-2^63 - 1 as -2^63).
bool fitsPoco(std::string_view token) {
    const bool negative = !token.empty() && token.front() == '-';
    if (negative) token.remove_prefix(1);
    const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
    return token.size() < limit.size() || (token.size() == limit.size() && token <= limit);
}

// Whether the text holds a run of 19 digits, the shortest integer that can be past Poco's bounds. Such a run covers
// one byte of every 19 in a row, so only those are looked at, and around a digit among them: a body without one
// costs a nineteenth of a scan.
bool hasLongDigitRun(std::string_view text) {
    constexpr std::size_t shortest = 19;
    for (std::size_t probe = shortest - 1; probe < text.size(); probe += shortest) {
        if (!Poco::Ascii::isDigit(text[probe])) continue;
        std::size_t begin = probe, end = probe + 1;
        while (begin > 0 && Poco::Ascii::isDigit(text[begin - 1])) --begin;
        while (end < text.size() && Poco::Ascii::isDigit(text[end])) ++end;
        if (end - begin >= shortest) return true;
    }
    return false;
}

// JSON has no bound on an integer, and JavaScript's JSON.parse, which this API's clients mostly write with, reads
// any as a number (its JSON.stringify writes 3.5e19 as 35000000000000000000). An integer token past what Poco reads
// right is given a fraction, ".0", so that Poco reads it as the double JavaScript would. Nothing when there is none.
std::optional<std::string> widenedIntegers(const std::string& text) {
    if (!hasLongDigitRun(text)) return std::nullopt;
    std::string widened;
    std::size_t copied = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            continue;
        }
        if (c != '-' && !Poco::Ascii::isDigit(c)) continue;
        const std::size_t start = i;
        if (c == '-') ++i;
        while (i < text.size() && Poco::Ascii::isDigit(text[i])) ++i;
        const std::size_t digitsEnd = i;
        const bool integer = i == text.size() || (text[i] != '.' && text[i] != 'e' && text[i] != 'E');
        // The rest of the token: its fraction and exponent.
        while (i < text.size() && std::string_view("0123456789.eE+-").find(text[i]) != std::string_view::npos) ++i;
        const std::string_view token(text.data() + start, digitsEnd - start);
        if (integer && token.size() > (c == '-' ? 1u : 0u) && !fitsPoco(token)) {
            widened.append(text, copied, digitsEnd - copied).append(".0");
            copied = digitsEnd;
        }
        --i;  // the byte after the number is looked at next
    }
    if (copied == 0) return std::nullopt;
    return widened.append(text, copied, std::string::npos);
}

}  // namespace

Poco::Dynamic::Var readJson(const std::string& text, const JsonLimits& limits) {
    const std::optional<std::string> widened = widenedIntegers(text);
    Poco::SharedPtr<BoundedDocument> document = new BoundedDocument(limits);
    Poco::JSON::Parser parser(document);
    // The parser recurses once per level: its own bound sits just past ours, so ours is the one that answers.
    parser.setDepth(static_cast<std::size_t>(limits.maxDepth) + 1);
    try {
        parser.parse(widened ? *widened : text);
    } catch (const JsonLimitExceeded&) {
        throw;
    } catch (const Poco::Exception& error) {
        throw MalformedJson(error.message().empty() ? error.displayText() : error.message());
    }
    return document->result();
}

}  // namespace sohub
