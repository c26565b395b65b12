// GET /api/v3/routing.
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class RoutingHandler {
public:
    void registerIn(RouteTable& table) const;
    static Reply route(const Call& call);
};

}  // namespace sohub
