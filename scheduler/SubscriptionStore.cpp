// Rows of webhook_subscriptions; events kept as ",a,b," so that the fan-out tests membership with one instr().
#include "scheduler/SubscriptionStore.h"

#include "domain/Guid.h"
#include "store/CachedStatement.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <sstream>

namespace sohub {
namespace {

std::string eventsText(const std::vector<std::string>& events) {
    if (events.empty()) return "";
    std::string text = ",";
    for (const std::string& event : events) text += event + ",";
    return text;
}

std::vector<std::string> eventsOf(const std::string& text) {
    std::vector<std::string> events;
    for (const std::string& event : Poco::StringTokenizer(text, ",", Poco::StringTokenizer::TOK_IGNORE_EMPTY))
        events.push_back(event);
    return events;
}

std::string headersText(const std::vector<std::pair<std::string, std::string>>& headers) {
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [name, value] : headers) object.set(name, value);
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

std::vector<std::pair<std::string, std::string>> headersOf(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> headers;
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    const Poco::JSON::Object::Ptr object = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    for (const std::string& name : object->getNames()) headers.emplace_back(name, object->getValue<std::string>(name));
    return headers;
}

Subscription rowOf(const CachedStatement& row) {
    Subscription s;
    s.id = row.int64(0);
    s.guid = row.text(1);
    s.name = row.optionalText(2);
    s.accountId = row.int64(3);
    s.url = row.text(4);
    s.events = eventsOf(row.text(5));
    s.method = row.text(6);
    s.headers = headersOf(row.text(7));
    s.secret = row.text(8);
    s.previousSecret = row.optionalText(9);
    s.previousSecretUntil = row.optionalText(10);
    s.origin = row.text(11);
    s.enabled = row.int64(12) != 0;
    s.disabledAt = row.optionalText(13);
    s.disabledReason = row.optionalText(14);
    s.failingSince = row.optionalText(15);
    s.createdAt = row.text(16);
    s.updatedAt = row.text(17);
    return s;
}

// The columns rowOf reads, then the statement's own WHERE and order.
const char* selectWhere(const char* tail) {
    return lastingSql(std::string("SELECT id, guid, name, account_id, url, events, method, headers, secret, previous_secret, "
                                  "previous_secret_until, origin, enabled, disabled_at, disabled_reason, failing_since, "
                                  "created_at, updated_at FROM webhook_subscriptions ") + tail);
}

template <typename Bind>
std::vector<Subscription> select(Poco::Data::Session& session, const char* sql, Bind bind) {
    std::vector<Subscription> found;
    CachedStatement statement(session, sql);
    bind(statement);
    while (statement.step()) found.push_back(rowOf(statement));
    return found;
}

}  // namespace

std::vector<Subscription> SubscriptionStore::list(Poco::Data::Session& session, std::optional<Poco::Int64> accountId) {
    static const char* const ofAccount = selectWhere("WHERE deleted_at IS NULL AND account_id = ? ORDER BY id");
    static const char* const all = selectWhere("WHERE deleted_at IS NULL ORDER BY id");
    if (accountId)
        return select(session, ofAccount, [&](CachedStatement& s) { s.bind(1, *accountId); });
    return select(session, all, [](CachedStatement&) {});
}

std::optional<Subscription> SubscriptionStore::byGuid(Poco::Data::Session& session, const std::string& guid) {
    static const char* const sql = selectWhere("WHERE deleted_at IS NULL AND guid = ?");
    std::vector<Subscription> found = select(session, sql, [&](CachedStatement& s) { s.bind(1, guid); });
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::optional<Subscription> SubscriptionStore::byId(Poco::Data::Session& session, Poco::Int64 id) {
    static const char* const sql = selectWhere("WHERE id = ?");
    std::vector<Subscription> found = select(session, sql, [&](CachedStatement& s) { s.bind(1, id); });
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

void SubscriptionStore::insert(Poco::Data::Session& session, Subscription& s) {
    if (s.guid.empty()) s.guid = newGuid();
    CachedStatement insert(session,
                           "INSERT INTO webhook_subscriptions (guid, name, account_id, url, events, method, headers, "
                           "secret, origin, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                           "RETURNING id");
    insert.bind(1, s.guid).bind(2, s.name).bind(3, s.accountId).bind(4, s.url).bind(5, eventsText(s.events));
    insert.bind(6, s.method).bind(7, headersText(s.headers)).bind(8, s.secret).bind(9, s.origin);
    insert.bind(10, static_cast<Poco::Int64>(s.enabled ? 1 : 0)).bind(11, s.createdAt).bind(12, s.updatedAt);
    if (insert.step()) s.id = insert.int64(0);
    insert.execute();
}

void SubscriptionStore::update(Poco::Data::Session& session, const Subscription& s) {
    CachedStatement update(session,
                           "UPDATE webhook_subscriptions SET account_id = ?, url = ?, events = ?, method = ?, headers = ?, "
                           "secret = ?, previous_secret = ?, previous_secret_until = ?, enabled = ?, disabled_at = ?, "
                           "disabled_reason = ?, failing_since = ?, next_probe_at = CASE WHEN ?12 IS NULL THEN NULL ELSE next_probe_at END, "
                           "updated_at = ?, deleted_at = NULL WHERE id = ?");
    update.bind(1, s.accountId).bind(2, s.url).bind(3, eventsText(s.events)).bind(4, s.method);
    update.bind(5, headersText(s.headers)).bind(6, s.secret).bind(7, s.previousSecret).bind(8, s.previousSecretUntil);
    update.bind(9, static_cast<Poco::Int64>(s.enabled ? 1 : 0)).bind(10, s.disabledAt).bind(11, s.disabledReason);
    update.bind(12, s.failingSince).bind(13, s.updatedAt).bind(14, s.id);
    update.execute();
}

void SubscriptionStore::remove(Poco::Data::Session& session, const Subscription& s, const std::string& at) {
    {
        CachedStatement gone(session, "UPDATE webhook_subscriptions SET deleted_at = ?, updated_at = ? WHERE id = ?");
        gone.bind(1, at).bind(2, at).bind(3, s.id);
        gone.execute();
    }
    CachedStatement ended(session,
                          "UPDATE webhook_deliveries SET state = 'failed', last_error = 'subscription deleted', "
                          "next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?, "
                          "ended_at = ? WHERE subscription_id = ? AND state IN ('pending', 'delivering')");
    ended.bind(1, at).bind(2, at).bind(3, s.id);
    ended.execute();
}

void SubscriptionStore::syncConfigured(Poco::Data::Session& session, const std::vector<Subscription>& configured,
                                       const std::string& at) {
    static const char* const sql = selectWhere("WHERE origin = 'configuration' ORDER BY id");
    std::vector<Subscription> stored = select(session, sql, [](CachedStatement&) {});
    for (const Subscription& wanted : configured) {
        const auto same = std::find_if(stored.begin(), stored.end(), [&](const Subscription& s) { return s.name == wanted.name; });
        if (same == stored.end()) {
            Subscription fresh = wanted;
            fresh.createdAt = fresh.updatedAt = at;
            insert(session, fresh);
            continue;
        }
        Subscription kept = *same;
        kept.accountId = wanted.accountId;
        kept.url = wanted.url;
        kept.events = wanted.events;
        kept.method = wanted.method;
        kept.headers = wanted.headers;
        if (kept.secret != wanted.secret) kept.previousSecret.reset(), kept.previousSecretUntil.reset();
        kept.secret = wanted.secret;
        kept.updatedAt = at;
        update(session, kept);  // also brings back one that was deleted when it left the configuration
    }
    for (const Subscription& old : stored) {
        const bool still = std::any_of(configured.begin(), configured.end(), [&](const Subscription& s) { return s.name == old.name; });
        if (!still) remove(session, old, at);
    }
}

}  // namespace sohub
