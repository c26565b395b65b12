// Lifecycle only: the work is the Scheduler's.
#include "scheduler/SchedulerSubsystem.h"

#include "operations/RunningParts.h"
#include "scheduler/Scheduler.h"

namespace sohub {

void SchedulerSubsystem::initialize(Poco::Util::Application&) {
    scheduler_.start();
    parts_.up("scheduler");
}

void SchedulerSubsystem::uninitialize() {
    parts_.down("scheduler", "stopped");
    scheduler_.stop();
}

}  // namespace sohub
