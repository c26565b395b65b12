// One lease loop (claims and records in batches, so a commit covers many attempts) and webhooks.concurrency workers,
// each with its own keep-alive connections. A delivery is sent at least once: the attempt is recorded after it is
// made, and a crash in between leaves a lease that expires and is taken over.
#include "scheduler/Dispatcher.h"

#include "domain/Clock.h"
#include "domain/Duration.h"
#include "domain/HubError.h"
#include "domain/Json.h"
#include "operations/Metrics.h"
#include "operations/OutageLog.h"
#include "operations/RunningParts.h"
#include "scheduler/WebhookClient.h"
#include "scheduler/WebhookSignature.h"
#include "store/Database.h"
#include "store/DeliveryRepository.h"
#include "store/NoticeListener.h"
#include "store/ReferenceRepository.h"

#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>

namespace sohub {
namespace {

Poco::Logger& log() { return Poco::Logger::get("sohub.webhooks"); }

// The URL without its query or user part, for log lines (a query may carry a receiver's token).
std::string shown(const Poco::URI& uri) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort()) + uri.getPath();
}

std::vector<WebhookSecret> signingSecrets(const Subscription& s, const Poco::Timestamp& now) {
    std::vector<WebhookSecret> secrets{WebhookSecret::parse(s.secret)};
    if (s.previousSecret && s.previousSecretUntil) {
        const std::optional<Poco::Timestamp> until = parseIsoDate(*s.previousSecretUntil);
        if (until && now < *until) secrets.push_back(WebhookSecret::parse(*s.previousSecret));
    }
    return secrets;
}

// Attempts by outcome, for /metrics.
metrics::CounterFamily& attemptFigures() {
    static metrics::CounterFamily& family = metrics::registry().counter(
        "sohub_delivery_attempts_total", "Webhook delivery attempts, by outcome (succeeded: a 2xx answer)", {"outcome"});
    return family;
}

}  // namespace

Dispatcher::Dispatcher(Database& database, const ReferenceCatalog& catalog, const Clock& clock, RetrySchedule schedule,
                       WebhookSettings settings, std::string owner)
    : database_(database),
      catalog_(catalog),
      clock_(clock),
      schedule_(std::move(schedule)),
      settings_(std::move(settings)),
      owner_(std::move(owner)) {
    figures_ = metrics::registry().collect([this](metrics::Exposition& out) {
        DeliveryStore::Backlog backlog;
        {
            ReadLease read = database_.read();
            backlog = DeliveryStore::backlog(read.session());
        }
        out.family("sohub_deliveries_pending", "Webhook deliveries not yet ended (pending or under way)", "gauge");
        out.sample("sohub_deliveries_pending", "", static_cast<std::uint64_t>(backlog.count));
        out.family("sohub_delivery_oldest_pending_age_seconds",
                   "Age of the oldest delivery not yet ended (0 when there is none)", "gauge");
        const double age = backlog.oldestCreatedAt
                               ? static_cast<double>(clock_.now() - *backlog.oldestCreatedAt) / 1000000.0
                               : 0.0;
        out.sample("sohub_delivery_oldest_pending_age_seconds", "", age < 0 ? 0.0 : age);
    });
    attemptFigures().with({"succeeded"});  // both series from the start, so a rate() sees their first increase
    attemptFigures().with({"failed"});
}

Dispatcher::~Dispatcher() {
    metrics::registry().drop(figures_);
    stop();
}

void DispatcherSubsystem::initialize(Poco::Util::Application&) {
    // webhooks.send = false: this daemon queues deliveries, the others on the store send them.
    if (dispatcher_.settings().send)
        dispatcher_.start();
    else
        log().information("Webhooks are not sent from this daemon (webhooks.send = false): other daemons on the store send them");
    parts_.up("dispatcher");
}

void DispatcherSubsystem::uninitialize() {
    parts_.down("dispatcher", "stopped");
    dispatcher_.stop();
}

void Dispatcher::start() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (started_) return;
        started_ = true;
        stopping_ = false;
        woken_ = true;
        leaser_ = std::thread([this] { leaseLoop(); });
        // Few threads, each with several attempts under way (thread switches are dear): as many threads as cores, the
        // webhooks.concurrency attempt slots shared among them.
        const int threads =
            std::max(1, std::min(settings_.concurrency, static_cast<int>(std::thread::hardware_concurrency())));
        for (int i = 0; i < threads; ++i) {
            const int slots = settings_.concurrency / threads + (i < settings_.concurrency % threads ? 1 : 0);
            workers_.emplace_back([this, slots] { workLoop(slots); });
        }
    }
    // Woken by new deliveries only while it runs (a daemon with webhooks.send = false never does). Registered
    // outside mutex_: the store calls its listeners under its own lock, and they take mutex_ (wake).
    commitListener_ = database_.afterCommits([this] {
        if (DeliveryRepository::takeNewDeliveries()) wake();
    });
    // Deliveries another daemon on the store committed (PostgreSQL); the poll every webhooks.pollMillis stays as the
    // fallback for a notice lost.
    noticeListener_ = database_.onNotice(notice::deliveries, [this] { wake(); });
}

