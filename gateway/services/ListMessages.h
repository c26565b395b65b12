// Hub service: the messages of a case for its two parties (GET case-messages).
#pragma once

#include "domain/Caller.h"
#include "domain/Message.h"
#include "store/Database.h"

#include <vector>

namespace sohub {

class ListMessages {
public:
    explicit ListMessages(Database& database) : database_(database) {}

    // caseGuid as given by the caller (validated here). In id order.
    std::vector<Message> run(const Caller& caller, const std::optional<std::string>& caseGuid) const;
    // The same list, as the API's JSON array text.
    std::string json(const Caller& caller, const std::optional<std::string>& caseGuid) const;

private:
    Database& database_;
};

}  // namespace sohub
