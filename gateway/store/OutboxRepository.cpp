// Outbox rows start pending and due now; the dispatcher (scheduler issue) leases and delivers them.
#include "store/OutboxRepository.h"

#include "domain/Clock.h"

#include <Poco/JSON/Stringifier.h>

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
    Poco::Int64 caseId = event.caseId;
    int recipientId = event.recipientId;
    Poco::Nullable<int> account;
    if (event.recipientAccountId != 0) account = event.recipientAccountId;
    Poco::Int64 id = 0;
    session << "INSERT INTO outbox (event, case_id, recipient_account_id, recipient_role, recipient_id, payload, state, "
               "attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) RETURNING id",
        use(name), use(caseId), use(account), use(role), use(recipientId), use(body), use(createdAt), use(createdAt),
        into(id), now;
    return id;
}

}  // namespace sohub
