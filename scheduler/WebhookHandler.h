// The webhooks and deliveries endpoints: subscriptions (/api/v3/webhooks...) and deliveries (/api/v3/deliveries...).
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class SubscriptionDesk;
class DeliveryDesk;

class WebhookHandler {
public:
    WebhookHandler(const SubscriptionDesk& subscriptions, const DeliveryDesk& deliveries)
        : subscriptions_(subscriptions), deliveries_(deliveries) {}

    void registerIn(RouteTable& table) const;

    Reply list(const Call& call) const;
    Reply create(const Call& call) const;
    Reply update(const Call& call) const;
    Reply remove(const Call& call) const;
    Reply rotateSecret(const Call& call) const;
    Reply deliveries(const Call& call) const;
    Reply replay(const Call& call) const;

private:
    const SubscriptionDesk& subscriptions_;
    const DeliveryDesk& deliveries_;
};

}  // namespace sohub
