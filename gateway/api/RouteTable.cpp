// Path lookup in any letter case, trailing slashes aside; the table is small and built once at start.
#include "api/RouteTable.h"

#include <Poco/String.h>

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
        // In any letter case, as Express (the API family's own server) matches routes by default: /api/v3/Case/Create
        // is case/create to its clients, not 404.
        if (route.path.size() != length || Poco::icompare(rawPath, 0, length, route.path) != 0) continue;
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
