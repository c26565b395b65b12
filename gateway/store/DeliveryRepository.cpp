// Fan-out of an outbox event to its subscriptions, inside the change's transaction, and the replies' state changes.
#include "store/DeliveryRepository.h"

#include "store/Dialect.h"

#include "domain/Clock.h"
#include "domain/Guid.h"
#include "domain/Json.h"
#include "domain/RetrySchedule.h"
#include "store/CachedStatement.h"
#include "store/Database.h"
#include "store/ExternalRequestRepository.h"
#include "store/GatheredRows.h"
#include "store/NoticeListener.h"
#include "store/OutboxRepository.h"

#include <optional>
#include <vector>

namespace sohub {
namespace {

thread_local bool wroteDeliveries = false;
std::optional<RetrySchedule> firstAttempts;  // scheduleFirstAttempts

// When a delivery made at `createdAt` is first due.
std::string firstDue(const std::string& createdAt) {
    if (!firstAttempts) return createdAt;
    const Poco::Timespan delay = firstAttempts->delayBefore(0);
    if (delay.totalMicroseconds() == 0) return createdAt;
    const std::optional<Poco::Timestamp> made = parseIsoDate(createdAt);
    return made ? isoDate(*made + delay) : createdAt;
}

struct Subscriber {
    Poco::Int64 id, accountId;
};

// The subscribers an event goes to, by event and recipient, found once per change: a chunk of an import fans
// hundreds of events out to the same few. Subscriptions and accounts are changed by changes of their own, never in
// the middle of one that writes events, and no other writer comes between inside a change.
struct SubscribersOfChange {
    struct Found {
        std::string event;
        int recipientAccountId;
        Role recipientRole;
        int recipientId;
        std::vector<Subscriber> subscribers;
    };
    std::uint64_t change = 0;
    std::vector<Found> found;

    const std::vector<Subscriber>* lookUp(const OutboxEvent& event) {
        const std::uint64_t now = Database::changeSerial();
        if (now != change) {
            found.clear();
            change = now;
        }
        for (const Found& known : found)
            if (known.recipientId == event.recipientId && known.recipientRole == event.recipientRole &&
                known.recipientAccountId == event.recipientAccountId && known.event == event.event)
                return &known.subscribers;
        return nullptr;
    }

