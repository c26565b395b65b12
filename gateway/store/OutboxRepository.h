// The outbox: events a change must trigger, written in the same transaction as the change.
#pragma once

#include "domain/Reference.h"

#include <Poco/Data/Session.h>
#include <Poco/Dynamic/Var.h>

#include <optional>
#include <string>

namespace sohub {

struct OutboxEvent {
    std::string event;            // "caseCreated", "newMessage", "messageConfirmed", ...
    Poco::Int64 caseId = 0;
    Role recipientRole = Role::Provider;
    int recipientId = 0;          // partner id or provider id, by recipientRole
    int recipientAccountId = 0;   // 0 when the event goes to the party rather than one account
    Poco::Dynamic::Var payload;   // the webhook body
    std::string payloadJson;      // the body already serialised (used instead of payload when set), so a busy
                                  // writer thread does not spend its time formatting JSON
};

// Where an outbox row stands, as the dispatcher and the receiver's replies move it.
namespace outboxState {
inline const char* const pending = "pending";      // due at next_attempt_at
inline const char* const delivered = "delivered";  // the receiver answered success
inline const char* const failed = "failed";        // the receiver answered error, or no attempts are left
}  // namespace outboxState

// An outbox row seen from the external request that records its delivery.
struct OutboxDelivery {
    Poco::Int64 outboxId = 0;
    std::string state;
    int attempts = 0;
};

class OutboxRepository {
public:
    // Must be called inside the change's transaction (a Database::write change). Also records the delivery as an
    // external request (own guid, type "webhook.<event>", status "pending", meta {event, outboxId, recipientRole,
    // recipientId}) that the receiver can answer through requests/reply.
    static Poco::Int64 add(Poco::Data::Session& session, const OutboxEvent& event);

    // The outbox row of a delivery (its meta names the row; the row names the delivery back).
    static std::optional<OutboxDelivery> byDelivery(Poco::Data::Session& session, Poco::Int64 outboxId,
                                                    const std::string& deliveryGuid);
    // Moves the row to state; a pending row becomes due at nextAttemptAt. Releases any lease.
    static void setState(Poco::Data::Session& session, Poco::Int64 outboxId, const std::string& state,
                         const std::string& nextAttemptAt);
};

}  // namespace sohub
