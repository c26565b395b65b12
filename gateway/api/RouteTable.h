// The one routing table: method + path -> endpoint, with the roles allowed to call it.
#pragma once

#include "api/Call.h"

#include <functional>
#include <string>
#include <vector>

namespace Poco::Net {
class IPAddress;
}

namespace sohub {

using Endpoint = std::function<Reply(const Call&)>;

struct Route {
    std::string method;
    std::string path;
    std::vector<Role> roles;  // empty: public, no token needed
    Endpoint endpoint;
    // The endpoint reads the body itself from Call::upload (a file of any size), after the caller is known.
    bool streamsBody = false;
    // Addresses that may call without a token (metrics.allowFrom); others need one of `roles`.
    std::function<bool(const Poco::Net::IPAddress&)> openTo = nullptr;
    std::size_t index = 0;  // the place in the table, set by add (the metrics count per route)
};

class RouteTable {
public:
    void add(Route route);

    struct Match {
        const Route* route = nullptr;  // null: see pathKnown
        bool pathKnown = false;        // the path exists with other methods (405)
        std::string allow;             // those methods, for the Allow header
    };
    Match find(const std::string& method, const std::string& path) const;
    std::size_t size() const { return routes_.size(); }
    const Route& at(std::size_t index) const { return routes_.at(index); }

private:
    std::vector<Route> routes_;
};

}  // namespace sohub
