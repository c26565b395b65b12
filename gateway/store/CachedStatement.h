// Statements prepared once per connection and borrowed by SQL text (bind, step, read columns, reset), for the hot
// paths on any connection: the writer's transaction control and inserts, and the readers' queries. SQLite's own
// statements, or PostgreSQL's through libpq (the same portable SQL, translated once per connection).
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Types.h>

#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace sohub {

class PostgresStatement;

// Borrows the connection's prepared statement for `sql` (prepared on first use) and resets it when done.
// `sql` must be a string literal: its address is the cache key. The connection must be held exclusively
// (a Database::write change or a ReadLease), and one statement text is not borrowed twice at once.
class CachedStatement {
public:
    CachedStatement(Poco::Data::Session& session, const char* sql);
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;
    ~CachedStatement();

    // Parameters are numbered from 1, as in SQLite.
    CachedStatement& bind(int index, Poco::Int64 value);
    CachedStatement& bind(int index, const std::string& value);  // copied by SQLite
    CachedStatement& bind(int index, const std::optional<std::string>& value);
    CachedStatement& bind(int index, const std::optional<Poco::Int64>& value);
    CachedStatement& bindNull(int index);
    // Text SQLite reads where it is, without a copy: for the long texts of the hot inserts. The string must stay
    // as it is until this CachedStatement ends (declared before it, never changed meanwhile); a temporary is refused.
    CachedStatement& bindKept(int index, const std::string& value);
    CachedStatement& bindKept(int index, const std::optional<std::string>& value);
    CachedStatement& bindKept(int index, const std::string&& value) = delete;
    CachedStatement& bindKept(int index, const std::optional<std::string>&& value) = delete;
    // A text that lives as long as the program (a string literal): bound where it lies.
    CachedStatement& bindLiteral(int index, const char* text);

    // true: a row is ready; false: done. Throws Poco::Data::DataException on an error.
    bool step();
    // Steps to the end; returns the number of rows changed.
    int execute();
    // Runs an INSERT of one row (written without RETURNING) and gives the new row's id. SQLite's RETURNING first
    // collects its rows in a temporary b-tree per execution: a third of an insert's cost on the hot paths. On
    // PostgreSQL the statement runs with RETURNING id.
    Poco::Int64 insert();

    bool isNull(int column) const;
    Poco::Int64 int64(int column) const;
    std::string text(int column) const;
    // Valid until the next step or the end of this borrow; nullopt for NULL.
    std::optional<std::string_view> view(int column) const;
    std::optional<std::string> optionalText(int column) const;
    std::optional<Poco::Int64> optionalInt64(int column) const;

private:
    ::sqlite3* db_ = nullptr;
    sqlite3_stmt* statement_ = nullptr;
    PostgresStatement* pg_ = nullptr;  // set instead of the two above on a PostgreSQL connection
};

// SQL text built at run time (a column list spelled once, the filters a query was given), kept for the life of the
// process so that CachedStatement can key on its address: the same text always gives the same pointer.
const char* lastingSql(const std::string& sql);

enum class StoreEngine;

// A statement whose text differs by engine (a dialect:: clause in it), made once for each engine by `make` and kept
// as lastingSql keeps it, so a hot path takes its engine's text without building it again.
class EngineStatement {
public:
    using Maker = std::string (*)(StoreEngine engine);
    explicit EngineStatement(Maker make);
    const char* of(Poco::Data::Session& session) const;

private:
    const char* sqlite_;
    const char* postgres_;
};

// Turns off SQLite's memory statistics, whose global lock every allocation of every connection takes (readers
// in parallel queue on it), and the lock per call on a connection (multi-thread mode). Effective only before the
// first connection opens; later calls do nothing.
void tuneSqliteRuntime();

// Finalizes the statements cached for this connection; called before it closes.
void finalizeCachedStatements(Poco::Data::Session& session);

}  // namespace sohub
