// Typed reads of one JSON object's fields; a wrong type or length is recorded under the field's dotted path.
#pragma once

#include "domain/FieldErrors.h"
#include "domain/Json.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>

namespace sohub {

// Nothing but spaces, tabs and line ends (or nothing at all): such a field names nothing, as a missing one.
bool isBlank(std::string_view text);

class FieldReader {
public:
    // prefix: the dotted path of the object itself ("" for the request, "productData", ...).
    FieldReader(Poco::JSON::Object::Ptr object, std::string prefix, FieldErrors& errors);

    std::string path(std::string_view name) const;
    // Present and not null.
    bool present(std::string_view name) const;
    // Present with content: not null, not "" and not only blanks.
    bool filled(std::string_view name) const;
    // The field's value when present and not null, where it lies (valid while the object is), else null.
    const Poco::Dynamic::Var* find(std::string_view name) const { return given(name); }

    // Each returns nothing when the field is absent or null, and records a problem when it has the wrong type.
    // Numbers, booleans and objects also take a blank string as absent (a requirement reports it, not a type).
    std::optional<std::string> text(std::string_view name, std::size_t maxLength = 0) const;
    // As text(), the value read where it is (valid while the object is): for checks that keep nothing.
    std::optional<std::string_view> textView(std::string_view name, std::size_t maxLength = 0) const;
    std::optional<Poco::Int64> integer(std::string_view name) const;
    std::optional<double> number(std::string_view name) const;
    std::optional<bool> boolean(std::string_view name) const;
    Poco::JSON::Object::Ptr object(std::string_view name) const;
    // An ISO 8601 date-time with zone, or a calendar date (YYYY-MM-DD); returned in UTC with milliseconds
    // (2024-01-15T09:00:00.000Z), a calendar date as its midnight UTC.
    std::optional<std::string> date(std::string_view name) const;

    // Records "Field is required" unless the field is filled; returns whether it is.
    bool require(std::string_view name) const;
    // Records "Field is not allowed" when the field is present (not null).
    void reject(std::string_view name) const;
    void fail(std::string_view name, const std::string& problem) const;

private:
    // The field's value when present and not null.
    const Poco::Dynamic::Var* given(std::string_view name) const;
    // The field's value when filled (see filled()).
    const Poco::Dynamic::Var* filledValue(std::string_view name) const;

    Poco::JSON::Object::Ptr object_;
    MemberIndex members_;
    std::string prefix_;
    FieldErrors& errors_;
};

// Length in characters of UTF-8 text (not bytes): "Växjö" is 5.
std::size_t characterCount(const std::string& utf8);

// The value as an object, or null when it is not one.
Poco::JSON::Object::Ptr asObject(const Poco::Dynamic::Var& value);

}  // namespace sohub
