// A registry of prepared statements per SQLite connection, behind one short lock for the lookup; and the SQLite
// runtime settings the parallel readers need.
#include "store/CachedStatement.h"

#include "store/Database.h"
#include "store/Dialect.h"
#include "store/PostgresConnector.h"
#include "store/PostgresStatement.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/SQLite/SessionImpl.h>
#include <Poco/Data/SQLite/Utility.h>

#include <sqlite3.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

namespace sohub {
namespace {

// A SQLite connection's handle and statements, by the session behind it: Poco hands the handle out as a named
// property (a string look-up and a cast each time), so it is asked for once per connection. The entry holds the
// session until its statements are finalized, so that no other session can take its address while it is listed.
struct SqliteStatements {
    Poco::AutoPtr<Poco::Data::SessionImpl> session;
    sqlite3* db = nullptr;
    std::unordered_map<const char*, sqlite3_stmt*> bySql;
};
std::mutex registryMutex;
std::unordered_map<const Poco::Data::SessionImpl*, SqliteStatements>& registry() {
    static std::unordered_map<const Poco::Data::SessionImpl*, SqliteStatements> statements;
    return statements;
}

Poco::Data::SessionImpl* sqliteSession(Poco::Data::Session& session) {
    return dynamic_cast<Poco::Data::SQLite::SessionImpl*>(session.impl());
}

using PostgresStatements = std::unordered_map<const char*, std::unique_ptr<PostgresStatement>>;
std::unordered_map<PGconn*, PostgresStatements>& postgresRegistry() {
    static std::unordered_map<PGconn*, PostgresStatements> statements;
    return statements;
}

[[noreturn]] void fail(sqlite3* db, const char* what) {
    if ((sqlite3_errcode(db) & 0xff) == SQLITE_FULL) throw StoreFull(std::string(what) + ": " + sqlite3_errmsg(db));
    throw Poco::Data::DataException(std::string(what) + ": " + sqlite3_errmsg(db));
}

}  // namespace

CachedStatement::CachedStatement(Poco::Data::Session& session, const char* sql) {
    Poco::Data::SessionImpl* const sqlite = sqliteSession(session);
    if (!sqlite) {
        PGconn* const connection = postgresConnection(session);
        const std::lock_guard<std::mutex> lock(registryMutex);
        auto& ofConnection = postgresRegistry()[connection];
        auto& statement = ofConnection[sql];
        if (!statement)
            statement = std::make_unique<PostgresStatement>(connection, "s" + std::to_string(ofConnection.size()), sql);
        pg_ = statement.get();
        return;
    }
    {
        const std::lock_guard<std::mutex> lock(registryMutex);
        SqliteStatements& ofConnection = registry()[sqlite];
        if (!ofConnection.db) {
            ofConnection.session = Poco::AutoPtr<Poco::Data::SessionImpl>(sqlite, true);
            ofConnection.db = Poco::Data::SQLite::Utility::dbHandle(session);
        }
        db_ = ofConnection.db;
        const auto found = ofConnection.bySql.find(sql);
        if (found != ofConnection.bySql.end()) {
            statement_ = found->second;
            return;
        }
    }
    sqlite3_stmt* prepared = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &prepared, nullptr) != SQLITE_OK)
        fail(db_, "prepare");
    const std::lock_guard<std::mutex> lock(registryMutex);
    registry()[sqlite].bySql[sql] = prepared;
    statement_ = prepared;
}

CachedStatement::~CachedStatement() {
    if (pg_) {
        pg_->reset();
        return;
    }
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

CachedStatement& CachedStatement::bind(int index, Poco::Int64 value) {
    if (pg_) {
        pg_->bind(index, std::to_string(value), true);
        return *this;
    }
    if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) fail(db_, "bind");
    return *this;
}

CachedStatement& CachedStatement::bind(int index, const std::string& value) {
    if (pg_) {
        pg_->bind(index, value);
        return *this;
    }
    if (sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) !=
        SQLITE_OK)
        fail(db_, "bind");
    return *this;
}

CachedStatement& CachedStatement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, *value) : bindNull(index);
}

CachedStatement& CachedStatement::bind(int index, const std::optional<Poco::Int64>& value) {
    return value ? bind(index, *value) : bindNull(index);
}

