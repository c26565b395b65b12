// NULL is an empty Var in a RecordSet: nullopt here.
#include "store/StoredColumns.h"

#include "domain/Clock.h"

#include <Poco/Data/DataException.h>

namespace sohub::stored {

Poco::Timestamp time(const std::string& text) {
    const std::optional<Poco::Timestamp> parsed = parseIsoDate(text);
    if (!parsed) throw Poco::Data::DataException("not a stored time", text);
    return *parsed;
}

std::optional<std::string> text(Poco::Data::RecordSet& rows, std::size_t column) {
    const Poco::Dynamic::Var value = rows.value(column);
    if (value.isEmpty()) return std::nullopt;
    return value.convert<std::string>();
}

std::optional<Poco::Int64> integer(Poco::Data::RecordSet& rows, std::size_t column) {
    const Poco::Dynamic::Var value = rows.value(column);
    if (value.isEmpty()) return std::nullopt;
    return value.convert<Poco::Int64>();
}

std::optional<Poco::Timestamp> time(Poco::Data::RecordSet& rows, std::size_t column) {
    const std::optional<std::string> value = text(rows, column);
    if (!value) return std::nullopt;
    return time(*value);
}

}  // namespace sohub::stored
