// External requests in the store.
#pragma once

#include "domain/ExternalRequest.h"

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <vector>

namespace sohub {

class ExternalRequestRepository {
public:
    // Sets id, guid (when empty), createdAt and updatedAt on the given request. Inside a write change.
    static void insert(Poco::Data::Session& session, ExternalRequest& request);
    static std::optional<ExternalRequest> byGuid(Poco::Data::Session& session, const std::string& guid);
    static std::vector<ExternalRequest> byCase(Poco::Data::Session& session, Poco::Int64 caseId);
};

}  // namespace sohub
