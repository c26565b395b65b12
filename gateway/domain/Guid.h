// Random (version 4) GUIDs for records the hub creates, without a system call per GUID.
#pragma once

#include <string>

namespace sohub {

// Lower-case 8-4-4-4-12 hex; each thread draws from its own generator, seeded once from the system.
std::string newGuid();

}  // namespace sohub
