// Liveness: the process answers HTTP; no store access, no token.
#include "api/HealthHandler.h"

#include <Poco/JSON/Object.h>

namespace sohub {

void HealthHandler::registerIn(RouteTable& table) const { table.add({"GET", "/health", {}, &HealthHandler::health}); }

Reply HealthHandler::health(const Call& call) {
    call.query.allowOnly({});
    Poco::JSON::Object::Ptr status = new Poco::JSON::Object;
    status->set("status", "ok");
    return Reply::data(status);
}

}  // namespace sohub
