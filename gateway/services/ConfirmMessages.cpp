// Only the receiving side confirms; confirmedAt is set once; "messageConfirmed" goes to the sender.
#include "services/ConfirmMessages.h"

#include "domain/Clock.h"
#include "domain/HubError.h"
#include "domain/Joi.h"
#include "domain/Message.h"
#include "services/MessageEvents.h"
#include "store/CaseRepository.h"
#include "store/MessageRepository.h"

#include <Poco/Logger.h>

namespace sohub {
namespace {

// The side that received the message: the other side of its sender. A message the hub wrote is for both.
bool receivedBy(const Message& message, const Caller& caller) {
    if (caller.role() == Role::Admin || !message.senderType) return true;
    return *message.senderType != caller.side();
}

}  // namespace

std::vector<ConfirmationError> ConfirmMessages::run(const Caller& caller, const Poco::Dynamic::Var& input,
                                                    std::size_t maxIds) const {
    const std::vector<Poco::Int64> ids = joiIntegerArray(input);
    // Joi checks the items first, then the array's own rules (array.max), in these words.
    if (ids.size() > maxIds)
        throw HubError::invalid("\"value\" must contain less than or equal to " + std::to_string(maxIds) + " items");
    std::vector<ConfirmationError> errors;
    std::vector<std::pair<Poco::Int64, std::string>> confirmed;
    if (ids.empty()) return errors;
    database_.write([&](Poco::Data::Session& session) {
        errors.clear();
        confirmed.clear();
        for (const Poco::Int64 id : ids) {
            std::optional<Message> message = MessageRepository::byId(session, id);
            if (!message) {
                errors.push_back({id, "Not found"});
                continue;
            }
            const std::optional<CaseParties> parties = CaseRepository::partiesById(session, message->caseId);
            if (!parties || !caller.mayAccess(*parties) || !receivedBy(*message, caller)) {
                errors.push_back({id, "No access"});
                continue;
            }
            if (message->confirmedAt) continue;  // confirmed before: nothing changes
            const std::string at = nowIso();
            if (!MessageRepository::confirm(session, id, caller.account->id, at)) continue;
            message->confirmedAt = message->updatedAt = at;
            for (const OutboxEvent& event : MessageEvents::confirmed(*message, *parties))
                OutboxRepository::add(session, event);
            confirmed.emplace_back(id, parties->guid);
        }
    });
    Poco::Logger& log = Poco::Logger::get("sohub.messages");
    for (const auto& [id, guid] : confirmed) log.information("Message %Ld of case %s confirmed", id, guid);
    return errors;
}

}  // namespace sohub
