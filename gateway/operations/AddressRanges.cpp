// Compares the leading bits of the raw address bytes: Poco 1.11's IPAddress::mask works for IPv4 only.
#include "operations/AddressRanges.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace sohub {

AddressRanges::AddressRanges(const std::string& list) {
    const Poco::StringTokenizer entries(list, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& entry : entries) {
        const std::size_t slash = entry.find('/');
        Poco::Net::IPAddress network;
        if (!Poco::Net::IPAddress::tryParse(entry.substr(0, slash), network))
            throw Poco::InvalidArgumentException("not an address range", entry);
        const unsigned bits = network.length() * 8;
        unsigned prefix = bits;
        if (slash != std::string::npos &&
            (!Poco::NumberParser::tryParseUnsigned(entry.substr(slash + 1), prefix) || prefix > bits))
            throw Poco::InvalidArgumentException("not an address range", entry);
        ranges_.push_back(Range{network, prefix});
    }
}

bool AddressRanges::contains(const Poco::Net::IPAddress& address) const {
    Poco::Net::IPAddress candidate = address;
    if (candidate.family() == Poco::Net::IPAddress::IPv6 && candidate.isIPv4Mapped()) {
        const auto* bytes = static_cast<const unsigned char*>(candidate.addr());
        candidate = Poco::Net::IPAddress(bytes + 12, 4);
    }
    const auto* bytes = static_cast<const unsigned char*>(candidate.addr());
    for (const Range& range : ranges_) {
        if (range.network.family() != candidate.family()) continue;
        const auto* network = static_cast<const unsigned char*>(range.network.addr());
        unsigned bits = range.prefix;
        bool same = true;
        for (unsigned i = 0; same && bits > 0; ++i, bits = bits >= 8 ? bits - 8 : 0) {
            const unsigned char mask = bits >= 8 ? 0xFF : static_cast<unsigned char>(0xFF << (8 - bits));
            same = (bytes[i] & mask) == (network[i] & mask);
        }
        if (same) return true;
    }
    return false;
}

}  // namespace sohub
