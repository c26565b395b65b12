// Hub service: find the external requests a caller may see (requests/find), a page at a time.
#pragma once

#include "domain/Caller.h"
#include "store/Database.h"
#include "store/ExternalRequestRepository.h"

#include <Poco/Dynamic/Var.h>

namespace sohub {

class FindRequests {
public:
    static constexpr int defaultLimit = 50;
    static constexpr int maxLimit = 500;

    explicit FindRequests(Database& database) : database_(database) {}

    // input: {trackingId, caseId, type, status, limit, offset}, all optional. The query used comes back in
    // `query` (for the pagination block).
    ExternalRequestPage run(const Caller& caller, const Poco::Dynamic::Var& input, ExternalRequestQuery& query) const;

private:
    Database& database_;
};

}  // namespace sohub
