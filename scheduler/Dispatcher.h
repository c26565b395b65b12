// The webhook dispatcher: leases due deliveries, attempts them on a bounded set of workers, records every attempt.
#pragma once

#include "domain/RetrySchedule.h"
#include "scheduler/DeliveryStore.h"
#include "scheduler/WebhookSettings.h"

#include <Poco/Util/Subsystem.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sohub {

class Clock;
class Database;
class ReferenceCatalog;
class WebhookClient;
class RunningParts;

class Dispatcher {
public:
    Dispatcher(Database& database, const ReferenceCatalog& catalog, const Clock& clock, RetrySchedule schedule,
               WebhookSettings settings, std::string owner);
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;
    ~Dispatcher();

    void start();
    // Stops leasing, lets attempts under way finish (each within webhooks.timeoutSeconds), records them and gives
    // the deliveries leased but not attempted back to the store.
    void stop();

    // Look at the store now (deliveries were committed or replayed, a subscription was enabled).
    void wake();
    // The dispatch job: how many deliveries are due now; the dispatcher is woken to take them.
    int sweep();

    const WebhookSettings& settings() const { return settings_; }

private:
    void leaseLoop();
    void workLoop(int slots);
    // A batch of attempts under way at once on one thread; each record says where its delivery goes next.
    std::vector<AttemptRecord> attempt(WebhookClient& client, const std::vector<DueDelivery>& batch) const;
    // Under mutex_: whether a queued delivery waits for a probe instead (see failedAfter_), and what a finished batch
    // says of its receivers.
    bool heldBack(const DueDelivery& due) const;
    void noteOutcomes(const std::vector<AttemptRecord>& outcomes);
    void conclude(const DueDelivery& due, AttemptRecord& record) const;
    // The attempts' records, inside a write; returns the subscriptions they disabled.
    std::vector<std::string> recordIn(Poco::Data::Session& session, const std::vector<AttemptRecord>& done) const;
    void logDisabled(const std::vector<std::string>& subscriptions) const;

    Database& database_;
    const ReferenceCatalog& catalog_;  // for the caseCreated bodies, made as they are sent
    const Clock& clock_;
    const RetrySchedule schedule_;
    const WebhookSettings settings_;
    const std::string owner_;
    int commitListener_ = 0;
    int noticeListener_ = 0;
    int figures_ = 0;  // the metrics collector's key

    std::mutex mutex_;
    std::condition_variable changed_;     // the lease loop: woken, attempts done, stop
    std::condition_variable queued_;      // the workers: deliveries to attempt, stop
    bool started_ = false;
    bool stopping_ = false;
    bool woken_ = true;
    std::deque<DueDelivery> queue_;
    int busy_ = 0;
    std::vector<AttemptRecord> done_;
    std::uint64_t rounds_ = 0;  // claims begun by the lease loop; each one records the attempts done before it
    // Subscriptions whose receiver failed an attempt here, by the last claim begun before that failure was seen: the
    // deliveries of that claim or an earlier one were leased before the store knew, and are given back unattempted
    // to wait for a probe, like every delivery leased after it. One that succeeds takes its subscription off.
    std::map<Poco::Int64, std::uint64_t> failedAfter_;
    std::vector<Poco::Int64> givenBack_;  // taken off the queue that way, for the next commit
    std::thread leaser_;
    std::vector<std::thread> workers_;
};

class DispatcherSubsystem : public Poco::Util::Subsystem {
public:
    DispatcherSubsystem(Dispatcher& dispatcher, RunningParts& parts) : dispatcher_(dispatcher), parts_(parts) {}
    const char* name() const override { return "webhook dispatcher"; }

    // Public as well: the application stops it by hand when a subsystem after it fails to start. Safe to call
    // when it never started.
    void uninitialize() override;

protected:
    void initialize(Poco::Util::Application&) override;

private:
    Dispatcher& dispatcher_;
    RunningParts& parts_;
};

}  // namespace sohub
