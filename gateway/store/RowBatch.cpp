// Multi-row INSERTs of the rows a change gathered, their statements prepared once per connection and row count.
#include "store/RowBatch.h"

#include "store/CachedStatement.h"

#include <Poco/Exception.h>

#include <map>
#include <tuple>
#include <utility>

namespace sohub {

RowBatch::RowBatch(const char* head, int columns) : head_(head), columns_(static_cast<std::size_t>(columns)) {}

RowBatch& RowBatch::row() {
    if (values_.size() % columns_ != 0) throw Poco::IllegalStateException("a batched row is incomplete", head_);
    return *this;
}

RowBatch& RowBatch::value(Poco::Int64 value) {
    values_.emplace_back(value);
    return *this;
}

RowBatch& RowBatch::value(std::string value) {
    values_.emplace_back(std::move(value));
    return *this;
}

RowBatch& RowBatch::value(const std::optional<std::string>& value) {
    if (value) values_.emplace_back(*value);
    else values_.emplace_back(std::monostate{});
    return *this;
}

RowBatch& RowBatch::value(const std::optional<Poco::Int64>& value) {
    if (value) values_.emplace_back(*value);
    else values_.emplace_back(std::monostate{});
    return *this;
}

RowBatch& RowBatch::kept(const std::string& value) {
    values_.emplace_back(&value);
    return *this;
}

RowBatch& RowBatch::kept(const std::optional<std::string>& value) {
    if (value) values_.emplace_back(&*value);
    else values_.emplace_back(std::monostate{});
    return *this;
}

const char* RowBatch::statementFor(Poco::Data::Session& session, std::size_t rows) const {
    // Asked for at every flush and single insert (the API's too): made once per table, row count, engine and thread,
    // and then found by the head's address (a string literal), not built and looked up as text again.
    const StoreEngine engine = engineOf(session);
    thread_local std::map<std::tuple<const char*, std::size_t, StoreEngine>, const char*> made;
    const char*& text = made[{head_, rows, engine}];
    if (!text) text = lastingSql(sqlFor(engine, rows));
    return text;
}

std::string RowBatch::sqlFor(StoreEngine engine, std::size_t rows) const {
    std::string tuple = "(";
    for (std::size_t c = 0; c < columns_; ++c) tuple += c == 0 ? "?" : ", ?";
    tuple += ')';
    std::string sql = head_;
    const std::string insert = "INSERT INTO ";
    if (engine == StoreEngine::SQLite && sql.compare(0, insert.size(), insert) == 0)
        sql.replace(0, insert.size(), "INSERT OR FAIL INTO ");
    for (std::size_t r = 0; r < rows; ++r) {
        if (r > 0) sql += ", ";
        sql += tuple;
    }
    return sql;
}

void RowBatch::bindRows(CachedStatement& insert, std::size_t first, std::size_t count) const {
    int index = 1;
    for (std::size_t i = first * columns_; i < (first + count) * columns_; ++i, ++index) {
        const Value& value = values_[i];
        if (const auto* number = std::get_if<Poco::Int64>(&value)) insert.bind(index, *number);
        else if (const auto* text = std::get_if<std::string>(&value)) insert.bindKept(index, *text);
        else if (const auto* keptText = std::get_if<const std::string*>(&value)) insert.bindKept(index, **keptText);
        else insert.bindNull(index);
    }
}

void RowBatch::flush(Poco::Data::Session& session) {
    row();  // the last row is complete
    const std::size_t rows = values_.size() / columns_;
    for (std::size_t first = 0; first < rows; first += rowsPerStatement) {
        const std::size_t count = std::min(rowsPerStatement, rows - first);
        CachedStatement insert(session, statementFor(session, count));
        bindRows(insert, first, count);
        insert.execute();
    }
    values_.clear();
}

Poco::Int64 RowBatch::insertOne(Poco::Data::Session& session) {
    row();
    if (values_.size() != columns_) throw Poco::IllegalStateException("insertOne takes one row", head_);
    Poco::Int64 id = 0;
    {
        CachedStatement insert(session, statementFor(session, 1));
        bindRows(insert, 0, 1);
        id = insert.insert();
    }
    values_.clear();
    return id;
}

}  // namespace sohub
