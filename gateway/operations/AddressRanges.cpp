// Compares the leading bits of the raw address bytes: Poco 1.11's IPAddress::mask works for IPv4 only.
#include "operations/AddressRanges.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace sohub {

using Poco::Net::IPAddress;

namespace {

// An IPv4 address mapped into IPv6 (::ffff:a.b.c.d) as the IPv4 address inside; any other as it is.
IPAddress unmapped(const IPAddress& address) {
    if (address.family() != IPAddress::IPv6 || !address.isIPv4Mapped()) return address;
    return IPAddress(static_cast<const unsigned char*>(address.addr()) + 12, 4);
}

}  // namespace

AddressRange AddressRange::parse(const std::string& raw) {
    const std::string text = Poco::trim(raw);
    const std::string::size_type slash = text.find('/');
    IPAddress network;
    if (!IPAddress::tryParse(text.substr(0, slash), network))
        throw Poco::InvalidArgumentException("'" + text + "' is not an address range (as 10.0.0.0/8 or ::1/128)");
    const unsigned bits = network.length() * 8;
    unsigned prefix = bits;
    if (slash != std::string::npos &&
        (!Poco::NumberParser::tryParseUnsigned(text.substr(slash + 1), prefix) || prefix > bits))
        throw Poco::InvalidArgumentException("'" + text + "' has no valid prefix length");
    // Written in the mapped form (::ffff:10.0.0.0/104): the IPv4 range it maps, since a mapped address is judged as
    // the IPv4 address inside. A shorter prefix reaches past the mapped addresses and stays an IPv6 range.
    constexpr unsigned mappedBits = 96;
    if (network.family() == IPAddress::IPv6 && network.isIPv4Mapped() && prefix >= mappedBits)
        return AddressRange(unmapped(network), prefix - mappedBits);
    return AddressRange(network, prefix);
}

bool AddressRange::contains(const IPAddress& address) const { return holds(unmapped(address)); }

bool AddressRange::holds(const IPAddress& candidate) const {
    if (network_.family() != candidate.family()) return false;
    const auto* bytes = static_cast<const unsigned char*>(candidate.addr());
    const auto* network = static_cast<const unsigned char*>(network_.addr());
    unsigned bits = prefix_;
    for (unsigned i = 0; bits > 0; ++i, bits = bits >= 8 ? bits - 8 : 0) {
        const unsigned char mask = bits >= 8 ? 0xFF : static_cast<unsigned char>(0xFF << (8 - bits));
        if ((bytes[i] & mask) != (network[i] & mask)) return false;
    }
    return true;
}

AddressRanges::AddressRanges(const std::string& list) {
    const Poco::StringTokenizer entries(list, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& entry : entries) ranges_.push_back(AddressRange::parse(entry));
}

bool AddressRanges::contains(const IPAddress& address) const {
    const IPAddress candidate = unmapped(address);
    for (const AddressRange& range : ranges_)
        if (range.holds(candidate)) return true;
    return false;
}

}  // namespace sohub
