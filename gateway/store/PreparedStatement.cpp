// The sqlite3 statement behind a Poco session, prepared once.
#include "store/PreparedStatement.h"

#include <Poco/Data/SQLite/Utility.h>

#include <sqlite3.h>

namespace sohub {

PreparedStatement::PreparedStatement(Poco::Data::Session& session, const std::string& sql)
    : db_(Poco::Data::SQLite::Utility::dbHandle(session)) {
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &statement_, nullptr);
    if (rc != SQLITE_OK) Poco::Data::SQLite::Utility::throwException(db_, rc, sql);
}

PreparedStatement::~PreparedStatement() { sqlite3_finalize(statement_); }

PreparedStatement& PreparedStatement::bind(int index, Poco::Int64 value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
}

PreparedStatement& PreparedStatement::bind(int index, const std::string& value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

PreparedStatement& PreparedStatement::bind(int index, const Poco::Nullable<int>& value) {
    if (value.isNull())
        sqlite3_bind_null(statement_, index);
    else
        sqlite3_bind_int64(statement_, index, value.value());
    return *this;
}

PreparedStatement& PreparedStatement::bind(int index, const Poco::Nullable<std::string>& value) {
    if (value.isNull()) {
        sqlite3_bind_null(statement_, index);
        return *this;
    }
    return bind(index, value.value());
}

Poco::Int64 PreparedStatement::run() {
    Poco::Int64 first = 0;
    bool seen = false;
    int rc = 0;
    while ((rc = sqlite3_step(statement_)) == SQLITE_ROW) {
        if (!seen && sqlite3_column_count(statement_) > 0) first = sqlite3_column_int64(statement_, 0);
        seen = true;
    }
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    if (rc != SQLITE_DONE) Poco::Data::SQLite::Utility::throwException(db_, rc);
    return first;
}

}  // namespace sohub
