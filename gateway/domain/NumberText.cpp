// Numbers written as text, read strictly (see NumberText.h).
#include "domain/NumberText.h"

#include <Poco/Ascii.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace sohub {
namespace {

// The length of the run of digits at the start of text.
std::size_t digitsAt(std::string_view text) {
    std::size_t n = 0;
    while (n < text.size() && Poco::Ascii::isDigit(text[n])) ++n;
    return n;
}

}  // namespace

std::optional<double> decimalNumber(std::string_view text) {
    // JavaScript's blanks as far as ASCII goes: space, tab, LF, VT, FF, CR (Poco's Ascii::isSpace).
    while (!text.empty() && Poco::Ascii::isSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && Poco::Ascii::isSpace(text.back())) text.remove_suffix(1);
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    // The shape first: from_chars alone would take "1e" as 1 and stop, and reads "inf" and "nan".
    std::size_t at = digitsAt(text);
    std::size_t significant = at;
    if (at < text.size() && text[at] == '.') {
        const std::size_t fraction = digitsAt(text.substr(at + 1));
        significant += fraction;
        at += 1 + fraction;
    }
    if (significant == 0) return std::nullopt;
    if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
        std::size_t exponent = at + 1;
        if (exponent < text.size() && (text[exponent] == '+' || text[exponent] == '-')) ++exponent;
        const std::size_t digits = digitsAt(text.substr(exponent));
        if (digits == 0) return std::nullopt;
        at = exponent + digits;
    }
    if (at != text.size()) return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return negative ? -value : value;
}

std::optional<long long> integerNumber(std::string_view text) {
    constexpr double largestSafe = 9007199254740991.0;
    const std::optional<double> number = decimalNumber(text);
    if (!number || *number != std::floor(*number) || std::abs(*number) > largestSafe) return std::nullopt;
    return static_cast<long long>(*number);
}

std::optional<int> intNumber(std::string_view text) {
    const std::optional<long long> number = integerNumber(text);
    if (!number || *number < std::numeric_limits<int>::min() || *number > std::numeric_limits<int>::max())
        return std::nullopt;
    return static_cast<int>(*number);
}

}  // namespace sohub
