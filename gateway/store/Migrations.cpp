// The schema, as an append-only list of migrations. Never edit a released one: add a new one.
#include "store/Migrations.h"

#include "domain/Clock.h"
#include "store/Dialect.h"
#include "store/NoticeListener.h"

#include <Poco/Logger.h>
#include <Poco/Stopwatch.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace Poco::Data::Keywords;

namespace sohub {
namespace {

struct Migration {
    int version;
    const char* description;
    std::vector<std::string> statements;
    // Statements spelled per engine (Dialect's), run after the portable ones.
    std::vector<std::string> (*engineStatements)(StoreEngine) = nullptr;
};

// The tables the in-memory reference snapshot is read from (ReferenceRepository::load).
std::vector<std::string> countReferenceChanges(StoreEngine engine) {
    return dialect::countChanges(engine,
                                 {"manufacturers", "product_types", "service_types", "service_locations", "accessories",
                                  "shipping_methods", "service_providers", "service_partners", "partners", "competences",
                                  "accounts"},
                                 "reference", notice::reference);
}

// PostgreSQL keeps every table as a heap with its indexes, so only SQLite's import records change their layout.
std::vector<std::string> importRecordsByKey(StoreEngine engine) {
    if (engine != StoreEngine::SQLite) return {};
    return {
        "CREATE TABLE import_records_by_key (import_id INTEGER NOT NULL REFERENCES imports(id), seq INTEGER NOT NULL, "
        "line INTEGER NOT NULL, status TEXT NOT NULL, ref TEXT, error TEXT, raw TEXT, PRIMARY KEY (import_id, seq)) "
        "WITHOUT ROWID",
        "INSERT INTO import_records_by_key (import_id, seq, line, status, ref, error, raw) "
        "SELECT import_id, seq, line, status, ref, error, raw FROM import_records",
        "DROP TABLE import_records",
        "ALTER TABLE import_records_by_key RENAME TO import_records",
    };
}

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1,
         "reference data, accounts, cases, messages, external requests, outbox",
         {
             "CREATE TABLE manufacturers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, alias TEXT UNIQUE, "
             "external_data TEXT)",
             "CREATE TABLE product_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL, alias TEXT UNIQUE, "
             "properties TEXT NOT NULL, external_data TEXT)",
             "CREATE TABLE service_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL, properties TEXT NOT NULL, "
             "external_data TEXT)",
             "CREATE TABLE service_locations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, external_data TEXT)",
             "CREATE TABLE accessories (id INTEGER PRIMARY KEY, name TEXT NOT NULL, product_type_ids TEXT NOT NULL)",
             "CREATE TABLE shipping_methods (id INTEGER PRIMARY KEY, name TEXT NOT NULL, properties TEXT NOT NULL, "
             "service_location_ids TEXT NOT NULL, external_data TEXT)",
             "CREATE TABLE service_providers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, contact_data TEXT NOT NULL)",
             "CREATE TABLE service_partners (id INTEGER PRIMARY KEY, service_provider_id INTEGER NOT NULL "
             "REFERENCES service_providers(id), name TEXT NOT NULL)",
             "CREATE TABLE partners (id INTEGER PRIMARY KEY, name TEXT NOT NULL, contact_data TEXT NOT NULL, "
             "integration TEXT NOT NULL)",
             "CREATE TABLE competences (id INTEGER PRIMARY KEY, service_provider_id INTEGER NOT NULL "
             "REFERENCES service_providers(id), service_partner_id INTEGER REFERENCES service_partners(id), "
             "priority INTEGER NOT NULL, criteria TEXT NOT NULL, provider_competence TEXT NOT NULL, "
             "partner_competence TEXT NOT NULL)",
             "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, "
             "token_hash TEXT NOT NULL UNIQUE, partner_id INTEGER REFERENCES partners(id), "
             "provider_ids TEXT NOT NULL, email TEXT, created_at TEXT NOT NULL)",
             "CREATE TABLE cases (id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, "
             "partner_id INTEGER NOT NULL, account_id INTEGER NOT NULL, service_provider_id INTEGER NOT NULL, "
             "service_partner_id INTEGER, competence_id INTEGER, manufacturer_id INTEGER NOT NULL, "
             "product_type_id INTEGER NOT NULL, service_type_id INTEGER NOT NULL, "
             "service_location_id INTEGER NOT NULL, shipping_method_id INTEGER, originator_type TEXT NOT NULL, "
             "booking_type TEXT NOT NULL, client_postal_code TEXT NOT NULL, current_status TEXT, "
             "pickup_destination TEXT, return_destination TEXT, order_data TEXT NOT NULL, "
             "product_data TEXT NOT NULL, customer TEXT NOT NULL, consumer TEXT, pickup_dst TEXT, "
             "return_dst TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
             "CREATE INDEX cases_by_provider ON cases(service_provider_id, id)",
             "CREATE INDEX cases_by_partner ON cases(partner_id, id)",
             "CREATE TABLE messages (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), "
             "sender_account_id INTEGER, sender_type TEXT, content TEXT, type TEXT NOT NULL, external_id TEXT, "
             "parent_message_id INTEGER REFERENCES messages(id), user_email TEXT, user_name TEXT, "
             "confirmed_at TEXT, confirmed_by INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
             "declared_at TEXT NOT NULL)",
             "CREATE INDEX messages_by_case ON messages(case_id, id)",
             "CREATE TABLE external_requests (id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, "
             "case_id INTEGER REFERENCES cases(id), account_id INTEGER, type TEXT NOT NULL, status TEXT NOT NULL, "
             "url TEXT, meta TEXT NOT NULL, request TEXT, response TEXT, message TEXT, tracking_id TEXT, "
             "created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
             "CREATE INDEX external_requests_by_tracking ON external_requests(tracking_id)",
             "CREATE INDEX external_requests_by_case ON external_requests(case_id, id)",
             "CREATE TABLE outbox (id INTEGER PRIMARY KEY, event TEXT NOT NULL, case_id INTEGER, "
             "recipient_account_id INTEGER, recipient_role TEXT NOT NULL, recipient_id INTEGER NOT NULL, "
             "payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, "
             "lease_owner TEXT, lease_expires_at TEXT, created_at TEXT NOT NULL)",
             "CREATE INDEX outbox_due ON outbox(state, next_attempt_at)",
         }},
        {3,
         "webhook deliveries: each outbox row names the external request that records its delivery",
         {
             "ALTER TABLE outbox ADD COLUMN delivery_guid TEXT",
         }},
        {4,
         "scheduler: jobs with their next due time and lease, their runs, and the scheduler nodes' heartbeats",
         {
             "CREATE TABLE jobs (name TEXT PRIMARY KEY, kind TEXT NOT NULL, schedule TEXT NOT NULL, "
             "time_zone TEXT NOT NULL, anchor_at TEXT NOT NULL, next_due_at TEXT NOT NULL, lease_owner TEXT, "
             "lease_expires_at TEXT, lease_run_id INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
             "CREATE TABLE job_runs (id INTEGER PRIMARY KEY, job_name TEXT NOT NULL, run_trigger TEXT NOT NULL, "
             "due_at TEXT NOT NULL, due_count INTEGER NOT NULL, status TEXT NOT NULL, outcome TEXT, owner TEXT, "
             "started_at TEXT, finished_at TEXT, duration_ms INTEGER, message TEXT, taken_over_from TEXT, "
             "created_at TEXT NOT NULL)",
             "CREATE INDEX job_runs_by_job ON job_runs(job_name, id)",
             "CREATE INDEX job_runs_by_status ON job_runs(status, id)",
             // The store itself refuses a scheduled due time taken twice, whatever a scheduler does.
             "CREATE UNIQUE INDEX job_runs_once_per_due_time ON job_runs(job_name, due_at) "
             "WHERE run_trigger = 'schedule'",
             "CREATE TABLE scheduler_nodes (owner TEXT PRIMARY KEY, started_at TEXT NOT NULL, seen_at TEXT NOT NULL)",
             // The purge keeps the external request of a delivery still under way: found through this index.
             "CREATE INDEX outbox_by_delivery ON outbox(delivery_guid)",
         }},
        {5,
         "batch imports: each file claimed by its content hash, its progress and the outcome of every record",
         {
             "CREATE TABLE imports (id INTEGER PRIMARY KEY, origin TEXT NOT NULL, account_id INTEGER NOT NULL, "
             "file_name TEXT NOT NULL, kind TEXT NOT NULL, format TEXT NOT NULL, sha256 TEXT NOT NULL, "
             "bytes INTEGER NOT NULL, status TEXT NOT NULL, duplicate_of INTEGER REFERENCES imports(id), "
             "staged_path TEXT, next_record INTEGER NOT NULL, records INTEGER NOT NULL, created INTEGER NOT NULL, "
             "rejected INTEGER NOT NULL, duplicates INTEGER NOT NULL, readable INTEGER NOT NULL, "
             "warnings TEXT NOT NULL, error TEXT, charset TEXT NOT NULL, csv_header TEXT, csv_delimiter TEXT, "
             "lease_owner TEXT, lease_expires_at TEXT, settled INTEGER NOT NULL, report_name TEXT, "
             "created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT)",
             // One original import per content and origin: the same file again is a duplicate of it.
             "CREATE UNIQUE INDEX imports_once_per_content ON imports(origin, sha256) WHERE duplicate_of IS NULL",
             "CREATE INDEX imports_by_status ON imports(status, id)",
             "CREATE INDEX imports_by_account ON imports(account_id, id)",
             "CREATE TABLE import_records (import_id INTEGER NOT NULL REFERENCES imports(id), seq INTEGER NOT NULL, "
             "line INTEGER NOT NULL, status TEXT NOT NULL, ref TEXT, error TEXT, raw TEXT, "
             "PRIMARY KEY (import_id, seq))",
             // Re-sent files: a message's externalId on its case, from one account.
             "CREATE INDEX messages_by_external_id ON messages(case_id, external_id)",
         }},
        {6,
         "message exports: each file a batch with the messages it carries",
         {
             "CREATE TABLE exports (name TEXT PRIMARY KEY, next_seq INTEGER NOT NULL)",
             "CREATE TABLE export_batches (id INTEGER PRIMARY KEY, export_name TEXT NOT NULL, account_id INTEGER NOT NULL, "
             "file_name TEXT NOT NULL, format TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, "
             "records INTEGER NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL, acknowledged_at TEXT)",
             "CREATE INDEX export_batches_by_export ON export_batches(export_name, id)",
             "CREATE INDEX export_batches_by_account ON export_batches(account_id, id)",
             "CREATE TABLE export_batch_messages (batch_id INTEGER NOT NULL REFERENCES export_batches(id), "
             "message_id INTEGER NOT NULL REFERENCES messages(id), PRIMARY KEY (batch_id, message_id))",
             "CREATE INDEX export_batch_messages_by_message ON export_batch_messages(message_id, batch_id)",
             "CREATE INDEX messages_unconfirmed ON messages(confirmed_at, id)",
         }},
        {7,
         "webhook delivery: subscriptions, one delivery per event and subscription, and every attempt",
         {
             "CREATE TABLE webhook_subscriptions (id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, name TEXT UNIQUE, "
             "account_id INTEGER NOT NULL REFERENCES accounts(id), url TEXT NOT NULL, events TEXT NOT NULL, "
             "method TEXT NOT NULL, headers TEXT NOT NULL, secret TEXT NOT NULL, previous_secret TEXT, "
             "previous_secret_until TEXT, origin TEXT NOT NULL, enabled INTEGER NOT NULL, disabled_at TEXT, "
             "disabled_reason TEXT, failing_since TEXT, next_probe_at TEXT, deleted_at TEXT, created_at TEXT NOT NULL, "
             "updated_at TEXT NOT NULL)",
             "CREATE INDEX webhook_subscriptions_by_account ON webhook_subscriptions(account_id)",
             "CREATE TABLE webhook_deliveries (id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, "
             "outbox_id INTEGER NOT NULL REFERENCES outbox(id), subscription_id INTEGER NOT NULL "
             "REFERENCES webhook_subscriptions(id), account_id INTEGER NOT NULL, event TEXT NOT NULL, case_id INTEGER, "
             "state TEXT NOT NULL, step INTEGER NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT, "
             "lease_owner TEXT, lease_expires_at TEXT, last_status INTEGER, last_error TEXT, created_at TEXT NOT NULL, "
             "updated_at TEXT NOT NULL, ended_at TEXT)",
             "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at)",
             "CREATE INDEX webhook_deliveries_by_account ON webhook_deliveries(account_id, id)",
             "CREATE INDEX webhook_deliveries_by_case ON webhook_deliveries(case_id, id)",
             "CREATE INDEX webhook_deliveries_by_outbox ON webhook_deliveries(outbox_id)",
             "CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries(subscription_id, state, next_attempt_at)",
             "CREATE TABLE webhook_attempts (delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id), "
             "attempt INTEGER NOT NULL, started_at TEXT NOT NULL, duration_ms INTEGER NOT NULL, status_code INTEGER, "
             "error TEXT, response TEXT, owner TEXT, PRIMARY KEY (delivery_id, attempt))",
             // Before subscriptions an outbox row was its own delivery; now it is the event, and its deliveries are
             // rows of webhook_deliveries. Rows written before had no subscriber to go to.
             "UPDATE outbox SET state = 'recorded', lease_owner = NULL, lease_expires_at = NULL",
         }},
        {8,
         "readiness: a row that GET /ready writes to prove the store takes a write",
         {
             "CREATE TABLE probes (name TEXT PRIMARY KEY, written_at TEXT NOT NULL)",
         }},
        {9,
         "versions of what daemons hold in memory: reference data and accounts, counted by triggers on every change",
         {
             "CREATE TABLE store_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)",
             "INSERT INTO store_versions (name, version) VALUES ('reference', 1)",
         },
         &countReferenceChanges},
        {10,
         "the outbox records events: its indexes from when each row was its own delivery (due rows, their requests) "
         "are read by nothing since deliveries became rows of webhook_deliveries, and cost every event two entries",
         {
             "DROP INDEX IF EXISTS outbox_due",
             "DROP INDEX IF EXISTS outbox_by_delivery",
         }},
        {11,
         "two entries less per imported case: the tracking-id index holds only requests that have one (not every "
         "webhook delivery's), and SQLite keeps import record outcomes in their key's tree alone (no rowid tree beside)",
         {
             // Both reads of it ask for one tracking id (tracking_id = ?), which implies IS NOT NULL.
             "DROP INDEX IF EXISTS external_requests_by_tracking",
             "CREATE INDEX external_requests_by_tracking ON external_requests(tracking_id) WHERE tracking_id IS NOT NULL",
         },
         &importRecordsByKey},
        {12,
         "imports not settled yet (their file still to move, or their report still to write), found per origin "
         "without reading every finished import",
         {
             "CREATE INDEX imports_unsettled ON imports(origin, id) WHERE settled = 0",
         }},
        {13,
         "imports cut short (their file went away before its end): the same content again resumes them where they "
         "stopped, instead of being a duplicate of a failed import whose other records were never applied",
         {
             // Added with a default: a daemon of the version before, which does not name it, still inserts imports.
             "ALTER TABLE imports ADD COLUMN cut_short INTEGER NOT NULL DEFAULT 0",
             // Those cut short before: the two reasons an import is abandoned with (ImportSettlement::abandon).
             "UPDATE imports SET cut_short = 1 WHERE status = 'failed' AND (error LIKE 'The file was removed or "
             "replaced before its import finished:%' OR error LIKE 'The uploaded file is no longer in the uploads "
             "folder:%')",
         }},
        {14,
         "cases mark data objects written exactly as the JSON writer writes them (every case booked from now on), so "
         "that a read passes them on as they are instead of checking them byte by byte; older rows are checked",
         {
             "ALTER TABLE cases ADD COLUMN data_canonical INTEGER NOT NULL DEFAULT 0",
         }},
    };
    return all;
}

}  // namespace

