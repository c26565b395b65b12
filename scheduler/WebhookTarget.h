// Where a subscription registered through the API may send: https (or http where allowed), never an internal address.
#pragma once

#include "operations/AddressRanges.h"

#include <Poco/Net/IPAddress.h>
#include <Poco/URI.h>

#include <string>
#include <vector>

namespace sohub {

// Loopback, private, link-local, carrier-grade NAT, multicast, reserved and unspecified addresses (IPv4-mapped IPv6
// addresses by the IPv4 address inside).
bool isInternal(const Poco::Net::IPAddress& address);

class TargetPolicy {
public:
    TargetPolicy(bool allowHttp, AddressRanges allowed) : allowHttp_(allowHttp), allowed_(std::move(allowed)) {}

    // When a URL is registered: its scheme, its host, and every address the host resolves to now. Throws
    // Poco::InvalidArgumentException with the reason a client can act on.
    Poco::URI check(const std::string& url) const;
    // When an attempt is made: the host resolved again; every address must pass (a name that moved to an internal
    // address since it was registered is refused). Returns the addresses to connect to.
    std::vector<Poco::Net::IPAddress> resolve(const Poco::URI& uri) const;

private:
    bool allowed(const Poco::Net::IPAddress& address) const;

    bool allowHttp_;
    AddressRanges allowed_;
};

}  // namespace sohub
