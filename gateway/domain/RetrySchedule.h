// When a webhook delivery is attempted: the delays of webhooks.schedule, each spread by up to webhooks.jitter.
#pragma once

#include <Poco/Timespan.h>

#include <string>
#include <vector>

namespace sohub {

// Lives in the hub core, not beside the dispatcher: requests/reply (a hub service) schedules a receiver's toRetry
// by the same steps.
class RetrySchedule {
public:
    // "0s,5s,5m,30m,2h,5h,10h,10h": the delay before each attempt, the first counted from the event. jitter is a
    // fraction (0.1: each delay moves by up to 10% either way). Throws ScheduleError with the reason.
    static RetrySchedule parse(const std::string& text, double jitter);

    // How many attempts a delivery gets from one start of the schedule.
    int attempts() const { return static_cast<int>(delays_.size()); }
    // The delay before attempt `step` (0-based) with its random spread; step must be below attempts().
    Poco::Timespan delayBefore(int step) const;
    const std::string& text() const { return text_; }
    double jitter() const { return jitter_; }

private:
    RetrySchedule(std::string text, std::vector<Poco::Timespan> delays, double jitter)
        : text_(std::move(text)), delays_(std::move(delays)), jitter_(jitter) {}

    std::string text_;
    std::vector<Poco::Timespan> delays_;
    double jitter_ = 0;
};

}  // namespace sohub
