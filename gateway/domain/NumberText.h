// Numbers written as text by clients (query strings, numeric JSON strings, configuration values), read strictly.
#pragma once

#include <optional>
#include <string_view>

namespace sohub {

// A decimal number as JavaScript's Number() reads a string: surrounding blanks, an optional sign, digits with an
// optional fraction, an optional exponent; a finite value. No thousands separator ("1,000"), no hexadecimal, no
// suffix, and a blank text is no number (Number("  ") would be 0). Poco's NumberParser takes "1,012" as 1012
// (its default thousands separator) and "  " as 0, which would turn a client's mistake into another id.
std::optional<double> decimalNumber(std::string_view text);

// A whole number read as decimalNumber reads it ("12", " 12 ", "12.0", "1.2e1"), within JavaScript's safe integers
// (2^53 - 1). The one reader for ids and counts sent as text: Poco's NumberParser reads a std::string up to its first
// NUL, so "4\0x" (a query's "4%00x") was 4.
std::optional<long long> integerNumber(std::string_view text);

// The same within an int (the ids of reference data, providers and accessories, which are ints).
std::optional<int> intNumber(std::string_view text);

}  // namespace sohub
