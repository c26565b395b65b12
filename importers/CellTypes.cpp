// The field types of the Booking document (and beyond-the-seeds' data types) and of the Messages document.
#include "importers/CellTypes.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
#include <initializer_list>
#include <optional>

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

// Digits with an optional sign: no thousands separators (Poco's parser would read "2,5" as 25).
bool integerText(const std::string& text) {
    const std::size_t start = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
    return text.size() > start && text.find_first_not_of("0123456789", start) == std::string::npos;
}

// An integer or a decimal with one '.' or, as a spreadsheet in a comma-decimal locale writes it, one ','.
std::optional<double> decimalText(const std::string& text) {
    const std::size_t separator = text.find_first_of(".,");
    if (separator == std::string::npos || text.find_first_of(".,", separator + 1) != std::string::npos) return std::nullopt;
    const std::string whole = text.substr(0, separator), fraction = text.substr(separator + 1);
    if (!(integerText(whole) || whole.empty() || whole == "-") || !integerText(fraction) || fraction[0] == '-' ||
        fraction[0] == '+')
        return std::nullopt;
    double value = 0;
    if (!Poco::NumberParser::tryParseFloat(whole + "." + fraction, value, '.', ' ')) return std::nullopt;
    return value;
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

Poco::Dynamic::Var typedCell(const Column& column, const std::string& cell) {
    if (column.type == CellType::Text) return cell;  // as it came, blanks and all
    const std::string text = Poco::trim(cell);
    switch (column.type) {
    case CellType::Integer:
    case CellType::IntegerOrText: {
        Poco::Int64 number = 0;
        if (integerText(text) && Poco::NumberParser::tryParse64(text, number)) return number;
        // "4.0" (a spreadsheet's number format) is the number 4 as JSON's 4.0 is, and "4.5" a number that the
        // validator calls no integer. Not for an id-or-alias or a date: "7.1" may be an alias, "25.07" a date.
        if (column.type == CellType::Integer)
            if (const std::optional<double> decimal = decimalText(text)) return *decimal;
        return cell;  // beyond 64 bits too: the validator names it as the API does
    }
    case CellType::Decimal: {
        Poco::Int64 whole = 0;
        if (integerText(text) && Poco::NumberParser::tryParse64(text, whole)) return whole;
        if (const std::optional<double> number = decimalText(text)) return *number;
        return cell;
    }
    case CellType::Boolean: {
        const std::string lower = Poco::toLower(text);
        if (lower == "true" || lower == "1") return true;
        if (lower == "false" || lower == "0") return false;
        return cell;
    }
    case CellType::Text:
        break;
    }
    return cell;  // Text: returned above
}

const char* declaredTypeProblem(const Column& column, const Poco::Dynamic::Var& typed) {
    if (!column.declaredFreeField || !typed.isString()) return nullptr;
    return column.type == CellType::Boolean ? problem::boolean : problem::number;
}

}  // namespace sohub
