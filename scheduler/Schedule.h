// When a job is due: five-field cron expressions and fixed intervals, evaluated in a time zone.
#pragma once

#include "domain/Duration.h"
#include "scheduler/TimeZone.h"

#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace sohub {


class Schedule {
public:
    virtual ~Schedule() = default;
    // The first due time strictly after `after`. `anchor` is the job's first due time (intervals step from it).
    // nullopt: never due again.
    virtual std::optional<Poco::Timestamp> nextAfter(const Poco::Timestamp& after, const Poco::Timestamp& anchor) const = 0;
    // The first due time of a job that appears at `now`: an interval is due at once, a cron expression at its next match.
    virtual Poco::Timestamp firstDue(const Poco::Timestamp& now) const = 0;
    const std::string& text() const { return text_; }

protected:
    explicit Schedule(std::string text) : text_(std::move(text)) {}

private:
    std::string text_;
};

// "*/15 * * * *", "@daily", "every 30s": throws ScheduleError with the reason.
std::unique_ptr<Schedule> parseSchedule(const std::string& text, const TimeZone& zone);

}  // namespace sohub
