// A job as the configuration declares it (jobs.NAME.*), checked at start.
#pragma once

#include "domain/ConfigKeys.h"
#include "scheduler/JobKind.h"
#include "scheduler/Schedule.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sohub {

// What to do with due times that passed while no daemon ran.
enum class MissedPolicy { RunOnce, Skip };

struct JobSpec {
    std::string name;
    std::string kind;
    std::shared_ptr<const Schedule> schedule;
    bool enabled = true;
    MissedPolicy missed = MissedPolicy::RunOnce;
    std::optional<Poco::Timespan> startingDeadline;  // a due time older than this when it comes up is skipped
    int timeoutSeconds = 0;                           // 0: no timeout
    std::shared_ptr<Job> job;                         // the kind's instance, made from jobs.NAME.*
};

struct SchedulerSettings {
    TimeZone zone = TimeZone::utc();
    int historyPerJob = 100;
    int leaseSeconds = 30;
    int stopTimeoutSeconds = 30;
    int pollMillis = 250;
};

// scheduler.* keys; throws Poco::InvalidArgumentException naming the key.
SchedulerSettings readSchedulerSettings(const Poco::Util::AbstractConfiguration& config);

// Every jobs.NAME.* in name order; throws Poco::InvalidArgumentException "jobs.NAME.key: reason" on the first bad
// key (an unknown kind, a bad schedule, a kind's own key).
std::vector<JobSpec> readJobSpecs(const Poco::Util::AbstractConfiguration& config, const TimeZone& zone,
                                  const JobKindRegistry& kinds);

const char* missedPolicyName(MissedPolicy policy);

}  // namespace sohub
