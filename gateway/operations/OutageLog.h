// The error log of a loop that retries (the dispatcher, the scheduler): one line per outage, not one per retry.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace Poco {
class Logger;
}

namespace sohub {

// The first failure is logged at once; the same loop failing again is logged at most once per `quiet` (how many
// failures came since, the last one's text); the first success after failures says how long they lasted. A store
// that stays unwritable (a full disk) then writes a line a minute, not one a second per part into the same disk.
class OutageLog {
public:
    using Clock = std::chrono::steady_clock;

    OutageLog(Poco::Logger& logger, std::string part, std::chrono::seconds quiet = std::chrono::seconds(60));

    void failed(const std::string& what, Clock::time_point now = Clock::now());
    void succeeded(Clock::time_point now = Clock::now());

private:
    Poco::Logger& logger_;
    const std::string part_;
    const std::chrono::seconds quiet_;
    std::uint64_t failures_ = 0;  // in this outage
    std::uint64_t unlogged_ = 0;  // failures since the last line
    Clock::time_point since_, loggedAt_;
};

}  // namespace sohub
