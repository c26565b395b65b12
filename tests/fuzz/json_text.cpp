// Fuzz target: readJson against the reader it replaced (Poco 1.11's parser driving a bounded builder): the same
// documents accepted with the same values and value types, the same limits refused with the same words, the same
// documents malformed. Two differences allowed, both Poco's: its reader takes a byte 0xFF for the end of the text, and
// it rounds a negative integer below -2^53 through a double.
#include "FuzzInput.h"

#include "domain/JsonReader.h"

#include <Poco/Ascii.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Handler.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

using namespace sohub;

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The replaced reader, as it was: a Poco::JSON::Handler that counts as it builds.
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

bool fitsPoco(std::string_view token) {
    const bool negative = !token.empty() && token.front() == '-';
    if (negative) token.remove_prefix(1);
    const std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
    return token.size() < limit.size() || (token.size() == limit.size() && token <= limit);
}

// Integer tokens past Poco's bounds given a fraction, so that Poco reads them as doubles.
std::optional<std::string> widenedIntegers(const std::string& text) {
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
        while (i < text.size() && std::string_view("0123456789.eE+-").find(text[i]) != std::string_view::npos) ++i;
        const std::string_view token(text.data() + start, digitsEnd - start);
        if (integer && token.size() > (c == '-' ? 1u : 0u) && !fitsPoco(token)) {
            widened.append(text, copied, digitsEnd - copied).append(".0");
            copied = digitsEnd;
        }
        --i;
    }
    if (copied == 0) return std::nullopt;
    return widened.append(text, copied, std::string::npos);
}

Poco::Dynamic::Var pocoReadJson(const std::string& text, const JsonLimits& limits) {
    const std::optional<std::string> widened = widenedIntegers(text);
    Poco::SharedPtr<BoundedDocument> document = new BoundedDocument(limits);
    Poco::JSON::Parser parser(document);
    parser.setDepth(static_cast<std::size_t>(limits.maxDepth) + 1);
    try {
        parser.parse(widened ? *widened : text);
    } catch (const JsonLimitExceeded&) {
        throw;
    } catch (const Poco::Exception& error) {
        throw MalformedJson(error.message());
    }
    return document->result();
}

// The same value: the same type, the same content, members in the same order.
bool same(const Poco::Dynamic::Var& a, const Poco::Dynamic::Var& b) {
    if (a.type() != b.type()) return false;
    if (a.isEmpty()) return true;
    if (a.type() == typeid(Object::Ptr)) {
        const Object::Ptr x = a.extract<Object::Ptr>(), y = b.extract<Object::Ptr>();
        const std::vector<std::string> names = x->getNames();
        if (names != y->getNames()) return false;
        for (const std::string& name : names)
            if (!same(x->get(name), y->get(name))) return false;
        return true;
    }
    if (a.type() == typeid(Array::Ptr)) {
        const Array::Ptr x = a.extract<Array::Ptr>(), y = b.extract<Array::Ptr>();
        if (x->size() != y->size()) return false;
        for (unsigned i = 0; i < x->size(); ++i)
            if (!same(x->get(i), y->get(i))) return false;
        return true;
    }
    if (a.type() == typeid(double)) {
        const double x = a.extract<double>(), y = b.extract<double>();
        return x == y || (std::isnan(x) && std::isnan(y));
    }
    if (a.type() == typeid(std::string)) return a.extract<std::string>() == b.extract<std::string>();
    if (a.type() == typeid(bool)) return a.extract<bool>() == b.extract<bool>();
    if (a.type() == typeid(Poco::Int64)) {
        // Poco 1.11's NumberParser rounds a negative integer below -2^53 through a double; ours is exact.
        const Poco::Int64 x = a.extract<Poco::Int64>(), y = b.extract<Poco::Int64>();
        return x == y || (x < -(Poco::Int64(1) << 53) && y == static_cast<Poco::Int64>(static_cast<double>(x)));
    }
    if (a.type() == typeid(Poco::UInt64)) return a.extract<Poco::UInt64>() == b.extract<Poco::UInt64>();
    return false;  // a type neither reader makes
}

struct Outcome {
    enum Kind { Value, Limit, Malformed } kind = Value;
    Poco::Dynamic::Var value;
    std::string limit;
};

template <typename Read>
Outcome outcomeOf(Read read) {
    Outcome outcome;
    try {
        outcome.value = read();
    } catch (const JsonLimitExceeded& limit) {
        outcome.kind = Outcome::Limit;
        outcome.limit = limit.what();
    } catch (const MalformedJson&) {
        outcome.kind = Outcome::Malformed;
    }
    return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Variant 0: the default limits; 1: small ones, so each is crossed often.
    const fuzz::Selected input = fuzz::select(data, size, 2);
    JsonLimits limits;
    if (input.variant == 1) {
        limits.maxDepth = 3;
        limits.maxMembers = 3;
        limits.maxElements = 4;
        limits.maxStringBytes = 6;
    }
    const Outcome ours = outcomeOf([&] { return readJson(input.text, limits); });
    const Outcome poco = outcomeOf([&] { return pocoReadJson(input.text, limits); });
    if (ours.kind == Outcome::Malformed && poco.kind != Outcome::Malformed &&
        input.text.find('\xFF') != std::string::npos)
        return 0;  // Poco's end of the text at a byte 0xFF
    if (ours.kind != poco.kind || ours.limit != poco.limit) std::abort();
    if (ours.kind == Outcome::Value && !same(ours.value, poco.value)) std::abort();
    return 0;
}
