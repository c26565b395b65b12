// Plain portable SQL with bound parameters (INSERT/UPDATE ... RETURNING, ON CONFLICT): no SQLite-only statements.
#include "scheduler/JobStore.h"

#include "domain/Clock.h"
#include "store/StoredColumns.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

using namespace Poco::Data::Keywords;
using Poco::Data::RecordSet;
using Poco::Data::Statement;

namespace sohub::JobStore {
namespace {

using stored::integer;
using stored::text;
using stored::time;

const char* const jobColumns = "name, kind, schedule, time_zone, anchor_at, next_due_at, lease_owner, lease_expires_at, "
                               "lease_run_id";

std::vector<JobRow> readJobs(Statement& select) {
    select.execute();
    RecordSet rows(select);
    std::vector<JobRow> jobs;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        JobRow job;
        job.name = *text(rows, 0);
        job.kind = *text(rows, 1);
        job.schedule = *text(rows, 2);
        job.timeZone = *text(rows, 3);
        job.anchorAt = *time(rows, 4);
        job.nextDueAt = *time(rows, 5);
        job.leaseOwner = text(rows, 6);
        job.leaseExpiresAt = time(rows, 7);
        job.leaseRunId = integer(rows, 8);
        jobs.push_back(std::move(job));
    }
    return jobs;
}

const char* const runColumns = "id, job_name, run_trigger, due_at, due_count, status, outcome, owner, started_at, "
                               "finished_at, duration_ms, message, taken_over_from";

std::vector<RunRow> readRuns(Statement& select) {
    select.execute();
    RecordSet rows(select);
    std::vector<RunRow> runs;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        RunRow run;
        run.id = *integer(rows, 0);
        run.job = *text(rows, 1);
        run.trigger = *text(rows, 2);
        run.dueAt = *time(rows, 3);
        run.dueCount = static_cast<int>(*integer(rows, 4));
        run.status = *text(rows, 5);
        run.outcome = text(rows, 6);
        run.owner = text(rows, 7);
        run.startedAt = time(rows, 8);
        run.finishedAt = time(rows, 9);
        run.durationMs = integer(rows, 10);
        run.message = text(rows, 11);
        run.takenOverFrom = text(rows, 12);
        runs.push_back(std::move(run));
    }
    return runs;
}

std::optional<RunRow> first(std::vector<RunRow> runs) {
    if (runs.empty()) return std::nullopt;
    return std::move(runs.front());
}

// The lease condition every claim shares: nobody holds it, or its holder let it expire.
const char* const leaseIsFree = "(lease_owner IS NULL OR lease_expires_at < ?)";

// The run of a job whose lease was just taken: recorded running under the lease's owner, and named on the job.
Poco::Int64 startRun(Poco::Data::Session& session, const std::string& name, const std::string& trigger,
                     const Poco::Timestamp& dueAt, int dueCount, const LeaseTerms& lease) {
    std::string key = name, kind = trigger, due = isoDate(dueAt), owner = lease.owner, at = isoDate(lease.now);
    int count = dueCount;
    Poco::Int64 id = 0;
    session << "INSERT INTO job_runs (job_name, run_trigger, due_at, due_count, status, owner, started_at, created_at) "
               "VALUES (?, ?, ?, ?, 'running', ?, ?, ?) RETURNING id",
        use(key), use(kind), use(due), use(count), use(owner), use(at), use(at), into(id), now;
    session << "UPDATE jobs SET lease_run_id = ? WHERE name = ?", use(id), use(key), now;
    return id;
}

}  // namespace

void declare(Poco::Data::Session& session, const JobRow& job, const Poco::Timestamp& when) {
    std::string name = job.name, kind = job.kind, schedule = job.schedule, zone = job.timeZone;
    std::string anchor = isoDate(job.anchorAt), next = isoDate(job.nextDueAt), at = isoDate(when);
    session << "INSERT INTO jobs (name, kind, schedule, time_zone, anchor_at, next_due_at, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
        use(name), use(kind), use(schedule), use(zone), use(anchor), use(next), use(at), use(at), now;
    // A changed schedule or zone starts afresh from now; a changed kind alone keeps the timing.
    session << "UPDATE jobs SET schedule = ?, time_zone = ?, anchor_at = ?, next_due_at = ?, updated_at = ? "
               "WHERE name = ? AND (schedule <> ? OR time_zone <> ?)",
        use(schedule), use(zone), use(anchor), use(next), use(at), use(name), use(schedule), use(zone), now;
    session << "UPDATE jobs SET kind = ?, updated_at = ? WHERE name = ? AND kind <> ?", use(kind), use(at), use(name),
        use(kind), now;
}

std::vector<JobRow> jobs(Poco::Data::Session& session) {
    Statement select(session);
    select << std::string("SELECT ") + jobColumns + " FROM jobs ORDER BY name";
    return readJobs(select);
}

