// The scheduler as a Poco subsystem: started before the HTTP server, stopped after it; reports to /ready.
#pragma once

#include <Poco/Util/Subsystem.h>

namespace sohub {

class Scheduler;
class RunningParts;

class SchedulerSubsystem : public Poco::Util::Subsystem {
public:
    SchedulerSubsystem(Scheduler& scheduler, RunningParts& parts) : scheduler_(scheduler), parts_(parts) {}
    const char* name() const override { return "scheduler"; }

    // Public as well: the application stops it by hand when a subsystem after it fails to start. Safe to call
    // when it never started.
    void uninitialize() override;

protected:
    void initialize(Poco::Util::Application& app) override;

private:
    Scheduler& scheduler_;
    RunningParts& parts_;
};

}  // namespace sohub
