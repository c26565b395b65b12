// The registry of job kinds: each later batch issue adds its kind here.
#include "app/BatchSide.h"

#include "app/Hub.h"
#include "domain/Clock.h"
#include "scheduler/JobBoard.h"
#include "scheduler/JobHandler.h"
#include "scheduler/PurgeJob.h"
#include "scheduler/Scheduler.h"

namespace sohub {

BatchSide::BatchSide(const Poco::Util::AbstractConfiguration& config, Hub& hub) {
    Database& database = hub.database();
    const Clock& clock = systemClock();
    JobKindRegistry kinds;
    kinds.add("purge", [&database, &clock](const JobSettings& settings) {
        return std::make_unique<PurgeJob>(database, clock, hubPurgeTargets(), settings);
    });
    SchedulerSettings settings = readSchedulerSettings(config);
    std::vector<JobSpec> jobs = readJobSpecs(config, settings.zone, kinds);
    scheduler_ = std::make_unique<Scheduler>(database, clock, std::move(settings), std::move(jobs));
    board_ = std::make_unique<JobBoard>(database, *scheduler_);
    JobHandler(*board_, scheduler_->settings().zone).registerIn(hub.routes());
}

BatchSide::~BatchSide() = default;

}  // namespace sohub
