// SQL of the dispatcher (claim, record, release) and of the deliveries endpoints (list, replay), portable SQL with
// conditional UPDATEs for every change of hands.
#include "scheduler/DeliveryStore.h"

#include "domain/Clock.h"
#include "services/CaseReading.h"
#include "store/CachedStatement.h"
#include "store/Dialect.h"

#include <algorithm>
#include <map>

namespace sohub {
namespace {

std::optional<Poco::Int64> optionalInt(const std::optional<int>& value) {
    return value ? std::optional<Poco::Int64>(*value) : std::nullopt;
}

// The claim's three statements in the store's dialect (the dispatcher claims after every commit that wrote
// deliveries).
std::string claimExpired(StoreEngine engine) {
    return "UPDATE webhook_deliveries SET lease_owner = ?1, lease_expires_at = ?2, updated_at = ?3 WHERE id IN (SELECT "
           "d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.state = "
           "'delivering' AND d.lease_expires_at <= ?3 AND s.enabled = 1 AND s.deleted_at IS NULL LIMIT ?4" +
           dialect::skipLocked(engine, "d") + ") RETURNING id, guid, event, step, attempts, outbox_id, subscription_id";
}

std::string claimProbe(StoreEngine engine) {
    return "UPDATE webhook_deliveries SET state = 'delivering', lease_owner = ?1, lease_expires_at = ?2, updated_at = "
           "?3 WHERE id IN (SELECT (SELECT d.id FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.state = "
           "'pending' AND d.next_attempt_at <= ?3 ORDER BY d.next_attempt_at LIMIT 1" +
           dialect::skipLocked(engine) + ") FROM webhook_subscriptions s WHERE s.enabled = 1 AND s.deleted_at IS NULL "
           "AND s.failing_since IS NOT NULL AND (s.next_probe_at IS NULL OR s.next_probe_at <= ?3) AND NOT EXISTS "
           "(SELECT 1 FROM webhook_deliveries x WHERE x.subscription_id = s.id AND x.state = 'delivering') LIMIT ?4) "
           "RETURNING id, guid, event, step, attempts, outbox_id, subscription_id";
}

std::string claimDue(StoreEngine engine) {
    return "UPDATE webhook_deliveries SET state = 'delivering', lease_owner = ?1, lease_expires_at = ?2, updated_at = "
           "?3 WHERE id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = ?5 AND state = 'pending' AND "
           "next_attempt_at <= ?3 ORDER BY next_attempt_at LIMIT ?4" +
           dialect::skipLocked(engine) + ") RETURNING id, guid, event, step, attempts, outbox_id, subscription_id";
}

}  // namespace

std::vector<DueDelivery> DeliveryStore::claim(Poco::Data::Session& session, const std::string& owner,
                                              const Poco::Timestamp& now, const Poco::Timestamp& leaseUntil, int limit) {
    std::vector<DueDelivery> claimed;
    std::vector<std::pair<Poco::Int64, Poco::Int64>> sources;  // outbox id, subscription id
    const std::string at = isoDate(now);
    {
        // Statements that each walk an index range and stop at their limit, rather than one that sorts every due
        // row: deliveries a dead daemon left under an expired lease first, then failing subscriptions' probes, then
        // the healthy subscriptions' due deliveries. The outer UPDATEs name rows by id only (a state test there makes
        // SQLite walk every row of that state); the write transaction keeps the inner choice true (on PostgreSQL, where
        // daemons claim at once, each sub-select locks what it picks and passes over what another claim holds).
        static const EngineStatement expiredLeases(claimExpired), probes(claimProbe), dueOfOne(claimDue);
        const auto take = [&](CachedStatement& lease, int left) {
            lease.bind(1, owner).bind(2, isoDate(leaseUntil)).bind(3, at).bind(4, static_cast<Poco::Int64>(left));
            while (lease.step()) {
                DueDelivery due;
                due.id = lease.int64(0);
                due.guid = lease.text(1);
                due.event = lease.text(2);
                due.step = static_cast<int>(lease.int64(3));
                due.attempts = static_cast<int>(lease.int64(4));
                claimed.push_back(std::move(due));
                sources.emplace_back(lease.int64(5), lease.int64(6));
            }
        };
        {
            CachedStatement expired(session, expiredLeases.of(session));
            take(expired, limit);
        }
        // A subscription whose last attempts failed gets one probe at a time, once its probe time came, rather than
        // every due delivery (a receiver that is down for hours is not sent thousands of doomed attempts).
        if (static_cast<int>(claimed.size()) < limit) {
            CachedStatement probe(session, probes.of(session));
            take(probe, limit - static_cast<int>(claimed.size()));
        }
        // Healthy subscriptions: each one's due deliveries through its own index range (subscription, state, due
        // time), a share of the room each and what is left to those with more, so that one receiver's backlog
        // neither starves the others nor makes every claim walk it.
        std::vector<Poco::Int64> healthy;
        {
            CachedStatement list(session,
                                 "SELECT id FROM webhook_subscriptions WHERE enabled = 1 AND deleted_at IS NULL "
                                 "AND failing_since IS NULL ORDER BY id");
            while (list.step()) healthy.push_back(list.int64(0));
        }
        for (int pass = 0; pass < 2 && !healthy.empty(); ++pass) {
            const int left = limit - static_cast<int>(claimed.size());
            if (left <= 0) break;
            const int share = pass == 0 ? std::max(1, left / static_cast<int>(healthy.size())) : left;
            for (const Poco::Int64 subscription : healthy) {
                const int room = std::min(share, limit - static_cast<int>(claimed.size()));
                if (room <= 0) break;
                CachedStatement due(session, dueOfOne.of(session));
                due.bind(5, subscription);
                take(due, room);
            }
        }
    }
    for (std::size_t i = 0; i < claimed.size(); ++i) {
        claimed[i].outboxId = sources[i].first;
        claimed[i].subscription.id = sources[i].second;
    }
    return claimed;
}

void DeliveryStore::load(Poco::Data::Session& session, const ReferenceData& reference, std::vector<DueDelivery>& claimed) {
    std::map<Poco::Int64, Subscription> subscriptions;
    for (DueDelivery& due : claimed) {
        std::optional<Poco::Int64> caseId;
        {
            CachedStatement payload(session, "SELECT payload, case_id FROM outbox WHERE id = ?");
            payload.bind(1, due.outboxId);
            if (payload.step()) {
                due.body = payload.text(0);
                caseId = payload.optionalInt64(1);
            }
        }
        if (due.body.empty() && caseId) {
            // Cases are never changed once booked, so the case now is the case the event was about.
            due.body = CaseReading::document(session, reference, *caseId).value_or("{\"id\":" + std::to_string(*caseId) + "}");
        }
        const Poco::Int64 id = due.subscription.id;
        auto known = subscriptions.find(id);
        if (known == subscriptions.end()) {
            const std::optional<Subscription> found = SubscriptionStore::byId(session, id);
            known = subscriptions.emplace(id, found.value_or(Subscription())).first;
        }
        due.subscription = known->second;
    }
}

void DeliveryStore::record(Poco::Data::Session& session, const AttemptRecord& a, const std::string& owner) {
    const std::string at = isoDate(a.startedAt + Poco::Timespan(a.durationMs * 1000));
    if (a.again) {
        // Its start and owner name the attempt: found, the failed commit had kept it, and it is not counted twice.
        CachedStatement kept(session,
                             "SELECT 1 FROM webhook_attempts WHERE delivery_id = ? AND started_at = ? AND owner = ?");
        kept.bind(1, a.deliveryId).bind(2, isoDate(a.startedAt)).bind(3, owner);
        if (kept.step()) return;
    }
    {
        // Numbered from what is stored: a delivery taken over after a crash may have an attempt this owner never saw.
        CachedStatement attempt(session,
                                "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, "
                                "error, response, owner) VALUES (?1, (SELECT COALESCE(MAX(attempt), 0) + 1 FROM "
                                "webhook_attempts WHERE delivery_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)");
        attempt.bind(1, a.deliveryId).bind(2, isoDate(a.startedAt)).bind(3, a.durationMs);
        attempt.bind(4, optionalInt(a.statusCode)).bind(5, a.error).bind(6, a.response).bind(7, owner);
        attempt.execute();
    }
    const bool ended = a.state != "pending";
    int moved = 0;
    {
        CachedStatement update(session,
                               "UPDATE webhook_deliveries SET attempts = attempts + 1, state = ?, step = ?, "
                               "next_attempt_at = ?, last_status = ?, last_error = ?, lease_owner = NULL, "
                               "lease_expires_at = NULL, updated_at = ?, ended_at = ? "
                               "WHERE id = ? AND lease_owner = ? AND state = 'delivering'");
        update.bind(1, a.state).bind(2, static_cast<Poco::Int64>(a.step));
        update.bind(3, a.nextAttemptAt ? std::optional<std::string>(isoDate(*a.nextAttemptAt)) : std::nullopt);
        update.bind(4, optionalInt(a.statusCode)).bind(5, a.error).bind(6, at);
        update.bind(7, ended ? std::optional<std::string>(at) : std::nullopt).bind(8, a.deliveryId).bind(9, owner);
        moved = update.execute();
    }
    if (moved == 0) {
        // A reply ended or rescheduled it meanwhile, or another daemon took it over: the attempt still counts.
        CachedStatement count(session, "UPDATE webhook_deliveries SET attempts = attempts + 1 WHERE id = ?");
        count.bind(1, a.deliveryId);
        count.execute();
    }
    // The delivery's external request keeps the receiver's reply only (requests/reply), as before deliveries were
    // sent: an attempt's outcome is the delivery's, shown by GET /api/v3/deliveries.
}

bool DeliveryStore::noteHealth(Poco::Data::Session& session, Poco::Int64 subscriptionId, bool anySuccess,
                               const Poco::Timestamp& firstFailure, const Poco::Timestamp& nextProbe,
                               const Poco::Timespan& disableAfter) {
    if (anySuccess) {
        CachedStatement healthy(session,
                                "UPDATE webhook_subscriptions SET failing_since = NULL, next_probe_at = NULL "
                                "WHERE id = ? AND failing_since IS NOT NULL");
        healthy.bind(1, subscriptionId);
        healthy.execute();
        return false;
    }
    {
        CachedStatement failing(session,
                                "UPDATE webhook_subscriptions SET failing_since = COALESCE(failing_since, ?), "
                                "next_probe_at = ? WHERE id = ?");
        failing.bind(1, isoDate(firstFailure)).bind(2, isoDate(nextProbe)).bind(3, subscriptionId);
        failing.execute();
    }
    const Poco::Timestamp now;
    CachedStatement disable(session,
                            "UPDATE webhook_subscriptions SET enabled = 0, disabled_at = ?1, disabled_reason = ?2, "
                            "updated_at = ?1 WHERE id = ?3 AND enabled = 1 AND failing_since <= ?4");
    disable.bind(1, isoDate(now)).bind(2, "every attempt failed since " + isoDate(now - disableAfter) + " or earlier");
    disable.bind(3, subscriptionId).bind(4, isoDate(now - disableAfter));
    return disable.execute() > 0;
}

void DeliveryStore::renew(Poco::Data::Session& session, const std::string& owner, const Poco::Timestamp& until) {
    CachedStatement renew(session,
                          "UPDATE webhook_deliveries SET lease_expires_at = ? WHERE lease_owner = ? AND state = 'delivering'");
    renew.bind(1, isoDate(until)).bind(2, owner);
    renew.execute();
}

int DeliveryStore::release(Poco::Data::Session& session, const std::string& owner, const Poco::Timestamp& now) {
    CachedStatement release(session,
                            "UPDATE webhook_deliveries SET state = 'pending', lease_owner = NULL, lease_expires_at = NULL, "
                            "updated_at = ? WHERE lease_owner = ? AND state = 'delivering'");
    release.bind(1, isoDate(now)).bind(2, owner);
    return release.execute();
}

int DeliveryStore::giveBack(Poco::Data::Session& session, const std::string& owner, const std::vector<Poco::Int64>& ids,
                            const Poco::Timestamp& now) {
    int given = 0;
    const std::string at = isoDate(now);
    for (const Poco::Int64 id : ids) {
        CachedStatement back(session,
                             "UPDATE webhook_deliveries SET state = 'pending', lease_owner = NULL, lease_expires_at = NULL, "
                             "updated_at = ? WHERE id = ? AND lease_owner = ? AND state = 'delivering'");
        back.bind(1, at).bind(2, id).bind(3, owner);
        given += back.execute();
    }
    return given;
}

DeliveryPage DeliveryStore::list(Poco::Data::Session& session, const DeliveryQuery& q) {
    DeliveryPage page;
    std::optional<Poco::Int64> caseId;
    if (q.caseGuid) {
        CachedStatement lookup(session, "SELECT id FROM cases WHERE guid = ?");
        lookup.bind(1, *q.caseGuid);
        if (!lookup.step()) return page;
        caseId = lookup.int64(0);
    }
    // Only the filters given, so that the state filter walks its index (an "?1 IS NULL OR" form would scan every
    // delivery for each count). At most sixteen texts, each prepared once per connection.
    std::string where = " WHERE 1 = 1";
    if (q.accountId) where += " AND d.account_id = ?1";
    if (q.state) where += " AND d.state = ?2";
    if (q.event) where += " AND d.event = ?3";
    if (caseId) where += " AND d.case_id = ?4";
    const auto bindFilters = [&](CachedStatement& s) {
        if (q.accountId) s.bind(1, *q.accountId);
        if (q.state) s.bind(2, *q.state);
        if (q.event) s.bind(3, *q.event);
        if (caseId) s.bind(4, *caseId);
    };
    {
        CachedStatement count(session, lastingSql("SELECT COUNT(*) FROM webhook_deliveries d" + where));
        bindFilters(count);
        if (count.step()) page.total = static_cast<int>(count.int64(0));
    }
    std::vector<Poco::Int64> ids;
    {
        CachedStatement rows(session,
                             lastingSql("SELECT d.id, d.guid, d.event, d.state, d.case_id, c.guid, d.account_id, s.guid, "
                                      "s.url, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at, "
                                      "d.updated_at, d.ended_at FROM webhook_deliveries d LEFT JOIN cases c ON "
                                      "c.id = d.case_id JOIN webhook_subscriptions s ON s.id = d.subscription_id" +
                                      where + " ORDER BY d.id DESC LIMIT ?5 OFFSET ?6"));
        bindFilters(rows);
        rows.bind(5, static_cast<Poco::Int64>(q.limit)).bind(6, static_cast<Poco::Int64>(q.offset));
        while (rows.step()) {
            DeliveryView v;
            ids.push_back(rows.int64(0));
            v.guid = rows.text(1);
            v.event = rows.text(2);
            v.state = rows.text(3);
            v.caseId = rows.optionalInt64(4);
            v.caseGuid = rows.optionalText(5);
            v.accountId = rows.int64(6);
            v.subscriptionGuid = rows.text(7);
            v.url = rows.text(8);
            v.attemptCount = static_cast<int>(rows.int64(9));
            v.nextAttemptAt = rows.optionalText(10);
            v.lastStatus = rows.optionalInt64(11);
            v.lastError = rows.optionalText(12);
            v.createdAt = rows.text(13);
            v.updatedAt = rows.text(14);
            v.endedAt = rows.optionalText(15);
            page.deliveries.push_back(std::move(v));
        }
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CachedStatement attempts(session,
                                 "SELECT attempt, started_at, duration_ms, status_code, error, response FROM "
                                 "webhook_attempts WHERE delivery_id = ? ORDER BY attempt");
        attempts.bind(1, ids[i]);
        while (attempts.step())
            page.deliveries[i].attempts.push_back({static_cast<int>(attempts.int64(0)), attempts.text(1), attempts.int64(2),
                                                   attempts.optionalInt64(3), attempts.optionalText(4),
                                                   attempts.optionalText(5)});
    }
    return page;
}

std::optional<std::pair<std::string, Poco::Int64>> DeliveryStore::stateOf(Poco::Data::Session& session,
                                                                           const std::string& guid) {
    CachedStatement select(session, "SELECT state, account_id FROM webhook_deliveries WHERE guid = ?");
    select.bind(1, guid);
    if (!select.step()) return std::nullopt;
    return std::make_pair(select.text(0), select.int64(1));
}

bool DeliveryStore::replay(Poco::Data::Session& session, const std::string& guid, const Poco::Timestamp& now) {
    const std::string at = isoDate(now);
    CachedStatement again(session,
                          "UPDATE webhook_deliveries SET state = 'pending', step = 0, next_attempt_at = ?1, ended_at = NULL, "
                          "lease_owner = NULL, lease_expires_at = NULL, updated_at = ?1 WHERE guid = ?2 AND state = 'failed'");
    again.bind(1, at).bind(2, guid);
    if (again.execute() == 0) return false;
    CachedStatement request(session, "UPDATE external_requests SET status = 'pending', updated_at = ? WHERE guid = ?");
    request.bind(1, at).bind(2, guid);
    request.execute();
    return true;
}

std::vector<std::string> DeliveryStore::replayFailedSince(Poco::Data::Session& session,
                                                          std::optional<Poco::Int64> accountId, const std::string& since,
                                                          const Poco::Timestamp& now) {
    std::vector<std::string> guids;
    {
        CachedStatement failed(session,
                               "SELECT guid FROM webhook_deliveries WHERE state = 'failed' AND created_at >= ?1 "
                               "AND (account_id = ?2 OR ?2 IS NULL) ORDER BY id");
        failed.bind(1, since).bind(2, accountId);
        while (failed.step()) guids.push_back(failed.text(0));
    }
    for (const std::string& guid : guids) replay(session, guid, now);
    return guids;
}

int DeliveryStore::dueCount(Poco::Data::Session& session, const Poco::Timestamp& now) {
    // Two counts added, not one with OR: SQLite answers the OR of two index ranges by keeping every row id found in
    // memory (a backlog of 400,000 due deliveries: 12 MB); the states differ, so no delivery is counted twice.
    CachedStatement due(session,
                        "SELECT (SELECT COUNT(*) FROM webhook_deliveries d JOIN webhook_subscriptions s "
                        "ON s.id = d.subscription_id WHERE s.enabled = 1 AND s.deleted_at IS NULL "
                        "AND d.state = 'pending' AND d.next_attempt_at <= ?1) + "
                        "(SELECT COUNT(*) FROM webhook_deliveries d JOIN webhook_subscriptions s "
                        "ON s.id = d.subscription_id WHERE s.enabled = 1 AND s.deleted_at IS NULL "
                        "AND d.state = 'delivering' AND d.lease_expires_at <= ?1)");
    due.bind(1, isoDate(now));
    return due.step() ? static_cast<int>(due.int64(0)) : 0;
}

DeliveryStore::Backlog DeliveryStore::backlog(Poco::Data::Session& session) {
    CachedStatement select(session,
                           "SELECT COUNT(*), MIN(created_at) FROM webhook_deliveries WHERE state IN ('pending', 'delivering')");
    Backlog backlog;
    if (select.step()) {
        backlog.count = select.int64(0);
        if (const auto oldest = select.optionalText(1)) backlog.oldestCreatedAt = parseIsoDate(*oldest);
    }
    return backlog;
}

}  // namespace sohub
