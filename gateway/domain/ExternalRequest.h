// An external request: a call to or from another system, logged against a case (also webhook deliveries).
#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace sohub {

struct ExternalRequest {
    Poco::Int64 id = 0;
    std::string guid;
    std::optional<Poco::Int64> caseId;
    int accountId = 0;
    std::string type;
    std::string status;  // success | error | toRetry | pending
    std::optional<std::string> url;
    Poco::JSON::Object::Ptr meta;
    std::optional<std::string> metaText;  // meta already written as JSON text: stored instead of meta when set
    std::optional<std::string> request;
    std::optional<std::string> response;
    std::optional<std::string> message;
    std::optional<std::string> trackingId;
    std::string createdAt;
    std::string updatedAt;

    // {id, guid, caseId, type, status, url, meta, request, response, message, createdAt, updatedAt}
    Poco::JSON::Object::Ptr toJson() const;
};

}  // namespace sohub
