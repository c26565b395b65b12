// Job kind `purge`: deletes what is older than jobs.NAME.olderThan, a chunk per short write.
#pragma once

#include "scheduler/JobKind.h"

#include <string>
#include <vector>

namespace sohub {

class Clock;
class Database;

// One kind of record the purge deletes: a DELETE of at most one chunk of rows older than a cutoff, with two
// parameters (the cutoff as ISO text, the chunk size), returning the ids it deleted.
struct PurgeTarget {
    std::string what;  // "external requests"
    std::string deleteChunk;
};

// Delivered webhook deliveries with their attempts, outbox events none of whose deliveries is left, and external
// requests (except those of deliveries still kept).
std::vector<PurgeTarget> hubPurgeTargets();

class PurgeJob : public Job {
public:
    // jobs.NAME.olderThan (required: 90d), .chunkRows (1000), .pauseMillis between chunks (0).
    PurgeJob(Database& database, const Clock& clock, std::vector<PurgeTarget> targets, const JobSettings& settings);

    JobResult run(const JobContext& context) override;

private:
    Database& database_;
    const Clock& clock_;
    const std::vector<PurgeTarget> targets_;
    const Poco::Timespan olderThan_;
    const int chunkRows_;
    const int pauseMillis_;
};

}  // namespace sohub
