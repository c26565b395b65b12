// Time in the API's one notation: ISO 8601, UTC, milliseconds.
#pragma once

#include <Poco/Timestamp.h>

#include <optional>
#include <string>

namespace sohub {

std::string isoDate(const Poco::Timestamp& time);
std::string nowIso();

// Parses an ISO 8601 date-time with a time zone (or Z); nullopt when it is not one.
std::optional<Poco::Timestamp> parseIsoDate(const std::string& text);

}  // namespace sohub
