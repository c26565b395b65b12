// Portable SQL with bound parameters; the provider list of an account is bound one placeholder per id.
#include "exporters/ExportStore.h"

#include "domain/Clock.h"
#include "scheduler/PurgeJob.h"
#include "store/CachedStatement.h"
#include "store/Dialect.h"
#include "store/ListQuery.h"
#include "store/StoredColumns.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <algorithm>

using namespace Poco::Data::Keywords;
using Poco::Data::RecordSet;
using Poco::Data::Statement;

namespace sohub::ExportStore {
namespace {

const char* const batchColumns =
    "id, export_name, account_id, file_name, format, sha256, bytes, records, state, created_at, acknowledged_at";

std::vector<ExportBatch> readBatches(Statement& select) {
    select.execute();
    RecordSet rows(select);
    std::vector<ExportBatch> batches;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        ExportBatch batch;
        batch.id = *stored::integer(rows, 0);
        batch.exportName = *stored::text(rows, 1);
        batch.accountId = static_cast<int>(*stored::integer(rows, 2));
        batch.fileName = *stored::text(rows, 3);
        batch.format = *stored::text(rows, 4);
        batch.sha256 = *stored::text(rows, 5);
        batch.bytes = *stored::integer(rows, 6);
        batch.records = *stored::integer(rows, 7);
        batch.state = *stored::text(rows, 8);
        batch.createdAt = *stored::time(rows, 9);
        batch.acknowledgedAt = stored::time(rows, 10);
        batches.push_back(std::move(batch));
    }
    return batches;
}

std::optional<ExportBatch> first(std::vector<ExportBatch> batches) {
    if (batches.empty()) return std::nullopt;
    return std::move(batches.front());
}

}  // namespace

namespace {

// The receiving side's condition, with room for up to eight providers (unused places get -1, no provider's id), so
// that one statement text serves every account and is prepared once per connection.
constexpr std::size_t providerPlaces = 8;

#define SOHUB_DUE_COLUMNS                                                                                             \
    "SELECT m.id, m.case_id, c.guid, m.sender_account_id, m.sender_type, m.content, m.type, m.external_id, "          \
    "m.parent_message_id, m.user_email, m.user_name, m.confirmed_at, m.created_at, m.updated_at, m.declared_at "       \
    "FROM messages m JOIN cases c ON c.id = m.case_id WHERE m.confirmed_at IS NULL AND "
#define SOHUB_NOT_EXPORTED                                                                                            \
    " AND NOT EXISTS (SELECT 1 FROM export_batch_messages bm JOIN export_batches b ON b.id = bm.batch_id "           \
    "WHERE bm.message_id = m.id AND b.export_name = ? AND b.created_at > ?) ORDER BY m.id LIMIT ?"

const char* const dueForProvider =
    SOHUB_DUE_COLUMNS "m.sender_type = 'partner' AND c.service_provider_id IN (?, ?, ?, ?, ?, ?, ?, ?)" SOHUB_NOT_EXPORTED;
const char* const dueForPartner = SOHUB_DUE_COLUMNS "m.sender_type = 'provider' AND c.partner_id = ?" SOHUB_NOT_EXPORTED;

// Into the fields of a message read before: their strings keep their capacity, so a row costs no allocation.
void assign(std::string& to, const std::optional<std::string_view>& from) {
    if (from) to.assign(from->data(), from->size());
    else to.clear();
}

void assign(std::optional<std::string>& to, const std::optional<std::string_view>& from) {
    if (!from) to.reset();
    else if (to) to->assign(from->data(), from->size());
    else to.emplace(*from);
}

void readMessage(const CachedStatement& row, Message& m) {
    m.id = row.int64(0);
    m.caseId = row.int64(1);
    assign(m.caseGuid, row.view(2));
    const auto account = row.optionalInt64(3);
    m.senderAccountId = account ? std::optional<int>(static_cast<int>(*account)) : std::nullopt;
    assign(m.senderType, row.view(4));
    assign(m.content, row.view(5));
    assign(m.type, row.view(6));
    assign(m.externalId, row.view(7));
    m.parentMessageId = row.optionalInt64(8);
    assign(m.userEmail, row.view(9));
    assign(m.userName, row.view(10));
    assign(m.confirmedAt, row.view(11));
    assign(m.createdAt, row.view(12));
    assign(m.updatedAt, row.view(13));
    assign(m.declaredAt, row.view(14));
}

}  // namespace

std::vector<PurgeTarget> purgeTargets() {
    return {
        {"exported message ids",
         "DELETE FROM export_batch_messages WHERE (batch_id, message_id) IN (SELECT bm.batch_id, bm.message_id FROM "
         "export_batch_messages bm JOIN export_batches b ON b.id = bm.batch_id WHERE b.created_at < ? AND b.state IN "
         "('acknowledged', 'superseded') ORDER BY bm.batch_id, bm.message_id LIMIT ?) RETURNING batch_id"},
        {"export batches",
         "DELETE FROM export_batches WHERE id IN (SELECT b.id FROM export_batches b WHERE b.created_at < ? AND b.state IN "
         "('acknowledged', 'superseded') AND NOT EXISTS (SELECT 1 FROM export_batch_messages bm WHERE bm.batch_id = b.id) "
         "ORDER BY b.id LIMIT ?) RETURNING id"},
    };
}

