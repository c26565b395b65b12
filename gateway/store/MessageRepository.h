// Messages in the store.
#pragma once

#include "domain/Message.h"

#include <Poco/Data/Session.h>

#include <optional>
#include <vector>

namespace sohub {

class MessageRepository {
public:
    // Sets id on the message; its dates are written as given. Inside a write change.
    static void insert(Poco::Data::Session& session, Message& message);
    // The message with its case's guid, or nothing.
    static std::optional<Message> byId(Poco::Data::Session& session, Poco::Int64 id);
    // The case of a message, or nothing when there is no such message.
    static std::optional<Poco::Int64> caseOf(Poco::Data::Session& session, Poco::Int64 id);
    // All messages of the case in id order; caseGuid is set from the argument.
    static std::vector<Message> byCase(Poco::Data::Session& session, Poco::Int64 caseId, const std::string& caseGuid);
    // The same list as the API's JSON array (Message::toJson of each), built by the store in one row.
    static std::string jsonByCase(Poco::Data::Session& session, Poco::Int64 caseId, const std::string& caseGuid);
    // Sets confirmed_at (and updated_at) once; returns false when it was already set.
    static bool confirm(Poco::Data::Session& session, Poco::Int64 id, int accountId, const std::string& at);
};

}  // namespace sohub
