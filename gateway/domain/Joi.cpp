// Joi's wording for the checks the message and request endpoints make.
#include "domain/Joi.h"

#include "domain/Clock.h"
#include "domain/Guid.h"
#include "domain/NumberText.h"
#include "domain/TextFormats.h"

#include <Poco/DateTimeParser.h>
#include <Poco/RegularExpression.h>
#include <Poco/URI.h>
#include <Poco/String.h>

#include <algorithm>
#include <cmath>

namespace sohub {
namespace {

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

std::string child(const std::string& name, const std::string& reason) {
    return "child " + quoted(name) + " fails because [" + reason + "]";
}

std::size_t characters(const std::string& utf8) {
    std::size_t count = 0;
    for (const unsigned char c : utf8)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

bool isNumber(const Poco::Dynamic::Var& v) { return !v.isBoolean() && !v.isString() && v.isNumeric(); }

// Joi converts numeric strings; nullopt when the value is no number at all.
std::optional<double> asNumber(const Poco::Dynamic::Var& v) {
    if (isNumber(v)) return v.convert<double>();
    if (v.isString()) return decimalNumber(v.extract<std::string>());
    return std::nullopt;
}

}  // namespace

JoiObject::JoiObject(Poco::JSON::Object::Ptr object, std::vector<std::string> parents)
    : object_(std::move(object)), parents_(std::move(parents)) {}

Poco::JSON::Object::Ptr JoiObject::requireObject(const Poco::Dynamic::Var& value) {
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) throw HubError::invalid("\"value\" must be an object");
    return value.extract<Poco::JSON::Object::Ptr>();
}

void JoiObject::fail(const std::string& name, const std::string& reason) const {
    std::string message = child(name, reason);
    for (auto parent = parents_.rbegin(); parent != parents_.rend(); ++parent) message = child(*parent, message);
    throw HubError::invalid(message);
}

Poco::Dynamic::Var JoiObject::value(const std::string& name) const {
    if (!object_ || !object_->has(name)) return Poco::Dynamic::Var();
    return object_->get(name);
}

bool JoiObject::present(const std::string& name) const { return !value(name).isEmpty(); }

std::optional<std::string> JoiObject::string(const std::string& name, bool required, std::size_t maxLength,
                                             bool allowEmpty) const {
    const Poco::Dynamic::Var v = value(name);
    if (v.isEmpty()) {
        if (required) fail(name, quoted(name) + " is required");
        return std::nullopt;
    }
    if (!v.isString()) fail(name, quoted(name) + " must be a string");
    std::string text = v.extract<std::string>();
    if (text.empty() && !allowEmpty) fail(name, quoted(name) + " is not allowed to be empty");
    if (maxLength > 0 && characters(text) > maxLength)
        fail(name, quoted(name) + " length must be less than or equal to " + std::to_string(maxLength) +
                       " characters long");
    return text;
}

std::optional<std::string> JoiObject::oneOf(const std::string& name, const std::vector<std::string>& allowed,
                                            bool required) const {
    const std::optional<std::string> text = string(name, required);
    if (text && std::find(allowed.begin(), allowed.end(), *text) == allowed.end()) {
        std::string list;
        for (const std::string& option : allowed) list += (list.empty() ? "" : ", ") + option;
        fail(name, quoted(name) + " must be one of [" + list + "]");
    }
    return text;
}

std::optional<std::string> JoiObject::guid(const std::string& name, bool required) const {
    const std::optional<std::string> text = string(name, required);
    if (!text) return text;
    if (!isGuidShape(*text)) fail(name, quoted(name) + " must be a valid GUID");
    return Poco::toLower(*text);  // hexadecimal digits: ASCII's rule (UTF8::toLower converts: 9,000 instructions)
}

std::optional<std::string> JoiObject::email(const std::string& name) const {
    const std::optional<std::string> text = string(name, false, 0, true);
    if (!text || text->empty()) return std::nullopt;
    if (!isEmailAddress(*text)) fail(name, quoted(name) + " must be a valid email");
    return text;
}

std::optional<std::string> JoiObject::uri(const std::string& name) const {
    static const Poco::RegularExpression scheme("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*$");
    const std::optional<std::string> text = string(name);
    if (!text) return text;
    bool valid = scheme.match(*text);
    if (valid) {
        try {
            Poco::URI parsed(*text);
        } catch (const Poco::Exception&) {
            valid = false;
        }
    }
    if (!valid) fail(name, quoted(name) + " must be a valid uri");
    return text;
}

std::optional<Poco::Int64> JoiObject::integer(const std::string& name, bool required, std::optional<Poco::Int64> min,
                                              std::optional<Poco::Int64> max) const {
    const Poco::Dynamic::Var v = value(name);
    if (v.isEmpty()) {
        if (required) fail(name, quoted(name) + " is required");
        return std::nullopt;
    }
    const std::optional<double> number = asNumber(v);
    if (!number) fail(name, quoted(name) + " must be a number");
    if (std::floor(*number) != *number || std::fabs(*number) > 9.007199254740991e15)
        fail(name, quoted(name) + " must be an integer");
    const auto result = static_cast<Poco::Int64>(*number);
    if (min && result < *min)
        fail(name, quoted(name) + " must be larger than or equal to " + std::to_string(*min));
    if (max && result > *max)
        fail(name, quoted(name) + " must be less than or equal to " + std::to_string(*max));
    return result;
}

std::optional<Poco::Timestamp> JoiObject::date(const std::string& name) const {
    const Poco::Dynamic::Var v = value(name);
    if (v.isEmpty()) return std::nullopt;
    const std::string problem = quoted(name) + " must be a number of milliseconds or valid date string";
    if (isNumber(v) || (v.isString() && asNumber(v))) {
        const double ms = *asNumber(v);
        if (std::fabs(ms) > 8.64e15) fail(name, problem);
        // JavaScript's Date drops a fraction of a millisecond (TimeClip truncates toward zero): 1.5 is 1 ms.
        return Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(std::trunc(ms)) * 1000);
    }
    if (!v.isString()) fail(name, problem);
    const std::string text = v.extract<std::string>();
    // "If empty, the current time will be used" (Messages, declaredAt); blank text is empty too.
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
    if (const auto parsed = parseIsoDate(text)) return parsed;
    // Dates without a zone or time, as JavaScript's Date takes them (UTC here).
    static const Poco::RegularExpression plain(R"(^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$)");
    int zone = 0;
    Poco::DateTime parsed;
    if (plain.match(text) && Poco::DateTimeParser::tryParse(text, parsed, zone)) return parsed.timestamp();
    fail(name, problem);
}

