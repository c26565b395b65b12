// Cron expressions (vixie cron's five fields, names, steps, macros) and intervals, over date/tz local time.
#include "scheduler/Schedule.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <date/tz.h>

#include <array>
#include <bitset>
#include <chrono>
#include <vector>

namespace sohub {
namespace {

using std::chrono::seconds;
using std::chrono::minutes;
using std::chrono::hours;

Poco::Timestamp toTimestamp(date::sys_seconds time) {
    return Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(time.time_since_epoch().count()));
}

date::sys_seconds toSys(const Poco::Timestamp& time) {
    // Whole seconds, rounded down: a due time is never earlier than asked for.
    const Poco::Timestamp::TimeVal micros = time.epochMicroseconds();
    Poco::Timestamp::TimeVal secs = micros / 1000000;
    if (micros % 1000000 < 0) --secs;
    return date::sys_seconds(seconds(secs));
}

struct Field {
    const char* name;
    int min;
    int max;
    const char* const* names;  // names for min.. in order, or null
};

const char* const monthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char* const dayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

const Field minuteField{"minute", 0, 59, nullptr};
const Field hourField{"hour", 0, 23, nullptr};
const Field dayOfMonthField{"day-of-month", 1, 31, nullptr};
const Field monthField{"month", 1, 12, monthNames};
const Field dayOfWeekField{"day-of-week", 0, 7, dayNames};  // 0 and 7 are both Sunday

std::string range(const Field& field) { return std::to_string(field.min) + "-" + std::to_string(field.max); }

int value(const Field& field, const std::string& text) {
    if (field.names) {
        const std::string upper = Poco::toUpper(text);
        const int count = field.max - field.min + (field.names == dayNames ? 0 : 1);
        for (int i = 0; i < count; ++i)
            if (upper == field.names[i]) return field.min + i;
    }
    int number = 0;
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        !Poco::NumberParser::tryParse(text, number)) {
        throw ScheduleError(std::string(field.name) + " '" + text + "' is not a number" +
                            (field.names ? " or a name" : ""));
    }
    if (number < field.min || number > field.max)
        throw ScheduleError(std::string(field.name) + " " + text + " out of range " + range(field));
    return number;
}

// One field: a comma list of *, N, N-M, each with an optional /step (N/step means N-max/step).
std::vector<bool> parseField(const Field& field, const std::string& text) {
    std::vector<bool> set(static_cast<std::size_t>(field.max + 1), false);
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (item.empty()) throw ScheduleError(std::string(field.name) + " '" + text + "' has an empty list element");
        std::string base = item;
        int step = 1;
        const std::size_t slash = item.find('/');
        if (slash != std::string::npos) {
            base = item.substr(0, slash);
            const std::string stepText = item.substr(slash + 1);
            if (stepText.empty() || stepText.find_first_not_of("0123456789") != std::string::npos ||
                !Poco::NumberParser::tryParse(stepText, step))
                throw ScheduleError(std::string(field.name) + " step '" + stepText + "' is not a number");
            if (step < 1 || step > field.max - field.min + 1)
                throw ScheduleError(std::string(field.name) + " step " + stepText + " out of range 1-" +
                                    std::to_string(field.max - field.min + 1));
        }
        int low = field.min, high = field.max;
        if (base != "*") {
            const std::size_t dash = base.find('-', 1);
            if (dash == std::string::npos) {
                low = value(field, base);
                high = slash == std::string::npos ? low : field.max;
            } else {
                low = value(field, base.substr(0, dash));
                high = value(field, base.substr(dash + 1));
                if (high < low)
                    throw ScheduleError(std::string(field.name) + " range " + base + " goes backwards");
            }
        }
        for (int v = low; v <= high; v += step) set[static_cast<std::size_t>(v)] = true;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return set;
}

