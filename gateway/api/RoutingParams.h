// Reads the kind-of-case query parameters shared by routing and the reference endpoints.
#pragma once

#include "api/Call.h"
#include "domain/Routing.h"

namespace sohub {

struct RoutingParams {
    RoutingQuery query;
    bool unknownReference = false;  // a manufacturer or product type that names nothing known
};

// 400 for a value of the wrong type or outside an enumeration; an unknown id or alias only sets unknownReference.
RoutingParams routingParamsFrom(const Call& call);

}  // namespace sohub
