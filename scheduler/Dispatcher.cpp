// One lease loop (claims and records in batches, so a commit covers many attempts) and webhooks.concurrency workers,
// each with its own keep-alive connections. A delivery is sent at least once: the attempt is recorded after it is
// made, and a crash in between leaves a lease that expires and is taken over.
#include "scheduler/Dispatcher.h"

#include "domain/Clock.h"
#include "domain/Duration.h"
#include "domain/HubError.h"
#include "scheduler/WebhookClient.h"
#include "scheduler/WebhookSignature.h"
#include "store/Database.h"
#include "store/DeliveryRepository.h"

#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <chrono>

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

}  // namespace

Dispatcher::Dispatcher(Database& database, const Clock& clock, RetrySchedule schedule, WebhookSettings settings,
                       std::string owner)
    : database_(database),
      clock_(clock),
      schedule_(std::move(schedule)),
      settings_(std::move(settings)),
      owner_(std::move(owner)) {
    database_.afterCommits([this] {
        if (DeliveryRepository::takeNewDeliveries()) wake();
    });
}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (started_) return;
    started_ = true;
    stopping_ = false;
    woken_ = true;
    leaser_ = std::thread([this] { leaseLoop(); });
    for (int i = 0; i < settings_.concurrency; ++i) workers_.emplace_back([this] { workLoop(); });
}

void Dispatcher::stop() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (!started_) return;
        started_ = false;
        stopping_ = true;
        queue_.clear();  // leased, not attempted: released below
    }
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
        record(done);
        int released = 0;
        database_.write([&](Poco::Data::Session& session) { released = DeliveryStore::release(session, owner_, clock_.now()); });
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
    const int capacity = settings_.concurrency * 2;
    for (;;) {
        std::vector<AttemptRecord> done;
        int room = 0;
        bool look = false;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait_for(lock, std::chrono::milliseconds(settings_.pollMillis),
                              [this] { return stopping_ || woken_ || !done_.empty(); });
            if (stopping_) return;
            done.swap(done_);
            room = capacity - static_cast<int>(queue_.size()) - busy_;
            // Without a wake-up or a finished attempt, the poll interval passed: deliveries of other daemons, retries
            // that came due.
            look = room > 0;
            woken_ = false;
        }
        try {
            record(done);
            if (!look) continue;
            std::vector<DueDelivery> claimed;
            const Poco::Timestamp now = clock_.now();
            const Poco::Timestamp until = now + Poco::Timespan(settings_.leaseSeconds(), 0);
            database_.write([&](Poco::Data::Session& session) {
                claimed = DeliveryStore::claim(session, owner_, now, until, room);
            });
            if (claimed.empty()) continue;
            {
                const std::lock_guard<std::mutex> lock(mutex_);
                for (DueDelivery& due : claimed) queue_.push_back(std::move(due));
                if (static_cast<int>(claimed.size()) == room) woken_ = true;  // more may be due
            }
            queued_.notify_all();
        } catch (const std::exception& error) {
            log().error("Dispatcher: %s", describe(error));
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
        }
    }
}

void Dispatcher::workLoop() {
    WebhookClient client(webhookTls(settings_.caLocation), settings_.targetPolicy(), settings_.timeoutSeconds);
    for (;;) {
        DueDelivery due;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping
            due = std::move(queue_.front());
            queue_.pop_front();
            ++busy_;
        }
        AttemptRecord outcome = attempt(client, due);
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            --busy_;
            done_.push_back(std::move(outcome));
        }
        changed_.notify_one();
    }
}

AttemptRecord Dispatcher::attempt(WebhookClient& client, const DueDelivery& due) const {
    AttemptRecord record;
    record.deliveryId = due.id;
    record.guid = due.guid;
    record.subscriptionId = due.subscription.id;
    record.subscriptionGuid = due.subscription.guid;
    record.startedAt = clock_.now();
    const Subscription& s = due.subscription;
    WebhookAnswer answer;
    Poco::URI uri;
    try {
        uri = Poco::URI(s.url);
        const std::string timestamp = std::to_string(record.startedAt.epochTime());
        WebhookRequest request;
        request.uri = uri;
        request.method = s.method;
        request.body = &due.body;
        request.guarded = s.origin == subscriptionOrigin::api;
        request.headers = s.headers;
        request.headers.emplace_back("webhook-id", due.guid);
        request.headers.emplace_back("webhook-timestamp", timestamp);
        request.headers.emplace_back("webhook-signature",
                                     signatureHeader(signingSecrets(s, record.startedAt), due.guid, timestamp, due.body));
        request.headers.emplace_back("X-Hub-Event", due.event);
        request.headers.emplace_back("User-Agent", "sohub-webhooks");
        answer = client.send(request);
    } catch (const std::exception& error) {
        answer.error = describe(error);
    }
    record.durationMs = (clock_.now() - record.startedAt) / 1000;
    record.statusCode = answer.status;
    record.error = answer.error;
    record.response = std::move(answer.response);
    const int attemptNumber = due.attempts + 1;
    if (answer.status && *answer.status >= 200 && *answer.status < 300) {
        record.succeeded = true;
        record.state = deliveryState::delivered;
        record.step = due.step + 1;
        if (log().debug()) log().debug("Delivery %s (%s) delivered to %s, attempt %d", due.guid, due.event, shown(uri), attemptNumber);
        return record;
    }
    const std::string what = answer.status ? "HTTP " + std::to_string(*answer.status) : answer.error.value_or("no answer");
    record.step = due.step + 1;
    if (answer.status && *answer.status == 410) {
        record.state = deliveryState::failed;
        log().warning("Delivery %s (%s) to %s: 410 Gone, no more attempts", due.guid, due.event, shown(uri));
    } else if (record.step < schedule_.attempts()) {
        record.state = deliveryState::pending;
        record.nextAttemptAt = clock_.now() + schedule_.delayBefore(record.step);
        log().information("Delivery %s (%s) attempt %d to %s: %s; next attempt at %s", due.guid, due.event, attemptNumber,
                          shown(uri), what, isoDate(*record.nextAttemptAt));
    } else {
        record.state = deliveryState::failed;
        log().warning("Delivery %s (%s) attempt %d to %s: %s; no attempts left, the delivery is failed", due.guid, due.event,
                      attemptNumber, shown(uri), what);
    }
    return record;
}

void Dispatcher::record(std::vector<AttemptRecord>& done) {
    if (done.empty()) return;
    std::vector<std::string> disabled;
    database_.write([&](Poco::Data::Session& session) {
        disabled.clear();
        for (const AttemptRecord& attempt : done)
            if (DeliveryStore::record(session, attempt, owner_, settings_.disableAfter))
                disabled.push_back(attempt.subscriptionGuid);
    });
    for (const std::string& guid : disabled)
        log().warning("Subscription %s disabled: every attempt failed for %s; POST /api/v3/webhooks/update "
                      "with enabled true turns it on again", guid, formatDuration(settings_.disableAfter));
    done.clear();
}

}  // namespace sohub
