// One loop thread claims; each claimed run gets a thread of its own; every step is a conditional write in the store.
#include "scheduler/Scheduler.h"

#include "domain/Clock.h"
#include "domain/HubError.h"
#include "operations/Metrics.h"
#include "operations/OutageLog.h"
#include "scheduler/DuePlan.h"
#include "store/CachedStatement.h"
#include "store/Database.h"

#include <Poco/Environment.h>
#include <Poco/Logger.h>
#include <Poco/Process.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <iterator>
#include <optional>

namespace sohub {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("sohub.scheduler"); }

Poco::Timespan millis(Poco::Int64 count) { return Poco::Timespan(count * 1000); }

}  // namespace

struct Scheduler::ActiveRun : JobContext {
    ActiveRun(const JobSpec& spec_, RunRow run_) : spec(spec_), run(std::move(run_)) {}

    bool stopRequested() const override { return reason.load() != StopReason::None; }

    bool pause(int millis) const override {
        std::unique_lock<std::mutex> lock(pauseMutex);
        return !pauseDone.wait_for(lock, std::chrono::milliseconds(millis), [this] { return stopRequested(); });
    }

    void requestStop(StopReason why) {
        StopReason none = StopReason::None;
        reason.compare_exchange_strong(none, why);
        const std::lock_guard<std::mutex> lock(pauseMutex);
        pauseDone.notify_all();
    }

    const JobSpec& spec;
    RunRow run;
    std::string note;                         // what the plan said about this run (caught up due times)
    std::optional<Poco::Timestamp> deadline;  // jobs.NAME.timeoutSeconds from the start
    std::atomic<StopReason> reason{StopReason::None};
    std::atomic<bool> ending{false};  // its work is over, its end (which gives the lease back) on the way to the store
    std::atomic<bool> done{false};
    mutable std::mutex pauseMutex;
    mutable std::condition_variable pauseDone;
    std::thread thread;
};

std::string leaseOwnerName() { return Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id()); }

Scheduler::Scheduler(Database& database, const Clock& clock, SchedulerSettings settings, std::vector<JobSpec> jobs)
    : database_(database),
      clock_(clock),
      settings_(std::move(settings)),
      jobs_(std::move(jobs)),
      owner_(leaseOwnerName()),
      endingsLog_(logger(), "Scheduler records") {
    // The last success of each job, from the store: it outlives a restart, as an operator's alert needs.
    figures_ = metrics::registry().collect([this](metrics::Exposition& out) {
        std::vector<std::pair<std::string, std::string>> last;
        {
            ReadLease read = database_.read();
            CachedStatement select(read.session(),
                                   "SELECT job_name, MAX(finished_at) FROM job_runs WHERE outcome = 'succeeded' "
                                   "GROUP BY job_name ORDER BY job_name");
            while (select.step()) last.emplace_back(select.text(0), select.text(1));
        }
        out.family("sohub_job_last_success_timestamp_seconds", "When each job last finished a run that succeeded",
                   "gauge");
        for (const auto& [job, at] : last) {
            if (!this->job(job)) continue;  // a job no longer declared: its history stays, its figure goes
            if (const auto time = parseIsoDate(at))
                out.sample("sohub_job_last_success_timestamp_seconds", metrics::label("job", job),
                           static_cast<double>(time->epochMicroseconds()) / 1000000.0);
        }
    });
}

Scheduler::~Scheduler() {
    metrics::registry().drop(figures_);
    stop();
}

const JobSpec* Scheduler::job(const std::string& name) const {
    for (const JobSpec& spec : jobs_)
        if (spec.name == name) return &spec;
    return nullptr;
}

LeaseTerms Scheduler::lease(const Poco::Timestamp& now) const {
    return LeaseTerms{owner_, now, now + Poco::Timespan(settings_.leaseSeconds, 0)};
}