std::optional<JobRow> job(Poco::Data::Session& session, const std::string& name) {
    std::string key = name;
    Statement select(session);
    select << std::string("SELECT ") + jobColumns + " FROM jobs WHERE name = ?", use(key);
    std::vector<JobRow> found = readJobs(select);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::optional<RunRow> claimDue(Poco::Data::Session& session, const std::string& name, const Poco::Timestamp& seenNext,
                               const Poco::Timestamp& newNext, const Poco::Timestamp& dueAt, int dueCount,
                               const LeaseTerms& lease) {
    std::string key = name, seen = isoDate(seenNext), next = isoDate(newNext), owner = lease.owner;
    std::string at = isoDate(lease.now), expires = isoDate(lease.expiresAt);
    std::vector<std::string> taken;
    session << std::string("UPDATE jobs SET next_due_at = ?, lease_owner = ?, lease_expires_at = ?, updated_at = ? "
                           "WHERE name = ? AND next_due_at = ? AND ") + leaseIsFree + " RETURNING name",
        use(next), use(owner), use(expires), use(at), use(key), use(seen), use(at), into(taken), now;
    if (taken.empty()) return std::nullopt;
    RunRow run;
    run.job = name;
    run.trigger = "schedule";
    run.dueAt = dueAt;
    run.dueCount = dueCount;
    run.status = "running";
    run.owner = lease.owner;
    run.startedAt = lease.now;
    run.id = startRun(session, name, run.trigger, dueAt, dueCount, lease);
    return run;
}

bool skipDue(Poco::Data::Session& session, const std::string& name, const Poco::Timestamp& seenNext,
             const Poco::Timestamp& newNext, const Poco::Timestamp& dueAt, int dueCount, const std::string& message,
             const Poco::Timestamp& when) {
    std::string key = name, seen = isoDate(seenNext), next = isoDate(newNext), at = isoDate(when), due = isoDate(dueAt);
    std::string text = message;
    int count = dueCount;
    std::vector<std::string> moved;
    session << std::string("UPDATE jobs SET next_due_at = ?, updated_at = ? WHERE name = ? AND next_due_at = ? AND ") +
                   leaseIsFree + " RETURNING name",
        use(next), use(at), use(key), use(seen), use(at), into(moved), now;
    if (moved.empty()) return false;
    session << "INSERT INTO job_runs (job_name, run_trigger, due_at, due_count, status, outcome, started_at, "
               "finished_at, duration_ms, message, created_at) VALUES (?, 'schedule', ?, ?, 'finished', 'skipped', ?, ?, "
               "0, ?, ?)",
        use(key), use(due), use(count), use(at), use(at), use(text), use(at), now;
    return true;
}

std::optional<RunRow> claimQueued(Poco::Data::Session& session, const std::string& name, Poco::Int64 runId,
                                  const LeaseTerms& lease) {
    std::string key = name, owner = lease.owner, at = isoDate(lease.now), expires = isoDate(lease.expiresAt);
    Poco::Int64 id = runId;
    std::vector<std::string> taken;
    // One statement decides: the lease is free and the run still queued (the job row is what daemons contend on).
    session << std::string("UPDATE jobs SET lease_owner = ?, lease_expires_at = ?, lease_run_id = ?, updated_at = ? "
                           "WHERE name = ? AND ") + leaseIsFree +
                   " AND EXISTS (SELECT 1 FROM job_runs WHERE id = ? AND job_name = ? AND status = 'queued') RETURNING name",
        use(owner), use(expires), use(id), use(at), use(key), use(at), use(id), use(key), into(taken), now;
    if (taken.empty()) return std::nullopt;
    session << "UPDATE job_runs SET status = 'running', owner = ?, started_at = ? WHERE id = ?", use(owner), use(at),
        use(id), now;
    return run(session, runId);
}

std::optional<RunRow> claimNow(Poco::Data::Session& session, const std::string& name, const LeaseTerms& lease) {
    std::string key = name, owner = lease.owner, at = isoDate(lease.now), expires = isoDate(lease.expiresAt);
    std::vector<std::string> taken;
    session << "UPDATE jobs SET lease_owner = ?, lease_expires_at = ?, updated_at = ? WHERE name = ? AND "
               "lease_owner IS NULL RETURNING name",
        use(owner), use(expires), use(at), use(key), into(taken), now;
    if (taken.empty()) return std::nullopt;
    return run(session, startRun(session, name, "manual", lease.now, 1, lease));
}

std::optional<RunRow> takeOver(Poco::Data::Session& session, const std::string& name, const std::string& deadOwner,
                               const Poco::Timestamp& seenExpiry, const LeaseTerms& lease) {
    std::string key = name, dead = deadOwner, seen = isoDate(seenExpiry), owner = lease.owner;
    std::string at = isoDate(lease.now), expires = isoDate(lease.expiresAt);
    std::vector<Poco::Int64> runIds;
    session << "UPDATE jobs SET lease_owner = ?, lease_expires_at = ?, updated_at = ? "
               "WHERE name = ? AND lease_owner = ? AND lease_expires_at = ? AND lease_expires_at < ? "
               "RETURNING COALESCE(lease_run_id, 0)",
        use(owner), use(expires), use(at), use(key), use(dead), use(seen), use(at), into(runIds), now;
    if (runIds.empty()) return std::nullopt;
    Poco::Int64 id = runIds.front();
    session << "UPDATE job_runs SET owner = ?, taken_over_from = ?, status = 'running' WHERE id = ?", use(owner),
        use(dead), use(id), now;
    return run(session, id);
}

bool renew(Poco::Data::Session& session, const std::string& name, const LeaseTerms& lease) {
    std::string key = name, owner = lease.owner, expires = isoDate(lease.expiresAt);
    std::vector<std::string> renewed;
    session << "UPDATE jobs SET lease_expires_at = ? WHERE name = ? AND lease_owner = ? RETURNING name", use(expires),
        use(key), use(owner), into(renewed), now;
    return !renewed.empty();
}

void finish(Poco::Data::Session& session, const RunRow& run, const std::string& outcome, const std::string& message,
            const Poco::Timestamp& finishedAt, int keep) {
    std::string key = run.job, owner = run.owner.value_or(""), result = outcome, text = message;
    std::string at = isoDate(finishedAt);
    Poco::Int64 id = run.id;
    Poco::Int64 duration = run.startedAt ? (finishedAt - *run.startedAt) / 1000 : 0;
    std::vector<Poco::Int64> ended;
    session << "UPDATE job_runs SET status = 'finished', outcome = ?, finished_at = ?, duration_ms = ?, message = ? "
               "WHERE id = ? AND owner = ? AND status = 'running' RETURNING id",
        use(result), use(at), use(duration), use(text), use(id), use(owner), into(ended), now;
    session << "UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL, lease_run_id = NULL, updated_at = ? "
               "WHERE name = ? AND lease_owner = ? AND lease_run_id = ?",
        use(at), use(key), use(owner), use(id), now;
    int kept = keep;
    session << "DELETE FROM job_runs WHERE job_name = ? AND status = 'finished' AND id NOT IN "
               "(SELECT id FROM job_runs WHERE job_name = ? AND status = 'finished' ORDER BY id DESC LIMIT ?)",
        use(key), use(key), use(kept), now;
}

RunRow queue(Poco::Data::Session& session, const std::string& name, const Poco::Timestamp& now_) {
    std::string key = name, at = isoDate(now_);
    Poco::Int64 id = 0;
    session << "INSERT INTO job_runs (job_name, run_trigger, due_at, due_count, status, created_at) "
               "VALUES (?, 'manual', ?, 1, 'queued', ?) RETURNING id",
        use(key), use(at), use(at), into(id), now;
    return *run(session, id);
}

std::vector<RunRow> queued(Poco::Data::Session& session) {
    Statement select(session);
    select << std::string("SELECT ") + runColumns + " FROM job_runs WHERE status = 'queued' ORDER BY id";
    return readRuns(select);
}

std::vector<RunRow> runs(Poco::Data::Session& session, const std::string& name, int limit, int offset) {
    std::string key = name;
    int count = limit, skip = offset;
    Statement select(session);
    select << std::string("SELECT ") + runColumns + " FROM job_runs WHERE job_name = ? ORDER BY id DESC LIMIT ? OFFSET ?",
        use(key), use(count), use(skip);
    return readRuns(select);
}

int countRuns(Poco::Data::Session& session, const std::string& name) {
    std::string key = name;
    int count = 0;
    session << "SELECT COUNT(*) FROM job_runs WHERE job_name = ?", use(key), into(count), now;
    return count;
}

std::optional<RunRow> run(Poco::Data::Session& session, Poco::Int64 id) {
    Poco::Int64 key = id;
    Statement select(session);
    select << std::string("SELECT ") + runColumns + " FROM job_runs WHERE id = ?", use(key);
    return first(readRuns(select));
}

std::optional<RunRow> lastFinished(Poco::Data::Session& session, const std::string& name) {
    std::string key = name;
    Statement select(session);
    select << std::string("SELECT ") + runColumns +
                  " FROM job_runs WHERE job_name = ? AND status = 'finished' ORDER BY id DESC LIMIT 1",
        use(key);
    return first(readRuns(select));
}

void heartbeat(Poco::Data::Session& session, const std::string& owner, const Poco::Timestamp& now_,
               const Poco::Timestamp& staleBefore) {
    std::string key = owner, at = isoDate(now_), stale = isoDate(staleBefore);
    session << "INSERT INTO scheduler_nodes (owner, started_at, seen_at) VALUES (?, ?, ?) "
               "ON CONFLICT (owner) DO UPDATE SET seen_at = excluded.seen_at",
        use(key), use(at), use(at), now;
    session << "DELETE FROM scheduler_nodes WHERE seen_at < ?", use(stale), now;
}

int liveNodes(Poco::Data::Session& session, const std::string& except, const Poco::Timestamp& seenSince) {
    std::string key = except, since = isoDate(seenSince);
    int count = 0;
    session << "SELECT COUNT(*) FROM scheduler_nodes WHERE owner <> ? AND seen_at >= ?", use(key), use(since),
        into(count), now;
    return count;
}

void leave(Poco::Data::Session& session, const std::string& owner) {
    std::string key = owner;
    session << "DELETE FROM scheduler_nodes WHERE owner = ?", use(key), now;
}

}  // namespace sohub::JobStore
