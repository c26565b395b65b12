// Hub service: a receiver's answer to a webhook delivery (requests/reply): ends it or schedules its next attempt.
#pragma once

#include "domain/Caller.h"
#include "domain/ExternalRequest.h"
#include "domain/RetrySchedule.h"
#include "store/Database.h"

#include <Poco/Dynamic/Var.h>

#include <functional>

namespace sohub {

class Clock;

class ReplyToDelivery {
public:
    ReplyToDelivery(Database& database, const Clock& clock, RetrySchedule schedule)
        : database_(database), clock_(clock), schedule_(std::move(schedule)) {}

    // input: {guid, status: success|error|toRetry, message}. Throws HubError: 400, 404 (no such delivery),
    // 403 (the caller is not the party the delivery went to). Returns the delivery's external request afterwards.
    ExternalRequest run(const Caller& caller, const Poco::Dynamic::Var& input) const;

private:
    Database& database_;
    const Clock& clock_;
    const RetrySchedule schedule_;
};

}  // namespace sohub
