// Field access with the API's type and length messages.
#include "domain/FieldReader.h"

#include "domain/Clock.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/RegularExpression.h>

#include <cmath>
#include <limits>

namespace sohub {

std::size_t characterCount(const std::string& utf8) {
    std::size_t count = 0;
    for (const char c : utf8)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    return count;
}

Poco::JSON::Object::Ptr asObject(const Poco::Dynamic::Var& value) {
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) return nullptr;
    return value.extract<Poco::JSON::Object::Ptr>();
}

FieldReader::FieldReader(Poco::JSON::Object::Ptr object, std::string prefix, FieldErrors& errors)
    : object_(std::move(object)), members_(object_.get()), prefix_(std::move(prefix)), errors_(errors) {}

std::string FieldReader::path(std::string_view name) const {
    std::string whole = prefix_;
    if (!whole.empty()) whole += '.';
    return whole.append(name);
}

const Poco::Dynamic::Var* FieldReader::given(std::string_view name) const {
    const Poco::Dynamic::Var* found = members_.look(name);
    return found && !found->isEmpty() ? found : nullptr;
}

bool isBlank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

bool FieldReader::present(std::string_view name) const { return given(name) != nullptr; }

const Poco::Dynamic::Var* FieldReader::filledValue(std::string_view name) const {
    const Poco::Dynamic::Var* v = given(name);
    if (!v) return nullptr;
    // Blanks name nothing: "   " as a last name is as missing as "".
    return v->isString() && isBlank(v->extract<std::string>()) ? nullptr : v;
}

bool FieldReader::filled(std::string_view name) const { return filledValue(name) != nullptr; }

void FieldReader::fail(std::string_view name, const std::string& problem) const { errors_.add(path(name), problem); }

std::optional<std::string_view> FieldReader::textView(std::string_view name, std::size_t maxLength) const {
    const Poco::Dynamic::Var* found = given(name);
    if (!found) return std::nullopt;
    const Poco::Dynamic::Var& v = *found;
    if (!v.isString()) {
        fail(name, problem::string);
        return std::nullopt;
    }
    const std::string& s = v.extract<std::string>();
    // A text of at most maxLength bytes has at most as many characters: only a longer one is counted.
    if (maxLength > 0 && s.size() > maxLength && characterCount(s) > maxLength) fail(name, problem::atMost(maxLength));
    return std::string_view(s);
}

std::optional<std::string> FieldReader::text(std::string_view name, std::size_t maxLength) const {
    const std::optional<std::string_view> view = textView(name, maxLength);
    if (!view) return std::nullopt;
    return std::string(*view);
}

std::optional<Poco::Int64> FieldReader::integer(std::string_view name) const {
    const Poco::Dynamic::Var* found = filledValue(name);
    if (!found) return std::nullopt;
    const Poco::Dynamic::Var& v = *found;
    if (v.isBoolean() || !v.isNumeric()) {
        fail(name, problem::number);
        return std::nullopt;
    }
    // Beyond 64 bits a number is saturated: still an integer, and out of range of anything it could name.
    constexpr Poco::Int64 most = std::numeric_limits<Poco::Int64>::max();
    constexpr Poco::Int64 least = std::numeric_limits<Poco::Int64>::min();
    if (!v.isInteger()) {
        const double d = v.convert<double>();
        if (d != std::floor(d)) {
            fail(name, problem::integer);
            return std::nullopt;
        }
        if (d >= 9223372036854775807.0) return most;
        if (d <= -9223372036854775808.0) return least;
        return static_cast<Poco::Int64>(d);
    }
    if (!v.isSigned()) {
        const auto u = v.convert<Poco::UInt64>();
        return u > static_cast<Poco::UInt64>(most) ? most : static_cast<Poco::Int64>(u);
    }
    return v.convert<Poco::Int64>();
}

std::optional<double> FieldReader::number(std::string_view name) const {
    const Poco::Dynamic::Var* found = filledValue(name);
    if (!found) return std::nullopt;
    const Poco::Dynamic::Var& v = *found;
    if (v.isBoolean() || !v.isNumeric()) {
        fail(name, problem::number);
        return std::nullopt;
    }
    return v.convert<double>();
}

std::optional<bool> FieldReader::boolean(std::string_view name) const {
    const Poco::Dynamic::Var* found = filledValue(name);
    if (!found) return std::nullopt;
    const Poco::Dynamic::Var& v = *found;
    if (!v.isBoolean()) {
        fail(name, problem::boolean);
        return std::nullopt;
    }
    return v.extract<bool>();
}

Poco::JSON::Object::Ptr FieldReader::object(std::string_view name) const {
    const Poco::Dynamic::Var* found = filledValue(name);
    if (!found) return nullptr;
    Poco::JSON::Object::Ptr o = asObject(*found);
    if (!o) fail(name, problem::object);
    return o;
}

std::optional<std::string> FieldReader::date(std::string_view name) const {
    const Poco::Dynamic::Var* found = given(name);
    if (!found) return std::nullopt;
    const Poco::Dynamic::Var& v = *found;
    if (!v.isString()) {
        fail(name, problem::date);
        return std::nullopt;
    }
    const std::string s = v.extract<std::string>();
    if (s.empty()) return std::nullopt;  // empty counts as absent; a requirement reports it
    // Every date is stored and returned in UTC with milliseconds, whatever zone or precision it came in.
    if (const auto time = parseIsoDate(s)) return isoDate(*time);
    static const Poco::RegularExpression calendarDate(R"(^\d{4}-\d{2}-\d{2}$)");
    Poco::DateTime parsed;
    int zone = 0;
    if (calendarDate.match(s) && Poco::DateTimeParser::tryParse("%Y-%m-%d", s, parsed, zone) &&
        Poco::DateTime::isValid(parsed.year(), parsed.month(), parsed.day()))
        return isoDate(parsed.timestamp());  // midnight UTC
    fail(name, problem::date);
    return std::nullopt;
}

bool FieldReader::require(std::string_view name) const {
    if (filled(name)) return true;
    fail(name, problem::required);
    return false;
}

void FieldReader::reject(std::string_view name) const {
    if (present(name)) fail(name, problem::notAllowed);  // null is absent here as everywhere
}

}  // namespace sohub
