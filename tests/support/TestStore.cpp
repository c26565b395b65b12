// Test stores: the PostgreSQL database of a data folder is named after the folder's path.
#include "support/TestStore.h"

#include "store/Dialect.h"
#include "store/PostgresConnector.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/DigestEngine.h>
#include <Poco/Environment.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/SHA1Engine.h>
#include <Poco/Timestamp.h>

#include <stdexcept>
#include <thread>

using namespace Poco::Data::Keywords;

namespace sohub::test {
namespace {

std::string serverPort() {
    const std::string state = Poco::Environment::get("SOHUB_TEST_PG_STATE", "");
    if (state.empty()) throw std::runtime_error("SOHUB_TEST_STORE=postgresql needs SOHUB_TEST_PG_STATE");
    Poco::FileInputStream in(state);
    std::string folder, port;
    std::getline(in, folder);
    std::getline(in, port);
    if (port.empty()) throw std::runtime_error("no PostgreSQL test server in " + state);
    return port;
}

std::string connection(const std::string& database) {
    return "host=127.0.0.1 port=" + serverPort() + " user=sohub dbname=" + database;
}

std::string databaseOf(const std::string& dataDir) {
    Poco::SHA1Engine sha;
    sha.update(Poco::Path(dataDir).absolute().toString());
    return "sohub_" + Poco::DigestEngine::digestToHex(sha.digest()).substr(0, 16);
}

Poco::Data::Session serverSession() {
    registerPostgresConnector();
    return Poco::Data::Session(postgresConnectorName, connection("postgres"));
}

}  // namespace

bool onPostgres() { return Poco::Environment::get("SOHUB_TEST_STORE", "sqlite") == "postgresql"; }

std::vector<std::string> storeDefines(const std::string& dataDir) {
    if (!onPostgres()) return {};
    const std::string database = databaseOf(dataDir);
    Poco::Data::Session server = serverSession();
    int exists = 0;
    server << "SELECT COUNT(*) FROM pg_database WHERE datname = ?", bind(database), into(exists), now;
    if (exists == 0) server << "CREATE DATABASE " + database, now;
    std::vector<std::string> defines = {"store.connector=postgresql", "store.postgresql.connect=" + connection(database)};
    // SOHUB_TEST_PG_WRITERS: the daemons write through that many concurrent transactions instead of their writer.
    const std::string writers = Poco::Environment::get("SOHUB_TEST_PG_WRITERS", "");
    if (!writers.empty()) defines.push_back("store.postgresql.writers=" + writers);
    return defines;
}

Poco::Data::Session openStore(const std::string& dataDir) {
    if (!onPostgres()) {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session session("SQLite", Poco::Path(dataDir, "sohub.db").toString());
        session << "PRAGMA busy_timeout=10000", now;  // beside a running daemon's writer
        return session;
    }
    registerPostgresConnector();
    return Poco::Data::Session(postgresConnectorName, connection(databaseOf(dataDir)));
}

HeldStore::HeldStore(const std::string& dataDir, const std::string& tables) : session_(openStore(dataDir)) {
    if (onPostgres()) {
        // The tables are locked one after the other: a daemon's transaction that holds a later one and then wants an
        // earlier one is a deadlock, which PostgreSQL ends by failing one side, often this one. Asked again then.
        const Poco::Timestamp began;
        for (;;) {
            try {
                session_ << "BEGIN", now;
                session_ << "LOCK TABLE " + tables + " IN EXCLUSIVE MODE", now;
                break;
            } catch (const Poco::Exception&) {
                session_ << "ROLLBACK", now;
                if (began.isElapsed(10 * Poco::Timestamp::resolution())) throw;
                std::this_thread::yield();
            }
        }
    } else {
        // SQLite queues no one: a busy timeout's sleeps lose each gap between the daemon's commits, and a daemon
        // writing back to back (an export recording its ids) would be held only once it is done. Asked again and
        // again instead, the lock is taken in the first gap.
        session_ << "PRAGMA busy_timeout=0", now;
        const Poco::Timestamp began;
        for (;;) {
            try {
                session_ << "BEGIN IMMEDIATE", now;
                break;
            } catch (const Poco::Exception&) {
                if (began.isElapsed(10 * Poco::Timestamp::resolution())) throw;
                std::this_thread::yield();
            }
        }
    }
    held_ = true;
}

HeldStore::~HeldStore() {
    try {
        release();
    } catch (...) {
        // a test that failed while holding: its session closes with it
    }
}

void HeldStore::release() {
    if (!held_) return;
    held_ = false;
    session_ << "ROLLBACK", now;
}

void addPartnerMessages(Poco::Data::Session& session, Poco::Int64 caseId, int count) {
    session << "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?) "
               "INSERT INTO messages (case_id, sender_account_id, sender_type, content, type, created_at, updated_at, "
               "declared_at) SELECT ?, 1001, 'partner', 'bulk message ' || i, 'serviceComment', "
               "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n",
        use(count), use(caseId), now;
}

int recordNewerMigration(Poco::Data::Session& session) {
    int known = 0;
    session << "SELECT MAX(version) FROM schema_migrations", into(known), now;
    int newer = known + 1;
    std::string description = "a migration of a newer release", at = "2026-12-04T00:00:00.000Z";
    session << "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)", use(newer),
        use(description), use(at), now;
    return newer;
}

void forgetNewerMigration(Poco::Data::Session& session, int version) {
    session << "DELETE FROM schema_migrations WHERE version = ?", use(version), now;
}

void dropStore(const std::string& dataDir) {
    if (!onPostgres()) return;
    serverSession() << "DROP DATABASE IF EXISTS " + databaseOf(dataDir) + " WITH (FORCE)", now;
}

}  // namespace sohub::test
