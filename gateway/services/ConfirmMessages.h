// Hub service: confirm received messages by id (case-messages/confirm); as many as possible, no rollback.
#pragma once

#include "domain/Caller.h"
#include "store/Database.h"

#include <Poco/Dynamic/Var.h>

#include <limits>

#include <string>
#include <vector>

namespace sohub {

struct ConfirmationError {
    Poco::Int64 id = 0;
    std::string message;  // "Not found" | "No access"
};

class ConfirmMessages {
public:
    explicit ConfirmMessages(Database& database) : database_(database) {}

    // input: an array of message ids, at most maxIds of them (400 in Joi's wording otherwise). Returns the ids it
    // could not confirm. The API bounds the ids per request (messages.maxConfirmIds); an acknowledgement file
    // may name a whole export batch.
    std::vector<ConfirmationError> run(const Caller& caller, const Poco::Dynamic::Var& input,
                                       std::size_t maxIds = std::numeric_limits<std::size_t>::max()) const;

private:
    Database& database_;
};

}  // namespace sohub
