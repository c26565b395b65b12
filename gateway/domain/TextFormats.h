// The shapes of contact fields the documents constrain (phone, email, postal code, country code), matched by hand:
// a regular expression per field cost a booking more than the rest of its contact checks.
#pragma once

#include <string_view>

namespace sohub {

// ^\+?[0-9][0-9 ()./\-]*$ : an optional plus, a digit, then digits, spaces and ( ) . / -.
bool isPhoneNumber(std::string_view text);
// ^[^@\s]+@[^@\s]+\.[^@\s]+$ : one @ with something before it, and after it a dot with something on both sides.
bool isEmailAddress(std::string_view text);
// ^[A-Za-z0-9][A-Za-z0-9 \-]*$ : a letter or digit, then letters, digits, spaces and hyphens.
bool isPostalCode(std::string_view text);
// ^[A-Z]{2}$ : two capital letters (ISO 3166-1 alpha-2).
bool isCountryCode(std::string_view text);

}  // namespace sohub