void Scheduler::start() {
    const Poco::Timestamp now = clock_.now();
    startedAt_ = now;
    int alive = 0;
    database_.write([&](Poco::Data::Session& session) {
        for (const JobSpec& spec : jobs_) {
            JobRow row;
            row.name = spec.name;
            row.kind = spec.kind;
            row.schedule = spec.schedule->text();
            row.timeZone = settings_.zone.name();
            row.anchorAt = row.nextDueAt = spec.schedule->firstDue(now);
            JobStore::declare(session, row, now);
        }
        const Poco::Timestamp staleBefore = now - Poco::Timespan(settings_.leaseSeconds, 0);
        alive = JobStore::liveNodes(session, owner_, staleBefore);
        JobStore::heartbeat(session, owner_, now, staleBefore);
    });
    downtime_ = alive == 0;
    lastRenewal_ = now;
    logger().information("Scheduler started as %s with %z jobs in %s%s", owner_, jobs_.size(), settings_.zone.name(),
                         std::string(downtime_ ? "" : "; other daemons share the store"));
    loop_ = std::thread([this] { loop(); });
}

void Scheduler::wake() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        woken_ = true;
    }
    wakeUp_.notify_all();
}

void Scheduler::loop() {
    OutageLog outage(logger(), "Scheduler tick");
    for (;;) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) return;
        }
        try {
            tick();
            outage.succeeded();
        } catch (const std::exception& error) {
            // The store was busy or failed: the next tick tries again, nothing was half done (each step is one write).
            outage.failed(describe(error));
        }
        const Poco::Timespan left = nextWake_ - clock_.now();
        const Poco::Int64 waitMs =
            std::clamp<Poco::Int64>(left.totalMilliseconds(), 0, static_cast<Poco::Int64>(settings_.pollMillis));
        std::unique_lock<std::mutex> lock(mutex_);
        wakeUp_.wait_for(lock, std::chrono::milliseconds(waitMs), [this] { return stopping_ || woken_; });
        woken_ = false;
    }
}

void Scheduler::tick() {
    reapFinished();
    const Poco::Timestamp now = clock_.now();
    keepLeases(now);
    recordEndings();  // before the claims: a job whose end is recorded now is free for its next run at once
    // Migrated past this binary by a daemon of a newer release: the runs under way go on (and keep their leases),
    // no new one is claimed.
    if (database_.migratedPast()) {
        nextWake_ = now + millis(settings_.pollMillis);
        return;
    }
    std::vector<JobRow> rows;
    std::vector<RunRow> queued;
    {
        ReadLease read = database_.read();
        rows = JobStore::jobs(read.session());
        queued = JobStore::queued(read.session());
    }
    Poco::Timestamp wake = now + millis(settings_.pollMillis);
    for (const JobSpec& spec : jobs_) {
        if (!spec.enabled) continue;
        const auto row = std::find_if(rows.begin(), rows.end(), [&](const JobRow& r) { return r.name == spec.name; });
        if (row == rows.end()) continue;
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) return;
        }
        if (runningHere(spec.name)) continue;  // its end wakes the loop
        consider(spec, *row, queued, now);
        // A due time already past is claimed above or held by another daemon: the poll interval looks again.
        if (row->nextDueAt > now) wake = std::min(wake, row->nextDueAt);
    }
    nextWake_ = wake;
}

bool Scheduler::runningHere(const std::string& name) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    // A run whose end is not recorded yet counts as running: taken over by this daemon once its lease expired, it
    // would be ended by that late record while it runs again.
    return active_.count(name) != 0 || std::any_of(endings_.begin(), endings_.end(), [&](const Ending& ending) {
               return ending.run.job == name;
           });
}

