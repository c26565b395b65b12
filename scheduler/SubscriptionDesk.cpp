// Field checks in the API's "Fields validation failed" shape; the URL check against internal targets; secrets made
// here and shown once.
#include "scheduler/SubscriptionDesk.h"

#include "store/Dialect.h"

#include "domain/Caller.h"
#include "domain/Clock.h"
#include "domain/FieldErrors.h"
#include "domain/HubError.h"
#include "domain/Reference.h"
#include "scheduler/Dispatcher.h"
#include "scheduler/WebhookSignature.h"
#include "store/Database.h"
#include "store/ReferenceRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>
#include <Poco/String.h>

#include <algorithm>

namespace sohub {
namespace {

// The fields a subscription is made of, read from a body into `s` (only those present, unless required).
void readFields(const Poco::JSON::Object::Ptr& body, Subscription& s, bool creating, const TargetPolicy& policy,
                FieldErrors& errors) {
    if (body->has("url") || creating) {
        const Poco::Dynamic::Var url = body->get("url");
        if (url.isEmpty() || (url.isString() && Poco::trim(url.toString()).empty())) {
            errors.add("url", problem::required);
        } else if (!url.isString()) {
            errors.add("url", problem::string);
        } else {
            try {
                policy.check(Poco::trim(url.toString()));
                s.url = Poco::trim(url.toString());
            } catch (const Poco::InvalidArgumentException& refused) {
                errors.add("url", "URL " + refused.message());
            }
        }
    }
    if (body->has("events")) {
        s.events.clear();
        const Poco::Dynamic::Var events = body->get("events");
        if (!events.isEmpty() && events.type() != typeid(Poco::JSON::Array::Ptr)) {
            errors.add("events", "Must be an array");
        } else if (!events.isEmpty()) {
            for (const Poco::Dynamic::Var& event : *events.extract<Poco::JSON::Array::Ptr>()) {
                const auto& known = webhookEvents();
                if (!event.isString() || std::find(known.begin(), known.end(), event.toString()) == known.end())
                    errors.add("events", problem::notInOptions);
                else if (std::find(s.events.begin(), s.events.end(), event.toString()) == s.events.end())
                    s.events.push_back(event.toString());
            }
        }
    }
    if (body->has("method")) {
        const Poco::Dynamic::Var method = body->get("method");
        if (!method.isString() || !isWebhookMethod(Poco::toUpper(method.toString())))
            errors.add("method", problem::notInOptions);
        else
            s.method = Poco::toUpper(method.toString());
    }
    if (body->has("headers")) {
        s.headers.clear();
        const Poco::Dynamic::Var headers = body->get("headers");
        if (!headers.isEmpty() && headers.type() != typeid(Poco::JSON::Object::Ptr)) {
            errors.add("headers", problem::object);
        } else if (!headers.isEmpty()) {
            const Poco::JSON::Object::Ptr object = headers.extract<Poco::JSON::Object::Ptr>();
            for (const std::string& name : object->getNames()) {
                const Poco::Dynamic::Var value = object->get(name);
                if (!isHeaderName(name) || isReservedHeader(name))
                    errors.add("headers." + name, "Header cannot be set by a subscription");
                else if (!value.isString() || !isHeaderValue(value.toString()))
                    errors.add("headers." + name, problem::string);
                else
                    s.headers.emplace_back(name, value.toString());
            }
        }
    }
}

std::string requiredGuid(const Poco::JSON::Object::Ptr& body) {
    const Poco::Dynamic::Var guid = body->get("guid");
    FieldErrors errors;
    if (guid.isEmpty() || (guid.isString() && guid.toString().empty())) errors.add("guid", problem::required);
    else if (!guid.isString()) errors.add("guid", problem::string);
    if (!errors.empty()) throw errors.toError();
    return Poco::toLower(guid.toString());
}

}  // namespace

std::string SubscriptionDesk::accountName(Poco::Int64 id) const {
    const Account* account = catalog_.current()->account(static_cast<int>(id));
    return account ? account->name : "";
}

void SubscriptionDesk::syncConfigured() const {
    database_.write([&](Poco::Data::Session& session) {
        // Daemons starting together write the configured subscriptions one after the other.
        dialect::exclusive(session, 7305);
        SubscriptionStore::syncConfigured(session, settings_.configured, isoDate(clock_.now()));
    });
}

std::vector<Subscription> SubscriptionDesk::list(const Account& caller) const {
    ReadLease lease = database_.read();
    const std::optional<int> own = ownAccountScope(caller);
    return SubscriptionStore::list(lease.session(), own ? std::optional<Poco::Int64>(*own) : std::nullopt);
}

Subscription SubscriptionDesk::visible(const Account& caller, const Poco::JSON::Object::Ptr& body) const {
    const std::string guid = requiredGuid(body);
    ReadLease lease = database_.read();
    std::optional<Subscription> found = SubscriptionStore::byGuid(lease.session(), guid);
    if (!found) throw HubError::notFound("Subscription not found");
    if (!mayOpenRecordOf(caller, found->accountId)) throw HubError::noAccess();
    return std::move(*found);
}

Subscription SubscriptionDesk::create(const Account& caller, const Poco::JSON::Object::Ptr& body) const {
    Subscription s;
    s.accountId = caller.id;
    FieldErrors errors;
    for (const std::string& name : body->getNames())
        if (name != "url" && name != "events" && name != "method" && name != "headers" &&
            !(name == "account" && caller.role == Role::Admin))
            errors.add(name, problem::notAllowed);
    if (body->has("account") && caller.role == Role::Admin) {
        const std::string name = body->optValue<std::string>("account", "");
        const Account* found = catalog_.current()->accountByName(name);
        if (!found) errors.add("account", "No account has this name");
        else s.accountId = found->id;
    }
    readFields(body, s, true, settings_.targetPolicy(), errors);
    if (!errors.empty()) throw errors.toError();
    s.secret = WebhookSecret::generate();
    s.origin = subscriptionOrigin::api;
    s.createdAt = s.updatedAt = isoDate(clock_.now());
    database_.write([&](Poco::Data::Session& session) { SubscriptionStore::insert(session, s); });
    Poco::Logger::get("sohub.webhooks").information("Subscription %s created for account %s", s.guid, accountName(s.accountId));
    return s;
}

Subscription SubscriptionDesk::update(const Account& caller, const Poco::JSON::Object::Ptr& body) const {
    Subscription s = visible(caller, body);
    FieldErrors errors;
    const bool configured = s.origin == subscriptionOrigin::configuration;
    for (const std::string& name : body->getNames()) {
        const bool known = name == "guid" || name == "enabled" || name == "url" || name == "events" || name == "method" ||
                           name == "headers";
        if (!known) errors.add(name, problem::notAllowed);
    }
    if (!errors.empty()) throw errors.toError();
    if (configured && (body->has("url") || body->has("events") || body->has("method") || body->has("headers")))
        throw HubError::conflict("Subscription is declared in the configuration: only enabled can change");
    readFields(body, s, false, settings_.targetPolicy(), errors);
    const bool wasEnabled = s.enabled;
    if (body->has("enabled")) {
        const Poco::Dynamic::Var enabled = body->get("enabled");
        if (!enabled.isBoolean()) errors.add("enabled", problem::boolean);
        else s.enabled = enabled.convert<bool>();
    }
    if (!errors.empty()) throw errors.toError();
    s.updatedAt = isoDate(clock_.now());
    if (s.enabled && !wasEnabled) {
        s.disabledAt.reset();
        s.disabledReason.reset();
        s.failingSince.reset();
    } else if (!s.enabled && wasEnabled) {
        s.disabledAt = s.updatedAt;
        s.disabledReason = "disabled through the API";
    }
    database_.write([&](Poco::Data::Session& session) { SubscriptionStore::update(session, s); });
    Poco::Logger::get("sohub.webhooks").information("Subscription %s updated%s", s.guid,
                                                    std::string(s.enabled ? "" : " (disabled)"));
    if (s.enabled) dispatcher_.wake();  // its waiting deliveries are due again
    return s;
}

void SubscriptionDesk::remove(const Account& caller, const Poco::JSON::Object::Ptr& body) const {
    const Subscription s = visible(caller, body);
    if (s.origin == subscriptionOrigin::configuration)
        throw HubError::conflict("Subscription is declared in the configuration: remove it there");
    database_.write([&](Poco::Data::Session& session) { SubscriptionStore::remove(session, s, isoDate(clock_.now())); });
    Poco::Logger::get("sohub.webhooks").information("Subscription %s deleted", s.guid);
}

Subscription SubscriptionDesk::rotateSecret(const Account& caller, const Poco::JSON::Object::Ptr& body) const {
    Subscription s = visible(caller, body);
    if (s.origin == subscriptionOrigin::configuration)
        throw HubError::conflict("Subscription is declared in the configuration: its secret is set there");
    const Poco::Timestamp now = clock_.now();
    if (settings_.rotationGrace.totalSeconds() > 0) {
        s.previousSecret = s.secret;
        s.previousSecretUntil = isoDate(now + settings_.rotationGrace);
    } else {
        s.previousSecret.reset();
        s.previousSecretUntil.reset();
    }
    s.secret = WebhookSecret::generate();
    s.updatedAt = isoDate(now);
    database_.write([&](Poco::Data::Session& session) { SubscriptionStore::update(session, s); });
    Poco::Logger::get("sohub.webhooks").information("Subscription %s has a new secret; the previous one signs until %s",
                                                    s.guid, s.previousSecretUntil.value_or("now"));
    return s;
}

}  // namespace sohub
