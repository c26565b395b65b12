// {"data": subscription} (with "secret" only when made or re-keyed), {"data": [...], "pagination"} for deliveries.
#include "scheduler/WebhookHandler.h"

#include "scheduler/DeliveryDesk.h"
#include "scheduler/SubscriptionDesk.h"

#include <Poco/JSON/Array.h>


namespace sohub {
namespace {

Poco::Dynamic::Var orNull(const std::optional<std::string>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::Dynamic::Var orNull(const std::optional<Poco::Int64>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

Poco::JSON::Object::Ptr subscriptionJson(const Subscription& s, const std::string& account, bool withSecret) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    json->set("guid", s.guid);
    json->set("name", orNull(s.name));
    json->set("account", account);
    json->set("url", s.url);
    Poco::JSON::Array::Ptr events = new Poco::JSON::Array;
    for (const std::string& event : s.events) events->add(event);
    json->set("events", events);
    json->set("method", s.method);
    Poco::JSON::Object::Ptr headers = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [name, value] : s.headers) headers->set(name, value);
    json->set("headers", headers);
    json->set("enabled", s.enabled);
    json->set("disabledAt", orNull(s.disabledAt));
    json->set("disabledReason", orNull(s.disabledReason));
    json->set("origin", s.origin);
    json->set("previousSecretExpiresAt", orNull(s.previousSecretUntil));
    json->set("createdAt", s.createdAt);
    json->set("updatedAt", s.updatedAt);
    if (withSecret) json->set("secret", s.secret);
    return json;
}

Poco::JSON::Object::Ptr deliveryJson(const DeliveryView& d, const std::string& account) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    json->set("guid", d.guid);
    json->set("event", d.event);
    json->set("state", d.state);
    json->set("caseId", orNull(d.caseId));
    json->set("caseGuid", orNull(d.caseGuid));
    json->set("account", account);
    json->set("subscriptionGuid", d.subscriptionGuid);
    json->set("url", d.url);
    json->set("attemptCount", d.attemptCount);
    json->set("nextAttemptAt", orNull(d.nextAttemptAt));
    json->set("lastStatusCode", orNull(d.lastStatus));
    json->set("lastError", orNull(d.lastError));
    json->set("createdAt", d.createdAt);
    json->set("updatedAt", d.updatedAt);
    json->set("endedAt", orNull(d.endedAt));
    Poco::JSON::Array::Ptr attempts = new Poco::JSON::Array;
    for (const DeliveryAttemptView& a : d.attempts) {
        Poco::JSON::Object::Ptr attempt = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        attempt->set("attempt", a.attempt);
        attempt->set("at", a.at);
        attempt->set("durationMs", a.durationMs);
        attempt->set("statusCode", orNull(a.statusCode));
        attempt->set("error", orNull(a.error));
        attempt->set("response", orNull(a.response));
        attempts->add(attempt);
    }
    json->set("attempts", attempts);
    return json;
}

}  // namespace

void WebhookHandler::registerIn(RouteTable& table) const {
    const WebhookHandler self = *this;
    const std::vector<Role> parties{Role::Partner, Role::Provider};
    table.add({"GET", "/api/v3/webhooks", parties, [self](const Call& call) { return self.list(call); }});
    table.add({"POST", "/api/v3/webhooks/create", parties, [self](const Call& call) { return self.create(call); }});
    table.add({"POST", "/api/v3/webhooks/update", parties, [self](const Call& call) { return self.update(call); }});
    table.add({"POST", "/api/v3/webhooks/delete", parties, [self](const Call& call) { return self.remove(call); }});
    table.add({"POST", "/api/v3/webhooks/rotate-secret", parties,
               [self](const Call& call) { return self.rotateSecret(call); }});
    table.add({"GET", "/api/v3/deliveries", parties, [self](const Call& call) { return self.deliveries(call); }});
    table.add({"POST", "/api/v3/deliveries/replay", parties, [self](const Call& call) { return self.replay(call); }});
}

Reply WebhookHandler::list(const Call& call) const {
    call.query.allowNone();
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
    for (const Subscription& s : subscriptions_.list(call.account))
        data->add(subscriptionJson(s, subscriptions_.accountName(s.accountId), false));
    return Reply::data(data);
}

Reply WebhookHandler::create(const Call& call) const {
    call.query.allowNone();
    const Subscription s = subscriptions_.create(call.account, call.jsonObject());
    return Reply::data(subscriptionJson(s, subscriptions_.accountName(s.accountId), true));
}

Reply WebhookHandler::update(const Call& call) const {
    call.query.allowNone();
    const Subscription s = subscriptions_.update(call.account, call.jsonObjectOrEmpty());
    return Reply::data(subscriptionJson(s, subscriptions_.accountName(s.accountId), false));
}

Reply WebhookHandler::remove(const Call& call) const {
    call.query.allowNone();
    subscriptions_.remove(call.account, call.jsonObjectOrEmpty());
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("deleted", true);
    return Reply::data(result);
}

Reply WebhookHandler::rotateSecret(const Call& call) const {
    call.query.allowNone();
    const Subscription s = subscriptions_.rotateSecret(call.account, call.jsonObjectOrEmpty());
    return Reply::data(subscriptionJson(s, subscriptions_.accountName(s.accountId), true));
}

Reply WebhookHandler::deliveries(const Call& call) const {
    call.query.allowOnly({"state", "event", "caseGuid", "limit", "offset"});
    DeliveryQuery query;
    query.state = call.query.oneOf("state", {"pending", "delivering", "delivered", "failed"});
    query.event = call.query.oneOf("event", {"caseCreated", "newMessage", "messageConfirmed"});
    const std::string caseGuid = call.query.get("caseGuid").value_or("");
    if (!caseGuid.empty()) query.caseGuid = Poco::toLower(caseGuid);
    query.limit = call.query.pageLimit();
    query.offset = call.query.pageOffset();
    const DeliveryPage page = deliveries_.list(call.account, query);
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
    for (const DeliveryView& d : page.deliveries) data->add(deliveryJson(d, subscriptions_.accountName(d.accountId)));
    return Reply::page(data, page.total, query.limit, query.offset);
}

Reply WebhookHandler::replay(const Call& call) const {
    call.query.allowNone();
    const Replay replay = deliveries_.replay(call.account, call.jsonObject());
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr replayed = new Poco::JSON::Array;
    for (const std::string& guid : replay.replayed) replayed->add(guid);
    result->set("replayed", replayed);
    Poco::JSON::Array::Ptr skipped = new Poco::JSON::Array;
    for (const auto& [guid, state] : replay.notReplayed) {
        Poco::JSON::Object::Ptr one = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        one->set("guid", guid);
        one->set("state", state);
        skipped->add(one);
    }
    result->set("notReplayed", skipped);
    return Reply::data(result);
}

}  // namespace sohub
