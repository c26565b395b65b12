// Portable SQL with bound parameters; the provider list of an account is bound one placeholder per id.
#include "exporters/ExportStore.h"

#include "domain/Clock.h"
#include "store/CachedStatement.h"
#include "store/StoredColumns.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

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

std::string whereOf(const BatchQuery& query) {
    std::string where = " WHERE 1 = 1";
    if (query.accountId) where += " AND account_id = ?";
    if (query.state) where += " AND state = ?";
    return where;
}

void bindQuery(Statement& statement, const BatchQuery& query, int& account, std::string& state) {
    if (query.accountId) {
        account = *query.accountId;
        statement, use(account);
    }
    if (query.state) {
        state = *query.state;
        statement, use(state);
    }
}

}  // namespace

std::vector<Poco::Int64> dueMessages(Poco::Data::Session& session, const std::string& exportName, const Account& account,
                                     const Poco::Timestamp& reexportCutoff, int limit) {
    // The receiving side: a provider account receives the partners' messages on cases routed to its providers; a
    // partner account the providers' messages on its partner's cases.
    std::string audience;
    std::vector<int> parties;
    if (account.role == Role::Provider) {
        parties = account.providerIds;
        if (parties.empty()) return {};
        audience = "m.sender_type = 'partner' AND c.service_provider_id IN (?";
        for (std::size_t i = 1; i < parties.size(); ++i) audience += ", ?";
        audience += ")";
    } else {
        parties = {account.partnerId};
        audience = "m.sender_type = 'provider' AND c.partner_id = ?";
    }
    Statement select(session);
    std::string name = exportName, cutoff = isoDate(reexportCutoff);
    int count = limit;
    std::vector<Poco::Int64> ids;
    select << "SELECT m.id FROM messages m JOIN cases c ON c.id = m.case_id WHERE m.confirmed_at IS NULL AND " +
                  audience +
                  " AND NOT EXISTS (SELECT 1 FROM export_batch_messages bm JOIN export_batches b ON b.id = bm.batch_id "
                  "WHERE bm.message_id = m.id AND b.export_name = ? AND b.created_at > ?) ORDER BY m.id LIMIT ?";
    for (int& party : parties) select, use(party);
    select, use(name), use(cutoff), use(count), into(ids);
    select.execute();
    return ids;
}

void forEachMessage(Poco::Data::Session& session, const std::vector<Poco::Int64>& ids,
                    const std::function<void(const Message&)>& visit) {
    if (ids.empty()) return;
    // One pass over the id range, read a row at a time (a file of 100,000 messages is never in memory).
    CachedStatement select(session,
                           "SELECT m.id, m.case_id, c.guid, m.sender_account_id, m.sender_type, m.content, m.type, "
                           "m.external_id, m.parent_message_id, m.user_email, m.user_name, m.confirmed_at, m.created_at, "
                           "m.updated_at, m.declared_at FROM messages m JOIN cases c ON c.id = m.case_id "
                           "WHERE m.id >= ? AND m.id <= ? ORDER BY m.id");
    select.bind(1, ids.front()).bind(2, ids.back());
    while (select.step()) {
        const Poco::Int64 id = select.int64(0);
        if (!std::binary_search(ids.begin(), ids.end(), id)) continue;
        Message m;
        m.id = id;
        m.caseId = select.int64(1);
        m.caseGuid = select.text(2);
        if (const auto account = select.optionalInt64(3)) m.senderAccountId = static_cast<int>(*account);
        m.senderType = select.optionalText(4);
        m.content = select.optionalText(5);
        m.type = select.text(6);
        m.externalId = select.optionalText(7);
        m.parentMessageId = select.optionalInt64(8);
        m.userEmail = select.optionalText(9);
        m.userName = select.optionalText(10);
        m.confirmedAt = select.optionalText(11);
        m.createdAt = select.text(12);
        m.updatedAt = select.text(13);
        m.declaredAt = select.text(14);
        visit(m);
    }
}

Poco::Int64 nextSeq(Poco::Data::Session& session, const std::string& exportName) {
    std::string name = exportName;
    session << "INSERT INTO exports (name, next_seq) VALUES (?, 1) ON CONFLICT (name) DO NOTHING", use(name), now;
    Poco::Int64 seq = 0;
    session << "UPDATE exports SET next_seq = next_seq + 1 WHERE name = ? RETURNING next_seq - 1", use(name), into(seq), now;
    return seq;
}

void record(Poco::Data::Session& session, ExportBatch& batch, const std::vector<Poco::Int64>& ids) {
    std::string created = isoDate(batch.createdAt);
    session << "INSERT INTO export_batches (export_name, account_id, file_name, format, sha256, bytes, records, state, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        use(batch.exportName), use(batch.accountId), use(batch.fileName), use(batch.format), use(batch.sha256),
        use(batch.bytes), use(batch.records), use(batch.state), use(created), into(batch.id), now;
    for (const Poco::Int64 id : ids) {
        CachedStatement insert(session, "INSERT INTO export_batch_messages (batch_id, message_id) VALUES (?, ?)");
        insert.bind(1, batch.id).bind(2, id);
        insert.execute();
    }
    Poco::Int64 key = batch.id;
    std::string name = batch.exportName;
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
                  " FROM export_batches WHERE export_name = ? AND state IN ('written', 'partlyAcknowledged') ORDER BY id",
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

std::vector<ExportBatch> list(Poco::Data::Session& session, const BatchQuery& query) {
    Statement select(session);
    int account = 0, limit = query.limit, offset = query.offset;
    std::string state;
    select << std::string("SELECT ") + batchColumns + " FROM export_batches" + whereOf(query) +
                  " ORDER BY id DESC LIMIT ? OFFSET ?";
    bindQuery(select, query, account, state);
    select, use(limit), use(offset);
    return readBatches(select);
}

int count(Poco::Data::Session& session, const BatchQuery& query) {
    Statement select(session);
    int account = 0, total = 0;
    std::string state;
    select << std::string("SELECT COUNT(*) FROM export_batches") + whereOf(query);
    bindQuery(select, query, account, state);
    select, into(total);
    select.execute();
    return total;
}

}  // namespace sohub::ExportStore
