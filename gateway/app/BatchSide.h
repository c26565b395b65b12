// The batch side wired together: job kinds, drops, the scheduler and the jobs and imports endpoints.
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

class BatchSide {
public:
    // Reads scheduler.* and jobs.* (a bad key stops the daemon here) and adds the jobs endpoints to the hub's routes.
    BatchSide(const Poco::Util::AbstractConfiguration& config, Hub& hub);
    ~BatchSide();

    Scheduler& scheduler() { return *scheduler_; }

private:
    std::unique_ptr<ImportServices> importServices_;
    std::unique_ptr<Scheduler> scheduler_;
    std::unique_ptr<JobBoard> board_;
    std::unique_ptr<ImportBoard> importBoard_;
    std::vector<std::shared_ptr<MessageExport>> exports_;
    std::unique_ptr<ExportDesk> exportDesk_;
};

}  // namespace sohub
