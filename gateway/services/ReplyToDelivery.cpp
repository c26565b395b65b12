// success -> delivered, error -> failed, toRetry -> pending at the schedule's next step while steps are left (else
// failed). A delivery that has ended (delivered or failed) stays as it is, and so does its external request.
#include "services/ReplyToDelivery.h"

#include "domain/Clock.h"
#include "domain/Joi.h"
#include "store/DeliveryRepository.h"
#include "store/ExternalRequestRepository.h"

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

bool ended(const std::string& state) { return state == deliveryState::delivered || state == deliveryState::failed; }

}  // namespace

ExternalRequest ReplyToDelivery::run(const Caller& caller, const Poco::Dynamic::Var& input) const {
    const JoiObject body(JoiObject::requireObject(input));
    const std::string guid = *body.guid("guid", true);
    const std::string status = *body.oneOf("status", {"success", "error", "toRetry"}, true);
    const std::optional<std::string> message = body.string("message", false, 0, true);

    ExternalRequest delivery;
    {
        ReadLease lease = database_.read();
        std::optional<ExternalRequest> found = ExternalRequestRepository::byGuid(lease.session(), guid);
        if (!found || !found->meta || !DeliveryRepository::byGuid(lease.session(), guid))
            throw HubError::notFound("Delivery not found");
        if (!isRecipient(caller, *found)) throw HubError::noAccess();
        delivery = std::move(*found);
    }

    std::string outcome;
    database_.write([&](Poco::Data::Session& session) {
        // Read again inside the write: an attempt may have ended the delivery since.
        const std::optional<DeliveryStep> step = DeliveryRepository::byGuid(session, guid);
        if (!step || ended(step->state)) {
            outcome = step ? step->state + ", unchanged" : "gone";
            return;
        }
        const Poco::Timestamp now = clock_.now();
        const std::string at = isoDate(now);
        if (status == "toRetry" && step->step < schedule_.attempts()) {
            DeliveryRepository::retryAt(session, step->id, isoDate(now + schedule_.delayBefore(step->step)), at);
            outcome = "pending";
        } else {
            outcome = status == "success" ? deliveryState::delivered : deliveryState::failed;
            DeliveryRepository::end(session, step->id, outcome, at);
        }
        delivery.status = status;
        delivery.message = message;
        ExternalRequestRepository::recordReply(session, delivery);
    });
    Poco::Logger::get("sohub.webhooks").information("Delivery %s answered %s: now %s", guid, status, outcome);
    return delivery;
}

}  // namespace sohub
