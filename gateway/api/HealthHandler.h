// GET /health: a public liveness answer for operators (and the benchmarks' ceiling).
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class HealthHandler {
public:
    void registerIn(RouteTable& table) const;
    static Reply health(const Call& call);
};

}  // namespace sohub
