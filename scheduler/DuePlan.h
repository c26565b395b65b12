// What to do about a job's next due time now: wait, run it (standing for every due time that passed), or skip.
#pragma once

#include "scheduler/JobSpec.h"

#include <Poco/Timestamp.h>

#include <optional>
#include <string>

namespace sohub {

struct DuePlan {
    enum class Action { Wait, Run, Skip };
    Action action = Action::Wait;
    Poco::Timestamp dueAt;   // Run: the latest due time that passed; Skip: the first one skipped
    int dueCount = 0;        // how many due times it stands for
    Poco::Timestamp next;    // the next due time after now
    std::string message;     // for the history, when there is something to say
};

// `nextDue` is the job's next due time as stored. `missedWhileDown`: the due times passed while no daemon ran (the
// job's missed policy then applies); otherwise passed due times waited behind a run, and run once.
DuePlan planDue(const JobSpec& job, const Poco::Timestamp& anchor, const Poco::Timestamp& nextDue,
                const Poco::Timestamp& now, bool missedWhileDown, const TimeZone& zone);

}  // namespace sohub
