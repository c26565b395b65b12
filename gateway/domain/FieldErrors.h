// The problems found in a request, per dotted field path, in the API's "details" shape.
#pragma once

#include "domain/HubError.h"

#include <Poco/JSON/Object.h>

#include <map>
#include <string>
#include <vector>

namespace sohub {

class FieldErrors {
public:
    void add(const std::string& path, const std::string& problem);
    // Every problem of another collection, beside these.
    void add(const FieldErrors& more);
    bool empty() const { return problems_.empty(); }
    bool has(const std::string& path) const { return problems_.count(path) > 0; }
    const std::map<std::string, std::vector<std::string>>& all() const { return problems_; }

    // {"<path>": ["problem", ...], ...}
    Poco::JSON::Object::Ptr toJson() const;
    // 400 "Fields validation failed" with these problems as its details, for a hub service to throw.
    HubError toError() const;
    // The same for one field and one problem.
    static HubError one(const std::string& path, const std::string& problem);

private:
    std::map<std::string, std::vector<std::string>> problems_;
};

// The messages of the API, spelled once.
namespace problem {
inline const char* const required = "Field is required";
inline const char* const notAllowed = "Field is not allowed";
inline const char* const notInOptions = "Value is not present in possible options";
inline const char* const wrongFormat = "Wrong format";
inline const char* const mustBeTrue = "Field must be equal to true";
inline const char* const number = "Must be a number";
inline const char* const integer = "Must be an integer";
inline const char* const string = "Must be a string";
inline const char* const boolean = "Must be a boolean";
inline const char* const object = "Must be an object";
inline const char* const date = "Must be an ISO 8601 date";
inline const char* const positive = "Must be a positive number";
std::string atMost(std::size_t characters);  // "Must be at most N characters"
}  // namespace problem

}  // namespace sohub
