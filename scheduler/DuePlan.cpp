// Counting the due times that passed, and the rules of missed and startingDeadline.
#include "scheduler/DuePlan.h"

namespace sohub {
namespace {
// Enough to say how far behind a job is without walking years of one-second due times.
constexpr int countLimit = 100000;
}  // namespace

DuePlan planDue(const JobSpec& job, const Poco::Timestamp& anchor, const Poco::Timestamp& nextDue,
                const Poco::Timestamp& now, bool missedWhileDown, const TimeZone& zone) {
    DuePlan plan;
    if (nextDue > now) {
        plan.next = nextDue;
        return plan;
    }
    const Schedule& schedule = *job.schedule;
    Poco::Timestamp latest = nextDue;
    int count = 1;
    for (std::optional<Poco::Timestamp> due = schedule.nextAfter(latest, anchor); due && *due <= now;
         due = schedule.nextAfter(latest, anchor)) {
        latest = *due;
        if (++count == countLimit) {
            // Far behind, so due often: the last due time before now lies within the last day.
            for (std::optional<Poco::Timestamp> step = schedule.nextAfter(now - Poco::Timespan(1, 0, 0, 0, 0), anchor);
                 step && *step <= now; step = schedule.nextAfter(*step, anchor))
                latest = *step;
            break;
        }
    }
    plan.next = schedule.nextAfter(now, anchor).value_or(now + Poco::Timespan(36500, 0, 0, 0, 0));
    plan.dueCount = count;
    const std::string counted = count >= countLimit ? "more than " + std::to_string(countLimit) : std::to_string(count);
    const std::string span = count > 1 ? " (" + zone.format(nextDue) + " to " + zone.format(latest) + ")" : "";

    if (missedWhileDown && job.missed == MissedPolicy::Skip) {
        plan.action = DuePlan::Action::Skip;
        plan.dueAt = nextDue;
        plan.message = counted + (count == 1 ? " due time" : " due times") + " passed while no daemon ran" + span +
                       ": skipped (missed=skip)";
        return plan;
    }
    if (job.startingDeadline && now - latest > job.startingDeadline->totalMicroseconds()) {
        plan.action = DuePlan::Action::Skip;
        plan.dueAt = nextDue;
        plan.message = counted + (count == 1 ? " due time" : " due times") + span + " older than the starting deadline " +
                       formatDuration(*job.startingDeadline) + ": skipped";
        return plan;
    }
    plan.action = DuePlan::Action::Run;
    plan.dueAt = latest;
    if (count > 1)
        plan.message = "one run for " + counted + " due times" + span +
                       (missedWhileDown ? ", passed while no daemon ran" : ", passed while the job was busy or waiting");
    return plan;
}

}  // namespace sohub
