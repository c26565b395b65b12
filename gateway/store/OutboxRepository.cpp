// Outbox rows start pending and due now; the dispatcher (scheduler issue) leases and delivers them.
#include "store/OutboxRepository.h"

#include "domain/Clock.h"
#include "store/PreparedStatement.h"

#include <Poco/JSON/Stringifier.h>

#include <sstream>

using namespace Poco::Data::Keywords;

namespace sohub {

namespace {

// The outbox insert, prepared once per connection: every change that triggers something runs it.
class OutboxInsert {
public:
    explicit OutboxInsert(Poco::Data::Session& session)
        : statement_(session,
                     "INSERT INTO outbox (event, case_id, recipient_account_id, recipient_role, recipient_id, payload, "
                     "state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) "
                     "RETURNING id") {}

    Poco::Int64 run(const OutboxEvent& event, const std::string& payload) {
        const std::string createdAt = nowIso();
        Poco::Nullable<int> account;
        if (event.recipientAccountId != 0) account = event.recipientAccountId;
        statement_.bind(1, event.event).bind(2, event.caseId).bind(3, account);
        statement_.bind(4, std::string(roleName(event.recipientRole))).bind(5, event.recipientId).bind(6, payload);
        statement_.bind(7, createdAt).bind(8, createdAt);
        return statement_.run();
    }

private:
    PreparedStatement statement_;
};

}  // namespace

Poco::Int64 OutboxRepository::add(Poco::Data::Session& session, const OutboxEvent& event) {
    std::string payload = event.payloadJson;
    if (payload.empty()) {
        std::ostringstream out;
        Poco::JSON::Stringifier::stringify(event.payload, out);
        payload = out.str();
    }
    return withPrepared<OutboxInsert>(session, [&](OutboxInsert& insert) { return insert.run(event, payload); });
}

}  // namespace sohub
