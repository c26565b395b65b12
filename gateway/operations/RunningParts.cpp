// A small board under one lock: parts report on start, stop and failure; /ready reads it.
#include "operations/RunningParts.h"

namespace sohub {

void RunningParts::expect(const std::string& part) {
    const std::lock_guard<std::mutex> lock(mutex_);
    reasons_.emplace(part, "not started");
}

void RunningParts::up(const std::string& part) {
    const std::lock_guard<std::mutex> lock(mutex_);
    reasons_[part].clear();
}

void RunningParts::down(const std::string& part, const std::string& reason) {
    const std::lock_guard<std::mutex> lock(mutex_);
    reasons_[part] = reason.empty() ? "stopped" : reason;
}

std::vector<std::string> RunningParts::problems() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> problems;
    for (const auto& [part, reason] : reasons_)
        if (!reason.empty()) problems.push_back(part + ": " + reason);
    return problems;
}

}  // namespace sohub
