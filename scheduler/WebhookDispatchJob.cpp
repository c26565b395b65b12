// Counts what is due now and wakes the dispatcher; nothing due is an idle run.
#include "scheduler/WebhookDispatchJob.h"

#include "scheduler/Dispatcher.h"

namespace sohub {

JobResult WebhookDispatchJob::run(const JobContext&) {
    const int due = dispatcher_.sweep();
    JobResult result;
    result.idle = due == 0;
    result.message = due == 0 ? "no delivery due" : std::to_string(due) + " deliveries due, handed to the dispatcher";
    return result;
}

}  // namespace sohub