void forEachDue(Poco::Data::Session& session, const std::string& exportName, const Account& account,
                const Poco::Timestamp& reexportCutoff, Poco::Int64 limit, const std::function<void(const Message&)>& visit) {
    if (account.role == Role::Provider && (account.providerIds.empty() || account.providerIds.size() > providerPlaces))
        throw Poco::InvalidArgumentException("an export account acts for 1 to 8 providers", account.name);
    const bool provider = account.role == Role::Provider;
    CachedStatement select(session, provider ? dueForProvider : dueForPartner);
    int place = 1;
    if (provider) {
        for (std::size_t i = 0; i < providerPlaces; ++i)
            select.bind(place++, static_cast<Poco::Int64>(i < account.providerIds.size() ? account.providerIds[i] : -1));
    } else {
        select.bind(place++, static_cast<Poco::Int64>(account.partnerId));
    }
    select.bind(place, exportName);
    select.bind(place + 1, isoDate(reexportCutoff));
    select.bind(place + 2, limit);
    Message message;
    while (select.step()) {
        readMessage(select, message);
        visit(message);
    }
}

int countDue(Poco::Data::Session& session, const std::string& exportName, const Account& account,
             const Poco::Timestamp& reexportCutoff, int limit) {
    int count = 0;
    forEachDue(session, exportName, account, reexportCutoff, limit, [&](const Message&) { ++count; });
    return count;
}

void inSnapshot(Poco::Data::Session& session, const std::function<void()>& reads) {
    CachedStatement(session, "BEGIN").execute();
    try {
        reads();
    } catch (...) {
        CachedStatement(session, "COMMIT").execute();
        throw;
    }
    CachedStatement(session, "COMMIT").execute();
}

Poco::Int64 nextSeq(Poco::Data::Session& session, const std::string& exportName) {
    std::string name = exportName;
    session << "INSERT INTO exports (name, next_seq) VALUES (?, 1) ON CONFLICT (name) DO NOTHING", use(name), now;
    Poco::Int64 seq = 0;
    session << "UPDATE exports SET next_seq = next_seq + 1 WHERE name = ? RETURNING next_seq - 1", use(name), into(seq), now;
    return seq;
}

void begin(Poco::Data::Session& session, ExportBatch& batch) {
    std::string created = isoDate(batch.createdAt), state = "writing", none;
    Poco::Int64 zero = 0;
    session << "INSERT INTO export_batches (export_name, account_id, file_name, format, sha256, bytes, records, state, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        use(batch.exportName), use(batch.accountId), use(none), use(batch.format), use(none), use(zero), use(zero),
        use(state), use(created), into(batch.id), now;
}

void addMessages(Poco::Data::Session& session, Poco::Int64 batchId, const std::vector<Poco::Int64>& ids) {
    // A thousand ids a statement, as one JSON array: a file of 100,000 messages is 100 steps (on PostgreSQL 100 round
    // trips to the server), not 100,000.
    static const EngineStatement insertIds([](StoreEngine engine) {
        return "INSERT INTO export_batch_messages (batch_id, message_id) SELECT CAST(? AS BIGINT), value FROM " +
               dialect::jsonIntegers(engine) + " ids";
    });
    const char* const sql = insertIds.of(session);
    constexpr std::size_t chunk = 1000;
    std::string list;
    for (std::size_t at = 0; at < ids.size(); at += chunk) {
        list = "[";
        for (std::size_t i = at; i < std::min(ids.size(), at + chunk); ++i) {
            if (i > at) list += ',';
            list += std::to_string(ids[i]);
        }
        list += ']';
        CachedStatement insert(session, sql);
        insert.bind(1, batchId).bind(2, list);
        insert.execute();
    }
}

void name(Poco::Data::Session& session, const ExportBatch& batch) {
    Poco::Int64 key = batch.id, bytes = batch.bytes, records = batch.records;
    std::string file = batch.fileName, sha256 = batch.sha256;
    session << "UPDATE export_batches SET file_name = ?, sha256 = ?, bytes = ?, records = ? WHERE id = ?", use(file),
        use(sha256), use(bytes), use(records), use(key), now;
}

