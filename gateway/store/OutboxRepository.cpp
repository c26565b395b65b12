// Outbox rows start pending and due now; the dispatcher (scheduler issue) leases and delivers them.
#include "store/OutboxRepository.h"

#include "domain/Clock.h"
#include "domain/ExternalRequest.h"
#include "store/ExternalRequestRepository.h"

#include <Poco/Data/Statement.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Tuple.h>
#include <Poco/UUIDGenerator.h>

#include <sstream>

using namespace Poco::Data::Keywords;

namespace sohub {

Poco::Int64 OutboxRepository::add(Poco::Data::Session& session, const OutboxEvent& event) {
    std::string body = event.payloadJson;
    if (body.empty()) {
        std::ostringstream payload;
        Poco::JSON::Stringifier::stringify(event.payload, payload);
        body = payload.str();
    }
    std::string name = event.event, role = roleName(event.recipientRole), createdAt = nowIso();
    std::string deliveryGuid = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    Poco::Int64 caseId = event.caseId;
    int recipientId = event.recipientId;
    Poco::Nullable<int> account;
    if (event.recipientAccountId != 0) account = event.recipientAccountId;
    Poco::Int64 id = 0;
    session << "INSERT INTO outbox (event, case_id, recipient_account_id, recipient_role, recipient_id, payload, state, "
               "attempts, next_attempt_at, created_at, delivery_guid) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) "
               "RETURNING id",
        use(name), use(caseId), use(account), use(role), use(recipientId), use(body), use(createdAt), use(createdAt),
        use(deliveryGuid), into(id), now;

    ExternalRequest delivery;
    delivery.guid = deliveryGuid;
    if (event.caseId != 0) delivery.caseId = event.caseId;
    delivery.accountId = event.recipientAccountId;
    delivery.type = "webhook." + event.event;
    delivery.status = "pending";
    delivery.meta = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    delivery.meta->set("event", event.event);
    delivery.meta->set("outboxId", id);
    delivery.meta->set("recipientRole", role);
    delivery.meta->set("recipientId", recipientId);
    ExternalRequestRepository::insert(session, delivery);
    return id;
}

std::optional<OutboxDelivery> OutboxRepository::byDelivery(Poco::Data::Session& session,
                                                          const std::string& deliveryGuid) {
    std::vector<Poco::Tuple<Poco::Int64, std::string, int>> rows;
    std::string key = deliveryGuid;
    session << "SELECT id, state, attempts FROM outbox WHERE delivery_guid = ?", use(key), into(rows), now;
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
