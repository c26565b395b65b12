// Statements prepared once per connection and re-run with fresh bindings, for what the writer runs per change.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Nullable.h>
#include <Poco/Types.h>

#include <memory>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace sohub {

// Poco::Data re-prepares an SQLite statement on every execution; for the inserts of every booking that cost the
// single writer thread more than the insert itself. This keeps one sqlite3 statement and only rebinds it.
// Parameters are always bound, never spliced into the SQL.
class PreparedStatement {
public:
    PreparedStatement(Poco::Data::Session& session, const std::string& sql);
    PreparedStatement(const PreparedStatement&) = delete;
    PreparedStatement& operator=(const PreparedStatement&) = delete;
    ~PreparedStatement();

    // Parameters are numbered from 1, as in SQLite. Text is copied by SQLite, so temporaries are fine.
    PreparedStatement& bind(int index, Poco::Int64 value);
    PreparedStatement& bind(int index, const std::string& value);
    PreparedStatement& bind(int index, const Poco::Nullable<int>& value);
    PreparedStatement& bind(int index, const Poco::Nullable<std::string>& value);

    // Steps to the end; throws on an SQLite error. Returns the first column of the first row (RETURNING id), or 0.
    Poco::Int64 run();

private:
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

// Runs use(prepared) on this thread's Prepared for the session, preparing it on first use. Thread-local: a
// connection is used by one thread at a time (the writer's). A failed execution drops the statement, so a
// broken one is never reused.
template <typename Prepared, typename Use>
auto withPrepared(Poco::Data::Session& session, Use use) {
    thread_local std::unique_ptr<Prepared> prepared;
    thread_local const void* connection = nullptr;
    if (!prepared || connection != session.impl()) {
        prepared = std::make_unique<Prepared>(session);
        connection = session.impl();
    }
    try {
        return use(*prepared);
    } catch (...) {
        prepared.reset();
        throw;
    }
}

}  // namespace sohub