void Dispatcher::stop() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (!started_) return;
        started_ = false;
        stopping_ = true;
        queue_.clear();  // leased, not attempted: released below
    }
    database_.dropListener(commitListener_);
    database_.dropListener(noticeListener_);
    changed_.notify_all();
    queued_.notify_all();
    if (leaser_.joinable()) leaser_.join();
    for (std::thread& worker : workers_) worker.join();
    workers_.clear();
    std::vector<AttemptRecord> done;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        done.swap(done_);
    }
    try {
        int released = 0;
        std::vector<std::string> disabled;
        database_.write([&](Poco::Data::Session& session) {
            disabled = recordIn(session, done);
            released = DeliveryStore::release(session, owner_, clock_.now());
        });
        logDisabled(disabled);
        if (released > 0) log().information("Dispatcher stopped: %d leased deliveries given back", released);
    } catch (const std::exception& error) {
        log().error("Dispatcher stop: %s (the leases expire and are taken over)", describe(error));
    }
}

void Dispatcher::wake() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        woken_ = true;
    }
    changed_.notify_one();
}

int Dispatcher::sweep() {
    int due = 0;
    ReadLease lease = database_.read();
    due = DeliveryStore::dueCount(lease.session(), clock_.now());
    wake();
    return due;
}

void Dispatcher::leaseLoop() {
    // Deliveries leased ahead of the workers: enough that a commit's worth is always queued. The leases of this
    // daemon's claimed deliveries are renewed every third of a lease, so one lease need not cover the wait in a deep
    // queue: a daemon that dies (SIGKILL) leaves leases that lapse within one lease, and another daemon, or this one
    // restarted, takes them over then.
    const int capacity = settings_.concurrency * 32;
    const Poco::Timespan lease(static_cast<long>(settings_.leaseSeconds()), 0);
    Poco::Timestamp renewed = clock_.now();
    // Claimed (committed) but not yet read for sending: kept until they are, leased and renewed meanwhile. Dropped, a
    // read that failed would leave them leased by this daemon, renewed and never sent until it stopped.
    std::vector<DueDelivery> unloaded;
    OutageLog outage(log(), "Dispatcher");
    for (;;) {
        std::vector<AttemptRecord> done;
        std::vector<Poco::Int64> back;
        std::uint64_t round = 0;
        int room = 0;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait_for(lock, std::chrono::milliseconds(settings_.pollMillis),
                              [this] { return stopping_ || woken_ || !done_.empty() || !givenBack_.empty(); });
            if (stopping_) return;
            done.swap(done_);
            back.swap(givenBack_);
            round = ++rounds_;
            // Without a wake-up or a finished attempt, the poll interval passed: deliveries of other daemons, retries
            // that came due.
            room = capacity - static_cast<int>(queue_.size() + unloaded.size()) - busy_;
            woken_ = false;
        }
        bool recorded = false;
        try {
            // The finished attempts and the next claim share one commit (one sync for both).
            std::vector<DueDelivery> claimed;
            std::vector<std::string> disabled;
            const Poco::Timestamp now = clock_.now();
            const bool renew = now - renewed >= lease.totalMicroseconds() / 3;
            database_.write([&](Poco::Data::Session& session) {
                disabled = recordIn(session, done);
                DeliveryStore::giveBack(session, owner_, back, now);
                if (renew) DeliveryStore::renew(session, owner_, now + lease);
                claimed.clear();
                // None claimed once a daemon of a newer release migrated the store (those claimed are still sent).
                if (room > 0 && !database_.migratedPast())
                    claimed = DeliveryStore::claim(session, owner_, now, now + lease, room);
            });
            recorded = true;
            if (renew) renewed = now;
            logDisabled(disabled);
            const bool more = room > 0 && static_cast<int>(claimed.size()) == room;  // more may be due
            if (!back.empty())
                log().information("Dispatcher: %z deliveries given back unattempted, to wait for a probe: their "
                                  "receivers failed an attempt after they were leased", back.size());
            for (DueDelivery& due : claimed) {
                due.round = round;
                unloaded.push_back(std::move(due));
            }
            if (unloaded.empty()) {
                outage.succeeded();
                continue;
            }
            {
                ReadLease reader = database_.read();
                DeliveryStore::load(reader.session(), *catalog_.current(), unloaded);
            }
            {
                const std::lock_guard<std::mutex> lock(mutex_);
                for (DueDelivery& due : unloaded) queue_.push_back(std::move(due));
                if (more) woken_ = true;
            }
            unloaded.clear();
            queued_.notify_all();
            outage.succeeded();
        } catch (const std::exception& error) {
            outage.failed(describe(error));
            std::unique_lock<std::mutex> lock(mutex_);
            // Attempts whose outcome did not commit are recorded with the next commit: dropped, their deliveries
            // would stay leased by this daemon, renewed and never finished until it stopped.
            if (!recorded) {
                for (AttemptRecord& attempt : done) attempt.again = true;
                done_.insert(done_.begin(), std::make_move_iterator(done.begin()), std::make_move_iterator(done.end()));
                givenBack_.insert(givenBack_.end(), back.begin(), back.end());
            }
            changed_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
        }
    }
}

