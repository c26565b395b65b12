// Job kind `webhookDispatch`: the safety net that wakes the dispatcher for anything a missed wake-up left behind.
#pragma once

#include "scheduler/JobKind.h"

namespace sohub {

class Dispatcher;

class WebhookDispatchJob : public Job {
public:
    explicit WebhookDispatchJob(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
    JobResult run(const JobContext& context) override;

private:
    Dispatcher& dispatcher_;
};

}  // namespace sohub
