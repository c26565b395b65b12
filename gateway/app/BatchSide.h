// The batch side wired together: job kinds, drops, exports, webhook delivery, the scheduler and their endpoints.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <memory>
#include <vector>

namespace sohub {

class Hub;
class Scheduler;
class JobBoard;
struct ImportServices;
class ImportBoard;
class MessageExport;
class ExportDesk;
class Dispatcher;
class SubscriptionDesk;
class DeliveryDesk;
class StatusPage;

class BatchSide {
public:
    // Reads scheduler.* and jobs.* (a bad key stops the daemon here) and adds the jobs endpoints to the hub's routes.
    BatchSide(const Poco::Util::AbstractConfiguration& config, Hub& hub);
    ~BatchSide();

    Scheduler& scheduler() { return *scheduler_; }
    Dispatcher& dispatcher() { return *dispatcher_; }

private:
    std::unique_ptr<Dispatcher> dispatcher_;
    std::unique_ptr<SubscriptionDesk> subscriptionDesk_;
    std::unique_ptr<DeliveryDesk> deliveryDesk_;
    std::unique_ptr<ImportServices> importServices_;
    std::unique_ptr<Scheduler> scheduler_;
    std::unique_ptr<JobBoard> board_;
    std::unique_ptr<ImportBoard> importBoard_;
    std::vector<std::shared_ptr<MessageExport>> exports_;
    std::unique_ptr<ExportDesk> exportDesk_;
    std::unique_ptr<StatusPage> statusPage_;
};

}  // namespace sohub
