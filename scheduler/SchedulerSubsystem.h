// The scheduler as a Poco subsystem: started after the HTTP server, stopped before it.
#pragma once

#include <Poco/Util/Subsystem.h>

namespace sohub {

class Scheduler;

class SchedulerSubsystem : public Poco::Util::Subsystem {
public:
    explicit SchedulerSubsystem(Scheduler& scheduler) : scheduler_(scheduler) {}
    const char* name() const override { return "scheduler"; }

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    Scheduler& scheduler_;
};

}  // namespace sohub
