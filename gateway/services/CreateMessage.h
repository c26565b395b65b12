// Hub service: add a message to a case (case-messages/create), with its "newMessage" event in the same change.
#pragma once

#include "domain/Caller.h"
#include "domain/Message.h"
#include "store/Database.h"

#include <Poco/Dynamic/Var.h>

namespace sohub {

// A message checked against its case before the write, so that one change stores it (the API) or a chunk of them
// (a batch import).
struct PreparedMessage {
    Message message;
    CaseParties parties;
};

class CreateMessage {
public:
    explicit CreateMessage(Database& database) : database_(database) {}

    // input: the document's body. Throws HubError (400 Joi wording, 404 unknown case, 403 other parties' case).
    Message run(const Caller& caller, const Poco::Dynamic::Var& input) const;
    // The checks of run, without the write; throws as run does.
    PreparedMessage prepare(const Caller& caller, const Poco::Dynamic::Var& input) const;
    // Inside a write change: the message and its newMessage events. message.id is set.
    static void store(Poco::Data::Session& session, PreparedMessage& prepared);

private:
    Database& database_;
};

}  // namespace sohub
