// Unit: cron expressions and intervals (next due times, daylight-saving changes, malformed input) and due plans.
#define BOOST_TEST_MODULE unit_schedule
#include <boost/test/unit_test.hpp>

#include "domain/Clock.h"
#include "scheduler/DuePlan.h"
#include "scheduler/Schedule.h"

#include <string>
#include <vector>

using namespace sohub;

namespace {

Poco::Timestamp at(const std::string& iso) {
    const auto parsed = parseIsoDate(iso);
    BOOST_TEST_REQUIRE(parsed.has_value(), iso);
    return *parsed;
}

std::vector<std::string> nextFive(const std::string& expression, const std::string& zone, const std::string& start) {
    const TimeZone tz = TimeZone::named(zone);
    const auto schedule = parseSchedule(expression, tz);
    std::vector<std::string> due;
    Poco::Timestamp after = at(start);
    for (int i = 0; i < 5; ++i) {
        const auto next = schedule->nextAfter(after, after);
        BOOST_TEST_REQUIRE(next.has_value(), expression);
        due.push_back(isoDate(*next));
        after = *next;
    }
    return due;
}

std::string refusal(const std::string& expression) {
    try {
        parseSchedule(expression, TimeZone::utc());
    } catch (const ScheduleError& error) {
        return error.what();
    }
    return "accepted";
}

struct Case {
    const char* expression;
    const char* zone;
    const char* start;
    std::vector<std::string> due;
};

}  // namespace