void Scheduler::consider(const JobSpec& spec, const JobRow& row, const std::vector<RunRow>& queued,
                         const Poco::Timestamp& now) {
    if (row.leaseOwner) {
        // Held: by a live run elsewhere (wait), or by an owner that stopped renewing it (died): take its run over.
        if (!row.leaseExpiresAt || *row.leaseExpiresAt >= now) return;
        std::optional<RunRow> taken;
        database_.write([&](Poco::Data::Session& session) {
            taken = JobStore::takeOver(session, spec.name, *row.leaseOwner, *row.leaseExpiresAt, lease(now));
        });
        if (!taken) return;
        logger().warning("Job %s: run %Ld (due %s) of %s taken over by %s: its lease expired at %s", spec.name,
                         taken->id, settings_.zone.format(taken->dueAt), *row.leaseOwner, owner_,
                         settings_.zone.format(*row.leaseExpiresAt));
        launch(spec, *taken);
        return;
    }
    for (const RunRow& waiting : queued) {
        if (waiting.job != spec.name) continue;
        std::optional<RunRow> claimed;
        database_.write([&](Poco::Data::Session& session) {
            claimed = JobStore::claimQueued(session, spec.name, waiting.id, lease(now));
        });
        if (claimed) launch(spec, *claimed);
        return;
    }
    const DuePlan plan =
        planDue(spec, row.anchorAt, row.nextDueAt, now, downtime_ && row.nextDueAt < startedAt_, settings_.zone);
    if (plan.action == DuePlan::Action::Skip) {
        bool skipped = false;
        database_.write([&](Poco::Data::Session& session) {
            skipped = JobStore::skipDue(session, spec.name, row.nextDueAt, plan.next, plan.dueAt, plan.dueCount,
                                        plan.message, now);
        });
        if (skipped) logger().information("Job %s: %s", spec.name, plan.message);
    } else if (plan.action == DuePlan::Action::Run) {
        std::optional<RunRow> claimed;
        database_.write([&](Poco::Data::Session& session) {
            claimed = JobStore::claimDue(session, spec.name, row.nextDueAt, plan.next, plan.dueAt, plan.dueCount, lease(now));
        });
        if (!claimed) return;  // another daemon took this due time first
        claimed->message = plan.message;
        launch(spec, *claimed);
    }
}

std::unique_ptr<Scheduler::ActiveRun> Scheduler::activeRun(const JobSpec& spec, const RunRow& run) const {
    auto active = std::make_unique<ActiveRun>(spec, run);
    active->note = run.message.value_or("");
    if (run.takenOverFrom)
        active->note = "taken over from " + *run.takenOverFrom + " (its lease expired)" +
                       (active->note.empty() ? "" : "; " + active->note);
    if (spec.timeoutSeconds > 0) active->deadline = clock_.now() + Poco::Timespan(spec.timeoutSeconds, 0);
    return active;
}

void Scheduler::launch(const JobSpec& spec, const RunRow& run) {
    std::unique_ptr<ActiveRun> active = activeRun(spec, run);
    // Polls run every few seconds: their start is worth a line only when debugging.
    if (logger().debug())
        logger().debug("Job %s: run %Ld (%s, due %s) started on %s", spec.name, run.id, run.trigger,
                       settings_.zone.format(run.dueAt), owner_);
    ActiveRun& started = *active;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        active_[spec.name] = std::move(active);
    }
    started.thread = std::thread([this, &started] {
        execute(started, [&started](const JobContext& context) { return started.spec.job->run(context); });
    });
}

void Scheduler::runHere(const std::string& name, const std::function<JobResult(const JobContext&)>& work,
                        int waitSeconds) {
    const JobSpec* spec = job(name);
    if (!spec) throw Poco::NotFoundException("no job", name);
    // As the tick claims no run once a newer release migrated the store, a run asked for here is not started either:
    // this binary's code may no longer match the store, and the newer daemons run the job.
    if (database_.migratedPast())
        throw HubError::conflict("Job " + name + " does not run on this sohubd: a daemon of a newer release migrated "
                                 "the store past its schema; ask a daemon of the newer release");
    const auto giveUpAt = std::chrono::steady_clock::now() + std::chrono::seconds(waitSeconds);
    std::optional<RunRow> claimed;
    for (;;) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) throw HubError::conflict("The daemon is stopping");
        }
        database_.write([&](Poco::Data::Session& session) { claimed = JobStore::claimNow(session, name, lease(clock_.now())); });
        if (claimed) break;
        if (std::chrono::steady_clock::now() >= giveUpAt)
            throw HubError::conflict("Job " + name + " is still running (another run holds its lease); try again later");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::unique_ptr<ActiveRun> active = activeRun(*spec, *claimed);
    ActiveRun& started = *active;
    std::unique_ptr<ActiveRun> previous;
    bool stopping = false;
    {
        // Among the active runs, the scheduler renews its lease, applies its timeout and stops it at shutdown; no tick
        // considers the job meanwhile (its lease is held, and it is running here).
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping = stopping_;
        if (!stopping) {
            std::unique_ptr<ActiveRun>& slot = active_[name];
            previous = std::move(slot);  // a run of the job that ended (its lease was free) and is not reaped yet
            slot = std::move(active);
        }
    }
    if (stopping) {
        // The stop began meanwhile and waits for the runs it saw only: this one ends before it starts.
        database_.write([&](Poco::Data::Session& session) {
            JobStore::finish(session, started.run, "failed", "stopped by shutdown before it started", clock_.now(),
                             settings_.historyPerJob);
        });
        throw HubError::conflict("The daemon is stopping");
    }
    if (previous && previous->thread.joinable()) previous->thread.join();
    logger().information("Job %s: run %Ld started through the API on %s", name, started.run.id, owner_);
    std::exception_ptr failure;  // recorded as the run's outcome, and the caller's to answer
    execute(started, [&](const JobContext& context) {
        try {
            return work(context);
        } catch (...) {
            failure = std::current_exception();
            throw;
        }
    });
    if (failure) std::rethrow_exception(failure);
}

