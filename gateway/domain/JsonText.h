// Writing JSON text straight into a string, for the hot paths that skip Poco's JSON tree.
#pragma once

#include <string>
#include <string_view>

namespace sohub {

// Appends the value as a JSON string literal (quoted, escaped as Poco's Stringifier does).
void appendJsonString(std::string& out, std::string_view text);

}  // namespace sohub
