// success -> delivered, error -> failed, toRetry -> pending again while attempts are left (else failed); a delivery
// that success or error ended stays ended.
#include "services/ReplyToDelivery.h"

#include "domain/Clock.h"
#include "domain/Joi.h"
#include "store/ExternalRequestRepository.h"
#include "store/OutboxRepository.h"

#include <Poco/Logger.h>

#include <algorithm>

namespace sohub {
namespace {

bool isRecipient(const Caller& caller, const ExternalRequest& delivery) {
    if (caller.role() == Role::Admin) return true;
    const std::string role = delivery.meta->optValue<std::string>("recipientRole", "");
    const int recipient = delivery.meta->optValue<int>("recipientId", 0);
    if (caller.role() == Role::Partner) return role == "partner" && recipient == caller.account->partnerId;
    return role == "provider" &&
           std::find(caller.providerIds.begin(), caller.providerIds.end(), recipient) != caller.providerIds.end();
}

}  // namespace

ExternalRequest ReplyToDelivery::run(const Caller& caller, const Poco::Dynamic::Var& input) const {
    const JoiObject body(JoiObject::requireObject(input));
    const std::string guid = *body.guid("guid", true);
    const std::string status = *body.oneOf("status", {"success", "error", "toRetry"}, true);
    const std::optional<std::string> message = body.string("message", false, 0, true);

    ExternalRequest delivery;
    OutboxDelivery outbox;
    {
        ReadLease lease = database_.read();
        std::optional<ExternalRequest> found = ExternalRequestRepository::byGuid(lease.session(), guid);
        std::optional<OutboxDelivery> row;
        if (found && found->meta && found->meta->has("outboxId"))
            row = OutboxRepository::byDelivery(lease.session(), found->meta->getValue<Poco::Int64>("outboxId"), guid);
        if (!found || !row) throw HubError::notFound("Delivery not found");
        if (!isRecipient(caller, *found)) throw HubError::noAccess();
        delivery = std::move(*found);
        outbox = *row;
    }

    delivery.status = status;
    delivery.message = message;
    std::string state = outboxState::failed;
    Poco::Timestamp due;
    if (status == "success") {
        state = outboxState::delivered;
    } else if (status == "toRetry" && outbox.state != outboxState::pending) {
        state = outbox.state;  // success or error ended the repetition; a later toRetry does not start it again
    } else if (status == "toRetry" && outbox.attempts < policy_.maxAttempts) {
        state = outboxState::pending;
        due += Poco::Timespan(policy_.retryDelaySeconds, 0);
    }
    database_.write([&](Poco::Data::Session& session) {
        ExternalRequestRepository::recordReply(session, delivery);
        OutboxRepository::setState(session, outbox.outboxId, state, isoDate(due));
    });
    Poco::Logger::get("sohub.webhooks")
        .information("Delivery %s answered %s: outbox %Ld now %s", guid, status, outbox.outboxId, state);
    return delivery;
}

}  // namespace sohub
