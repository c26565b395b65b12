// Reads the scheduler's and the jobs' keys; every problem names its key and stops the daemon at start.
#include "scheduler/JobSpec.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>

namespace sohub {

bool JobSettings::has(const std::string& name) const {
    return config_.hasProperty(key(name)) && !Poco::trim(config_.getString(key(name))).empty();
}

std::string JobSettings::text(const std::string& name, const std::string& fallback) const {
    return has(name) ? Poco::trim(config_.getString(key(name))) : fallback;
}

std::string JobSettings::requiredText(const std::string& name) const {
    if (!has(name)) fail(name, "is required");
    return Poco::trim(config_.getString(key(name)));
}

int JobSettings::integer(const std::string& name, int fallback, int min, int max) const {
    return integerKey(config_, key(name), fallback, min, max);
}

bool JobSettings::flag(const std::string& name, bool fallback) const {
    return booleanKey(config_, key(name), fallback);
}

Poco::Timespan JobSettings::duration(const std::string& name) const {
    const std::string value = requiredText(name);
    try {
        return parseDuration(value);
    } catch (const ScheduleError& error) {
        fail(name, error.what());
    }
}

void JobSettings::fail(const std::string& name, const std::string& reason) const { failKey(key(name), reason); }

void JobKindRegistry::add(const std::string& kind, JobFactory factory) { factories_[kind] = std::move(factory); }

std::vector<std::string> JobKindRegistry::kinds() const {
    std::vector<std::string> names;
    for (const auto& entry : factories_) names.push_back(entry.first);
    return names;
}

std::unique_ptr<Job> JobKindRegistry::make(const std::string& kind, const JobSettings& settings) const {
    const auto found = factories_.find(kind);
    if (found == factories_.end()) {
        const std::vector<std::string> known = kinds();
        settings.fail("kind", "unknown job kind '" + kind + "' (" + Poco::cat(std::string(", "), known.begin(), known.end()) + ")");
    }
    return found->second(settings);
}

SchedulerSettings readSchedulerSettings(const Poco::Util::AbstractConfiguration& config) {
    SchedulerSettings settings;
    const std::string zone = Poco::trim(config.getString("scheduler.timeZone", "UTC"));
    try {
        settings.zone = TimeZone::named(zone.empty() ? "UTC" : zone);
    } catch (const ScheduleError& error) {
        failKey("scheduler.timeZone", error.what());
    }
    settings.historyPerJob = integerKey(config, "scheduler.historyPerJob", 100, 1, 1000000);
    settings.leaseSeconds = integerKey(config, "scheduler.leaseSeconds", 30, 1, 86400);
    settings.stopTimeoutSeconds = integerKey(config, "scheduler.stopTimeoutSeconds", 30, 0, 86400);
    settings.pollMillis = integerKey(config, "scheduler.pollMillis", 250, 10, 60000);
    return settings;
}

std::vector<JobSpec> readJobSpecs(const Poco::Util::AbstractConfiguration& config, const TimeZone& zone,
                                  const JobKindRegistry& kinds) {
    Poco::Util::AbstractConfiguration::Keys names;
    config.keys("jobs", names);
    std::sort(names.begin(), names.end());
    std::vector<JobSpec> specs;
    for (const std::string& name : names) {
        const JobSettings settings(name, config);
        JobSpec spec;
        spec.name = name;
        spec.kind = settings.requiredText("kind");
        try {
            spec.schedule = parseSchedule(settings.requiredText("schedule"), zone);
        } catch (const ScheduleError& error) {
            settings.fail("schedule", error.what());
        }
        spec.enabled = settings.flag("enabled", true);
        const std::string missed = settings.text("missed", "runOnce");
        if (missed == "runOnce") spec.missed = MissedPolicy::RunOnce;
        else if (missed == "skip") spec.missed = MissedPolicy::Skip;
        else settings.fail("missed", "'" + missed + "' is not runOnce or skip");
        if (settings.has("startingDeadline")) spec.startingDeadline = settings.duration("startingDeadline");
        spec.timeoutSeconds = settings.integer("timeoutSeconds", 0, 0, 30 * 86400);
        spec.job = kinds.make(spec.kind, settings);
        specs.push_back(std::move(spec));
    }
    return specs;
}

const char* missedPolicyName(MissedPolicy policy) { return policy == MissedPolicy::Skip ? "skip" : "runOnce"; }

}  // namespace sohub