BOOST_AUTO_TEST_CASE(cron_expressions_give_their_next_five_due_times) {
    const std::vector<Case> cases = {
        {"*/15 * * * *", "UTC", "2026-01-31T23:50:00Z",
         {"2026-02-01T00:00:00.000Z", "2026-02-01T00:15:00.000Z", "2026-02-01T00:30:00.000Z",
          "2026-02-01T00:45:00.000Z", "2026-02-01T01:00:00.000Z"}},
        // A due time is strictly after the start, even when the start is on a match.
        {"0 * * * *", "UTC", "2026-05-05T10:00:00Z",
         {"2026-05-05T11:00:00.000Z", "2026-05-05T12:00:00.000Z", "2026-05-05T13:00:00.000Z",
          "2026-05-05T14:00:00.000Z", "2026-05-05T15:00:00.000Z"}},
        // Month ends: the 31st exists in seven months only.
        {"0 0 31 * *", "UTC", "2026-01-01T00:00:00Z",
         {"2026-01-31T00:00:00.000Z", "2026-03-31T00:00:00.000Z", "2026-05-31T00:00:00.000Z",
          "2026-07-31T00:00:00.000Z", "2026-08-31T00:00:00.000Z"}},
        {"59 23 28-31 * *", "UTC", "2026-02-27T00:00:00Z",
         {"2026-02-28T23:59:00.000Z", "2026-03-28T23:59:00.000Z", "2026-03-29T23:59:00.000Z",
          "2026-03-30T23:59:00.000Z", "2026-03-31T23:59:00.000Z"}},
        // 29 February: leap years only.
        {"0 12 29 2 *", "UTC", "2026-01-01T00:00:00Z",
         {"2028-02-29T12:00:00.000Z", "2032-02-29T12:00:00.000Z", "2036-02-29T12:00:00.000Z",
          "2040-02-29T12:00:00.000Z", "2044-02-29T12:00:00.000Z"}},
        // Steps across ranges.
        {"10-50/10 8 * * *", "UTC", "2026-03-10T08:25:00Z",
         {"2026-03-10T08:30:00.000Z", "2026-03-10T08:40:00.000Z", "2026-03-10T08:50:00.000Z",
          "2026-03-11T08:10:00.000Z", "2026-03-11T08:20:00.000Z"}},
        {"0 0 */7 * *", "UTC", "2026-04-01T00:00:00Z",
         {"2026-04-08T00:00:00.000Z", "2026-04-15T00:00:00.000Z", "2026-04-22T00:00:00.000Z",
          "2026-04-29T00:00:00.000Z", "2026-05-01T00:00:00.000Z"}},
        {"0 0 1 */3 *", "UTC", "2026-02-01T00:00:00Z",
         {"2026-04-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z", "2026-10-01T00:00:00.000Z",
          "2027-01-01T00:00:00.000Z", "2027-04-01T00:00:00.000Z"}},
        {"30 6 5/10 * *", "UTC", "2026-06-01T00:00:00Z",
         {"2026-06-05T06:30:00.000Z", "2026-06-15T06:30:00.000Z", "2026-06-25T06:30:00.000Z",
          "2026-07-05T06:30:00.000Z", "2026-07-15T06:30:00.000Z"}},
        // Names, in any letter case; day-of-month * so the weekdays alone decide.
        {"0 9 * JAN,jul MON-fri", "UTC", "2026-01-29T10:00:00Z",
         {"2026-01-30T09:00:00.000Z", "2026-07-01T09:00:00.000Z", "2026-07-02T09:00:00.000Z",
          "2026-07-03T09:00:00.000Z", "2026-07-06T09:00:00.000Z"}},
        // Both day fields restricted: either matches (the 1st and the 15th, and every Monday).
        {"0 0 1,15 * MON", "UTC", "2026-01-31T00:00:00Z",
         {"2026-02-01T00:00:00.000Z", "2026-02-02T00:00:00.000Z", "2026-02-09T00:00:00.000Z",
          "2026-02-15T00:00:00.000Z", "2026-02-16T00:00:00.000Z"}},
        // A day field that starts with * does not restrict (vixie cron): odd days that are Mondays.
        {"0 0 */2 * 1", "UTC", "2026-02-01T00:00:00Z",
         {"2026-02-09T00:00:00.000Z", "2026-02-23T00:00:00.000Z", "2026-03-09T00:00:00.000Z",
          "2026-03-23T00:00:00.000Z", "2026-04-13T00:00:00.000Z"}},
        // Sunday is 0 and 7.
        {"0 0 * * 7", "UTC", "2026-01-01T00:00:00Z",
         {"2026-01-04T00:00:00.000Z", "2026-01-11T00:00:00.000Z", "2026-01-18T00:00:00.000Z",
          "2026-01-25T00:00:00.000Z", "2026-02-01T00:00:00.000Z"}},
        {"@weekly", "UTC", "2026-01-01T00:00:00Z",
         {"2026-01-04T00:00:00.000Z", "2026-01-11T00:00:00.000Z", "2026-01-18T00:00:00.000Z",
          "2026-01-25T00:00:00.000Z", "2026-02-01T00:00:00.000Z"}},
        {"@monthly", "UTC", "2026-11-15T00:00:00Z",
         {"2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2027-02-01T00:00:00.000Z",
          "2027-03-01T00:00:00.000Z", "2027-04-01T00:00:00.000Z"}},
        {"@daily", "UTC", "2026-12-30T12:00:00Z",
         {"2026-12-31T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2027-01-02T00:00:00.000Z",
          "2027-01-03T00:00:00.000Z", "2027-01-04T00:00:00.000Z"}},
        {"@hourly", "UTC", "2026-12-31T22:30:00Z",
         {"2026-12-31T23:00:00.000Z", "2027-01-01T00:00:00.000Z", "2027-01-01T01:00:00.000Z",
          "2027-01-01T02:00:00.000Z", "2027-01-01T03:00:00.000Z"}},
        // In a zone: 03:00 Stockholm is 02:00 UTC in winter, 01:00 UTC in summer.
        {"0 3 * * *", "Europe/Stockholm", "2026-03-27T12:00:00Z",
         {"2026-03-28T02:00:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T01:00:00.000Z",
          "2026-03-31T01:00:00.000Z", "2026-04-01T01:00:00.000Z"}},
        // Spring forward (29 March 2026, 02:00 -> 03:00): 02:30 does not exist, so it runs at 03:00 CEST.
        {"30 2 * * *", "Europe/Stockholm", "2026-03-27T12:00:00Z",
         {"2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z",
          "2026-03-31T00:30:00.000Z", "2026-04-01T00:30:00.000Z"}},
        // Every lost minute of that hour runs once, at 03:00 CEST.
        {"*/30 * * * *", "Europe/Stockholm", "2026-03-29T00:00:00Z",
         {"2026-03-29T00:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-29T01:30:00.000Z",
          "2026-03-29T02:00:00.000Z", "2026-03-29T02:30:00.000Z"}},
        // Fall back (25 October 2026, 03:00 -> 02:00): 02:30 happens twice and runs once, the first time.
        {"30 2 * * *", "Europe/Stockholm", "2026-10-23T12:00:00Z",
         {"2026-10-24T00:30:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z",
          "2026-10-27T01:30:00.000Z", "2026-10-28T01:30:00.000Z"}},
        {"*/30 * * * *", "Europe/Stockholm", "2026-10-25T00:00:00Z",
         {"2026-10-25T00:30:00.000Z", "2026-10-25T02:00:00.000Z", "2026-10-25T02:30:00.000Z",
          "2026-10-25T03:00:00.000Z", "2026-10-25T03:30:00.000Z"}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.expression << " in " << c.zone << " from " << c.start) {
            BOOST_TEST(nextFive(c.expression, c.zone, c.start) == c.due, boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(intervals_step_from_the_first_due_time_not_from_the_last_run) {
    const auto every30s = parseSchedule("every 30s", TimeZone::utc());
    const Poco::Timestamp anchor = at("2026-06-01T10:00:00Z");
    BOOST_TEST(isoDate(*every30s->nextAfter(anchor - 1, anchor)) == "2026-06-01T10:00:00.000Z");
    BOOST_TEST(isoDate(*every30s->nextAfter(anchor, anchor)) == "2026-06-01T10:00:30.000Z");
    // A run that ended late does not shift the grid.
    BOOST_TEST(isoDate(*every30s->nextAfter(at("2026-06-01T10:01:07Z"), anchor)) == "2026-06-01T10:01:30.000Z");
    const auto every2h = parseSchedule("every 2h", TimeZone::named("Europe/Stockholm"));
    BOOST_TEST(isoDate(*every2h->nextAfter(at("2026-03-29T00:30:00Z"), at("2026-03-28T23:00:00Z"))) ==
               "2026-03-29T01:00:00.000Z");  // elapsed time: the clock change does not matter
    BOOST_TEST(isoDate(*parseSchedule("every 5m", TimeZone::utc())->nextAfter(anchor, anchor)) ==
               "2026-06-01T10:05:00.000Z");
    BOOST_TEST(isoDate(*parseSchedule("EVERY 1d", TimeZone::utc())->nextAfter(anchor, anchor)) ==
               "2026-06-02T10:00:00.000Z");
    // A new job's first due time: the next whole second for an interval, never before now; the next match for cron.
    BOOST_TEST(isoDate(every30s->firstDue(at("2026-06-01T10:00:00.300Z"))) == "2026-06-01T10:00:01.000Z");
    BOOST_TEST(isoDate(every30s->firstDue(at("2026-06-01T10:00:00Z"))) == "2026-06-01T10:00:00.000Z");
    const auto nightly = parseSchedule("0 3 * * *", TimeZone::named("Europe/Stockholm"));
    BOOST_TEST(isoDate(nightly->firstDue(at("2026-12-01T19:00:00Z"))) == "2026-12-02T02:00:00.000Z");
    BOOST_TEST(isoDate(nightly->firstDue(at("2026-12-02T02:00:00Z"))) == "2026-12-02T02:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(every_malformed_expression_is_refused_with_its_reason) {
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"", "no schedule given (a cron expression such as '0 3 * * *', or 'every 5m')"},
        {"* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 4"},
        {"* * * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 6"},
        {"60 * * * *", "minute 60 out of range 0-59"},
        {"0 24 * * *", "hour 24 out of range 0-23"},
        {"0 0 32 * *", "day-of-month 32 out of range 1-31"},
        {"0 0 0 * *", "day-of-month 0 out of range 1-31"},
        {"0 0 * 13 *", "month 13 out of range 1-12"},
        {"0 0 * * 8", "day-of-week 8 out of range 0-7"},
        {"x * * * *", "minute 'x' is not a number"},
        {"0 0 * FOO *", "month 'FOO' is not a number or a name"},
        {"0 0 * * MONDAY", "day-of-week 'MONDAY' is not a number or a name"},
        {"-5 * * * *", "minute '-5' is not a number"},
        {"50-10 * * * *", "minute range 50-10 goes backwards"},
        {"*/0 * * * *", "minute step 0 out of range 1-60"},
        {"*/61 * * * *", "minute step 61 out of range 1-60"},
        {"*/ * * * *", "minute step '' is not a number"},
        {"*/x * * * *", "minute step 'x' is not a number"},
        {"1,,2 * * * *", "minute '1,,2' has an empty list element"},
        {"0 0 30 2 *", "'0 0 30 2 *' is never due (no such day in any year)"},
        {"@reboot", "unknown macro '@reboot' (@hourly, @daily, @weekly, @monthly, @yearly)"},
        {"every", "'every' needs an interval, as 'every 30s', 'every 5m', 'every 2h'"},
        {"every 0s", "'0s' must be longer than zero"},
        {"every 5x", "unknown unit 'x' in '5x' (s, m, h or d)"},
        {"every -5s", "'-5s' is not a duration (a whole number with s, m, h or d, as 30s, 5m, 2h, 90d)"},
        {"every 1.5h", "unknown unit '.5h' in '1.5h' (s, m, h or d)"},
    };
    for (const auto& [expression, reason] : refused) BOOST_TEST(refusal(expression) == reason, expression);
}

BOOST_AUTO_TEST_CASE(an_unknown_time_zone_is_refused) {
    BOOST_CHECK_THROW(TimeZone::named("Mars/Base"), ScheduleError);
    BOOST_TEST(TimeZone::named("Europe/Stockholm").format(at("2026-07-01T10:00:00Z")) == "2026-07-01T12:00:00.000+02:00");
    BOOST_TEST(TimeZone::named("Europe/Stockholm").format(at("2026-12-01T10:00:00.250Z")) == "2026-12-01T11:00:00.250+01:00");
    BOOST_TEST(TimeZone::named("America/St_Johns").format(at("2026-12-01T10:00:00Z")) == "2026-12-01T06:30:00.000-03:30");
    BOOST_TEST(TimeZone::utc().format(at("2026-12-01T10:00:00Z")) == "2026-12-01T10:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(durations) {
    BOOST_TEST(parseDuration("90d").totalSeconds() == 90 * 86400);
    BOOST_TEST(parseDuration("30").totalSeconds() == 30);
    BOOST_TEST(parseDuration(" 5m ").totalSeconds() == 300);
    BOOST_TEST(parseDuration("2 hours").totalSeconds() == 7200);
    BOOST_TEST(formatDuration(parseDuration("36h")) == "36h");
    BOOST_TEST(formatDuration(parseDuration("48h")) == "2d");
    BOOST_CHECK_THROW(parseDuration("soon"), ScheduleError);
}

namespace {
JobSpec job(const std::string& schedule, MissedPolicy missed = MissedPolicy::RunOnce,
            std::optional<Poco::Timespan> deadline = std::nullopt) {
    JobSpec spec;
    spec.name = "test";
    spec.kind = "purge";
    spec.schedule = parseSchedule(schedule, TimeZone::utc());
    spec.missed = missed;
    spec.startingDeadline = deadline;
    return spec;
}
}  // namespace

BOOST_AUTO_TEST_CASE(a_due_time_not_reached_waits) {
    const Poco::Timestamp anchor = at("2026-06-01T10:00:00Z");
    const DuePlan plan = planDue(job("every 2s"), anchor, at("2026-06-01T10:00:04Z"), at("2026-06-01T10:00:03.5Z"),
                                 false, TimeZone::utc());
    BOOST_TEST(static_cast<int>(plan.action) == static_cast<int>(DuePlan::Action::Wait));
}

BOOST_AUTO_TEST_CASE(one_due_time_runs_once_and_the_next_follows_the_grid) {
    const Poco::Timestamp anchor = at("2026-06-01T10:00:00Z");
    const DuePlan plan = planDue(job("every 2s"), anchor, at("2026-06-01T10:00:04Z"), at("2026-06-01T10:00:04.1Z"),
                                 false, TimeZone::utc());
    BOOST_TEST(static_cast<int>(plan.action) == static_cast<int>(DuePlan::Action::Run));
    BOOST_TEST(isoDate(plan.dueAt) == "2026-06-01T10:00:04.000Z");
    BOOST_TEST(plan.dueCount == 1);
    BOOST_TEST(isoDate(plan.next) == "2026-06-01T10:00:06.000Z");
    BOOST_TEST(plan.message.empty());
}

BOOST_AUTO_TEST_CASE(due_times_passed_while_down_run_once_or_are_skipped) {
    const Poco::Timestamp anchor = at("2026-06-01T10:00:00Z");
    const Poco::Timestamp next = at("2026-06-01T10:00:04Z");
    const Poco::Timestamp now = at("2026-06-01T10:00:11.3Z");  // 4, 6, 8 and 10 passed
    const DuePlan once = planDue(job("every 2s"), anchor, next, now, true, TimeZone::utc());
    BOOST_TEST(static_cast<int>(once.action) == static_cast<int>(DuePlan::Action::Run));
    BOOST_TEST(isoDate(once.dueAt) == "2026-06-01T10:00:10.000Z");
    BOOST_TEST(once.dueCount == 4);
    BOOST_TEST(isoDate(once.next) == "2026-06-01T10:00:12.000Z");
    BOOST_TEST(once.message.find("4 due times") != std::string::npos, once.message);

    const DuePlan skipped = planDue(job("every 2s", MissedPolicy::Skip), anchor, next, now, true, TimeZone::utc());
    BOOST_TEST(static_cast<int>(skipped.action) == static_cast<int>(DuePlan::Action::Skip));
    BOOST_TEST(isoDate(skipped.dueAt) == "2026-06-01T10:00:04.000Z");
    BOOST_TEST(skipped.dueCount == 4);
    BOOST_TEST(isoDate(skipped.next) == "2026-06-01T10:00:12.000Z");

    // Not down, only late behind a long run: even a skip job runs once.
    const DuePlan waited = planDue(job("every 2s", MissedPolicy::Skip), anchor, next, now, false, TimeZone::utc());
    BOOST_TEST(static_cast<int>(waited.action) == static_cast<int>(DuePlan::Action::Run));
    BOOST_TEST(waited.dueCount == 4);
}

BOOST_AUTO_TEST_CASE(a_due_time_older_than_the_starting_deadline_is_skipped) {
    const Poco::Timestamp anchor = at("2026-06-01T03:00:00Z");
    const auto nightly = job("0 3 * * *", MissedPolicy::RunOnce, Poco::Timespan(2 * 3600, 0));
    const DuePlan late = planDue(nightly, anchor, at("2026-06-02T03:00:00Z"), at("2026-06-02T05:30:00Z"), true,
                                 TimeZone::utc());
    BOOST_TEST(static_cast<int>(late.action) == static_cast<int>(DuePlan::Action::Skip));
    BOOST_TEST(late.message.find("starting deadline 2h") != std::string::npos, late.message);
    BOOST_TEST(isoDate(late.next) == "2026-06-03T03:00:00.000Z");
    const DuePlan inTime = planDue(nightly, anchor, at("2026-06-02T03:00:00Z"), at("2026-06-02T04:30:00Z"), true,
                                   TimeZone::utc());
    BOOST_TEST(static_cast<int>(inTime.action) == static_cast<int>(DuePlan::Action::Run));
}

BOOST_AUTO_TEST_CASE(a_long_downtime_is_counted_without_walking_every_due_time) {
    const Poco::Timestamp anchor = at("2025-06-01T00:00:00Z");
    const DuePlan plan = planDue(job("every 1s"), anchor, anchor, at("2026-06-01T00:00:00.5Z"), true, TimeZone::utc());
    BOOST_TEST(static_cast<int>(plan.action) == static_cast<int>(DuePlan::Action::Run));
    BOOST_TEST(isoDate(plan.dueAt) == "2026-06-01T00:00:00.000Z");
    BOOST_TEST(isoDate(plan.next) == "2026-06-01T00:00:01.000Z");
    BOOST_TEST(plan.message.find("more than 100000 due times") != std::string::npos, plan.message);
}
