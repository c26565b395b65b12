// Input checks worded like the Joi validator of the seed documents: child "x" fails because ["x" ...].
#pragma once

#include "domain/HubError.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Timestamp.h>

#include <optional>
#include <string>
#include <vector>

namespace sohub {

// Reads the fields of one JSON object; the first problem throws HubError::invalid with Joi's wording
// (Joi stops at the first error). Absent and null optional fields read as nothing.
class JoiObject {
public:
    // parents: the keys of the enclosing objects, outermost first ("meta" for meta.caseId).
    explicit JoiObject(Poco::JSON::Object::Ptr object, std::vector<std::string> parents = {});

    // Throws '"value" must be an object' unless the value is a JSON object.
    static Poco::JSON::Object::Ptr requireObject(const Poco::Dynamic::Var& value);

    bool present(const std::string& name) const;
    std::optional<std::string> string(const std::string& name, bool required = false, std::size_t maxLength = 0,
                                      bool allowEmpty = false) const;
    std::optional<std::string> oneOf(const std::string& name, const std::vector<std::string>& allowed,
                                     bool required = false) const;
    // A GUID, answered in lower case.
    std::optional<std::string> guid(const std::string& name, bool required = false) const;
    std::optional<std::string> email(const std::string& name) const;  // "" reads as nothing
    std::optional<std::string> uri(const std::string& name) const;
    std::optional<Poco::Int64> integer(const std::string& name, bool required = false,
                                       std::optional<Poco::Int64> min = std::nullopt,
                                       std::optional<Poco::Int64> max = std::nullopt) const;
    // Milliseconds since the epoch or a date string; "" reads as nothing.
    std::optional<Poco::Timestamp> date(const std::string& name) const;
    Poco::JSON::Object::Ptr object(const std::string& name, bool required = false) const;

    [[noreturn]] void fail(const std::string& name, const std::string& reason) const;

private:
    Poco::Dynamic::Var value(const std::string& name) const;

    Poco::JSON::Object::Ptr object_;
    std::vector<std::string> parents_;
};

// The items of a JSON array as integers: '"value" must be an array',
// '"value" at position 0 fails because ["0" must be a number]'.
std::vector<Poco::Int64> joiIntegerArray(const Poco::Dynamic::Var& value);

}  // namespace sohub
