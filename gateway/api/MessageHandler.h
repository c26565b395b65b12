// The Messages endpoints: case-messages/create, GET case-messages, case-messages/confirm.
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class CreateMessage;
class ListMessages;
class ConfirmMessages;

class MessageHandler {
public:
    MessageHandler(const CreateMessage& create, const ListMessages& list, const ConfirmMessages& confirm,
                   std::size_t maxConfirmIds)
        : create_(create), list_(list), confirm_(confirm), maxConfirmIds_(maxConfirmIds) {}

    void registerIn(RouteTable& table) const;

    Reply create(const Call& call) const;
    Reply list(const Call& call) const;
    Reply confirm(const Call& call) const;

private:
    const CreateMessage& create_;
    const ListMessages& list_;
    const ConfirmMessages& confirm_;
    std::size_t maxConfirmIds_;  // messages.maxConfirmIds
};

}  // namespace sohub
