// The outbox: events a change must trigger, written in the same transaction as the change.
#pragma once

#include "domain/Reference.h"

#include <Poco/Data/Session.h>
#include <Poco/Dynamic/Var.h>

#include <string>

namespace sohub {

struct GatheredRows;

struct OutboxEvent {
    std::string event;            // "caseCreated", "newMessage", "messageConfirmed", ...
    Poco::Int64 caseId = 0;
    Role recipientRole = Role::Provider;
    int recipientId = 0;          // partner id or provider id, by recipientRole
    int recipientAccountId = 0;   // 0 when the event goes to the party rather than one account
    Poco::Dynamic::Var payload;   // the webhook body
    std::string payloadJson;      // the body already serialised (used instead of payload when set), so a busy
                                  // writer thread does not spend its time formatting JSON
    // The body is the event's case as GET /api/v3/case shows it, made when it is delivered (cases never change
    // once booked): stored as an empty payload instead of a second copy of the case, which was half of the bytes
    // a booking wrote.
    bool bodyIsCase = false;
    // When the event happened (ISO 8601, UTC): the booking's own time, set where the booking was prepared, off the
    // writer's thread. Empty: the time it is added.
    std::string createdAt;
};

class OutboxRepository {
public:
    // Must be called inside the change's transaction (a Database::write change). Also writes the event's deliveries
    // (DeliveryRepository::fanOut), each with its external request that the receiver can answer through requests/reply.
    // With `later`, the deliveries' rows are added to it (see GatheredRows).
    static Poco::Int64 add(Poco::Data::Session& session, const OutboxEvent& event, GatheredRows* later = nullptr);

};

}  // namespace sohub
