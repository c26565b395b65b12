// Unit (with a real store): a webhook attempt recorded again after a commit that failed is counted once.
#define BOOST_TEST_MODULE unit_delivery_attempts
#include <boost/test/unit_test.hpp>

#include "scheduler/DeliveryStore.h"
#include "store/Database.h"
#include "support/SampleHub.h"

#include <Poco/Data/Session.h>

using namespace sohub;
using namespace Poco::Data::Keywords;

namespace {

// A store with one delivery of a caseCreated event to infocare, `delivering` under the lease of "unit".
struct Store : test::SampleHub {
    Store() {
        hub->database().write([&](Poco::Data::Session& session) {
            const std::string at = "2026-12-04T08:00:00.000Z";
            session << "INSERT INTO webhook_subscriptions (guid, name, account_id, url, events, method, headers, "
                       "secret, origin, enabled, created_at, updated_at) VALUES "
                       "('5b1e0f3a-0000-4000-8000-000000000001', 'unit', 1002, 'http://127.0.0.1:9/hook', "
                       "'[\"caseCreated\"]', 'POST', '{}', 'whsec_dW5pdA==', 'api', 1, ?, ?)",
                useRef(at), useRef(at), now;
            session << "INSERT INTO outbox (event, recipient_role, recipient_id, payload, state, attempts, "
                       "next_attempt_at, created_at) VALUES ('caseCreated', 'provider', 1, '', 'fanned', 0, ?, ?)",
                useRef(at), useRef(at), now;
            session << "INSERT INTO webhook_deliveries (guid, outbox_id, subscription_id, account_id, event, state, "
                       "step, attempts, lease_owner, lease_expires_at, created_at, updated_at) VALUES "
                       "('5b1e0f3a-0000-4000-8000-000000000002', (SELECT MAX(id) FROM outbox), "
                       "(SELECT MAX(id) FROM webhook_subscriptions), 1002, 'caseCreated', 'delivering', 0, 0, 'unit', "
                       "'2099-01-01T00:00:00.000Z', ?, ?)",
                useRef(at), useRef(at), now;
            session << "SELECT MAX(id) FROM webhook_deliveries", into(deliveryId), now;
        });
    }

    void record(const AttemptRecord& attempt) {
        hub->database().write([&](Poco::Data::Session& session) { DeliveryStore::record(session, attempt, "unit"); });
    }
    std::pair<int, int> attemptsAndRows() {
        int attempts = 0, rows = 0;
        ReadLease read = hub->database().read();
        read.session() << "SELECT attempts FROM webhook_deliveries WHERE id = ?", use(deliveryId), into(attempts), now;
        read.session() << "SELECT COUNT(*) FROM webhook_attempts WHERE delivery_id = ?", use(deliveryId), into(rows),
            now;
        return {attempts, rows};
    }

    Poco::Int64 deliveryId = 0;
};

AttemptRecord failedAttempt(Poco::Int64 deliveryId, const Poco::Timestamp& startedAt) {
    AttemptRecord attempt;
    attempt.deliveryId = deliveryId;
    attempt.startedAt = startedAt;
    attempt.durationMs = 12;
    attempt.statusCode = 503;
    attempt.state = "pending";
    attempt.step = 1;
    attempt.nextAttemptAt = startedAt + Poco::Timespan(5, 0);
    return attempt;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_attempt_recorded_again_after_a_commit_that_kept_it_counts_once) {
    Store store;
    const Poco::Timestamp startedAt;
    AttemptRecord attempt = failedAttempt(store.deliveryId, startedAt);
    store.record(attempt);  // the commit kept it, but its caller heard of a failure (a connection lost in COMMIT)
    attempt.again = true;
    store.record(attempt);
    BOOST_TEST((store.attemptsAndRows() == std::pair<int, int>{1, 1}));
}

BOOST_AUTO_TEST_CASE(an_attempt_recorded_again_after_a_commit_that_lost_it_is_recorded) {
    Store store;
    const Poco::Timestamp startedAt;
    store.record(failedAttempt(store.deliveryId, startedAt - Poco::Timespan(10, 0)));  // an earlier attempt
    AttemptRecord attempt = failedAttempt(store.deliveryId, startedAt);
    attempt.again = true;  // its first commit failed and kept nothing
    store.record(attempt);
    BOOST_TEST((store.attemptsAndRows() == std::pair<int, int>{2, 2}));
}