void finish(Poco::Data::Session& session, const ExportBatch& batch) {
    Poco::Int64 key = batch.id;
    std::string state = batch.state;
    session << "UPDATE export_batches SET state = ? WHERE id = ?", use(state), use(key), now;
    std::string name = batch.exportName;
    int older = 0;
    session << "SELECT COUNT(*) FROM export_batches WHERE export_name = ? AND id <> ? AND state IN ('written', "
               "'partlyAcknowledged')",
        use(name), use(key), into(older), now;
    if (older == 0) return;
    session << "UPDATE export_batches SET state = 'superseded' WHERE export_name = ? AND id <> ? "
               "AND state IN ('written', 'partlyAcknowledged') AND id IN (SELECT older.batch_id FROM "
               "export_batch_messages older JOIN export_batch_messages newer ON newer.message_id = older.message_id "
               "WHERE newer.batch_id = ?)",
        use(name), use(key), use(key), now;
}

std::vector<ExportBatch> open(Poco::Data::Session& session, const std::string& exportName) {
    std::string name = exportName;
    Statement select(session);
    select << std::string("SELECT ") + batchColumns +
                  " FROM export_batches WHERE export_name = ? AND state IN ('writing', 'written', 'partlyAcknowledged') "
                  "ORDER BY id",
        use(name);
    return readBatches(select);
}

void rollBack(Poco::Data::Session& session, Poco::Int64 batchId) {
    Poco::Int64 key = batchId;
    session << "DELETE FROM export_batch_messages WHERE batch_id = ?", use(key), now;
    session << "DELETE FROM export_batches WHERE id = ?", use(key), now;
}

std::optional<ExportBatch> byFile(Poco::Data::Session& session, const std::string& exportName, const std::string& fileName) {
    std::string name = exportName, file = fileName;
    Statement select(session);
    select << std::string("SELECT ") + batchColumns + " FROM export_batches WHERE export_name = ? AND file_name = ? "
                                                      "ORDER BY id DESC LIMIT 1",
        use(name), use(file);
    return first(readBatches(select));
}

std::optional<ExportBatch> byId(Poco::Data::Session& session, Poco::Int64 id) {
    Poco::Int64 key = id;
    Statement select(session);
    select << std::string("SELECT ") + batchColumns + " FROM export_batches WHERE id = ?", use(key);
    return first(readBatches(select));
}

std::vector<Poco::Int64> messageIds(Poco::Data::Session& session, Poco::Int64 batchId) {
    Poco::Int64 key = batchId;
    std::vector<Poco::Int64> ids;
    session << "SELECT message_id FROM export_batch_messages WHERE batch_id = ? ORDER BY message_id", use(key), into(ids), now;
    return ids;
}

std::vector<std::pair<Poco::Int64, std::optional<std::string>>> confirmations(Poco::Data::Session& session,
                                                                               Poco::Int64 batchId) {
    Poco::Int64 key = batchId;
    Statement select(session);
    select << "SELECT m.id, m.confirmed_at FROM export_batch_messages bm JOIN messages m ON m.id = bm.message_id "
              "WHERE bm.batch_id = ? ORDER BY m.id",
        use(key);
    select.execute();
    RecordSet rows(select);
    std::vector<std::pair<Poco::Int64, std::optional<std::string>>> found;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext())
        found.emplace_back(*stored::integer(rows, 0), stored::text(rows, 1));
    return found;
}

void refreshStates(Poco::Data::Session& session, const std::optional<std::string>& exportName, const Poco::Timestamp& now_) {
    std::string at = isoDate(now_), name = exportName.value_or("");
    int all = exportName ? 0 : 1;
    session << "UPDATE export_batches SET "
               "state = CASE WHEN NOT EXISTS (SELECT 1 FROM export_batch_messages bm JOIN messages m ON m.id = "
               "bm.message_id WHERE bm.batch_id = export_batches.id AND m.confirmed_at IS NULL) THEN 'acknowledged' "
               "WHEN EXISTS (SELECT 1 FROM export_batch_messages bm JOIN messages m ON m.id = bm.message_id "
               "WHERE bm.batch_id = export_batches.id AND m.confirmed_at IS NOT NULL) THEN 'partlyAcknowledged' "
               "ELSE state END, "
               "acknowledged_at = CASE WHEN NOT EXISTS (SELECT 1 FROM export_batch_messages bm JOIN messages m ON "
               "m.id = bm.message_id WHERE bm.batch_id = export_batches.id AND m.confirmed_at IS NULL) THEN ? "
               "ELSE acknowledged_at END "
               "WHERE state IN ('written', 'partlyAcknowledged') AND (export_name = ? OR ? = 1)",
        use(at), use(name), use(all), now;
}

std::vector<ExportBatch> list(Poco::Data::Session& session, ListQuery query) {
    Statement select(session);
    int limit = query.limit, offset = query.offset;
    select << std::string("SELECT ") + batchColumns + " FROM export_batches" + whereOf(query, "state") +
                  " ORDER BY id DESC LIMIT ? OFFSET ?";
    bindFilters(select, query);
    select, use(limit), use(offset);
    return readBatches(select);
}

int count(Poco::Data::Session& session, ListQuery query) { return countRows(session, "export_batches", "state", query); }

}  // namespace sohub::ExportStore
