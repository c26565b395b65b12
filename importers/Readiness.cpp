// Readiness by observation: nothing is opened or locked to find out whether a writer is done.
#include "importers/Readiness.h"

#include <Poco/Timespan.h>

#include <algorithm>

namespace sohub {

bool StableFile::ready(const RemoteEntry& file, const std::vector<RemoteEntry>& all, const Poco::Timestamp& now) {
    // Forget files that are gone, so the map does not grow with every file ever dropped.
    for (auto it = seen_.begin(); it != seen_.end();) {
        const bool present = std::any_of(all.begin(), all.end(), [&](const RemoteEntry& e) { return e.name == it->first; });
        it = present ? std::next(it) : seen_.erase(it);
    }
    const auto previous = seen_.find(file.name);
    const bool sameAsBefore = previous == seen_.end() ||
                              (previous->second.size == file.size && previous->second.modified == file.modified);
    seen_[file.name] = file;
    return sameAsBefore && now - file.modified >= Poco::Timespan(stableSeconds_, 0).totalMicroseconds();
}

bool DoneMarker::ready(const RemoteEntry& file, const std::vector<RemoteEntry>& all, const Poco::Timestamp&) {
    const std::string marker = file.name + ".done";
    return std::any_of(all.begin(), all.end(), [&](const RemoteEntry& e) { return e.name == marker; });
}

}  // namespace sohub
