// Statements of the import side; the per-record insert is prepared once per connection (CachedStatement).
#include "importers/ImportStore.h"

#include "domain/Clock.h"
#include "scheduler/PurgeJob.h"
#include "store/CachedStatement.h"
#include "store/RowBatch.h"
#include "store/ListQuery.h"
#include "store/StoredColumns.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

using namespace Poco::Data::Keywords;
using Poco::Data::RecordSet;
using Poco::Data::Statement;

namespace sohub::ImportStore {
namespace {

const char* const columns =
    "id, origin, account_id, file_name, kind, format, sha256, bytes, status, duplicate_of, staged_path, next_record, "
    "records, created, rejected, duplicates, readable, warnings, error, charset, csv_header, csv_delimiter, lease_owner, "
    "lease_expires_at, settled, report_name, created_at, started_at, finished_at, cut_short";

using stored::integer;
using stored::text;
using stored::time;

std::vector<ImportRow> readRows(Statement& select) {
    select.execute();
    RecordSet rows(select);
    std::vector<ImportRow> found;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        ImportRow row;
        row.id = *integer(rows, 0);
        row.origin = *text(rows, 1);
        row.accountId = static_cast<int>(*integer(rows, 2));
        row.fileName = *text(rows, 3);
        row.kind = *text(rows, 4);
        row.format = *text(rows, 5);
        row.sha256 = *text(rows, 6);
        row.bytes = *integer(rows, 7);
        row.status = *text(rows, 8);
        row.duplicateOf = integer(rows, 9);
        row.stagedPath = text(rows, 10);
        row.nextRecord = *integer(rows, 11);
        row.records = *integer(rows, 12);
        row.created = *integer(rows, 13);
        row.rejected = *integer(rows, 14);
        row.duplicates = *integer(rows, 15);
        row.readable = *integer(rows, 16);
        row.warnings = *text(rows, 17);
        row.error = text(rows, 18);
        row.charset = *text(rows, 19);
        row.csvHeader = text(rows, 20);
        row.csvDelimiter = text(rows, 21);
        row.leaseOwner = text(rows, 22);
        row.leaseExpiresAt = time(rows, 23);
        row.settled = *integer(rows, 24) != 0;
        row.reportName = text(rows, 25);
        row.createdAt = *time(rows, 26);
        row.startedAt = time(rows, 27);
        row.finishedAt = time(rows, 28);
        row.cutShort = *integer(rows, 29) != 0;
        found.push_back(std::move(row));
    }
    return found;
}

std::optional<ImportRow> first(std::vector<ImportRow> rows) {
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

template <typename T>
Poco::Nullable<T> nullable(const std::optional<T>& value) {
    return value ? Poco::Nullable<T>(*value) : Poco::Nullable<T>();
}

// The WHERE clause of a listing and its parameters, in the order they bind.
}  // namespace

std::vector<PurgeTarget> purgeTargets() {
    return {
        {"import record outcomes",
         "DELETE FROM import_records WHERE (import_id, seq) IN (SELECT r.import_id, r.seq FROM import_records r JOIN "
         "imports i ON i.id = r.import_id WHERE i.finished_at < ? AND i.settled = 1 ORDER BY r.import_id, r.seq "
         "LIMIT ?) RETURNING import_id"},
        {"imports",
         "DELETE FROM imports WHERE id IN (SELECT i.id FROM imports i WHERE i.finished_at < ? AND i.settled = 1 "
         "AND NOT EXISTS (SELECT 1 FROM import_records r WHERE r.import_id = i.id) AND NOT EXISTS (SELECT 1 FROM "
         "imports d WHERE d.duplicate_of = i.id) ORDER BY i.id DESC LIMIT ?) RETURNING id"},
    };
}

std::optional<ImportRow> original(Poco::Data::Session& session, const std::string& origin, const std::string& sha256) {
    std::string from = origin, hash = sha256;
    Statement select(session);
    select << std::string("SELECT ") + columns + " FROM imports WHERE origin = ? AND sha256 = ? AND duplicate_of IS NULL",
        use(from), use(hash);
    return first(readRows(select));
}

void create(Poco::Data::Session& session, ImportRow& row) {
    row.createdAt = Poco::Timestamp();
    std::string created = isoDate(row.createdAt);
    Poco::Nullable<Poco::Int64> duplicateOf = nullable(row.duplicateOf);
    Poco::Nullable<std::string> staged = nullable(row.stagedPath), error = nullable(row.error),
                                header = nullable(row.csvHeader), delimiter = nullable(row.csvDelimiter),
                                owner = nullable(row.leaseOwner), started, finished, expires;
    if (row.leaseExpiresAt) expires = isoDate(*row.leaseExpiresAt);
    if (row.startedAt) started = isoDate(*row.startedAt);
    if (row.finishedAt) finished = isoDate(*row.finishedAt);
    int settled = row.settled ? 1 : 0;
    session << "INSERT INTO imports (origin, account_id, file_name, kind, format, sha256, bytes, status, duplicate_of, "
               "staged_path, next_record, records, created, rejected, duplicates, readable, warnings, error, charset, "
               "csv_header, csv_delimiter, lease_owner, lease_expires_at, settled, created_at, started_at, finished_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        use(row.origin), use(row.accountId), use(row.fileName), use(row.kind), use(row.format), use(row.sha256),
        use(row.bytes), use(row.status), use(duplicateOf), use(staged), use(row.nextRecord), use(row.records),
        use(row.created), use(row.rejected), use(row.duplicates), use(row.readable), use(row.warnings), use(error),
        use(row.charset), use(header), use(delimiter), use(owner), use(expires), use(settled), use(created),
        use(started), use(finished), into(row.id), now;
}

bool claim(Poco::Data::Session& session, Poco::Int64 id, const LeaseTerms& lease) {
    Poco::Int64 key = id;
    std::string owner = lease.owner, at = isoDate(lease.now), expires = isoDate(lease.expiresAt);
    std::vector<Poco::Int64> claimed;
    session << "UPDATE imports SET status = 'running', lease_owner = ?, lease_expires_at = ?, "
               "started_at = COALESCE(started_at, ?) WHERE id = ? AND status IN ('queued', 'running') "
               "AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_at < ?) RETURNING id",
        use(owner), use(expires), use(at), use(key), use(owner), use(at), into(claimed), now;
    return !claimed.empty();
}

void release(Poco::Data::Session& session, Poco::Int64 id, const std::string& owner) {
    Poco::Int64 key = id;
    std::string holder = owner;
    session << "UPDATE imports SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?",
        use(key), use(holder), now;
}

std::optional<ImportRow> unsettledDuplicate(Poco::Data::Session& session, const std::string& origin,
                                            const std::string& sha256, const std::string& fileName) {
    std::string from = origin, hash = sha256, name = fileName;
    Statement select(session);
    select << std::string("SELECT ") + columns +
                  " FROM imports WHERE origin = ? AND sha256 = ? AND file_name = ? AND duplicate_of IS NOT NULL "
                  "AND settled = 0 ORDER BY id LIMIT 1",
        use(from), use(hash), use(name);
    return first(readRows(select));
}

std::vector<ImportRow> leftBehind(Poco::Data::Session& session, const std::string& origin, const Poco::Timestamp& at,
                                  const std::string& owner) {
    std::string from = origin, moment = isoDate(at), self = owner;
    Statement select(session);
    select << std::string("SELECT ") + columns +
                  " FROM imports WHERE origin = ? AND status = 'running' "
                  "AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_at < ?) ORDER BY id",
        use(from), use(self), use(moment);
    return readRows(select);
}

std::vector<ImportRow> unsettled(Poco::Data::Session& session, const std::string& origin) {
    std::string from = origin;
    Statement select(session);
    select << std::string("SELECT ") + columns +
                  " FROM imports WHERE origin = ? AND settled = 0 AND status IN ('done', 'failed', 'duplicate') "
                  "ORDER BY id",
        use(from);
    return readRows(select);
}

bool abandon(Poco::Data::Session& session, Poco::Int64 id, const std::string& error, const Poco::Timestamp& at,
             const std::string& owner) {
    Poco::Int64 key = id;
    std::string text = error, moment = isoDate(at), self = owner;
    std::vector<Poco::Int64> ended;
    session << "UPDATE imports SET status = 'failed', error = ?, finished_at = ?, lease_owner = NULL, "
               "lease_expires_at = NULL, cut_short = 1 WHERE id = ? AND status IN ('queued', 'running') "
               "AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_at < ?) RETURNING id",
        use(text), use(moment), use(key), use(self), use(moment), into(ended), now;
    return !ended.empty();
}

bool resume(Poco::Data::Session& session, ImportRow& import, const std::string& fileName,
            const std::optional<std::string>& stagedPath, const std::optional<LeaseTerms>& lease) {
    Poco::Int64 key = import.id;
    std::string name = fileName, status = lease ? "running" : "queued";
    Poco::Nullable<std::string> staged = nullable(stagedPath), owner, expires;
    if (lease) {
        owner = lease->owner;
        expires = isoDate(lease->expiresAt);
    }
    std::vector<Poco::Int64> resumed;
    // Its records so far stay; a new report name is chosen when it settles (the first went to error/).
    session << "UPDATE imports SET status = ?, error = NULL, cut_short = 0, file_name = ?, staged_path = ?, "
               "lease_owner = ?, lease_expires_at = ?, settled = 0, report_name = NULL, finished_at = NULL "
               "WHERE id = ? AND status = 'failed' AND cut_short = 1 RETURNING id",
        use(status), use(name), use(staged), use(owner), use(expires), use(key), into(resumed), now;
    if (resumed.empty()) return false;
    import.status = status;
    import.error.reset();
    import.cutShort = false;
    import.fileName = fileName;
    import.stagedPath = stagedPath;
    import.leaseOwner = lease ? std::optional<std::string>(lease->owner) : std::nullopt;
    import.leaseExpiresAt = lease ? std::optional<Poco::Timestamp>(lease->expiresAt) : std::nullopt;
    import.settled = false;
    import.reportName.reset();
    import.finishedAt.reset();
    return true;
}

void commitChunk(Poco::Data::Session& session, const ImportRow& import, const std::vector<RecordOutcome>& outcomes,
                 const LeaseTerms& lease) {
    Poco::Int64 created = 0, rejected = 0, duplicates = 0;
    RowBatch records("INSERT INTO import_records (import_id, seq, line, status, ref, error, raw) VALUES ", 7);
    for (const RecordOutcome& outcome : outcomes) {
        records.row().value(import.id).value(outcome.seq).value(static_cast<Poco::Int64>(outcome.line));
        records.kept(outcome.status).kept(outcome.ref).kept(outcome.error).kept(outcome.raw);  // flushed below
        created += outcome.status == "created";
        rejected += outcome.status == "rejected";
        duplicates += outcome.status == "duplicate";
    }
    records.flush(session);
    Poco::Int64 id = import.id, next = import.nextRecord, total = static_cast<Poco::Int64>(outcomes.size());
    Poco::Int64 readable = import.readable, from = next - total;
    std::string owner = lease.owner, expires = isoDate(lease.expiresAt), warnings = import.warnings;
    std::string charset = import.charset;
    Poco::Nullable<std::string> header = nullable(import.csvHeader), delimiter = nullable(import.csvDelimiter);
    std::vector<Poco::Int64> updated;
    session << "UPDATE imports SET next_record = ?, records = records + ?, created = created + ?, "
               "rejected = rejected + ?, duplicates = duplicates + ?, readable = ?, warnings = ?, charset = ?, "
               "csv_header = ?, csv_delimiter = ?, lease_expires_at = ? "
               "WHERE id = ? AND lease_owner = ? AND next_record = ? RETURNING id",
        use(next), use(total), use(created), use(rejected), use(duplicates), use(readable), use(warnings), use(charset),
        use(header), use(delimiter), use(expires), use(id), use(owner), use(from), into(updated), now;
    // Another daemon took the import over, or the chunk before this one was not stored (its change failed while
    // this one waited behind it): this chunk must not count (the change rolls back).
    if (updated.empty())
        throw Poco::IllegalStateException("import lease lost or a chunk before this one not stored",
                                          std::to_string(import.id));
}

void finish(Poco::Data::Session& session, const ImportRow& import, const Poco::Timestamp& at) {
    Poco::Int64 id = import.id;
    std::string status = import.status, finished = isoDate(at), warnings = import.warnings, charset = import.charset;
    Poco::Nullable<std::string> error = nullable(import.error), header = nullable(import.csvHeader),
                                delimiter = nullable(import.csvDelimiter);
    session << "UPDATE imports SET status = ?, error = ?, warnings = ?, charset = ?, csv_header = ?, "
               "csv_delimiter = ?, finished_at = ?, lease_owner = NULL, lease_expires_at = NULL WHERE id = ?",
        use(status), use(error), use(warnings), use(charset), use(header), use(delimiter), use(finished), use(id), now;
}

void nameReport(Poco::Data::Session& session, Poco::Int64 id, const std::string& name) {
    Poco::Int64 key = id;
    std::string value = name;
    session << "UPDATE imports SET report_name = ? WHERE id = ? AND report_name IS NULL", use(value), use(key), now;
}

void settle(Poco::Data::Session& session, Poco::Int64 id) {
    Poco::Int64 key = id;
    session << "UPDATE imports SET settled = 1 WHERE id = ?", use(key), now;
}

std::vector<ImportRow> unsettledUploads(Poco::Data::Session& session) {
    Statement select(session);
    select << std::string("SELECT ") + columns + " FROM imports WHERE origin LIKE 'upload:%' AND settled = 0 ORDER BY id";
    return readRows(select);
}

std::optional<ImportRow> byId(Poco::Data::Session& session, Poco::Int64 id) {
    Poco::Int64 key = id;
    Statement select(session);
    select << std::string("SELECT ") + columns + " FROM imports WHERE id = ?", use(key);
    return first(readRows(select));
}

std::vector<ImportRow> list(Poco::Data::Session& session, ListQuery query) {
    Statement select(session);
    int limit = query.limit, offset = query.offset;
    select << std::string("SELECT ") + columns + " FROM imports" + whereOf(query, "status") + " ORDER BY id DESC LIMIT ? OFFSET ?";
    bindFilters(select, query);
    select, use(limit), use(offset);
    return readRows(select);
}

int count(Poco::Data::Session& session, ListQuery query) { return countRows(session, "imports", "status", query); }

void forEachRecord(Poco::Data::Session& session, Poco::Int64 id, const std::function<void(const RecordOutcome&)>& visit,
                   bool rejectedOnly) {
    // A thousand outcomes a statement, prepared once per connection (a report of 1,000,000 records read them through
    // Poco's RecordSet, which compiled the statement again for each thousand and boxed every value).
    static const char* const all = "SELECT seq, line, status, ref, error, raw FROM import_records WHERE import_id = ? "
                                   "AND seq >= ? ORDER BY seq LIMIT ?";
    static const char* const rejected = "SELECT seq, line, status, ref, error, raw FROM import_records WHERE "
                                        "import_id = ? AND seq >= ? AND status = 'rejected' ORDER BY seq LIMIT ?";
    constexpr std::size_t page = 1000;
    std::vector<RecordOutcome> outcomes;
    outcomes.reserve(page);
    Poco::Int64 from = 0;
    for (;;) {
        outcomes.clear();
        {
            CachedStatement select(session, rejectedOnly ? rejected : all);
            select.bind(1, id).bind(2, from).bind(3, static_cast<Poco::Int64>(page));
            while (select.step()) {
                RecordOutcome& outcome = outcomes.emplace_back();
                outcome.seq = select.int64(0);
                outcome.line = static_cast<int>(select.int64(1));
                outcome.status = select.text(2);
                outcome.ref = select.optionalText(3);
                outcome.error = select.optionalText(4);
                outcome.raw = select.optionalText(5);
            }
        }
        // Visited once the statement is done with: a visit may use the session itself.
        for (const RecordOutcome& outcome : outcomes) visit(outcome);
        if (outcomes.size() < page) return;
        from = outcomes.back().seq + 1;
    }
}

std::unordered_map<std::string, std::string> bookedCases(Poco::Data::Session& session, int accountId,
                                                         const std::vector<std::string>& trackingIds) {
    // Many tracking ids to a statement: one look-up per chunk of an import, not one statement per record. Slots left
    // over are NULL, which IN never matches, so every look-up is the one statement text (prepared once).
    constexpr std::size_t slots = 50;
    static const char* const sql = lastingSql([] {
        std::string text = "SELECT r.tracking_id, c.guid FROM external_requests r "
                           "JOIN cases c ON c.id = r.case_id WHERE r.tracking_id IN (?";
        for (std::size_t i = 1; i < slots; ++i) text += ", ?";
        return text + ") AND r.account_id = ? AND r.type = 'caseCreated' AND r.status = 'success' ORDER BY r.id";
    }());
    std::unordered_map<std::string, std::string> booked;
    for (std::size_t first = 0; first < trackingIds.size(); first += slots) {
        CachedStatement select(session, sql);
        for (std::size_t i = 0; i < slots; ++i) {
            const int slot = static_cast<int>(i) + 1;
            if (first + i < trackingIds.size()) select.bind(slot, trackingIds[first + i]);
            else select.bindNull(slot);
        }
        select.bind(static_cast<int>(slots) + 1, static_cast<Poco::Int64>(accountId));
        // Oldest first: a tracking id booked twice keeps its first case's guid.
        while (select.step()) booked.try_emplace(select.text(0), select.text(1));
    }
    return booked;
}

std::optional<Poco::Int64> existingMessage(Poco::Data::Session& session, Poco::Int64 caseId, const std::string& externalId,
                                           int accountId) {
    CachedStatement select(session,
                           "SELECT id FROM messages WHERE case_id = ? AND external_id = ? AND sender_account_id = ? "
                           "ORDER BY id LIMIT 1");
    select.bind(1, caseId).bind(2, externalId).bind(3, static_cast<Poco::Int64>(accountId));
    if (!select.step()) return std::nullopt;
    return select.int64(0);
}

}  // namespace sohub::ImportStore
