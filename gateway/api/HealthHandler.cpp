// Liveness: the process answers HTTP; no store access, no token.
#include "api/HealthHandler.h"

namespace sohub {

void HealthHandler::registerIn(RouteTable& table) const { table.add({"GET", "/health", {}, &HealthHandler::health}); }

Reply HealthHandler::health(const Call& call) {
    call.query.allowOnly({});
    return Reply::raw(200, R"({"data":{"status":"ok"}})");  // a constant: no JSON object built per request
}

}  // namespace sohub
