// Hub service: add a message to a case (case-messages/create), with its "newMessage" event in the same change.
#pragma once

#include "domain/Caller.h"
#include "domain/Message.h"
#include "store/Database.h"

#include <Poco/Dynamic/Var.h>

namespace sohub {

class CreateMessage {
public:
    explicit CreateMessage(Database& database) : database_(database) {}

    // input: the document's body. Throws HubError (400 Joi wording, 404 unknown case, 403 other parties' case).
    Message run(const Caller& caller, const Poco::Dynamic::Var& input) const;

private:
    Database& database_;
};

}  // namespace sohub
