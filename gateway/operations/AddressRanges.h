// Address ranges in CIDR notation (127.0.0.0/8, ::1/128, 10.1.2.3): who may read /metrics (metrics.allowFrom), the
// internal ranges a webhook may still reach (webhooks.allowedTargets) and those it may not.
#pragma once

#include <Poco/Net/IPAddress.h>

#include <string>
#include <vector>

namespace sohub {

class AddressRange {
public:
    // A bare address is a range of one; one in the mapped form (::ffff:10.0.0.0/104) is the IPv4 range it maps.
    // Throws Poco::InvalidArgumentException naming the text.
    static AddressRange parse(const std::string& text);
    // An IPv4 address mapped into IPv6 (a dual-stack socket's ::ffff:127.0.0.1) counts as the IPv4 address.
    bool contains(const Poco::Net::IPAddress& address) const;

private:
    friend class AddressRanges;  // asks holds() with an address unmapped once for the whole list
    AddressRange(Poco::Net::IPAddress network, unsigned prefix) : network_(network), prefix_(prefix) {}
    bool holds(const Poco::Net::IPAddress& unmapped) const;
    Poco::Net::IPAddress network_;
    unsigned prefix_;  // leading bits that must match
};

class AddressRanges {
public:
    AddressRanges() = default;  // none
    // Comma-separated. Throws Poco::InvalidArgumentException naming a bad entry.
    explicit AddressRanges(const std::string& list);
    bool contains(const Poco::Net::IPAddress& address) const;

private:
    std::vector<AddressRange> ranges_;
};

}  // namespace sohub