void Scheduler::execute(ActiveRun& active, const std::function<JobResult(const JobContext&)>& work) {
    const JobSpec& spec = active.spec;
    std::string outcome = "succeeded";
    std::string message;
    bool idle = false;
    try {
        const JobResult result = work(active);
        message = result.message;
        idle = result.idle;
        if (!result.complete) outcome = "failed";
    } catch (const std::exception& error) {
        outcome = "failed";
        message = describe(error);
    }
    switch (active.reason.load()) {
    case StopReason::Timeout:
        if (outcome != "succeeded") {
            outcome = "timedOut";
            message = "timed out after " + std::to_string(spec.timeoutSeconds) + " s" + (message.empty() ? "" : ": " + message);
        }
        break;
    case StopReason::Shutdown:
        if (outcome != "succeeded") message = "stopped by shutdown" + (message.empty() ? "" : ": " + message);
        break;
    case StopReason::LeaseLost:
        if (outcome != "succeeded") message = "stopped: its lease passed to another daemon" + (message.empty() ? "" : ": " + message);
        break;
    case StopReason::None:
        break;
    }
    if (!active.note.empty()) message = active.note + (message.empty() ? "" : "; " + message);
    const Poco::Timestamp finishedAt = clock_.now();
    active.ending = true;
    try {
        database_.write([&](Poco::Data::Session& session) {
            JobStore::finish(session, active.run, outcome, message, finishedAt, settings_.historyPerJob);
        });
    } catch (const std::exception& error) {
        // Recorded by the next tick once the store takes writes (its lease given back then); should this daemon stop
        // first, the lease expires and another daemon (or the next start) takes the run over.
        logger().error("Job %s: run %Ld could not be recorded yet: %s", spec.name, active.run.id, describe(error));
        const std::lock_guard<std::mutex> lock(mutex_);
        endings_.push_back(Ending{active.run, outcome, message, finishedAt});
    }
    static metrics::CounterFamily& runs =
        metrics::registry().counter("sohub_job_runs_total", "Job runs finished by this daemon, by job and outcome",
                                    {"job", "outcome"});
    runs.with({spec.name, outcome}).add();
    const Poco::Int64 ms = active.run.startedAt ? (finishedAt - *active.run.startedAt) / 1000 : 0;
    const std::string run = "run " + std::to_string(active.run.id) + " " + outcome + " in " + std::to_string(ms) +
                            " ms" + (message.empty() ? "" : ": " + message);
    const std::string line = "Job " + spec.name + ": " + run;
    OutageLog& failures = failuresOf(spec.name);
    if (outcome == "succeeded") {
        failures.succeeded();
        if (idle) logger().debug(line);
        else logger().information(line);
    } else if (outcome == "failed" && active.reason.load() == StopReason::None) {
        failures.failed(run);  // logged as `line` when it is the first of an outage
    } else {
        logger().error(line);  // timed out, stopped: each one said
    }
    active.done = true;
    wake();
}

OutageLog& Scheduler::failuresOf(const std::string& job) {
    const std::lock_guard<std::mutex> lock(failuresMutex_);
    return failures_.try_emplace(job, logger(), "Job " + job).first->second;
}

