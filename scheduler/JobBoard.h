// Hub service for the jobs API: the configured jobs with their state, a job's history, a run queued now.
#pragma once

#include "scheduler/JobStore.h"

#include <optional>
#include <string>
#include <vector>

namespace sohub {

class Database;
class Scheduler;
struct JobSpec;

struct JobView {
    const JobSpec* spec = nullptr;
    std::optional<JobRow> row;        // absent only before the scheduler first declared it
    std::optional<RunRow> current;    // the run holding the lease now
    std::optional<RunRow> lastRun;    // the newest finished run
};

struct RunPage {
    std::vector<RunRow> runs;
    int total = 0;
};

class JobBoard {
public:
    JobBoard(Database& database, Scheduler& scheduler) : database_(database), scheduler_(scheduler) {}

    std::vector<JobView> list() const;
    // Newest first. HubError not found for a job that is not configured.
    RunPage history(const std::string& name, int limit, int offset) const;
    // Queues a run outside the schedule (still leased when it starts). Not found: unknown; conflict: disabled.
    RunRow runNow(const std::string& name) const;

private:
    const JobSpec& configured(const std::string& name) const;

    Database& database_;
    Scheduler& scheduler_;
};

}  // namespace sohub