namespace {

// Two daemons starting on one PostgreSQL database migrate one after the other (a session-level advisory lock,
// released when the migration is over or the connection closes). SQLite's writer lock does the same for a file.
class MigrationLock {
public:
    explicit MigrationLock(Poco::Data::Session& session) : session_(session) { dialect::sessionLock(session_, key); }
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;
    ~MigrationLock() {
        try {
            dialect::sessionUnlock(session_, key);
        } catch (...) {
        }
    }

private:
    static constexpr int key = 7303;
    Poco::Data::Session& session_;
};

}  // namespace

int knownSchemaVersion() { return migrations().back().version; }

int storedSchemaVersion(Poco::Data::Session& session) {
    Poco::Nullable<Poco::Int64> latest;
    session << "SELECT MAX(version) FROM schema_migrations", into(latest), now;
    return latest.isNull() ? 0 : static_cast<int>(latest.value());
}

int migrate(Poco::Data::Session& session) {
    const MigrationLock lock(session);
    const bool postgres = engineOf(session) == StoreEngine::PostgreSQL;
    const auto ddl = [postgres](const std::string& statement) {
        return postgres ? postgresSchema(statement) : statement;
    };
    session << ddl("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                   "description TEXT NOT NULL, applied_at TEXT NOT NULL)"),
        now;
    std::vector<int> applied;
    session << "SELECT version FROM schema_migrations", into(applied), now;
    int current = 0;
    for (const int version : applied) current = std::max(current, version);
    const int known = knownSchemaVersion();
    if (current > known)
        throw SchemaTooNew("the store's schema is version " + std::to_string(current) + ", newer than this sohubd (" +
                           std::to_string(known) + "): run the sohubd that migrated it, or a newer one");
    Poco::Logger& log = Poco::Logger::get("sohub.store");
    // An empty store gets its schema in one line; an older one is told migration by migration, before each runs
    // (one that rewrites a large table is why a start takes long).
    const bool empty = applied.empty();
    if (empty) log.information("Empty store: creating its schema (version %d)", known);
    for (const Migration& migration : migrations()) {
        // Every migration not applied yet, in order: one that arrives late from another branch is still applied.
        if (std::find(applied.begin(), applied.end(), migration.version) != applied.end()) continue;
        if (!empty)
            log.information("Store schema version %d: applying migration %d (%s)", current, migration.version,
                            std::string(migration.description));
        Poco::Stopwatch took;
        took.start();
        session.begin();
        try {
            for (const std::string& statement : migration.statements) session << ddl(statement), now;
            if (migration.engineStatements)
                for (const std::string& statement : migration.engineStatements(engineOf(session))) session << statement, now;
            std::string description = migration.description;
            std::string appliedAt = nowIso();
            int version = migration.version;
            session << "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                use(version), use(description), use(appliedAt), now;
            session.commit();
        } catch (...) {
            session.rollback();
            log.error("Store migration %d failed and was rolled back: the schema stays at version %d", migration.version,
                      current);
            throw;
        }
        current = std::max(current, migration.version);
        if (!empty)
            log.information("Store migration %d applied in %Ld ms", migration.version, Poco::Int64(took.elapsed() / 1000));
    }
    return current;
}

}  // namespace sohub
