// GUIDs for records the hub creates (cases, external requests, deliveries).
#pragma once

#include <string>

namespace sohub {

// Lower-case 8-4-4-4-12 hex, UUID version 7: Unix milliseconds, then 74 random bits from the system's generator.
std::string newGuid();

}  // namespace sohub
