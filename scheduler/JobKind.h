// What a job kind is: a small class registered by name, made from its jobs.NAME.* keys, run by the scheduler.
#pragma once

#include <Poco/Timespan.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sohub {

// The keys of one job (jobs.NAME.*), read with errors that name the full key: a bad value stops the daemon at
// start with "jobs.NAME.key: reason" (Poco::InvalidArgumentException).
class JobSettings {
public:
    JobSettings(std::string name, const Poco::Util::AbstractConfiguration& config) : name_(std::move(name)), config_(config) {}

    const std::string& name() const { return name_; }
    std::string key(const std::string& key) const { return "jobs." + name_ + "." + key; }
    bool has(const std::string& key) const;
    std::string text(const std::string& key, const std::string& fallback) const;
    std::string requiredText(const std::string& key) const;
    int integer(const std::string& key, int fallback, int min, int max) const;
    bool flag(const std::string& key, bool fallback) const;
    Poco::Timespan duration(const std::string& key) const;  // required
    [[noreturn]] void fail(const std::string& key, const std::string& reason) const;

private:
    std::string name_;
    const Poco::Util::AbstractConfiguration& config_;
};

// What a running job sees besides its own settings.
class JobContext {
public:
    virtual ~JobContext() = default;
    // True once the daemon stops or the run's timeout passed: a job checks it between chunks and returns.
    virtual bool stopRequested() const = 0;
    // Waits (a throttle between chunks) unless a stop comes first; false when it did.
    virtual bool pause(int millis) const = 0;
};

struct JobResult {
    bool complete = true;  // false: it returned because a stop was requested, with work left
    std::string message;   // what it did, for the history ("deleted 120 external requests, 4 outbox rows")
    bool idle = false;     // nothing was there to do (a poll that found no file): logged at debug level only
};

class Job {
public:
    virtual ~Job() = default;
    // Runs one due time. Throws on failure (the run is then failed with the reason; the schedule goes on).
    virtual JobResult run(const JobContext& context) = 0;
};

using JobFactory = std::function<std::unique_ptr<Job>(const JobSettings& settings)>;

// The job kinds this daemon can run, by name.
class JobKindRegistry {
public:
    void add(const std::string& kind, JobFactory factory);
    bool has(const std::string& kind) const { return factories_.count(kind) != 0; }
    std::vector<std::string> kinds() const;
    // Checks the job's own keys and makes it; throws Poco::InvalidArgumentException naming the key.
    std::unique_ptr<Job> make(const std::string& kind, const JobSettings& settings) const;

private:
    std::map<std::string, JobFactory> factories_;
};

}  // namespace sohub
