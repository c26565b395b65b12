// Reads the store for the API and queues runs; the scheduler loop is woken so a queued run starts at once.
#include "scheduler/JobBoard.h"

#include "domain/Clock.h"
#include "domain/HubError.h"
#include "scheduler/Scheduler.h"
#include "store/Database.h"

#include <Poco/Logger.h>

namespace sohub {

const JobSpec& JobBoard::configured(const std::string& name) const {
    const JobSpec* spec = scheduler_.job(name);
    if (!spec) throw HubError::notFound("Job not found");
    return *spec;
}

std::vector<JobView> JobBoard::list() const {
    std::vector<JobView> views;
    ReadLease read = database_.read();
    for (const JobSpec& spec : scheduler_.jobs()) {
        JobView view;
        view.spec = &spec;
        view.row = JobStore::job(read.session(), spec.name);
        if (view.row && view.row->leaseRunId) view.current = JobStore::run(read.session(), *view.row->leaseRunId);
        view.lastRun = JobStore::lastFinished(read.session(), spec.name);
        views.push_back(std::move(view));
    }
    return views;
}

RunPage JobBoard::history(const std::string& name, int limit, int offset) const {
    configured(name);
    RunPage page;
    ReadLease read = database_.read();
    page.runs = JobStore::runs(read.session(), name, limit, offset);
    page.total = JobStore::countRuns(read.session(), name);
    return page;
}

RunRow JobBoard::runNow(const std::string& name) const {
    const JobSpec& spec = configured(name);
    if (!spec.enabled) throw HubError::conflict("Job is disabled");
    RunRow run;
    database_.write(
        [&](Poco::Data::Session& session) { run = JobStore::queue(session, name, scheduler_.clock().now()); });
    Poco::Logger::get("sohub.scheduler").information("Job %s: run %Ld queued through the API", name, run.id);
    scheduler_.wake();
    return run;
}

}  // namespace sohub
