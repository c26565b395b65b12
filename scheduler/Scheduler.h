// The job runner: claims due runs in the store (leases), runs each on its own thread, renews, records, releases.
#pragma once

#include "operations/OutageLog.h"
#include "scheduler/JobSpec.h"
#include "scheduler/JobStore.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sohub {

class Clock;
class Database;

// This process as an owner of leases: host:pid.
std::string leaseOwnerName();

class Scheduler {
public:
    Scheduler(Database& database, const Clock& clock, SchedulerSettings settings, std::vector<JobSpec> jobs);
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;
    ~Scheduler();

    // Declares the jobs in the store, notes whether any other daemon was alive, starts the loop.
    void start();
    // Stops claiming, asks running jobs to stop, waits up to scheduler.stopTimeoutSeconds, records and releases.
    void stop();
    // A run was queued: look at once rather than at the next poll.
    void wake();
    // Runs `work` now on the caller's thread as a manual run of the job, under the job's lease like any run (renewed
    // meanwhile, recorded in its history), so that no other run of it, here or on another daemon, overlaps. Waits
    // while another run holds the lease, up to `waitSeconds`; HubError conflict after that, or once stopping.
    void runHere(const std::string& name, const std::function<JobResult(const JobContext&)>& work, int waitSeconds);

    const std::vector<JobSpec>& jobs() const { return jobs_; }
    const JobSpec* job(const std::string& name) const;
    const SchedulerSettings& settings() const { return settings_; }
    const std::string& owner() const { return owner_; }
    const Clock& clock() const { return clock_; }

private:
    struct ActiveRun;
    enum class StopReason { None, Shutdown, Timeout, LeaseLost };

    void loop();
    void tick();
    void keepLeases(const Poco::Timestamp& now);
    void reapFinished();
    // Records the ends of runs the store did not take when they ended (busy, full); keeps them while it still takes
    // none.
    void recordEndings();
    void consider(const JobSpec& spec, const JobRow& row, const std::vector<RunRow>& queued, const Poco::Timestamp& now);
    // A claimed run as the scheduler keeps it: its note (caught up, taken over) and its deadline.
    std::unique_ptr<ActiveRun> activeRun(const JobSpec& spec, const RunRow& run) const;
    void launch(const JobSpec& spec, const RunRow& run);
    void execute(ActiveRun& active, const std::function<JobResult(const JobContext&)>& work);
    LeaseTerms lease(const Poco::Timestamp& now) const;
    bool runningHere(const std::string& name) const;

    Database& database_;
    const Clock& clock_;
    const SchedulerSettings settings_;
    const std::vector<JobSpec> jobs_;
    const std::string owner_;  // host:pid
    int figures_ = 0;          // the metrics collector's key
    Poco::Timestamp startedAt_;
    bool downtime_ = false;    // no other daemon was alive when this one started: earlier due times were missed
    Poco::Timestamp lastRenewal_;
    Poco::Timestamp nextWake_;

    mutable std::mutex mutex_;
    std::condition_variable wakeUp_;
    bool stopping_ = false;
    bool woken_ = false;
    std::map<std::string, std::unique_ptr<ActiveRun>> active_;  // by job name: one run of a job at a time
    // A run's end as it is recorded; kept while the store takes no write, so that the job's lease is given back once
    // it does (the next tick), not when the lease expires.
    struct Ending {
        RunRow run;
        std::string outcome;
        std::string message;
        Poco::Timestamp finishedAt;
    };
    std::vector<Ending> endings_;
    // The ticks' tries to record them while the store takes no write: one line per outage, as the tick's own failures
    // (keepLeases writes only every third of a lease, so a tick between renewals gets this far each second).
    OutageLog endingsLog_;
    // Per job: one that fails run after run (a drop whose folder is gone, polled every 5 s) logs its first failure, a
    // line a minute while it lasts and when it works again; each run stays in its history. Runs of one job take turns.
    OutageLog& failuresOf(const std::string& job);
    std::mutex failuresMutex_;
    std::map<std::string, OutageLog> failures_;
    std::thread loop_;
};

}  // namespace sohub
