// Columns of a Poco::Data RecordSet row that may be NULL, and the times the store keeps as ISO 8601 text.
#pragma once

#include <Poco/Data/RecordSet.h>
#include <Poco/Timestamp.h>
#include <Poco/Types.h>

#include <optional>
#include <string>

namespace sohub::stored {

// A time as the store writes it (isoDate); throws Poco::DataException for anything else.
Poco::Timestamp time(const std::string& text);
std::optional<std::string> text(Poco::Data::RecordSet& rows, std::size_t column);
std::optional<Poco::Int64> integer(Poco::Data::RecordSet& rows, std::size_t column);
std::optional<Poco::Timestamp> time(Poco::Data::RecordSet& rows, std::size_t column);

}  // namespace sohub::stored
