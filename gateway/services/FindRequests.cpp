// Criteria in Joi's wording, a named case must be the caller's, then one read.
#include "services/FindRequests.h"

#include "domain/Joi.h"
#include "services/CaseAccess.h"

namespace sohub {

ExternalRequestPage FindRequests::run(const Caller& caller, const Poco::Dynamic::Var& input,
                                      ExternalRequestQuery& query) const {
    const JoiObject body(JoiObject::requireObject(input));
    query.trackingId = body.string("trackingId");
    query.caseId = body.integer("caseId");
    query.type = body.string("type");
    query.status = body.string("status");
    query.limit = static_cast<int>(body.integer("limit", false, 1, maxLimit).value_or(defaultLimit));
    query.offset = static_cast<int>(body.integer("offset", false, 0, 1000000000).value_or(0));

    ReadLease lease = database_.read();
    if (query.caseId) CaseAccess::byId(lease.session(), caller, *query.caseId);
    return ExternalRequestRepository::find(lease.session(), query, caller);
}

}  // namespace sohub
