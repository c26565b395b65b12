// Each matcher accepts exactly the strings its regular expression (in the header) matches whole, byte by byte.
#include "domain/TextFormats.h"

namespace sohub {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
// \s as PCRE reads it outside UTF mode: space, tab, newline, vertical tab, form feed, carriage return.
bool isSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

bool isPhoneNumber(std::string_view text) {
    std::size_t i = !text.empty() && text[0] == '+' ? 1 : 0;
    if (i >= text.size() || !isDigit(text[i])) return false;
    for (++i; i < text.size(); ++i) {
        const char c = text[i];
        if (!isDigit(c) && c != ' ' && c != '(' && c != ')' && c != '.' && c != '/' && c != '-') return false;
    }
    return true;
}

bool isEmailAddress(std::string_view text) {
    const std::size_t at = text.find('@');
    if (at == 0 || at == std::string_view::npos) return false;
    const std::string_view domain = text.substr(at + 1);
    for (const char c : text)
        if (isSpace(c)) return false;
    if (domain.find('@') != std::string_view::npos) return false;
    // A dot with at least one character before and after it: not only the first and last places.
    return domain.size() >= 3 && domain.substr(1, domain.size() - 2).find('.') != std::string_view::npos;
}

bool isPostalCode(std::string_view text) {
    if (text.empty() || !(isLetter(text[0]) || isDigit(text[0]))) return false;
    for (std::size_t i = 1; i < text.size(); ++i) {
        const char c = text[i];
        if (!isLetter(c) && !isDigit(c) && c != ' ' && c != '-') return false;
    }
    return true;
}

bool isCountryCode(std::string_view text) {
    return text.size() == 2 && text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'A' && text[1] <= 'Z';
}

}  // namespace sohub
