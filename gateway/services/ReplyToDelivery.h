// Hub service: a receiver's answer to a webhook delivery (requests/reply): ends or renews its repetition.
#pragma once

#include "domain/Caller.h"
#include "domain/ExternalRequest.h"
#include "store/Database.h"

#include <Poco/Dynamic/Var.h>

namespace sohub {

struct DeliveryPolicy {
    int maxAttempts = 10;          // toRetry is honoured while fewer attempts were made
    int retryDelaySeconds = 60;    // a toRetry delivery is due again after this long
};

class ReplyToDelivery {
public:
    ReplyToDelivery(Database& database, DeliveryPolicy policy) : database_(database), policy_(policy) {}

    // input: {guid, status: success|error|toRetry, message}. Throws HubError: 400, 404 (no such delivery),
    // 403 (the caller is not the party the delivery went to). Returns the delivery as stored afterwards.
    ExternalRequest run(const Caller& caller, const Poco::Dynamic::Var& input) const;

private:
    Database& database_;
    const DeliveryPolicy policy_;
};

}  // namespace sohub
