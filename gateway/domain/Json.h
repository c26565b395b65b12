// Compact JSON text of Poco JSON values, written straight into a string (Poco's Stringifier goes through
// an ostream a character at a time, and escapes "/", which costs on every response).
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace sohub {

void appendJson(std::string& out, const Poco::Dynamic::Var& value);
std::string toJsonText(const Poco::Dynamic::Var& value);
std::string toJsonText(const Poco::JSON::Object& object);

}  // namespace sohub
