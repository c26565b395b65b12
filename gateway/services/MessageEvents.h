// The webhook events of messages: who hears of a new message and of a confirmation.
#pragma once

#include "domain/Caller.h"
#include "domain/Message.h"
#include "store/OutboxRepository.h"

#include <vector>

namespace sohub {

class MessageEvents {
public:
    // "newMessage" for the receiving party: the provider of a partner's message, the partner of a provider's
    // message, both for a message the hub wrote itself. Never the sender.
    static std::vector<OutboxEvent> newMessage(const Message& message, const CaseParties& parties);
    // "messageConfirmed" for the party (and account) that wrote the message.
    static std::vector<OutboxEvent> confirmed(const Message& message, const CaseParties& parties);
};

}  // namespace sohub
