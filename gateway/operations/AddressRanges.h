// A list of address ranges in CIDR notation (metrics.allowFrom): 127.0.0.0/8, ::1/128, 10.1.2.3.
#pragma once

#include <Poco/Net/IPAddress.h>

#include <string>
#include <vector>

namespace sohub {

class AddressRanges {
public:
    // Comma-separated; a bare address is a range of one. Throws Poco::InvalidArgumentException naming a bad entry.
    explicit AddressRanges(const std::string& list);
    // An IPv4 address mapped into IPv6 (a dual-stack socket's ::ffff:127.0.0.1) counts as the IPv4 address.
    bool contains(const Poco::Net::IPAddress& address) const;

private:
    struct Range {
        Poco::Net::IPAddress network;
        unsigned prefix;  // leading bits that must match
    };
    std::vector<Range> ranges_;
};

}  // namespace sohub
