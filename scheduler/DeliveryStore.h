// The dispatcher's and the operators' view of webhook deliveries: claims with a lease, attempts, listings, replays.
#pragma once

#include "scheduler/SubscriptionStore.h"

#include <Poco/Data/Session.h>
#include <Poco/Timestamp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sohub {

class ReferenceData;

// A delivery this daemon leased, with what it needs to send it.
struct DueDelivery {
    Poco::Int64 id = 0;
    std::string guid;
    std::string event;
    int step = 0;
    int attempts = 0;
    Poco::Int64 outboxId = 0;
    std::string body;  // the outbox payload, byte for byte, or the case it is about (load)
    Subscription subscription;  // its id from the claim, the rest from load
    std::uint64_t round = 0;    // the dispatcher's claim that leased it (Dispatcher::leaseLoop counts them)
};

// One attempt and where it leaves the delivery.
struct AttemptRecord {
    Poco::Int64 deliveryId = 0;
    std::string guid;
    Poco::Int64 subscriptionId = 0;
    std::string subscriptionGuid;
    Poco::Timestamp startedAt;
    Poco::Int64 durationMs = 0;
    std::optional<int> statusCode;
    std::optional<std::string> error;
    std::string response;   // the first 2 KiB of the answer
    bool succeeded = false;  // a 2xx answer
    std::string state;       // pending, delivered or failed
    int step = 0;            // the schedule step of the next attempt
    std::optional<Poco::Timestamp> nextAttemptAt;
    // Recorded before by a commit that failed, maybe after it was done (a PostgreSQL connection lost during COMMIT):
    // recorded again only if that commit did not keep it.
    bool again = false;
};

struct DeliveryAttemptView {
    int attempt = 0;
    std::string at;
    Poco::Int64 durationMs = 0;
    std::optional<Poco::Int64> statusCode;
    std::optional<std::string> error;
    std::optional<std::string> response;
};

struct DeliveryView {
    std::string guid;
    std::string event;
    std::string state;
    std::optional<Poco::Int64> caseId;
    std::optional<std::string> caseGuid;
    Poco::Int64 accountId = 0;
    std::string subscriptionGuid;
    std::string url;
    int attemptCount = 0;
    std::optional<std::string> nextAttemptAt;
    std::optional<Poco::Int64> lastStatus;
    std::optional<std::string> lastError;
    std::string createdAt;
    std::string updatedAt;
    std::optional<std::string> endedAt;
    std::vector<DeliveryAttemptView> attempts;
};

struct DeliveryQuery {
    std::optional<Poco::Int64> accountId;  // none: all (admin)
    std::optional<std::string> state;
    std::optional<std::string> event;
    std::optional<std::string> caseGuid;
    int limit = 50;
    int offset = 0;
};

struct DeliveryPage {
    std::vector<DeliveryView> deliveries;
    int total = 0;
};

class DeliveryStore {
public:
    // Leases up to `limit` due deliveries (pending and due, or delivering under an expired lease) of enabled
    // subscriptions, oldest due first, to `owner` until `leaseUntil`, with conditional UPDATEs, so two daemons never
    // hold the same delivery. A failing subscription gets one delivery at a time, from its probe time on.
    static std::vector<DueDelivery> claim(Poco::Data::Session& session, const std::string& owner,
                                          const Poco::Timestamp& now, const Poco::Timestamp& leaseUntil, int limit);
    // The bodies and subscriptions of claimed deliveries, read on a read connection (off the writer's thread). A body
    // stored empty is the event's case, made here as GET /api/v3/case shows it with `reference`.
    static void load(Poco::Data::Session& session, const ReferenceData& reference, std::vector<DueDelivery>& claimed);
    // The attempt, and (while this owner still holds the lease) the delivery's next state.
    static void record(Poco::Data::Session& session, const AttemptRecord& attempt, const std::string& owner);
    // A subscription's failure streak after a batch of its attempts: any success ends it; otherwise it starts at the
    // first failure (from then on one delivery at a time is tried, at nextProbe at the earliest), and disables the
    // subscription (returned true) once every attempt failed for disableAfter.
    static bool noteHealth(Poco::Data::Session& session, Poco::Int64 subscriptionId, bool anySuccess,
                           const Poco::Timestamp& firstFailure, const Poco::Timestamp& nextProbe,
                           const Poco::Timespan& disableAfter);
    // Extends the leases `owner` holds on deliveries not yet recorded (they wait in its queue or are under way).
    static void renew(Poco::Data::Session& session, const std::string& owner, const Poco::Timestamp& until);
    // Deliveries leased by `owner` and not attempted: due again at once (a stop).
    static int release(Poco::Data::Session& session, const std::string& owner, const Poco::Timestamp& now);
    // Deliveries this owner leased and gives back unattempted: pending again, as they were (attempts, step and due
    // time unchanged). Returns how many were still its own.
    static int giveBack(Poco::Data::Session& session, const std::string& owner, const std::vector<Poco::Int64>& ids,
                        const Poco::Timestamp& now);

    static DeliveryPage list(Poco::Data::Session& session, const DeliveryQuery& query);
    // Failed deliveries pending again from the schedule's first step; the guids replayed.
    static bool replay(Poco::Data::Session& session, const std::string& guid, const Poco::Timestamp& now);
    static std::vector<std::string> replayFailedSince(Poco::Data::Session& session, std::optional<Poco::Int64> accountId,
                                                      const std::string& since, const Poco::Timestamp& now);
    // state and account of a delivery (for the replay's checks).
    static std::optional<std::pair<std::string, Poco::Int64>> stateOf(Poco::Data::Session& session, const std::string& guid);
    // Pending deliveries due by now (the dispatch job's count).
    static int dueCount(Poco::Data::Session& session, const Poco::Timestamp& now);
    // Deliveries not yet ended (pending or under way) and when the oldest of them was made (for /metrics).
    struct Backlog {
        Poco::Int64 count = 0;
        std::optional<Poco::Timestamp> oldestCreatedAt;
    };
    static Backlog backlog(Poco::Data::Session& session);
};

}  // namespace sohub
