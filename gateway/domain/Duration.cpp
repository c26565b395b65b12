// Durations in the configuration's notation (30s, 5m, 2h, 90d), read and written.
#include "domain/Duration.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace sohub {

Poco::Timespan parseDuration(const std::string& raw, bool allowZero) {
    const std::string text = Poco::toLower(Poco::trim(raw));
    const std::size_t digits = text.find_first_not_of("0123456789");
    const std::string number = text.substr(0, digits);
    std::string unit = digits == std::string::npos ? "s" : Poco::trim(text.substr(digits));
    Poco::Int64 count = 0;
    if (number.empty() || !Poco::NumberParser::tryParse64(number, count))
        throw ScheduleError("'" + Poco::trim(raw) + "' is not a duration (a whole number with s, m, h or d, as 30s, 5m, 2h, 90d)");
    Poco::Int64 unitSeconds = 0;
    if (unit == "s" || unit == "sec" || unit == "second" || unit == "seconds") unitSeconds = 1;
    else if (unit == "m" || unit == "min" || unit == "minute" || unit == "minutes") unitSeconds = 60;
    else if (unit == "h" || unit == "hour" || unit == "hours") unitSeconds = 3600;
    else if (unit == "d" || unit == "day" || unit == "days") unitSeconds = 86400;
    else throw ScheduleError("unknown unit '" + unit + "' in '" + Poco::trim(raw) + "' (s, m, h or d)");
    if (count < 0 || (count == 0 && !allowZero)) throw ScheduleError("'" + Poco::trim(raw) + "' must be longer than zero");
    if (count > 100LL * 365 * 86400 / unitSeconds) throw ScheduleError("'" + Poco::trim(raw) + "' is longer than 100 years");
    return Poco::Timespan(count * unitSeconds, 0);
}

std::string formatDuration(const Poco::Timespan& span) {
    const Poco::Int64 total = span.totalSeconds();
    if (total > 0 && total % 86400 == 0) return std::to_string(total / 86400) + "d";
    if (total > 0 && total % 3600 == 0) return std::to_string(total / 3600) + "h";
    if (total > 0 && total % 60 == 0) return std::to_string(total / 60) + "m";
    return std::to_string(total) + "s";
}

}  // namespace sohub
