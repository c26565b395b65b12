// The scheduler's state in the store: jobs with their next due time and lease, runs (the history) and the
// scheduler nodes' heartbeats. Leases are conditional UPDATEs in portable SQL.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Timestamp.h>
#include <Poco/Types.h>

#include <optional>
#include <string>
#include <vector>

namespace sohub {

struct JobRow {
    std::string name;
    std::string kind;
    std::string schedule;
    std::string timeZone;
    Poco::Timestamp anchorAt;                  // the first due time: intervals step from it
    Poco::Timestamp nextDueAt;                 // the next due time not yet taken
    std::optional<std::string> leaseOwner;     // host:pid of the daemon running it
    std::optional<Poco::Timestamp> leaseExpiresAt;
    std::optional<Poco::Int64> leaseRunId;     // the run that lease is for
};

struct RunRow {
    Poco::Int64 id = 0;
    std::string job;
    std::string trigger;        // schedule | manual
    Poco::Timestamp dueAt;
    int dueCount = 1;           // due times this run stands for (more than one: caught up after a wait or downtime)
    std::string status;         // queued | running | finished
    std::optional<std::string> outcome;  // succeeded | failed | skipped | timedOut, once finished
    std::optional<std::string> owner;
    std::optional<Poco::Timestamp> startedAt;
    std::optional<Poco::Timestamp> finishedAt;
    std::optional<Poco::Int64> durationMs;
    std::optional<std::string> message;
    std::optional<std::string> takenOverFrom;  // the owner whose lease expired mid-run
};

// A lease to take: who takes it, until when, and when it is now.
struct LeaseTerms {
    std::string owner;
    Poco::Timestamp now;
    Poco::Timestamp expiresAt;
};

namespace JobStore {

// Inserts the job when absent; when its schedule or zone changed, moves its anchor and next due time.
void declare(Poco::Data::Session& session, const JobRow& job, const Poco::Timestamp& now);
std::vector<JobRow> jobs(Poco::Data::Session& session);
std::optional<JobRow> job(Poco::Data::Session& session, const std::string& name);

// Takes the due time `seenNext` of a job whose lease is free (or expired) and moves its next due time to `newNext`;
// the run is inserted as running. Empty when another daemon took it first.
std::optional<RunRow> claimDue(Poco::Data::Session& session, const std::string& name, const Poco::Timestamp& seenNext,
                               const Poco::Timestamp& newNext, const Poco::Timestamp& dueAt, int dueCount,
                               const LeaseTerms& lease);
// Records due times as skipped (one history entry) and moves the next due time, when nobody moved it first.
bool skipDue(Poco::Data::Session& session, const std::string& name, const Poco::Timestamp& seenNext,
             const Poco::Timestamp& newNext, const Poco::Timestamp& dueAt, int dueCount, const std::string& message,
             const Poco::Timestamp& now);
// Starts a queued run (POST /api/v3/jobs/run) when the job's lease is free.
std::optional<RunRow> claimQueued(Poco::Data::Session& session, const std::string& name, Poco::Int64 runId,
                                  const LeaseTerms& lease);
// Starts a run now on the caller's behalf (trigger manual) when the job's lease is free (not merely expired: an
// expired lease's run is taken over by a scheduler, which records it).
std::optional<RunRow> claimNow(Poco::Data::Session& session, const std::string& name, const LeaseTerms& lease);
// Takes over the run of an owner whose lease expired (`seenExpiry` as read), recording it on the run.
std::optional<RunRow> takeOver(Poco::Data::Session& session, const std::string& name, const std::string& deadOwner,
                               const Poco::Timestamp& seenExpiry, const LeaseTerms& lease);
// Extends the lease while the run goes on; false when the lease is no longer this owner's.
bool renew(Poco::Data::Session& session, const std::string& name, const LeaseTerms& lease);
// Ends the run with its outcome, releases the lease and trims the job's history to `keep` finished runs.
void finish(Poco::Data::Session& session, const RunRow& run, const std::string& outcome, const std::string& message,
            const Poco::Timestamp& finishedAt, int keep);

RunRow queue(Poco::Data::Session& session, const std::string& name, const Poco::Timestamp& now);
std::vector<RunRow> queued(Poco::Data::Session& session);  // oldest first
std::vector<RunRow> runs(Poco::Data::Session& session, const std::string& name, int limit, int offset);  // newest first
int countRuns(Poco::Data::Session& session, const std::string& name);
std::optional<RunRow> run(Poco::Data::Session& session, Poco::Int64 id);
std::optional<RunRow> lastFinished(Poco::Data::Session& session, const std::string& name);

// Scheduler nodes: each daemon's heartbeat, so a starting daemon knows whether another one was running.
// Records this owner as alive now and forgets owners not seen since `staleBefore`.
void heartbeat(Poco::Data::Session& session, const std::string& owner, const Poco::Timestamp& now,
               const Poco::Timestamp& staleBefore);
int liveNodes(Poco::Data::Session& session, const std::string& except, const Poco::Timestamp& seenSince);
void leave(Poco::Data::Session& session, const std::string& owner);

}  // namespace JobStore

}  // namespace sohub
