// An outbox row is the event; its deliveries (one per subscription that hears of it) are written beside it.
#include "store/OutboxRepository.h"
#include "domain/Json.h"

#include "domain/Clock.h"
#include "store/DeliveryRepository.h"
#include "store/CachedStatement.h"


namespace sohub {

Poco::Int64 OutboxRepository::add(Poco::Data::Session& session, const OutboxEvent& event, GatheredRows* later) {
    std::string body;
    if (!event.bodyIsCase) body = event.payloadJson.empty() ? toJsonText(event.payload) : event.payloadJson;
    std::string now;  // the event's own time where it has one, not a copy of it
    const std::string& createdAt = event.createdAt.empty() ? (now = nowIso()) : event.createdAt;
    const std::optional<Poco::Int64> caseId =
        event.caseId != 0 ? std::optional<Poco::Int64>(event.caseId) : std::nullopt;
    const std::optional<Poco::Int64> account =
        event.recipientAccountId != 0 ? std::optional<Poco::Int64>(event.recipientAccountId) : std::nullopt;

    Poco::Int64 id = 0;
    {
        CachedStatement insert(session,
                               "INSERT INTO outbox (event, case_id, recipient_account_id, recipient_role, "
                               "recipient_id, payload, state, attempts, next_attempt_at, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, 'recorded', 0, ?, ?)");
        insert.bindKept(1, event.event).bind(2, caseId).bind(3, account);
        insert.bindLiteral(4, roleName(event.recipientRole)).bind(5, static_cast<Poco::Int64>(event.recipientId));
        insert.bindKept(6, body).bindKept(7, createdAt).bindKept(8, createdAt);
        id = insert.insert();
    }
    DeliveryRepository::fanOut(session, id, event, createdAt, later);
    return id;
}

}  // namespace sohub
