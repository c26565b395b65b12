// Time in the API's one notation (ISO 8601, UTC, milliseconds), and the clock the batch side reads it from.
#pragma once

#include <Poco/Timestamp.h>

#include <optional>
#include <string>

namespace sohub {

// The one clock the batch side asks for the time: tests substitute their own, to move time instead of sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Poco::Timestamp now() const = 0;
};

// The system's real-time clock.
const Clock& systemClock();

std::string isoDate(const Poco::Timestamp& time);
std::string nowIso();

// Parses an ISO 8601 date-time with a time zone (or Z); nullopt when it is not one.
std::optional<Poco::Timestamp> parseIsoDate(const std::string& text);

}  // namespace sohub
