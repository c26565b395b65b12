// Addresses message events to the parties of the case.
#include "services/MessageEvents.h"

namespace sohub {
namespace {

OutboxEvent addressed(const std::string& name, const Message& message, const CaseParties& parties, Role role,
                      int recipientId, int accountId) {
    OutboxEvent event;
    event.event = name;
    event.caseId = parties.id;
    event.recipientRole = role;
    event.recipientId = recipientId;
    event.recipientAccountId = accountId;
    message.writeEventJson(event.payloadJson);
    return event;
}

OutboxEvent toPartner(const std::string& name, const Message& message, const CaseParties& parties, int accountId) {
    return addressed(name, message, parties, Role::Partner, parties.partnerId, accountId);
}

OutboxEvent toProvider(const std::string& name, const Message& message, const CaseParties& parties, int accountId) {
    return addressed(name, message, parties, Role::Provider, parties.serviceProviderId, accountId);
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
