// GUIDs for records the hub creates (cases, external requests, deliveries).
#pragma once

#include <string>
#include <string_view>

namespace sohub {

// Lower-case 8-4-4-4-12 hex, UUID version 7: Unix milliseconds, then 74 random bits from the system's generator.
std::string newGuid();
// Whether `text` has a GUID's shape: 8-4-4-4-12 hex digits, either case, nothing around them.
bool isGuidShape(std::string_view text);

}  // namespace sohub
