// One error line per outage of a retrying loop, a reminder per quiet period, and the recovery.
#include "operations/OutageLog.h"

#include <Poco/Logger.h>

namespace sohub {

OutageLog::OutageLog(Poco::Logger& logger, std::string part, std::chrono::seconds quiet)
    : logger_(logger), part_(std::move(part)), quiet_(quiet) {}

void OutageLog::failed(const std::string& what, Clock::time_point now) {
    if (failures_++ == 0) {
        since_ = loggedAt_ = now;
        logger_.error("%s: %s", part_, what);
        return;
    }
    ++unlogged_;
    if (now - loggedAt_ < quiet_) return;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - since_).count();
    logger_.error("%s: still failing (%Lu times in the last %Ld s, %Lu in all since it began %Ld s ago): %s", part_,
                  static_cast<Poco::UInt64>(unlogged_),
                  static_cast<Poco::Int64>(std::chrono::duration_cast<std::chrono::seconds>(now - loggedAt_).count()),
                  static_cast<Poco::UInt64>(failures_), static_cast<Poco::Int64>(seconds), what);
    unlogged_ = 0;
    loggedAt_ = now;
}

void OutageLog::succeeded(Clock::time_point now) {
    if (failures_ == 0) return;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - since_).count();
    logger_.notice("%s: working again after %Lu %s in %Ld s", part_, static_cast<Poco::UInt64>(failures_),
                   std::string(failures_ == 1 ? "failure" : "failures"), static_cast<Poco::Int64>(seconds));
    failures_ = unlogged_ = 0;
}

}  // namespace sohub
