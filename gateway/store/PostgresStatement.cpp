// Prepared statements over libpq, translated once from the portable SQL; errors as the store's exceptions.
#include "store/PostgresStatement.h"

#include "store/Database.h"
#include "store/Dialect.h"

#include <Poco/Data/DataException.h>

#include <cstdlib>
#include <cstring>

namespace sohub {
namespace {

// SQLSTATE 53100 (disk_full) is the store being full, 55P03 (lock_not_available) and 57014 (query_canceled) a wait
// for another process given up: callers hear 503, as for SQLite's SQLITE_FULL and SQLITE_BUSY. By the SQLSTATE, not
// the message, which the server words in its own language (lc_messages).
[[noreturn]] void fail(PGresult* result, PGconn* connection, const char* what) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = std::string(what) + ": " + (result ? PQresultErrorMessage(result) : PQerrorMessage(connection));
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    const bool full = state && std::strcmp(state, "53100") == 0;
    const bool busy = state && (std::strcmp(state, "55P03") == 0 || std::strcmp(state, "57014") == 0);
    PQclear(result);
    if (full) throw StoreFull(message);
    if (busy) throw StoreBusy(message);
    throw Poco::Data::DataException(message);
}

}  // namespace

PostgresStatement::PostgresStatement(PGconn* connection, std::string name, const char* sql)
    : connection_(connection), name_(std::move(name)), sql_(postgresPlaceholders(sql, &used_)) {}

PostgresStatement::~PostgresStatement() { PQclear(result_); }

PGresult* PostgresStatement::tryPrepare(const std::string& name, const std::string& sql, bool typed) {
    // Untyped, the server infers each parameter's type from where it stands. A parameter the text leaves out (a
    // filter not given) has nowhere to stand: it is declared text. Typed (when inference failed, as for `?12 IS
    // NULL`), each takes the type of the value bound to it at the first run.
    std::vector<Oid> types(used_.size(), 0);
    for (std::size_t i = 0; i < used_.size(); ++i) {
        const bool number = i < numbers_.size() && numbers_[i];
        if (!used_[i] || typed) types[i] = number ? 20 : 25;  // int8 : text
    }
    return PQprepare(connection_, name.c_str(), sql.c_str(), static_cast<int>(types.size()),
                     types.empty() ? nullptr : types.data());
}

void PostgresStatement::prepare(const std::string& name, const std::string& sql) {
    // A failed prepare would abort the transaction it runs in: inside one, the first try runs in a savepoint (once
    // per statement and connection).
    const bool inTransaction = PQtransactionStatus(connection_) == PQTRANS_INTRANS;
    const auto command = [this](const char* text) { PQclear(PQexec(connection_, text)); };
    if (inTransaction) command("SAVEPOINT sohub_prepare");
    PGresult* result = tryPrepare(name, sql, false);
    const bool prepared = result && PQresultStatus(result) == PGRES_COMMAND_OK;
    if (inTransaction) command(prepared ? "RELEASE SAVEPOINT sohub_prepare" : "ROLLBACK TO SAVEPOINT sohub_prepare");
    if (!prepared && result) {
        const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        // indeterminate_datatype, ambiguous_parameter
        if (state && (std::strcmp(state, "42P18") == 0 || std::strcmp(state, "42P08") == 0)) {
            PQclear(result);
            result = tryPrepare(name, sql, true);
        }
    }
    if (!result || PQresultStatus(result) != PGRES_COMMAND_OK) fail(result, connection_, "prepare");
    PQclear(result);
}

void PostgresStatement::bind(int index, std::optional<std::string> value, bool number) {
    if (index < 1) throw Poco::Data::DataException("bind: parameters are numbered from 1");
    const auto slot = static_cast<std::size_t>(index);
    if (values_.size() < slot) values_.resize(slot);
    if (numbers_.size() < slot) numbers_.resize(slot);
    if (value && !number) postgresText(*value);
    values_[slot - 1] = std::move(value);
    if (values_[slot - 1]) numbers_[slot - 1] = number;
}

void PostgresStatement::run(bool returningId) {
    const std::string name = returningId ? name_ + "i" : name_;
    if (returningId && !preparedWithId_) {
        prepare(name, sql_ + " RETURNING id");
        preparedWithId_ = true;
    } else if (!returningId && !prepared_) {
        prepare(name, sql_);
        prepared_ = true;
    }
    // Every parameter the statement has gets a value: NULL for one not bound.
    if (values_.size() < used_.size()) values_.resize(used_.size());
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
        values[i] = values_[i] ? values_[i]->c_str() : nullptr;
        lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
    }
    if (!PQsendQueryPrepared(connection_, name.c_str(), static_cast<int>(values.size()), values.data(), lengths.data(),
                             nullptr, 0))
        fail(nullptr, connection_, "execute");
    PQsetSingleRowMode(connection_);
    running_ = true;
    done_ = false;
    changes_ = 0;
}

bool PostgresStatement::nextRow() {
    if (!running_ && !done_) run();
    PQclear(result_);
    result_ = nullptr;
    if (!running_) return false;
    PGresult* next = PQgetResult(connection_);
    const ExecStatusType status = next ? PQresultStatus(next) : PGRES_COMMAND_OK;
    if (status == PGRES_SINGLE_TUPLE) {
        result_ = next;
        ++changes_;
        return true;
    }
    finish(next);
    return false;
}

// The statement's last result: its count of changed rows, or its error once the connection is free again.
void PostgresStatement::finish(PGresult* last) {
    running_ = false;
    done_ = true;
    const ExecStatusType status = last ? PQresultStatus(last) : PGRES_COMMAND_OK;
    const bool failed = status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK;
    if (!failed && last) {
        const char* count = PQcmdTuples(last);
        if (*count) changes_ = std::atoi(count);
    }
    // libpq hands out results until a null one; the connection takes no other command before.
    while (PGresult* rest = PQgetResult(connection_)) PQclear(rest);
    if (failed) fail(last, connection_, "execute");
    PQclear(last);
}

bool PostgresStatement::isNull(int column) const { return PQgetisnull(result_, 0, column) == 1; }

const char* PostgresStatement::value(int column) const { return PQgetvalue(result_, 0, column); }

std::size_t PostgresStatement::length(int column) const {
    return static_cast<std::size_t>(PQgetlength(result_, 0, column));
}

void PostgresStatement::reset() {
    PQclear(result_);
    result_ = nullptr;
    // Rows not read yet still come: read and dropped, so the connection is free for the next statement.
    if (running_) {
        while (PGresult* rest = PQgetResult(connection_)) PQclear(rest);
        running_ = false;
    }
    done_ = false;
    changes_ = 0;
    values_.clear();
    numbers_.clear();
}

}  // namespace sohub