void Scheduler::recordEndings() {
    std::vector<Ending> endings;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        endings.swap(endings_);
    }
    if (endings.empty()) return;
    try {
        // Each only if the run is still this daemon's (not taken over meanwhile): see JobStore::finish.
        database_.write([&](Poco::Data::Session& session) {
            for (const Ending& ending : endings)
                JobStore::finish(session, ending.run, ending.outcome, ending.message, ending.finishedAt,
                                 settings_.historyPerJob);
        });
    } catch (const std::exception& error) {
        // Kept for the next tick. The tick goes on: a job whose end is not recorded still holds its lease, which no
        // claim takes before it expires, and the other jobs are not held up by it.
        endingsLog_.failed(std::to_string(endings.size()) + " ends of runs still not recorded: " + describe(error));
        const std::lock_guard<std::mutex> lock(mutex_);
        endings_.insert(endings_.begin(), std::make_move_iterator(endings.begin()),
                        std::make_move_iterator(endings.end()));
        return;
    }
    endingsLog_.succeeded();
    for (const Ending& ending : endings)
        logger().information("Job %s: run %Ld recorded (%s) now that the store takes writes again", ending.run.job,
                             ending.run.id, ending.outcome);
}

void Scheduler::reapFinished() {
    std::vector<std::unique_ptr<ActiveRun>> finished;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        for (auto it = active_.begin(); it != active_.end();) {
            if (it->second->done) {
                finished.push_back(std::move(it->second));
                it = active_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const auto& run : finished)
        if (run->thread.joinable()) run->thread.join();  // a run on a caller's thread (runHere) has none
}

void Scheduler::keepLeases(const Poco::Timestamp& now) {
    std::vector<ActiveRun*> running;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& entry : active_)
            if (!entry.second->done) running.push_back(entry.second.get());
    }
    for (ActiveRun* run : running)
        if (run->deadline && *run->deadline <= now) run->requestStop(StopReason::Timeout);
    // Renewed at a third of the lease: two missed renewals still leave the lease standing.
    if (now - lastRenewal_ < millis(settings_.leaseSeconds * 1000LL / 3).totalMicroseconds()) return;
    std::vector<ActiveRun*> lost;
    database_.write([&](Poco::Data::Session& session) {
        lost.clear();
        // A run whose end was written first gave its lease back: it was not lost. Its `ending` was set before that
        // write, so it reads true here (a run that ended while the writer was slow was said to have lost its lease).
        for (ActiveRun* run : running)
            if (!JobStore::renew(session, run->spec.name, lease(now)) && !run->ending) lost.push_back(run);
        JobStore::heartbeat(session, owner_, now, now - Poco::Timespan(settings_.leaseSeconds, 0));
    });
    lastRenewal_ = now;
    for (ActiveRun* run : lost) {
        logger().error("Job %s: run %Ld lost its lease (this daemon did not renew it in time); stopping it",
                       run->spec.name, run->run.id);
        run->requestStop(StopReason::LeaseLost);
    }
}

void Scheduler::stop() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wakeUp_.notify_all();
    if (!loop_.joinable()) return;  // never started
    loop_.join();
    std::vector<ActiveRun*> running;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& entry : active_) {
            entry.second->requestStop(StopReason::Shutdown);
            running.push_back(entry.second.get());
        }
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(settings_.stopTimeoutSeconds);
    const auto allDone = [&] {
        return std::all_of(running.begin(), running.end(), [](const ActiveRun* run) { return run->done.load(); });
    };
    while (!allDone() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!allDone()) {
        // A job that ignores its stop flag cannot be ended from outside its thread: record the run and leave.
        for (ActiveRun* run : running) {
            if (run->done) continue;
            logger().fatal("Job %s: run %Ld did not stop within scheduler.stopTimeoutSeconds (%d s); exiting without it",
                           run->spec.name, run->run.id, settings_.stopTimeoutSeconds);
            try {
                database_.write([&](Poco::Data::Session& session) {
                    JobStore::finish(session, run->run, "failed",
                                     "did not stop within " + std::to_string(settings_.stopTimeoutSeconds) +
                                         " s of shutdown",
                                     clock_.now(), settings_.historyPerJob);
                    JobStore::leave(session, owner_);
                });
            } catch (...) {
            }
        }
        std::_Exit(EXIT_FAILURE);
    }
    reapFinished();
    recordEndings();  // a last try: those it cannot record keep their leases until they expire and are taken over
    try {
        database_.write([&](Poco::Data::Session& session) { JobStore::leave(session, owner_); });
    } catch (const std::exception& error) {
        logger().error("Scheduler could not sign off: %s", describe(error));
    }
    logger().information("Scheduler stopped");
}

}  // namespace sohub
