// Reads the kind-of-case query parameters shared by routing and the reference endpoints.
#pragma once

#include "api/Call.h"
#include "domain/Routing.h"

namespace sohub {

struct RoutingParams {
    RoutingQuery query;
    // The first parameter that names nothing known (manufacturer, productType, serviceType, serviceLocation), or null.
    const char* unknownReference = nullptr;
};

// 400 for a value of the wrong type or outside an enumeration; an unknown id or alias only sets unknownReference.
RoutingParams routingParamsFrom(const Call& call);

}  // namespace sohub
