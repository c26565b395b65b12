// POST /api/v3/case/send-completed-email.
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class SendCompletedEmail;

class CompletedEmailHandler {
public:
    explicit CompletedEmailHandler(const SendCompletedEmail& send) : send_(send) {}

    void registerIn(RouteTable& table) const;
    Reply send(const Call& call) const;

private:
    const SendCompletedEmail& send_;
};

}  // namespace sohub
