// Hub service: add a message to a case (case-messages/create), with its "newMessage" event in the same change.
#pragma once

#include "domain/Caller.h"
#include "domain/Message.h"
#include "store/Database.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Timestamp.h>

#include <optional>
#include <string>

namespace sohub {

struct GatheredRows;

// A message checked against its case before the write, so that one change stores it (the API) or a chunk of them
// (a batch import).
struct PreparedMessage {
    Message message;
    CaseParties parties;
};

// The body of a message as the document defines it, checked in Joi's words before the store is looked at.
struct MessageInput {
    std::string caseGuid;
    Message message;  // content, type, externalId, parentMessageId, userEmail, userName
    std::optional<Poco::Timestamp> declaredAt;
};

class CreateMessage {
public:
    // Throws HubError (400, Joi's wording) at the first problem, as the document's validation does.
    static MessageInput readInput(const Poco::Dynamic::Var& input);

    explicit CreateMessage(Database& database) : database_(database) {}

    // input: the document's body. Throws HubError (400 Joi wording, 404 unknown case, 403 other parties' case).
    Message run(const Caller& caller, const Poco::Dynamic::Var& input) const;
    // The checks of run, without the write; throws as run does.
    PreparedMessage prepare(const Caller& caller, const Poco::Dynamic::Var& input) const;
    // Inside a write change: the message and its newMessage events. message.id is set. With `later`, the events'
    // delivery rows are added to it (see GatheredRows).
    static void store(Poco::Data::Session& session, PreparedMessage& prepared, GatheredRows* later = nullptr);

private:
    Database& database_;
};

}  // namespace sohub
