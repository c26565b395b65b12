// Outbox rows start pending and due now; the dispatcher (scheduler issue) leases and delivers them.
#include "store/OutboxRepository.h"
#include "domain/Json.h"

#include "domain/Clock.h"
#include "domain/Guid.h"
#include "store/CachedStatement.h"

#include <Poco/Data/Statement.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Tuple.h>

#include <sstream>

using namespace Poco::Data::Keywords;

namespace sohub {

Poco::Int64 OutboxRepository::add(Poco::Data::Session& session, const OutboxEvent& event) {
    std::string body = event.payloadJson;
    if (body.empty()) body = toJsonText(event.payload);
    const std::string role = roleName(event.recipientRole), createdAt = nowIso();
    const std::string deliveryGuid = newGuid();
    const std::optional<Poco::Int64> caseId =
        event.caseId != 0 ? std::optional<Poco::Int64>(event.caseId) : std::nullopt;
    const std::optional<Poco::Int64> account =
        event.recipientAccountId != 0 ? std::optional<Poco::Int64>(event.recipientAccountId) : std::nullopt;

    Poco::Int64 id = 0;
    {
        CachedStatement insert(session,
                                 "INSERT INTO outbox (event, case_id, recipient_account_id, recipient_role, "
                                 "recipient_id, payload, state, attempts, next_attempt_at, created_at, delivery_guid) "
                                 "VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) RETURNING id");
        insert.bind(1, event.event).bind(2, caseId).bind(3, account).bind(4, role);
        insert.bind(5, static_cast<Poco::Int64>(event.recipientId)).bind(6, body).bind(7, createdAt);
        insert.bind(8, createdAt).bind(9, deliveryGuid);
        if (insert.step()) id = insert.int64(0);
        insert.execute();
    }

    // The delivery, as an external request the receiver answers through requests/reply.
    std::string meta = "{\"event\":";
    {
        std::ostringstream quoted;
        Poco::JSON::Stringifier::formatString(event.event, quoted);
        meta += quoted.str();
    }
    meta += ",\"outboxId\":" + std::to_string(id) + ",\"recipientRole\":\"" + role +
            "\",\"recipientId\":" + std::to_string(event.recipientId) + "}";
    CachedStatement delivery(session,
                               "INSERT INTO external_requests (guid, case_id, account_id, type, status, meta, "
                               "created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)");
    delivery.bind(1, deliveryGuid).bind(2, caseId).bind(3, account).bind(4, "webhook." + event.event);
    delivery.bind(5, meta).bind(6, createdAt).bind(7, createdAt);
    delivery.execute();
    return id;
}

std::optional<OutboxDelivery> OutboxRepository::byDelivery(Poco::Data::Session& session, Poco::Int64 outboxId,
                                                          const std::string& deliveryGuid) {
    std::vector<Poco::Tuple<Poco::Int64, std::string, int>> rows;
    Poco::Int64 id = outboxId;
    std::string guid = deliveryGuid;
    session << "SELECT id, state, attempts FROM outbox WHERE id = ? AND delivery_guid = ?", use(id), use(guid),
        into(rows), now;
    if (rows.empty()) return std::nullopt;
    return OutboxDelivery{rows.front().get<0>(), rows.front().get<1>(), rows.front().get<2>()};
}

void OutboxRepository::setState(Poco::Data::Session& session, Poco::Int64 outboxId, const std::string& state,
                                const std::string& nextAttemptAt) {
    Poco::Int64 key = outboxId;
    std::string newState = state, due = nextAttemptAt;
    session << "UPDATE outbox SET state = ?, next_attempt_at = ?, lease_owner = NULL, lease_expires_at = NULL "
               "WHERE id = ?",
        use(newState), use(due), use(key), now;
}

}  // namespace sohub
