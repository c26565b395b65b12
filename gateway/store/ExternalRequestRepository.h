// External requests in the store.
#pragma once

#include "domain/Caller.h"
#include "domain/ExternalRequest.h"

#include "store/RowBatch.h"

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <vector>

namespace sohub {

// What requests/find asks for; every criterion optional.
struct ExternalRequestQuery {
    std::optional<std::string> trackingId;
    std::optional<Poco::Int64> caseId;
    std::optional<std::string> type;
    std::optional<std::string> status;
    int limit = 50;
    int offset = 0;
};

struct ExternalRequestPage {
    std::vector<ExternalRequest> requests;
    Poco::Int64 total = 0;  // matches before limit and offset
};

class ExternalRequestRepository {
public:
    // Sets guid (when empty), createdAt and updatedAt (when empty) on the given request. Inside a write change:
    // written now (id set), or added to `later`, written when the change flushes it (id stays 0).
    static void insert(Poco::Data::Session& session, ExternalRequest& request, RowBatch* later = nullptr);
    // As insert into `later`, with the request's texts bound where they lie instead of copied into the batch: the
    // request must stay as it is until `later` is flushed (an import chunk's prepared bookings do).
    static void insertKept(ExternalRequest& request, RowBatch& later);
    // A batch for insert's rows.
    static RowBatch rows();
    static std::optional<ExternalRequest> byGuid(Poco::Data::Session& session, const std::string& guid);
    static std::vector<ExternalRequest> byCase(Poco::Data::Session& session, Poco::Int64 caseId);
    // The requests matching the query that the caller may see: of cases it may access (Caller::mayAccess in SQL),
    // or logged by its own account. In id order.
    static ExternalRequestPage find(Poco::Data::Session& session, const ExternalRequestQuery& query,
                                    const Caller& caller);
    // Stores a receiver's answer: status, message and updatedAt of the request.
    static void recordReply(Poco::Data::Session& session, ExternalRequest& request);
};

}  // namespace sohub
