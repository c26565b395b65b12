// Durations in the configuration's notation (30s, 5m, 2h, 90d): job settings, intervals, retry schedules.
#pragma once

#include <Poco/Timespan.h>

#include <stdexcept>
#include <string>

namespace sohub {

// A schedule, duration or zone that cannot be read; what() is the reason, without the configuration key.
class ScheduleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "30s", "5m", "2h", "90d" (a bare number is seconds): throws ScheduleError with the reason. Zero only when
// allowZero (the first step of a retry schedule: at once).
Poco::Timespan parseDuration(const std::string& text, bool allowZero = false);
// The shortest of those notations that says the same: 90d, 36h, 90s.
std::string formatDuration(const Poco::Timespan& span);

}  // namespace sohub