CachedStatement& CachedStatement::bindKept(int index, const std::string& value) {
    if (pg_) return bind(index, value);
    if (sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC) != SQLITE_OK)
        fail(db_, "bind");
    return *this;
}

CachedStatement& CachedStatement::bindKept(int index, const std::optional<std::string>& value) {
    return value ? bindKept(index, *value) : bindNull(index);
}

CachedStatement& CachedStatement::bindLiteral(int index, const char* text) {
    if (pg_) return bind(index, std::string(text));
    if (sqlite3_bind_text(statement_, index, text, -1, SQLITE_STATIC) != SQLITE_OK) fail(db_, "bind");
    return *this;
}

CachedStatement& CachedStatement::bindNull(int index) {
    if (pg_) {
        pg_->bind(index, std::nullopt);
        return *this;
    }
    if (sqlite3_bind_null(statement_, index) != SQLITE_OK) fail(db_, "bind");
    return *this;
}

bool CachedStatement::step() {
    if (pg_) return pg_->nextRow();
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "step");
}

int CachedStatement::execute() {
    if (pg_) {
        while (pg_->nextRow()) {
        }
        return pg_->changes();
    }
    while (step()) {
    }
    return sqlite3_changes(db_);
}

Poco::Int64 CachedStatement::insert() {
    if (pg_) {
        pg_->run(true);
        if (!pg_->nextRow()) throw Poco::Data::DataException("insert: no id returned");
        return std::strtoll(pg_->value(0), nullptr, 10);
    }
    execute();
    return sqlite3_last_insert_rowid(db_);
}

bool CachedStatement::isNull(int column) const {
    if (pg_) return pg_->isNull(column);
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

Poco::Int64 CachedStatement::int64(int column) const {
    if (pg_) {
        // PostgreSQL answers a comparison as t or f where SQLite answers 1 or 0.
        const char* value = pg_->value(column);
        if (*value == 't') return 1;
        return std::strtoll(value, nullptr, 10);
    }
    return sqlite3_column_int64(statement_, column);
}

std::string CachedStatement::text(int column) const {
    if (pg_) return std::string(pg_->value(column), pg_->length(column));
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))) : std::string();
}

std::optional<std::string_view> CachedStatement::view(int column) const {
    if (pg_) {
        if (pg_->isNull(column)) return std::nullopt;
        return std::string_view(pg_->value(column), pg_->length(column));
    }
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (!data) return std::nullopt;
    return std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::optional<std::string> CachedStatement::optionalText(int column) const {
    if (isNull(column)) return std::nullopt;
    return text(column);
}

std::optional<Poco::Int64> CachedStatement::optionalInt64(int column) const {
    if (isNull(column)) return std::nullopt;
    return int64(column);
}

const char* lastingSql(const std::string& sql) {
    static std::mutex mutex;
    static std::set<std::string> texts;
    const std::lock_guard<std::mutex> lock(mutex);
    return texts.insert(sql).first->c_str();
}

EngineStatement::EngineStatement(Maker make)
    : sqlite_(lastingSql(make(StoreEngine::SQLite))), postgres_(lastingSql(make(StoreEngine::PostgreSQL))) {}

const char* EngineStatement::of(Poco::Data::Session& session) const {
    return engineOf(session) == StoreEngine::SQLite ? sqlite_ : postgres_;
}

void tuneSqliteRuntime() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Multi-thread mode: no lock per connection call. Safe because the Database hands each connection to one
        // thread at a time (the writer thread, or a ReadLease).
        const auto configure = [] {
            return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK &&
                   sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK;
        };
        if (!configure()) {
            // Already initialised (no connection is open yet at this point of the start): restart with the settings.
            sqlite3_shutdown();
            configure();
        }
        sqlite3_initialize();
    });
}

void finalizeCachedStatements(Poco::Data::Session& session) {
    const Poco::Data::SessionImpl* const sqlite = sqliteSession(session);
    if (!sqlite) {
        // The server drops a connection's prepared statements when it closes.
        const std::lock_guard<std::mutex> lock(registryMutex);
        postgresRegistry().erase(postgresConnection(session));
        return;
    }
    const std::lock_guard<std::mutex> lock(registryMutex);
    const auto found = registry().find(sqlite);
    if (found == registry().end()) return;
    for (auto& [sql, statement] : found->second.bySql) {
        (void)sql;
        sqlite3_finalize(statement);
    }
    registry().erase(found);
}

}  // namespace sohub
