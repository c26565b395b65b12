// The HTTP side of /metrics and of the access log: requests by route and status, their latency, one line each.
#pragma once

#include "api/RouteTable.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace Poco {
class Logger;
}

namespace sohub {

namespace metrics {
class Histogram;
}

// Counts per route of the table (its method and path: no ids or guids, so the labels stay bounded) and per status.
// Made once the routing table is complete; counting is a few atomic increments, no lock.
class HttpFigures {
public:
    explicit HttpFigures(const RouteTable& routes);
    HttpFigures(const HttpFigures&) = delete;
    HttpFigures& operator=(const HttpFigures&) = delete;
    ~HttpFigures();

    // `route` null: no route matched (404, 405, OPTIONS).
    void record(const Route* route, int status, double seconds);

private:
    struct RouteFigures;
    const RouteTable& routes_;
    std::vector<std::unique_ptr<RouteFigures>> figures_;  // by route index; the last for no route
    int collector_;
};

// One line per request on the logger sohub.access (http.accessLog=true): method, route, status, duration, bytes and
// the account id. Never the query string (it may hold accessToken) nor a header.
class AccessLog {
public:
    AccessLog();
    void record(const std::string& method, const Route* route, int status, double seconds, std::int64_t bytes,
                int accountId) const;

private:
    Poco::Logger& logger_;
};

}  // namespace sohub
