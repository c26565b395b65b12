// Webhook deliveries as the hub core writes them: one per outbox event and matching subscription, and the
// receiver's answer through requests/reply. The dispatcher's own queries live beside it (scheduler/DeliveryStore).
#pragma once

#include "store/RowBatch.h"

#include <Poco/Data/Session.h>

#include <optional>
#include <string>

namespace sohub {

class RetrySchedule;
struct OutboxEvent;
struct GatheredRows;

// Where a delivery stands.
namespace deliveryState {
inline const char* const pending = "pending";        // due at next_attempt_at
inline const char* const delivering = "delivering";  // leased by a dispatcher, an attempt under way
inline const char* const delivered = "delivered";    // a 2xx answer, or the receiver replied success
inline const char* const failed = "failed";          // no attempts left, 410 Gone, or the receiver replied error
}  // namespace deliveryState

struct DeliveryStep {
    Poco::Int64 id = 0;
    std::string guid;
    std::string state;
    int step = 0;      // attempts made since the schedule last started (replay starts it again)
    int attempts = 0;  // attempts made in all
};

class DeliveryRepository {
public:
    // webhooks.schedule: a new delivery's first attempt is due its first delay after the event (none set: at once).
    // Set once, before the hub takes work.
    static void scheduleFirstAttempts(const RetrySchedule& schedule);

    // Inside the change's transaction: a delivery (pending, due after the schedule's first delay) and its external
    // request for every subscription
    // that hears of this event: those of the addressed account (or, when the event goes to a party, of every account
    // acting for it) and those of admin accounts; deleted ones hear of nothing, disabled ones keep theirs waiting.
    // Returns how many; notes them for takeNewDeliveries(). With `later`, the rows are added to it, written when the
    // change flushes it.
    static int fanOut(Poco::Data::Session& session, Poco::Int64 outboxId, const OutboxEvent& event,
                      const std::string& createdAt, GatheredRows* later = nullptr);
    // A batch for fanOut's delivery rows.
    static RowBatch rows();

    // True once after this thread (the store's writer) wrote deliveries: the dispatcher's wake-up after a commit.
    static bool takeNewDeliveries();

    static std::optional<DeliveryStep> byGuid(Poco::Data::Session& session, const std::string& guid);

    // A receiver's answer: ends the delivery (delivered or failed, with the reply's status on its external request),
    // or makes it pending again at nextAttemptAt. Releases any lease, so an attempt under way does not override it.
    static void end(Poco::Data::Session& session, Poco::Int64 id, const std::string& state, const std::string& at);
    static void retryAt(Poco::Data::Session& session, Poco::Int64 id, const std::string& nextAttemptAt,
                        const std::string& at);
};

}  // namespace sohub
