// type, status, url, meta.caseId, request, response, message: checked in the document's order.
#include "services/LogRequest.h"

#include "domain/Joi.h"
#include "services/CaseAccess.h"
#include "store/ExternalRequestRepository.h"

#include <Poco/Logger.h>

namespace sohub {

ExternalRequest LogRequest::run(const Caller& caller, const Poco::Dynamic::Var& input) const {
    const JoiObject body(JoiObject::requireObject(input));
    ExternalRequest request;
    request.type = *body.string("type", true);
    request.status = *body.oneOf("status", {"success", "error"}, true);
    request.url = body.uri("url");
    request.meta = body.object("meta", true);
    const Poco::Int64 caseId = *JoiObject(request.meta, {"meta"}).integer("caseId", true);
    request.meta->set("caseId", caseId);  // stored as Joi hands it on: "7680" becomes 7680
    request.request = body.string("request", false, 0, true);
    request.response = body.string("response", false, 0, true);
    request.message = body.string("message", false, 0, true);
    if (request.meta->has("trackingId") && request.meta->get("trackingId").isString())
        request.trackingId = request.meta->getValue<std::string>("trackingId");

    CaseParties parties;
    {
        ReadLease lease = database_.read();
        parties = CaseAccess::byId(lease.session(), caller, caseId);
    }
    request.caseId = parties.id;
    request.accountId = caller.account->id;
    database_.write([&](Poco::Data::Session& session) { ExternalRequestRepository::insert(session, request); });
    Poco::Logger::get("sohub.requests")
        .information("External request %s (%s, %s) logged for case %s", request.guid, request.type, request.status,
                     parties.guid);
    return request;
}

}  // namespace sohub