class CronSchedule : public Schedule {
public:
    CronSchedule(const std::string& text, const std::string& expression, const TimeZone& zone)
        : Schedule(text), zone_(zone) {
        std::vector<std::string> fields;
        std::size_t at = 0;
        while (at < expression.size()) {
            const std::size_t begin = expression.find_first_not_of(" \t", at);
            if (begin == std::string::npos) break;
            const std::size_t end = expression.find_first_of(" \t", begin);
            fields.push_back(expression.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
            at = end == std::string::npos ? expression.size() : end;
        }
        if (fields.size() != 5)
            throw ScheduleError("expected 5 fields (minute hour day-of-month month day-of-week), got " +
                                std::to_string(fields.size()));
        minutes_ = parseField(minuteField, fields[0]);
        hours_ = parseField(hourField, fields[1]);
        daysOfMonth_ = parseField(dayOfMonthField, fields[2]);
        months_ = parseField(monthField, fields[3]);
        daysOfWeek_ = parseField(dayOfWeekField, fields[4]);
        if (daysOfWeek_[7]) daysOfWeek_[0] = true;
        // As vixie cron: a day field that starts with * does not restrict; when both restrict, either matches.
        dayOfMonthRestricted_ = fields[2][0] != '*';
        dayOfWeekRestricted_ = fields[4][0] != '*';
        if (!nextAfter(Poco::Timestamp(), Poco::Timestamp()))
            throw ScheduleError("'" + expression + "' is never due (no such day in any year)");
    }

    std::optional<Poco::Timestamp> nextAfter(const Poco::Timestamp& after, const Poco::Timestamp&) const override {
        const date::time_zone& zone = zone_.zone();
        const date::sys_seconds from = toSys(after);
        const date::local_seconds startLocal = date::floor<minutes>(zone.to_local(from)) + minutes(1);
        date::local_days day = date::floor<date::days>(startLocal);
        // 28 years: the calendar (leap years and weekdays together) repeats within it.
        for (int n = 0; n < 28 * 366; ++n, day += date::days(1)) {
            if (!dayMatches(day)) continue;
            for (int h = 0; h < 24; ++h) {
                if (!hours_[static_cast<std::size_t>(h)]) continue;
                for (int m = 0; m < 60; ++m) {
                    if (!minutes_[static_cast<std::size_t>(m)]) continue;
                    const date::local_seconds local = day + hours(h) + minutes(m);
                    if (local < startLocal) continue;
                    const date::sys_seconds instant = resolve(zone, local);
                    if (instant > from) return toTimestamp(instant);
                }
            }
        }
        return std::nullopt;
    }

    Poco::Timestamp firstDue(const Poco::Timestamp& now) const override {
        return nextAfter(now - 1, now).value_or(now);  // never empty: checked at parse
    }

private:
    bool dayMatches(date::local_days day) const {
        const date::year_month_day ymd{day};
        if (!months_[static_cast<unsigned>(ymd.month())]) return false;
        const bool dom = daysOfMonth_[static_cast<unsigned>(ymd.day())];
        const bool dow = daysOfWeek_[date::weekday{day}.c_encoding()];
        if (dayOfMonthRestricted_ && dayOfWeekRestricted_) return dom || dow;
        return dom && dow;
    }

    // A local time that does not exist (clocks moved forward) is due at the first valid instant after it; one
    // that exists twice (clocks moved back) at its first occurrence only.
    static date::sys_seconds resolve(const date::time_zone& zone, date::local_seconds local) {
        const date::local_info info = zone.get_info(local);
        if (info.result == date::local_info::nonexistent) return info.first.end;
        return date::sys_seconds((local - info.first.offset).time_since_epoch());
    }

    TimeZone zone_;
    std::vector<bool> minutes_, hours_, daysOfMonth_, months_, daysOfWeek_;
    bool dayOfMonthRestricted_ = false;
    bool dayOfWeekRestricted_ = false;
};

class IntervalSchedule : public Schedule {
public:
    IntervalSchedule(const std::string& text, Poco::Timespan step) : Schedule(text), step_(step) {}

    std::optional<Poco::Timestamp> nextAfter(const Poco::Timestamp& after, const Poco::Timestamp& anchor) const override {
        if (after < anchor) return anchor;
        const Poco::Timestamp::TimeDiff steps = (after - anchor) / step_.totalMicroseconds() + 1;
        return anchor + steps * step_.totalMicroseconds();
    }

    Poco::Timestamp firstDue(const Poco::Timestamp& now) const override {
        // The next whole second (due times read plainly in the history), never before now: a due time before the
        // daemon's start would count as missed while it was down.
        const bool whole = now.epochMicroseconds() % 1000000 == 0;
        return Poco::Timestamp::fromEpochTime(now.epochTime() + (whole ? 0 : 1));
    }

private:
    Poco::Timespan step_;
};

std::string trimmed(const std::string& text) { return Poco::trim(text); }

}  // namespace

std::unique_ptr<Schedule> parseSchedule(const std::string& raw, const TimeZone& zone) {
    const std::string text = trimmed(raw);
    if (text.empty()) throw ScheduleError("no schedule given (a cron expression such as '0 3 * * *', or 'every 5m')");
    const std::string lower = Poco::toLower(text);
    if (lower.rfind("every", 0) == 0) {
        const std::string amount = trimmed(text.substr(5));
        if (amount.empty()) throw ScheduleError("'every' needs an interval, as 'every 30s', 'every 5m', 'every 2h'");
        const Poco::Timespan step = parseDuration(amount);
        return std::make_unique<IntervalSchedule>(text, step);
    }
    if (text[0] == '@') {
        static const std::array<std::pair<const char*, const char*>, 7> macros = {{{"@yearly", "0 0 1 1 *"},
                                                                                 {"@annually", "0 0 1 1 *"},
                                                                                 {"@monthly", "0 0 1 * *"},
                                                                                 {"@weekly", "0 0 * * 0"},
                                                                                 {"@daily", "0 0 * * *"},
                                                                                 {"@midnight", "0 0 * * *"},
                                                                                 {"@hourly", "0 * * * *"}}};
        for (const auto& [name, expression] : macros)
            if (lower == name) return std::make_unique<CronSchedule>(text, expression, zone);
        throw ScheduleError("unknown macro '" + text + "' (@hourly, @daily, @weekly, @monthly, @yearly)");
    }
    return std::make_unique<CronSchedule>(text, text, zone);
}

TimeZone TimeZone::named(const std::string& name) {
    try {
        return TimeZone(name, date::locate_zone(name));
    } catch (const std::exception&) {
        throw ScheduleError("unknown time zone '" + name + "' (an IANA name such as Europe/Stockholm or UTC)");
    }
}

TimeZone TimeZone::utc() { return named("UTC"); }

std::string TimeZone::format(const Poco::Timestamp& time) const {
    const auto micros = std::chrono::microseconds(time.epochMicroseconds());
    const date::sys_time<std::chrono::milliseconds> instant = date::floor<std::chrono::milliseconds>(date::sys_time<std::chrono::microseconds>(micros));
    const date::sys_info info = zone_->get_info(instant);
    const date::local_time<std::chrono::milliseconds> local{instant.time_since_epoch() + info.offset};
    std::string text = date::format("%Y-%m-%dT%H:%M:%S", local);
    if (info.offset == seconds(0) && (name_ == "UTC" || name_ == "Etc/UTC")) return text + "Z";
    const int offset = static_cast<int>(info.offset.count());
    const int magnitude = (offset < 0 ? -offset : offset) % 86400;
    char zone[16];
    std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset < 0 ? '-' : '+', magnitude / 3600, (magnitude % 3600) / 60);
    return text + zone;
}

}  // namespace sohub
