// ISO 8601 dates through Poco's formatter and parser.
#include "domain/Clock.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/RegularExpression.h>

namespace sohub {

std::string isoDate(const Poco::Timestamp& time) {
    return Poco::DateTimeFormatter::format(time, "%Y-%m-%dT%H:%M:%S.%iZ");
}

namespace {
class SystemClock : public Clock {
public:
    Poco::Timestamp now() const override { return Poco::Timestamp(); }
};
}  // namespace

const Clock& systemClock() {
    static const SystemClock clock;
    return clock;
}

std::string nowIso() { return isoDate(Poco::Timestamp()); }

std::optional<Poco::Timestamp> parseIsoDate(const std::string& text) {
    // Date and time are both required, and a zone: Z or +hh:mm.
    static const Poco::RegularExpression shape(
        R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$)");
    if (!shape.match(text)) return std::nullopt;
    int zone = 0;
    Poco::DateTime parsed;
    if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, text, parsed, zone)) return std::nullopt;
    parsed.makeUTC(zone);
    return parsed.timestamp();
}

}  // namespace sohub
