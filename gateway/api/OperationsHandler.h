// GET /metrics (Prometheus text format, for metrics.allowFrom or an admin token), GET /ready (readiness) and
// GET /api/v3/openapi.json (the API's description).
#pragma once

#include "api/RouteTable.h"
#include "operations/AddressRanges.h"

#include <memory>

namespace sohub {

class Database;
class RunningParts;

class OperationsHandler {
public:
    OperationsHandler(Database& database, const RunningParts& parts, AddressRanges metricsFrom);
    void registerIn(RouteTable& table) const;

    static Reply metrics(const Call& call);
    // The OpenAPI 3.1 document of every endpoint (public, as API documentation is).
    static Reply openApi(const Call& call);
    // 200 when the store takes a write and every part runs; 503 naming what does not.
    Reply ready(const Call& call) const;

private:
    Database& database_;
    const RunningParts& parts_;
    const std::shared_ptr<const AddressRanges> metricsFrom_;
};

}  // namespace sohub
