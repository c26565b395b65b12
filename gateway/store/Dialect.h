// The few differences between the store's two engines (SQLite, PostgreSQL), kept in one place: every repository
// writes portable SQL with `?` placeholders, and what differs is translated or chosen here.
#pragma once

#include <Poco/Data/Session.h>

#include <string>
#include <string_view>
#include <vector>

namespace sohub {

enum class StoreEngine { SQLite, PostgreSQL };

// The name sohubd registers its PostgreSQL connector under (Poco's, with the placeholders translated).
extern const char* const postgresConnectorName;

StoreEngine engineOf(Poco::Data::Session& session);

// `?` and `?NNN` placeholders outside quoted text and comments as PostgreSQL's `$n` (a `?` is the next number, a
// `?NNN` that number, as SQLite counts them). `used`, when given, gets which numbers (from 1) the text uses: a
// statement may leave some out (a filter not given), which PostgreSQL must be told the type of.
std::string postgresPlaceholders(std::string_view sql, std::vector<bool>* used = nullptr);

// A migration's DDL in PostgreSQL's types: integers are 64-bit (the store's ids and counts are Int64), and an
// INTEGER PRIMARY KEY (SQLite's row id) is an identity column.
std::string postgresSchema(std::string_view ddl);

// A text as PostgreSQL can hold it: its text type holds no U+0000, and libpq reads a text parameter only up to its
// first NUL ("a\0b" was stored as "a", the rest of a message lost without a word). Each NUL becomes U+FFFD, the
// replacement character; the rest is kept.
void postgresText(std::string& text);

namespace dialect {

// The statement that opens the writer's transaction: SQLite takes its write lock at once (no upgrade deadlock with
// readers); PostgreSQL locks rows as it writes them.
const char* beginWrite(StoreEngine engine);

// What a claim's sub-select ends with so that daemons claiming at once never take the same row: PostgreSQL locks
// the rows it picks and passes over those another transaction holds (FOR UPDATE SKIP LOCKED, on `alias`'s rows);
// SQLite has one writer at a time, whose transaction keeps the choice true by itself.
std::string skipLocked(StoreEngine engine, const char* alias = nullptr);

// Inside a change: no other daemon's change that asks for the same key runs until this one commits (PostgreSQL's
// transaction advisory lock; SQLite's single writer is exclusive already).
void exclusive(Poco::Data::Session& session, int key);

// Brings an identity column's sequence past the ids written explicitly (the seed's reference data): PostgreSQL
// only; SQLite's row ids follow the largest id by themselves.
void syncIdentity(Poco::Data::Session& session, const std::string& table);

// A condition that `text` contains `part` (instr; strpos).
std::string containsText(StoreEngine engine, const std::string& text, const std::string& part);
// A condition that the JSON array of integers in the text column `array` holds `value` (json_each; jsonb @>).
std::string jsonArrayHolds(StoreEngine engine, const std::string& array, const std::string& value);

// A lock on `key` held by this connection until sessionUnlock or its end, whatever its transactions do: daemons
// migrating one store one after the other (PostgreSQL's session advisory lock; SQLite's writer lock does it for a
// file, so nothing there).
void sessionLock(Poco::Data::Session& session, int key);
void sessionUnlock(Poco::Data::Session& session, int key);

// A row source of the integers in one JSON array bound as text (`[1,2,3]`), one row each in a column `value`: many
// ids in one statement (json_each; jsonb_array_elements_text).
std::string jsonIntegers(StoreEngine engine);

// A migration's triggers that count every change to `tables` in store_versions' row `counter`, whoever makes it (a
// daemon or an operator's SQL), and on PostgreSQL also announce it on `channel` with the commit: SQLite's triggers
// run per row and operation, PostgreSQL's once per statement.
std::vector<std::string> countChanges(StoreEngine engine, const std::vector<std::string>& tables,
                                      const std::string& counter, const std::string& channel);

}  // namespace dialect
}  // namespace sohub
