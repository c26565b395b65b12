// Rows for one table gathered during a change and inserted many to a statement, in the order they were added.
#pragma once

#include "store/Dialect.h"

#include <Poco/Data/Session.h>
#include <Poco/Types.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sohub {

class CachedStatement;

// A single-row INSERT pays, per row, for opening a cursor on the table and on each of its indexes, and on the tables
// its foreign keys name: for a table of several indexes about as much as the row itself. A batch pays that once per
// statement of up to rowsPerStatement rows. The rows' ids follow the order they were added in, as separate inserts'
// would; nothing in the change can read them before flush().
// On SQLite each statement is an INSERT OR FAIL: a statement of several rows that may abort (any NOT NULL or UNIQUE
// column) would otherwise open a statement journal, which copies every page it touches first, for a rollback of its
// own rows only. A failed statement fails its change, which is rolled back whole, so nothing of it stays either way.
class RowBatch {
public:
    static constexpr std::size_t rowsPerStatement = 32;

    // head: "INSERT INTO table (a, b, c) VALUES " as a string literal; columns: the values of each row.
    RowBatch(const char* head, int columns);

    // Starts a row; its values follow in the columns' order.
    RowBatch& row();
    RowBatch& value(Poco::Int64 value);
    RowBatch& value(std::string value);
    RowBatch& value(const std::optional<std::string>& value);
    RowBatch& value(const std::optional<Poco::Int64>& value);
    // A text bound where it lies, not copied: it must stay as it is until the rows are flushed (the change's own
    // data, as a chunk's prepared records); a temporary is refused.
    RowBatch& kept(const std::string& value);
    RowBatch& kept(const std::optional<std::string>& value);
    RowBatch& kept(const std::string&& value) = delete;
    RowBatch& kept(const std::optional<std::string>&& value) = delete;

    bool empty() const { return values_.empty(); }
    // Forgets the rows gathered without writing them, keeping their storage for the next ones.
    void clear() { values_.clear(); }
    // Inserts the rows gathered and forgets them (inside the change that gathered them).
    void flush(Poco::Data::Session& session);
    // Inserts the one row gathered, now, and gives its id.
    Poco::Int64 insertOne(Poco::Data::Session& session);

private:
    // The statement for `rows` rows, one text (so one prepared statement per connection) per table, count and engine.
    const char* statementFor(Poco::Data::Session& session, std::size_t rows) const;
    std::string sqlFor(StoreEngine engine, std::size_t rows) const;
    void bindRows(CachedStatement& insert, std::size_t first, std::size_t count) const;

    using Value = std::variant<std::monostate, Poco::Int64, std::string, const std::string*>;
    const char* head_;
    std::size_t columns_;
    std::vector<Value> values_;
};

}  // namespace sohub
