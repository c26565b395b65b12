// One statement prepared on one PostgreSQL connection (libpq), for CachedStatement: parameters bound as text by
// number, run once, its rows read as text one at a time as the server sends them (libpq's single-row mode), so a
// large result (an export's messages) is never held whole.
#pragma once

#include <libpq-fe.h>

#include <optional>
#include <string>
#include <vector>

namespace sohub {

class PostgresStatement {
public:
    // `sql` in the store's portable form (`?` placeholders); prepared on the server at its first run.
    PostgresStatement(PGconn* connection, std::string name, const char* sql);
    PostgresStatement(const PostgresStatement&) = delete;
    PostgresStatement& operator=(const PostgresStatement&) = delete;
    ~PostgresStatement();

    // Numbered from 1; `number`: the value is an integer (the type the parameter gets where the text leaves it open).
    void bind(int index, std::optional<std::string> value, bool number = false);
    // Sends the statement with the bound values (once per borrow); `returningId` runs it with RETURNING id.
    void run(bool returningId = false);
    // The next row (running the statement first if it has not run); false at the end.
    bool nextRow();
    // Rows changed (or returned), once every row was read.
    int changes() const { return changes_; }

    bool isNull(int column) const;
    const char* value(int column) const;
    std::size_t length(int column) const;

    // Forgets the values and reads what the server still sends, ready for the next borrow.
    void reset();

private:
    void finish(PGresult* last);
    void prepare(const std::string& name, const std::string& sql);
    PGresult* tryPrepare(const std::string& name, const std::string& sql, bool typed);

    PGconn* const connection_;
    const std::string name_;
    std::vector<bool> used_;  // which parameters the text uses (set before sql_)
    const std::string sql_;
    bool prepared_ = false;
    bool preparedWithId_ = false;
    std::vector<std::optional<std::string>> values_;
    std::vector<bool> numbers_;
    PGresult* result_ = nullptr;  // the current row
    bool running_ = false;        // sent, and results still to read
    bool done_ = false;           // every result read
    int changes_ = 0;
};

}  // namespace sohub