void Dispatcher::workLoop(int slots) {
    WebhookClient client(settings_.caLocation, settings_.targetPolicy(), settings_.timeoutSeconds);
    for (;;) {
        std::vector<DueDelivery> batch;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping
            const std::size_t heldBefore = givenBack_.size();
            while (!queue_.empty() && static_cast<int>(batch.size()) < slots) {
                if (heldBack(queue_.front()))
                    givenBack_.push_back(queue_.front().id);
                else
                    batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            busy_ += static_cast<int>(batch.size());
            if (givenBack_.size() > heldBefore) changed_.notify_one();  // written now, not after this batch's attempts
            if (batch.empty()) continue;
        }
        std::vector<AttemptRecord> outcomes = attempt(client, batch);
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            busy_ -= static_cast<int>(batch.size());
            noteOutcomes(outcomes);
            for (AttemptRecord& outcome : outcomes) done_.push_back(std::move(outcome));
        }
        changed_.notify_one();
    }
}

bool Dispatcher::heldBack(const DueDelivery& due) const {
    const auto failed = failedAfter_.find(due.subscription.id);
    return failed != failedAfter_.end() && due.round <= failed->second;
}

void Dispatcher::noteOutcomes(const std::vector<AttemptRecord>& outcomes) {
    // As recordIn judges a subscription's health: one success in the batch makes it healthy.
    std::map<Poco::Int64, bool> anySuccess;
    for (const AttemptRecord& outcome : outcomes) anySuccess[outcome.subscriptionId] |= outcome.succeeded;
    for (const auto& [subscription, succeeded] : anySuccess) {
        if (succeeded)
            failedAfter_.erase(subscription);
        else
            failedAfter_[subscription] = rounds_;
    }
}

std::vector<AttemptRecord> Dispatcher::attempt(WebhookClient& client, const std::vector<DueDelivery>& batch) const {
    std::vector<AttemptRecord> records(batch.size());
    std::map<Poco::Int64, std::vector<WebhookSecret>> secrets;  // parsed once per subscription and batch
    std::vector<WebhookRequest> requests;
    std::vector<std::size_t> sent;  // index in batch of each request
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const DueDelivery& due = batch[i];
        const Subscription& s = due.subscription;
        AttemptRecord& record = records[i];
        record.deliveryId = due.id;
        record.guid = due.guid;
        record.subscriptionId = s.id;
        record.subscriptionGuid = s.guid;
        record.startedAt = clock_.now();
        try {
            const std::string timestamp = std::to_string(record.startedAt.epochTime());
            WebhookRequest request;
            request.uri = Poco::URI(s.url);
            request.method = s.method;
            request.body = &due.body;
            request.guarded = s.origin == subscriptionOrigin::api;
            request.headers = s.headers;
            request.headers.emplace_back("webhook-id", due.guid);
            request.headers.emplace_back("webhook-timestamp", timestamp);
            auto keys = secrets.find(s.id);
            if (keys == secrets.end()) keys = secrets.emplace(s.id, signingSecrets(s, record.startedAt)).first;
            request.headers.emplace_back("webhook-signature", signatureHeader(keys->second, due.guid, timestamp, due.body));
            request.headers.emplace_back("X-Hub-Event", due.event);
            request.headers.emplace_back("User-Agent", "sohub-webhooks");
            requests.push_back(std::move(request));
            sent.push_back(i);
        } catch (const std::exception& error) {
            record.error = describe(error);
        }
    }
    std::vector<WebhookAnswer> answers = client.sendAll(requests);
    for (std::size_t k = 0; k < sent.size(); ++k) {
        AttemptRecord& record = records[sent[k]];
        record.statusCode = answers[k].status;
        if (answers[k].error) record.error = validUtf8(*answers[k].error);  // it may quote what the receiver sent
        record.response = std::move(answers[k].response);
    }
    for (std::size_t i = 0; i < batch.size(); ++i) conclude(batch[i], records[i]);
    return records;
}

