// The retry schedule's steps, read once from the configuration; the spread is drawn per attempt.
#include "domain/RetrySchedule.h"

#include "domain/Duration.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <random>

namespace sohub {

RetrySchedule RetrySchedule::parse(const std::string& text, double jitter) {
    if (jitter < 0 || jitter > 1) throw ScheduleError("jitter must be from 0 to 1 (0.1 is 10%)");
    std::vector<Poco::Timespan> delays;
    const Poco::StringTokenizer steps(text, ",", Poco::StringTokenizer::TOK_TRIM);
    for (const std::string& step : steps) {
        if (step.empty()) throw ScheduleError("'" + Poco::trim(text) + "' has an empty step");
        delays.push_back(parseDuration(step, true));
    }
    if (delays.empty()) throw ScheduleError("a retry schedule needs at least one step (0s: at once)");
    return RetrySchedule(Poco::trim(text), std::move(delays), jitter);
}

Poco::Timespan RetrySchedule::delayBefore(int step) const {
    const Poco::Timespan base = delays_.at(static_cast<std::size_t>(step));
    if (jitter_ <= 0 || base.totalMicroseconds() == 0) return base;
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> spread(-jitter_, jitter_);
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(static_cast<double>(base.totalMicroseconds()) *
                                                                (1.0 + spread(random))));
}

}  // namespace sohub
