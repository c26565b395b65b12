// Field problems collected in one pass, serialised for the 400 answer.
#include "domain/FieldErrors.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace sohub {

void FieldErrors::add(const std::string& path, const std::string& problem) {
    std::vector<std::string>& list = problems_[path];
    // One rule may be reached twice through different routes (e.g. a type check and a requirement).
    if (std::find(list.begin(), list.end(), problem) == list.end()) list.push_back(problem);
}

void FieldErrors::add(const FieldErrors& more) {
    for (const auto& [path, list] : more.problems_)
        for (const std::string& problem : list) add(path, problem);
}

Poco::JSON::Object::Ptr FieldErrors::toJson() const {
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [path, list] : problems_) {
        Poco::JSON::Array::Ptr messages = new Poco::JSON::Array;
        for (const std::string& message : list) messages->add(message);
        details->set(path, messages);
    }
    return details;
}

std::string problem::atMost(std::size_t characters) {
    return "Must be at most " + std::to_string(characters) + " characters";
}

HubError FieldErrors::toError() const { return HubError(HubError::Kind::Invalid, "Fields validation failed", toJson()); }

HubError FieldErrors::one(const std::string& path, const std::string& problem) {
    FieldErrors errors;
    errors.add(path, problem);
    return errors.toError();
}

}  // namespace sohub
