// Typed configuration keys, each problem named by its key.
#include "domain/ConfigKeys.h"

#include "domain/Duration.h"
#include "domain/NumberText.h"

#include <Poco/Exception.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace sohub {
namespace {

// The key's text, trimmed; empty when absent (one look-up through the layers).
std::string textOf(const Poco::Util::AbstractConfiguration& config, const std::string& key) {
    return Poco::trim(config.getString(key, ""));
}

std::string rangeText(Poco::Int64 min, Poco::Int64 max) { return std::to_string(min) + "-" + std::to_string(max); }

}  // namespace

void failKey(const std::string& key, const std::string& reason) {
    throw Poco::InvalidArgumentException(key + ": " + reason);
}

Poco::Int64 integer64Key(const Poco::Util::AbstractConfiguration& config, const std::string& key, Poco::Int64 fallback,
                         Poco::Int64 min, Poco::Int64 max) {
    const std::string text = textOf(config, key);
    if (text.empty()) return fallback;
    Poco::Int64 value = 0;
    if (!Poco::NumberParser::tryParse64(text, value, '\0')) failKey(key, "'" + text + "' is not a whole number");
    if (value < min || value > max) failKey(key, text + " out of range " + rangeText(min, max));
    return value;
}

int integerKey(const Poco::Util::AbstractConfiguration& config, const std::string& key, int fallback, int min,
               int max) {
    return static_cast<int>(integer64Key(config, key, fallback, min, max));
}

bool booleanKey(const Poco::Util::AbstractConfiguration& config, const std::string& key, bool fallback) {
    const std::string text = textOf(config, key);
    if (text.empty()) return fallback;
    const std::string value = Poco::toLower(text);
    if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
    if (value == "false" || value == "no" || value == "off" || value == "0") return false;
    failKey(key, "'" + text + "' is not true or false");
}

double numberKey(const Poco::Util::AbstractConfiguration& config, const std::string& key, double fallback, double min,
                 double max) {
    const std::string text = textOf(config, key);
    if (text.empty()) return fallback;
    const std::optional<double> number = decimalNumber(text);
    if (!number) failKey(key, "'" + text + "' is not a number");
    const double value = *number;
    if (value < min || value > max)
        failKey(key, text + " out of range " + Poco::NumberFormatter::format(min) + "-" +
                         Poco::NumberFormatter::format(max));
    return value;
}

Poco::Timespan durationKey(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                           const Poco::Timespan& fallback) {
    const std::string text = textOf(config, key);
    if (text.empty()) return fallback;
    try {
        return parseDuration(text);
    } catch (const ScheduleError& error) {
        failKey(key, error.what());
    }
}

}  // namespace sohub
