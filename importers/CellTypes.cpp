// The field types of the Booking document (and beyond-the-seeds' data types) and of the Messages document.
#include "importers/CellTypes.h"

#include <Poco/Ascii.h>
#include <Poco/String.h>

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace sohub {
namespace {

bool among(const std::string& name, std::initializer_list<const char*> names) {
    return std::any_of(names.begin(), names.end(), [&](const char* n) { return name == n; });
}

bool isContact(const std::string& name) { return among(name, {"customer", "consumer", "pickupDst", "returnDst"}); }

bool knownTopLevel(RecordKind kind, const std::string& name) {
    if (kind == RecordKind::Messages)
        return among(name, {"guid", "type", "content", "externalId", "parentMessageId", "declaredAt", "userEmail", "userName"});
    return among(name, {"serviceType", "manufacturer", "productType", "shipping", "location", "orderData", "productData",
                        "pickupDestination", "returnDestination", "clientPostalCode", "customer", "consumer",
                        "pickupDst", "returnDst", "originatorType", "bookingType", "acceptConditions", "noPassword",
                        "trackingId", "forcedProvider", "attachedFiles"});
}

CellType documentedType(RecordKind kind, const std::vector<std::string>& path) {
    const std::string& top = path.front();
    if (kind == RecordKind::Messages) {
        if (top == "parentMessageId") return CellType::Integer;
        if (top == "declaredAt") return CellType::IntegerOrText;  // milliseconds, or a date string
        return CellType::Text;
    }
    if (path.size() == 1) {
        if (among(top, {"serviceType", "shipping", "location", "forcedProvider"})) return CellType::Integer;
        if (among(top, {"manufacturer", "productType"})) return CellType::IntegerOrText;  // id or alias
        if (among(top, {"acceptConditions", "noPassword"})) return CellType::Boolean;
        return CellType::Text;
    }
    const std::string& second = path[1];
    if (isContact(top) && path.size() == 2 && second == "type") return CellType::Integer;
    if (top == "productData") {
        if (second == "weight" || second == "volume") return CellType::Decimal;
        if (second == "accessory" && path.size() == 3) return CellType::Boolean;
    }
    if (top == "orderData") {
        if (second == "consents" && path.size() == 3) return CellType::Boolean;
        if (second == "emballage" && path.size() == 2) return CellType::Boolean;
    }
    return CellType::Text;  // free fields (partnerSpecific, ...) stay text unless the header says otherwise
}

// The text without the white space Poco::trim takes off (ASCII space, tab, line ends, vertical tab, form feed).
std::string_view trimmed(std::string_view text) {
    constexpr const char* space = " \t\n\v\f\r";
    const std::size_t first = text.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

// Digits with an optional sign: no thousands separators (a parser may read "2,5" as 25).
bool integerText(std::string_view text) {
    const std::size_t start = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
    return text.size() > start && text.find_first_not_of("0123456789", start) == std::string_view::npos;
}

// An integer's text (integerText) as a 64-bit number, or nothing beyond 64 bits.
std::optional<Poco::Int64> integerOf(std::string_view text) {
    if (!integerText(text)) return std::nullopt;
    if (text[0] == '+') text.remove_prefix(1);  // from_chars takes a minus sign only
    Poco::Int64 number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return number;
}

// An integer or a decimal with one '.' or, as a spreadsheet in a comma-decimal locale writes it, one ','.
std::optional<double> decimalText(std::string_view text) {
    const std::size_t separator = text.find_first_of(".,");
    if (separator == std::string_view::npos || text.find_first_of(".,", separator + 1) != std::string_view::npos)
        return std::nullopt;
    const std::string_view whole = text.substr(0, separator), fraction = text.substr(separator + 1);
    if (!(integerText(whole) || whole.empty() || whole == "-") || !integerText(fraction) || fraction[0] == '-' ||
        fraction[0] == '+')
        return std::nullopt;
    std::string number(whole.substr(!whole.empty() && whole[0] == '+' ? 1 : 0));
    number += '.';
    number += fraction;
    double value = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
    return value;
}

bool sameLetters(std::string_view text, std::string_view lower) {
    const auto same = [](char a, char b) { return Poco::Ascii::toLower(a) == b; };
    return text.size() == lower.size() && std::equal(text.begin(), text.end(), lower.begin(), same);
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = text.find('.', start);
        parts.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) return parts;
        start = dot + 1;
    }
}

}  // namespace