Poco::JSON::Object::Ptr JoiObject::object(const std::string& name, bool required) const {
    const Poco::Dynamic::Var v = value(name);
    if (v.isEmpty()) {
        if (required) fail(name, quoted(name) + " is required");
        return nullptr;
    }
    if (v.type() != typeid(Poco::JSON::Object::Ptr)) fail(name, quoted(name) + " must be an object");
    return v.extract<Poco::JSON::Object::Ptr>();
}

std::vector<Poco::Int64> joiIntegerArray(const Poco::Dynamic::Var& value) {
    if (value.type() != typeid(Poco::JSON::Array::Ptr)) throw HubError::invalid("\"value\" must be an array");
    const Poco::JSON::Array::Ptr items = value.extract<Poco::JSON::Array::Ptr>();
    std::vector<Poco::Int64> ids;
    ids.reserve(items->size());
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string position = std::to_string(i);
        const auto reject = [&](const std::string& what) {
            throw HubError::invalid("\"value\" at position " + position + " fails because [\"" + position + "\" " +
                                    what + "]");
        };
        const Poco::Dynamic::Var item = items->get(static_cast<unsigned int>(i));
        const std::optional<double> number = item.isEmpty() ? std::nullopt : asNumber(item);
        if (!number) reject("must be a number");
        if (std::floor(*number) != *number || std::fabs(*number) > 9.007199254740991e15) reject("must be an integer");
        ids.push_back(static_cast<Poco::Int64>(*number));
    }
    return ids;
}

}  // namespace sohub
