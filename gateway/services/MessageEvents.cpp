// Addresses message events to the parties of the case.
#include "services/MessageEvents.h"

namespace sohub {
namespace {

OutboxEvent toPartner(const std::string& name, const Message& message, const CaseParties& parties, int accountId) {
    return OutboxEvent{name, parties.id, Role::Partner, parties.partnerId, accountId, message.toEventJson()};
}

OutboxEvent toProvider(const std::string& name, const Message& message, const CaseParties& parties, int accountId) {
    return OutboxEvent{name, parties.id, Role::Provider, parties.serviceProviderId, accountId, message.toEventJson()};
}

}  // namespace

std::vector<OutboxEvent> MessageEvents::newMessage(const Message& message, const CaseParties& parties) {
    const std::string side = message.senderType.value_or("");
    if (side == "partner") return {toProvider("newMessage", message, parties, 0)};
    if (side == "provider") return {toPartner("newMessage", message, parties, parties.accountId)};
    return {toPartner("newMessage", message, parties, parties.accountId), toProvider("newMessage", message, parties, 0)};
}

std::vector<OutboxEvent> MessageEvents::confirmed(const Message& message, const CaseParties& parties) {
    const std::string side = message.senderType.value_or("");
    const int sender = message.senderAccountId.value_or(0);
    if (side == "partner") return {toPartner("messageConfirmed", message, parties, sender)};
    if (side == "provider") return {toProvider("messageConfirmed", message, parties, sender)};
    return {};
}

}  // namespace sohub