void Dispatcher::conclude(const DueDelivery& due, AttemptRecord& record) const {
    record.durationMs = (clock_.now() - record.startedAt) / 1000;
    const bool succeeded = record.statusCode && *record.statusCode >= 200 && *record.statusCode < 300;
    static metrics::Counter& succeededAttempts = attemptFigures().with({"succeeded"});
    static metrics::Counter& failedAttempts = attemptFigures().with({"failed"});
    (succeeded ? succeededAttempts : failedAttempts).add();
    const int attemptNumber = due.attempts + 1;
    record.step = due.step + 1;
    if (succeeded) {
        record.succeeded = true;
        record.state = deliveryState::delivered;
        if (log().debug())
            log().debug("Delivery %s (%s) delivered to %s, attempt %d", due.guid, due.event,
                        shown(Poco::URI(due.subscription.url)), attemptNumber);
        return;
    }
    const std::string target = shown(Poco::URI(due.subscription.url));
    const std::string what =
        record.statusCode ? "HTTP " + std::to_string(*record.statusCode) : record.error.value_or("no answer");
    if (record.statusCode && *record.statusCode == 410) {
        record.state = deliveryState::failed;
        log().warning("Delivery %s (%s) to %s: 410 Gone, no more attempts", due.guid, due.event, target);
    } else if (record.step < schedule_.attempts()) {
        record.state = deliveryState::pending;
        record.nextAttemptAt = clock_.now() + schedule_.delayBefore(record.step);
        log().information("Delivery %s (%s) attempt %d to %s: %s; next attempt at %s", due.guid, due.event, attemptNumber,
                          target, what, isoDate(*record.nextAttemptAt));
    } else {
        record.state = deliveryState::failed;
        log().warning("Delivery %s (%s) attempt %d to %s: %s; no attempts left, the delivery is failed", due.guid,
                      due.event, attemptNumber, target, what);
    }
}

std::vector<std::string> Dispatcher::recordIn(Poco::Data::Session& session, const std::vector<AttemptRecord>& done) const {
    struct Health {
        std::string guid;
        bool anySuccess = false;
        Poco::Timestamp firstFailure;
        Poco::Timestamp nextProbe;
    };
    std::map<Poco::Int64, Health> health;  // one update per subscription and batch, not per attempt
    for (const AttemptRecord& attempt : done) {
        DeliveryStore::record(session, attempt, owner_);
        auto [entry, fresh] = health.try_emplace(attempt.subscriptionId);
        Health& h = entry->second;
        // The next probe of a failing receiver: when the failed delivery is due again (an ended one: a second on),
        // and no later than webhooks.probeEvery. The probe takes the delivery due longest, never one before its own
        // schedule: the failed one's later steps (30m, 2h, ...) would otherwise hold back every delivery that waits
        // behind it, new ones too, for hours after the receiver came back.
        const Poco::Timestamp ended = attempt.startedAt + Poco::Timespan(attempt.durationMs * 1000);
        const Poco::Timestamp probe =
            std::min(attempt.nextAttemptAt ? *attempt.nextAttemptAt : attempt.startedAt + Poco::Timespan(1, 0),
                     ended + settings_.probeEvery);
        if (fresh) h = Health{attempt.subscriptionGuid, false, attempt.startedAt, probe};
        h.anySuccess = h.anySuccess || attempt.succeeded;
        if (!attempt.succeeded && attempt.startedAt < h.firstFailure) h.firstFailure = attempt.startedAt;
        if (!attempt.succeeded && probe < h.nextProbe) h.nextProbe = probe;
    }
    std::vector<std::string> disabled;
    for (const auto& [id, h] : health)
        if (DeliveryStore::noteHealth(session, id, h.anySuccess, h.firstFailure, h.nextProbe, settings_.disableAfter))
            disabled.push_back(h.guid);
    return disabled;
}

void Dispatcher::logDisabled(const std::vector<std::string>& subscriptions) const {
    for (const std::string& guid : subscriptions)
        log().warning("Subscription %s disabled: every attempt failed for %s; POST /api/v3/webhooks/update "
                      "with enabled true turns it on again", guid, formatDuration(settings_.disableAfter));
}

}  // namespace sohub
