// Typed configuration keys: a value not of its key's type or range stops the daemon at start, naming the key.
#pragma once

#include <Poco/Timespan.h>
#include <Poco/Types.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <string>

namespace sohub {

// Each reader throws Poco::InvalidArgumentException "key: reason" (the daemon's start ends with it, exit status 78).
// An absent or blank key gives the fallback, which need not be in the range (a fallback may mean "not set").
[[noreturn]] void failKey(const std::string& key, const std::string& reason);
int integerKey(const Poco::Util::AbstractConfiguration& config, const std::string& key, int fallback, int min, int max);
Poco::Int64 integer64Key(const Poco::Util::AbstractConfiguration& config, const std::string& key, Poco::Int64 fallback,
                         Poco::Int64 min, Poco::Int64 max);
// true, yes, on, 1 / false, no, off, 0, in any letter case.
bool booleanKey(const Poco::Util::AbstractConfiguration& config, const std::string& key, bool fallback);
double numberKey(const Poco::Util::AbstractConfiguration& config, const std::string& key, double fallback, double min,
                 double max);
// 30s, 5m, 2h, 90d (a bare number is seconds).
Poco::Timespan durationKey(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                           const Poco::Timespan& fallback);

}  // namespace sohub
