// {"data": <external request>} for log and reply; {"data": [...], "pagination": {...}} for find.
#include "api/RequestHandler.h"

#include "services/FindRequests.h"
#include "services/LogRequest.h"
#include "services/ReplyToDelivery.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace sohub {

void RequestHandler::registerIn(RouteTable& table) const {
    const RequestHandler self = *this;
    table.add({"POST", "/api/v3/requests/log", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.log(call); }});
    table.add({"POST", "/api/v3/requests/find", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.find(call); }});
    table.add({"GET", "/api/v3/requests/find", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.findByQuery(call); }});
    table.add({"POST", "/api/v3/requests/reply", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.reply(call); }});
}

Reply RequestHandler::log(const Call& call) const {
    call.query.allowNone();
    return Reply::data(log_.run(call.caller(), call.jsonOrEmptyObject()).toJson());
}

Reply RequestHandler::find(const Call& call) const {
    call.query.allowNone();
    return found(call, call.jsonOrEmptyObject());  // no body: no criteria
}

Reply RequestHandler::findByQuery(const Call& call) const {
    call.query.allowOnly({"trackingId", "caseId", "type", "status", "limit", "offset"});
    Poco::JSON::Object::Ptr criteria = new Poco::JSON::Object;
    for (const char* name : {"trackingId", "caseId", "type", "status", "limit", "offset"})
        if (const auto value = call.query.get(name)) criteria->set(name, *value);
    return found(call, criteria);
}

Reply RequestHandler::found(const Call& call, const Poco::Dynamic::Var& input) const {
    ExternalRequestQuery query;
    const ExternalRequestPage page = find_.run(call.caller(), input, query);
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
    for (const ExternalRequest& request : page.requests) data->add(request.toJson());
    return Reply::page(data, page.total, query.limit, query.offset);
}

Reply RequestHandler::reply(const Call& call) const {
    call.query.allowNone();
    return Reply::data(reply_.run(call.caller(), call.jsonOrEmptyObject()).toJson());
}

}  // namespace sohub
