// The server-side request forgery checks of API-registered webhook URLs.
#include "scheduler/WebhookTarget.h"

#include <Poco/Exception.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/HostEntry.h>
#include <Poco/String.h>

namespace sohub {
namespace {

using Poco::Net::IPAddress;

// Not globally reachable, after IANA's special-purpose registries. 2001::/23 holds Teredo and 2002::/16 is 6to4: both
// carry an IPv4 address that a relay leads to, 127.0.0.1 as well as any other.
const AddressRanges& internalRanges() {
    static const AddressRanges ranges(
        "0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.0.0.0/24, 192.0.2.0/24, "
        "192.168.0.0/16, 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24, 224.0.0.0/4, 240.0.0.0/4, ::1/128, "
        "64:ff9b::/96, 64:ff9b:1::/48, 100::/64, 2001::/23, 2001:db8::/32, 2002::/16, 3fff::/20, 5f00::/16, fc00::/7, "
        "fe80::/10, fec0::/10, ff00::/8");
    return ranges;
}

}  // namespace

bool isInternal(const IPAddress& address) {
    // ::ffff:a.b.c.d is judged by the IPv4 address inside: AddressRange::contains reads it so.
    // ::a.b.c.d, the deprecated IPv4-compatible form: never where a receiver is reached.
    if (address.family() == IPAddress::IPv6 && address.isIPv4Compatible()) return true;
    if (address.isWildcard()) return true;  // 0.0.0.0 and :: (which Poco cannot parse as a range's text)
    return internalRanges().contains(address);
}

bool TargetPolicy::allowed(const IPAddress& address) const {
    return allowed_.contains(address) || !isInternal(address);
}

Poco::URI TargetPolicy::check(const std::string& url) const {
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception&) {
        throw Poco::InvalidArgumentException("is not a valid URL");
    }
    const std::string scheme = Poco::toLower(uri.getScheme());
    if (scheme != "https" && !(scheme == "http" && allowHttp_))
        throw Poco::InvalidArgumentException(allowHttp_ ? "must be an http:// or https:// URL" : "must be an https:// URL");
    if (uri.getHost().empty()) throw Poco::InvalidArgumentException("has no host");
    if (!uri.getUserInfo().empty()) throw Poco::InvalidArgumentException("must not carry a user name or password");
    resolve(uri);
    return uri;
}

std::vector<IPAddress> TargetPolicy::resolve(const Poco::URI& uri) const {
    std::vector<IPAddress> addresses;
    IPAddress literal;
    if (IPAddress::tryParse(uri.getHost(), literal)) {
        addresses.push_back(literal);
    } else {
        try {
            const Poco::Net::HostEntry entry = Poco::Net::DNS::hostByName(uri.getHost());
            addresses = entry.addresses();
        } catch (const Poco::Exception& error) {
            throw Poco::InvalidArgumentException("host " + uri.getHost() + " cannot be resolved (" + error.displayText() + ")");
        }
    }
    if (addresses.empty()) throw Poco::InvalidArgumentException("host " + uri.getHost() + " has no address");
    for (const IPAddress& address : addresses)
        if (!allowed(address))
            throw Poco::InvalidArgumentException("points at an internal address (" + address.toString() +
                                                 "), which webhooks.allowedTargets does not allow");
    return addresses;
}

}  // namespace sohub
