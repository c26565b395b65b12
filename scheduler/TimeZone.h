// An IANA time zone from the system's tz database (Howard Hinnant's date/tz, OS tzdb mode).
#pragma once

#include <Poco/Timestamp.h>

#include <string>

namespace date {
class time_zone;
}

namespace sohub {

class TimeZone {
public:
    // Throws ScheduleError "unknown time zone 'NAME'" when the system's database has no such zone.
    static TimeZone named(const std::string& name);
    static TimeZone utc();

    const std::string& name() const { return name_; }
    const date::time_zone& zone() const { return *zone_; }
    // ISO 8601 with milliseconds and this zone's offset at that instant: 2026-03-29T03:00:00.000+02:00 (Z in UTC).
    std::string format(const Poco::Timestamp& time) const;

private:
    TimeZone(std::string name, const date::time_zone* zone) : name_(std::move(name)), zone_(zone) {}

    std::string name_;
    const date::time_zone* zone_;  // owned by the tz database, which lives as long as the process
};

}  // namespace sohub
