// Hub service for the webhooks API: an account's own subscriptions (admin: all), made, changed, deleted, re-keyed.
#pragma once

#include "scheduler/SubscriptionStore.h"
#include "scheduler/WebhookSettings.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace sohub {

struct Account;
class Clock;
class Database;
class Dispatcher;
class ReferenceCatalog;

class SubscriptionDesk {
public:
    SubscriptionDesk(Database& database, const Clock& clock, const ReferenceCatalog& catalog,
                     const WebhookSettings& settings, Dispatcher& dispatcher)
        : database_(database), clock_(clock), catalog_(catalog), settings_(settings), dispatcher_(dispatcher) {}

    // Writes the configured subscriptions into the store (at start).
    void syncConfigured() const;

    std::vector<Subscription> list(const Account& caller) const;
    // {url, events, method, headers} (admin: also account, a name). Answers the subscription with its new secret.
    Subscription create(const Account& caller, const Poco::JSON::Object::Ptr& body) const;
    // {guid, url?, events?, method?, headers?, enabled?}; a configured subscription changes only in enabled.
    Subscription update(const Account& caller, const Poco::JSON::Object::Ptr& body) const;
    void remove(const Account& caller, const Poco::JSON::Object::Ptr& body) const;
    // A new secret; the old one signs beside it for webhooks.rotationGraceHours.
    Subscription rotateSecret(const Account& caller, const Poco::JSON::Object::Ptr& body) const;

    std::string accountName(Poco::Int64 id) const;

private:
    Subscription visible(const Account& caller, const Poco::JSON::Object::Ptr& body) const;

    Database& database_;
    const Clock& clock_;
    const ReferenceCatalog& catalog_;
    const WebhookSettings& settings_;
    Dispatcher& dispatcher_;
};

}  // namespace sohub
