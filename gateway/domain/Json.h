// Compact JSON text of Poco JSON values, written straight into a string (Poco's Stringifier goes through
// an ostream a character at a time, and escapes "/", which costs on every response).
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>

namespace sohub {

// Appends the text as a JSON string literal: quotes, backslashes and control characters escaped, UTF-8 as is.
void appendJsonString(std::string& out, std::string_view text);
void appendJson(std::string& out, const Poco::Dynamic::Var& value);
std::string toJsonText(const Poco::Dynamic::Var& value);
std::string toJsonText(const Poco::JSON::Object& object);

}  // namespace sohub