    void keep(const OutboxEvent& event, const std::vector<Subscriber>& subscribers) {
        if (change == 0) return;  // outside a change: nothing says how long it would hold
        found.push_back({event.event, event.recipientAccountId, event.recipientRole, event.recipientId, subscribers});
    }
};

thread_local SubscribersOfChange subscribersOfChange;

// The subscriptions an event goes to: those of its recipient account, of the accounts of its recipient partner or
// provider, and of admins.
std::string subscribersOf(StoreEngine engine) {
    return "SELECT s.id, s.account_id FROM webhook_subscriptions s JOIN accounts a ON a.id = s.account_id WHERE "
           "s.deleted_at IS NULL AND (s.events = '' OR " + dialect::containsText(engine, "s.events", "?1") +
           ") AND (a.role = 'admin' OR a.id = ?2 OR (?2 = 0 AND ((?3 = 'partner' AND a.role = 'partner' AND "
           "a.partner_id = ?4) OR (?3 = 'provider' AND a.role = 'provider' AND " +
           dialect::jsonArrayHolds(engine, "a.provider_ids", "?4") + ")))) ORDER BY s.id";
}

// New deliveries are due: the dispatcher of this daemon is woken after the commit (takeNewDeliveries), those of the
// other daemons on the store by the notice that goes out with it.
void markDeliveriesDue() {
    wroteDeliveries = true;
    Database::announce(notice::deliveries);
}

}  // namespace

void DeliveryRepository::scheduleFirstAttempts(const RetrySchedule& schedule) { firstAttempts = schedule; }

RowBatch DeliveryRepository::rows() {
    return RowBatch("INSERT INTO webhook_deliveries (guid, outbox_id, subscription_id, account_id, event, case_id, "
                    "state, step, attempts, next_attempt_at, created_at, updated_at) VALUES ",
                    12);
}

int DeliveryRepository::fanOut(Poco::Data::Session& session, Poco::Int64 outboxId, const OutboxEvent& event,
                               const std::string& createdAt, GatheredRows* later) {
    std::vector<Subscriber> subscribers;
    if (const std::vector<Subscriber>* known = subscribersOfChange.lookUp(event)) {
        subscribers = *known;
    } else {
        // events is stored as ",caseCreated,newMessage," (or "" for all), so one text search tests membership.
        static const EngineStatement subscribersStatement(subscribersOf);
        CachedStatement match(session, subscribersStatement.of(session));
        match.bind(1, "," + event.event + ",").bind(2, static_cast<Poco::Int64>(event.recipientAccountId));
        match.bindLiteral(3, roleName(event.recipientRole)).bind(4, static_cast<Poco::Int64>(event.recipientId));
        while (match.step()) subscribers.push_back({match.int64(0), match.int64(1)});
        subscribersOfChange.keep(event, subscribers);
    }
    const std::optional<Poco::Int64> caseId =
        event.caseId != 0 ? std::optional<Poco::Int64>(event.caseId) : std::nullopt;
    // Without a change's batches, this event's own, written below.
    GatheredRows own;
    GatheredRows& gathered = later ? *later : own;
    for (const Subscriber& subscriber : subscribers) {
        const std::string guid = newGuid();
        RowBatch& deliveries = gathered.deliveries;
        deliveries.row().value(guid).value(outboxId).value(subscriber.id).value(subscriber.accountId);
        deliveries.value(event.event).value(caseId).value(std::string(deliveryState::pending)).value(0).value(0);
        deliveries.value(firstDue(createdAt)).value(createdAt).value(createdAt);
        // The delivery as an external request of the case, which the receiver answers through requests/reply.
        ExternalRequest request;
        request.guid = guid;
        request.caseId = caseId;
        request.accountId = static_cast<int>(subscriber.accountId);
        request.type = "webhook." + event.event;
        request.status = "pending";
        std::string meta = "{\"event\":";
        appendJsonString(meta, event.event);
        meta.append(",\"outboxId\":").append(std::to_string(outboxId)).append(",\"recipientRole\":\"");
        meta.append(roleName(event.recipientRole)).append("\",\"recipientId\":");
        meta.append(std::to_string(event.recipientId)).append("}");
        request.metaText = std::move(meta);
        request.createdAt = request.updatedAt = createdAt;
        ExternalRequestRepository::insert(session, request, &gathered.requests);
    }
    if (!later) own.flush(session);
    if (!subscribers.empty()) markDeliveriesDue();
    return static_cast<int>(subscribers.size());
}

bool DeliveryRepository::takeNewDeliveries() {
    const bool wrote = wroteDeliveries;
    wroteDeliveries = false;
    return wrote;
}

std::optional<DeliveryStep> DeliveryRepository::byGuid(Poco::Data::Session& session, const std::string& guid) {
    CachedStatement select(session, "SELECT id, guid, state, step, attempts FROM webhook_deliveries WHERE guid = ?");
    select.bind(1, guid);
    if (!select.step()) return std::nullopt;
    return DeliveryStep{select.int64(0), select.text(1), select.text(2), static_cast<int>(select.int64(3)),
                        static_cast<int>(select.int64(4))};
}

void DeliveryRepository::end(Poco::Data::Session& session, Poco::Int64 id, const std::string& state,
                             const std::string& at) {
    CachedStatement update(session,
                           "UPDATE webhook_deliveries SET state = ?, next_attempt_at = NULL, lease_owner = NULL, "
                           "lease_expires_at = NULL, updated_at = ?, ended_at = ? WHERE id = ?");
    update.bind(1, state).bind(2, at).bind(3, at).bind(4, id);
    update.execute();
}

void DeliveryRepository::retryAt(Poco::Data::Session& session, Poco::Int64 id, const std::string& nextAttemptAt,
                                 const std::string& at) {
    CachedStatement update(session,
                           "UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ?, lease_owner = NULL, "
                           "lease_expires_at = NULL, updated_at = ? WHERE id = ?");
    update.bind(1, nextAttemptAt).bind(2, at).bind(3, id);
    update.execute();
    markDeliveriesDue();
}

}  // namespace sohub