Column columnOf(RecordKind kind, const std::string& header) {
    Column column;
    column.header = header;
    std::string name = Poco::trim(header);
    std::optional<CellType> declared;
    const std::size_t colon = name.rfind(':');
    if (colon != std::string::npos) {
        const std::string suffix = Poco::toLower(name.substr(colon + 1));
        if (suffix == "number") declared = CellType::Decimal;
        else if (suffix == "boolean") declared = CellType::Boolean;
        else if (suffix == "string") declared = CellType::Text;
        if (declared) name = name.substr(0, colon);
    }
    column.path = split(name);
    const bool wellFormed = std::none_of(column.path.begin(), column.path.end(), [](const std::string& p) { return p.empty(); });
    column.known = wellFormed && knownTopLevel(kind, column.path.front());
    if (column.known) {
        const CellType documented = documentedType(kind, column.path);
        column.type = declared ? *declared : documented;
        column.declaredFreeField = declared && *declared != CellType::Text && documented == CellType::Text &&
                                   kind == RecordKind::Cases;
    }
    return column;
}

namespace {

// A cell's typed value, before it is a Var: the cell as it came (text), or the number or boolean it reads as.
struct CellValue {
    enum class Kind { Text, Integer, Decimal, Boolean } kind = Kind::Text;
    Poco::Int64 integer = 0;
    double decimal = 0;
    bool boolean = false;
};

CellValue text() { return {}; }
CellValue integer(Poco::Int64 value) { return {CellValue::Kind::Integer, value, 0, false}; }
CellValue decimal(double value) { return {CellValue::Kind::Decimal, 0, value, false}; }
CellValue boolean(bool value) { return {CellValue::Kind::Boolean, 0, 0, value}; }

CellValue valueOf(const Column& column, const std::string& cell) {
    if (column.type == CellType::Text) return text();  // as it came, blanks and all
    const std::string_view trimmedText = trimmed(cell);
    switch (column.type) {
    case CellType::Integer:
    case CellType::IntegerOrText: {
        if (const std::optional<Poco::Int64> number = integerOf(trimmedText)) return integer(*number);
        // "4.0" (a spreadsheet's number format) is the number 4 as JSON's 4.0 is, and "4.5" a number that the
        // validator calls no integer. Not for an id-or-alias or a date: "7.1" may be an alias, "25.07" a date.
        if (column.type == CellType::Integer)
            if (const std::optional<double> number = decimalText(trimmedText)) return decimal(*number);
        return text();  // beyond 64 bits too: the validator names it as the API does
    }
    case CellType::Decimal: {
        if (const std::optional<Poco::Int64> whole = integerOf(trimmedText)) return integer(*whole);
        if (const std::optional<double> number = decimalText(trimmedText)) return decimal(*number);
        return text();
    }
    case CellType::Boolean: {
        if (sameLetters(trimmedText, "true") || trimmedText == "1") return boolean(true);
        if (sameLetters(trimmedText, "false") || trimmedText == "0") return boolean(false);
        return text();
    }
    case CellType::Text:
        break;
    }
    return text();
}

// Sets `into` to `value` in the holder it has when that holds the same type: a Var's value lives in a holder of its
// own on the heap (Poco is built without small-object storage), and a row's cells would each take one and free one.
template <typename T>
void assign(Poco::Dynamic::Var& into, const T& value) {
    if (!into.isEmpty() && into.type() == typeid(T))
        const_cast<T&>(into.extract<T>()) = value;  // the holder's own value, not a const object
    else
        into = value;
}

}  // namespace

void assignTypedCell(const Column& column, const std::string& cell, Poco::Dynamic::Var& into) {
    const CellValue value = valueOf(column, cell);
    switch (value.kind) {
    case CellValue::Kind::Integer: return assign(into, value.integer);
    case CellValue::Kind::Decimal: return assign(into, value.decimal);
    case CellValue::Kind::Boolean: return assign(into, value.boolean);
    case CellValue::Kind::Text: return assign(into, cell);
    }
}

const char* declaredTypeProblem(const Column& column, const Poco::Dynamic::Var& typed) {
    if (!column.declaredFreeField || !typed.isString()) return nullptr;
    return column.type == CellType::Boolean ? problem::boolean : problem::number;
}

}  // namespace sohub
