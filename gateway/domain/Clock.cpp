// ISO 8601 dates through Poco's formatter and parser.
#include "domain/Clock.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/RegularExpression.h>

namespace sohub {

std::string isoDate(const Poco::Timestamp& time) {
    // The date and time to the second through Poco's formatter, once per second and thread: every stored row has a
    // time or two, and the formatter costs more than the rest of many an insert.
    const Poco::Timestamp::TimeVal micros = time.epochMicroseconds();
    Poco::Timestamp::TimeVal second = micros / Poco::Timestamp::resolution();
    if (micros % Poco::Timestamp::resolution() < 0) --second;  // floor, for times before 1970
    const auto millis = static_cast<int>((micros - second * Poco::Timestamp::resolution()) / 1000);
    thread_local Poco::Timestamp::TimeVal formattedSecond = 0;
    thread_local std::string formatted;
    if (formatted.empty() || second != formattedSecond) {
        formatted = Poco::DateTimeFormatter::format(Poco::Timestamp(second * Poco::Timestamp::resolution()),
                                                    "%Y-%m-%dT%H:%M:%S");
        formattedSecond = second;
    }
    std::string text;
    text.reserve(formatted.size() + 5);
    text += formatted;
    text += '.';
    text += static_cast<char>('0' + millis / 100);
    text += static_cast<char>('0' + millis / 10 % 10);
    text += static_cast<char>('0' + millis % 10);
    text += 'Z';
    return text;
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
