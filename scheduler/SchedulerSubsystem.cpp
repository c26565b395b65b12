// Lifecycle only: the work is the Scheduler's.
#include "scheduler/SchedulerSubsystem.h"

#include "scheduler/Scheduler.h"

namespace sohub {

void SchedulerSubsystem::initialize(Poco::Util::Application&) { scheduler_.start(); }

void SchedulerSubsystem::uninitialize() { scheduler_.stop(); }

}  // namespace sohub
