// {"data": [...]} for the list, {"data": [...], "pagination": {...}} for the history, 202 {"data": run} for a run.
#include "scheduler/JobHandler.h"

#include "scheduler/JobBoard.h"
#include "scheduler/JobSpec.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>


namespace sohub {
namespace {

using Poco::JSON::Object;

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::Dynamic::Var timeOrNull(const TimeZone& zone, const std::optional<Poco::Timestamp>& time) {
    return time ? Poco::Dynamic::Var(zone.format(*time)) : Poco::Dynamic::Var();
}

template <typename T>
Poco::Dynamic::Var orNull(const std::optional<T>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::Dynamic::Var runJson(const TimeZone& zone, const std::optional<RunRow>& found) {
    if (!found) return Poco::Dynamic::Var();
    const RunRow& run = *found;
    Object::Ptr json = ordered();
    json->set("id", run.id);
    json->set("job", run.job);
    json->set("trigger", run.trigger);
    json->set("dueAt", zone.format(run.dueAt));
    json->set("dueCount", run.dueCount);
    json->set("status", run.status);
    json->set("outcome", orNull(run.outcome));
    json->set("owner", orNull(run.owner));
    json->set("startedAt", timeOrNull(zone, run.startedAt));
    json->set("finishedAt", timeOrNull(zone, run.finishedAt));
    json->set("durationMs", orNull(run.durationMs));
    json->set("message", orNull(run.message));
    json->set("takenOverFrom", orNull(run.takenOverFrom));
    return json;
}

Object::Ptr jobJson(const TimeZone& zone, const JobView& view) {
    const JobSpec& spec = *view.spec;
    Object::Ptr json = ordered();
    json->set("name", spec.name);
    json->set("kind", spec.kind);
    json->set("schedule", spec.schedule->text());
    json->set("timeZone", zone.name());
    json->set("enabled", spec.enabled);
    json->set("missed", std::string(missedPolicyName(spec.missed)));
    json->set("startingDeadline", spec.startingDeadline ? Poco::Dynamic::Var(formatDuration(*spec.startingDeadline))
                                                        : Poco::Dynamic::Var());
    json->set("timeoutSeconds", spec.timeoutSeconds > 0 ? Poco::Dynamic::Var(spec.timeoutSeconds) : Poco::Dynamic::Var());
    json->set("nextDueAt", spec.enabled && view.row ? Poco::Dynamic::Var(zone.format(view.row->nextDueAt))
                                                    : Poco::Dynamic::Var());
    json->set("running", view.current.has_value());
    json->set("currentRun", runJson(zone, view.current));
    json->set("lastRun", runJson(zone, view.lastRun));
    return json;
}

}  // namespace

void JobHandler::registerIn(RouteTable& table) const {
    const JobHandler self = *this;
    table.add({"GET", "/api/v3/jobs", {Role::Admin}, [self](const Call& call) { return self.list(call); }});
    table.add({"GET", "/api/v3/jobs/history", {Role::Admin}, [self](const Call& call) { return self.history(call); }});
    table.add({"POST", "/api/v3/jobs/run", {Role::Admin}, [self](const Call& call) { return self.run(call); }});
}

Reply JobHandler::list(const Call& call) const {
    call.query.allowOnly({});
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
    for (const JobView& view : board_.list()) data->add(jobJson(zone_, view));
    return Reply::data(data);
}

Reply JobHandler::history(const Call& call) const {
    call.query.allowOnly({"name", "limit", "offset"});
    const std::string name = call.query.get("name").value_or("");
    if (name.empty()) throw ApiError::invalidField("name", "Field is required");
    const int limit = call.query.pageLimit();
    const int offset = call.query.pageOffset();
    const RunPage page = board_.history(name, limit, offset);
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
    for (const RunRow& run : page.runs) data->add(runJson(zone_, run));
    return Reply::page(data, page.total, limit, offset);
}

Reply JobHandler::run(const Call& call) const {
    call.query.allowNone();
    return Reply::data(runJson(zone_, board_.runNow(call.requiredText("name"))), 202);
}

}  // namespace sohub
