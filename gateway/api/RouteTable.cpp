// Exact-path lookup; the table is small and built once at start.
#include "api/RouteTable.h"

namespace sohub {

void RouteTable::add(Route route) { routes_.push_back(std::move(route)); }

RouteTable::Match RouteTable::find(const std::string& method, const std::string& rawPath) const {
    std::string path = rawPath;
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    Match match;
    for (const Route& route : routes_) {
        if (route.path != path) continue;
        if (route.method == method || (method == "HEAD" && route.method == "GET")) {
            match.route = &route;
            return match;
        }
        match.pathKnown = true;
        match.allow += (match.allow.empty() ? "" : ", ") + route.method;
    }
    return match;
}

}  // namespace sohub
