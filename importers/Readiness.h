// When a dropped file counts as complete: StableFile (size and mtime unchanged for a while) or DoneMarker
// (NAME.done exists; the marker goes along with the file).
#pragma once

#include "importers/FileLocation.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sohub {

class Readiness {
public:
    virtual ~Readiness() = default;
    virtual bool ready(const RemoteEntry& file, const std::vector<RemoteEntry>& all, const Poco::Timestamp& now) = 0;
    // A file that travels with `name` (its marker), if any.
    virtual std::optional<std::string> companion(const std::string& name) const { (void)name; return std::nullopt; }
};

class StableFile : public Readiness {
public:
    explicit StableFile(int stableSeconds) : stableSeconds_(stableSeconds) {}
    // Ready when its mtime is stableSeconds old and its size is what the previous poll saw (when one saw it).
    bool ready(const RemoteEntry& file, const std::vector<RemoteEntry>& all, const Poco::Timestamp& now) override;

private:
    int stableSeconds_;
    std::map<std::string, RemoteEntry> seen_;  // the previous poll's view of each file
};

class DoneMarker : public Readiness {
public:
    bool ready(const RemoteEntry& file, const std::vector<RemoteEntry>& all, const Poco::Timestamp& now) override;
    std::optional<std::string> companion(const std::string& name) const override { return name + ".done"; }
};

}  // namespace sohub
