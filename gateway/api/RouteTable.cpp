// Exact-path lookup; the table is small and built once at start.
#include "api/RouteTable.h"

namespace sohub {

void RouteTable::add(Route route) {
    route.index = routes_.size();
    routes_.push_back(std::move(route));
}

RouteTable::Match RouteTable::find(const std::string& method, const std::string& rawPath) const {
    std::size_t length = rawPath.size();  // trailing slashes do not count, and the path is not copied to drop them
    while (length > 1 && rawPath[length - 1] == '/') --length;
    Match match;
    for (const Route& route : routes_) {
        if (route.path.size() != length || rawPath.compare(0, length, route.path) != 0) continue;
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
