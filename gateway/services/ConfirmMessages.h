// Hub service: confirm received messages by id (case-messages/confirm); as many as possible, no rollback.
#pragma once

#include "domain/Caller.h"
#include "store/Database.h"

#include <Poco/Dynamic/Var.h>

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

    // input: an array of message ids (400 in Joi's wording otherwise). Returns the ids it could not confirm.
    std::vector<ConfirmationError> run(const Caller& caller, const Poco::Dynamic::Var& input) const;

private:
    Database& database_;
};

}  // namespace sohub
