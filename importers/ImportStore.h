// Imports in the store: one row per file (claimed by content hash, leased, with its progress) and the outcome of
// every record. Portable SQL with bound parameters.
#pragma once

#include "scheduler/JobStore.h"
#include "store/ListQuery.h"

#include <Poco/Data/Session.h>
#include <Poco/Timestamp.h>
#include <Poco/Types.h>

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sohub {

struct ImportRow {
    Poco::Int64 id = 0;
    std::string origin;      // "drop:acme" or "upload:acme": the same content twice in one origin is a duplicate
    int accountId = 0;
    std::string fileName;
    std::string kind;        // cases | messages
    std::string format;      // csv | ndjson | json
    std::string sha256;
    Poco::Int64 bytes = 0;
    std::string status;      // queued | running | done | failed | duplicate
    std::optional<Poco::Int64> duplicateOf;
    std::optional<std::string> stagedPath;  // uploads: where the body was streamed to
    Poco::Int64 nextRecord = 0;             // records committed: a resumed import starts after them
    Poco::Int64 records = 0, created = 0, rejected = 0, duplicates = 0, readable = 0;
    std::string warnings = "[]";            // JSON array of texts
    std::optional<std::string> error;       // why a failed file failed
    std::string charset = "utf-8";
    std::optional<std::string> csvHeader;   // CSV: the header row as it came, for the rejected rows file
    std::optional<std::string> csvDelimiter;
    std::optional<std::string> leaseOwner;
    std::optional<Poco::Timestamp> leaseExpiresAt;
    bool settled = false;                   // the file was moved or deleted and its report written
    std::optional<std::string> reportName;  // the name the file was archived under (its report is NAME.report.json)
    Poco::Timestamp createdAt;
    std::optional<Poco::Timestamp> startedAt, finishedAt;
    bool cutShort = false;  // failed because its file went away before its end: the same content again resumes it
};

struct RecordOutcome {
    Poco::Int64 seq = 0;
    int line = 0;
    std::string status;                // created | rejected | duplicate
    std::optional<std::string> ref;    // the case guid or the message id made or found
    std::optional<std::string> error;  // JSON text of the API's error object
    std::optional<std::string> raw;    // a rejected CSV row as it came
};

using ImportQuery = ListQuery;  // the state is the import's status

struct PurgeTarget;

namespace ImportStore {

// What the purge deletes of imports finished (and settled) before its cutoff: their record outcomes, then the imports
// themselves once nothing refers to them (a later duplicate goes first). A purged file's content may then be imported
// again.
std::vector<PurgeTarget> purgeTargets();

// The first import of this content from this origin (not a duplicate).
std::optional<ImportRow> original(Poco::Data::Session& session, const std::string& origin, const std::string& sha256);
// Inserts the row (id and createdAt set).
void create(Poco::Data::Session& session, ImportRow& row);
// Takes the import for this owner when it is queued or running with a free or expired lease.
bool claim(Poco::Data::Session& session, Poco::Int64 id, const LeaseTerms& lease);
// Gives the lease back (a stop between chunks): the import stays running, to be resumed by whoever claims it.
void release(Poco::Data::Session& session, Poco::Int64 id, const std::string& owner);
// A duplicate of this content and name not settled yet (its move failed): settled again rather than recorded twice.
std::optional<ImportRow> unsettledDuplicate(Poco::Data::Session& session, const std::string& origin,
                                            const std::string& sha256, const std::string& fileName);
// Imports of this origin left running with no live lease (their daemon stopped or died), or under `owner`'s own (a
// run of its that broke off; its job asks between runs): each resumes when its file is taken again, or is abandoned
// when its file has left the drop.
std::vector<ImportRow> leftBehind(Poco::Data::Session& session, const std::string& origin, const Poco::Timestamp& at,
                                  const std::string& owner);
// Finished imports of this origin not settled yet: a file moved but not recorded so, or a report not written (the
// file was changed or taken away, and putting the report failed).
std::vector<ImportRow> unsettled(Poco::Data::Session& session, const std::string& origin);
// Ends an unfinished import that no other daemon holds (queued, running with no live lease, or leased by `owner`, whose
// job asks between its runs of it) as failed with `error`, when its file is gone; false when another daemon holds it by
// now. What it applied stays, and its report says so.
bool abandon(Poco::Data::Session& session, Poco::Int64 id, const std::string& error, const Poco::Timestamp& at,
             const std::string& owner);
// Takes up again an import cut short (failed because its file went away) when the same content comes back as
// `fileName`: running under `lease` (a drop), or queued for the uploads job with its `stagedPath` (an upload). Its
// records so far stay and it goes on after them; false when it was not cut short or another daemon resumed it first.
bool resume(Poco::Data::Session& session, ImportRow& import, const std::string& fileName,
            const std::optional<std::string>& stagedPath, const std::optional<LeaseTerms>& lease);
// One chunk: its records' outcomes and the import's progress, in the change that applied them; only from where the
// chunk before it left the progress (it throws otherwise, as when the lease is lost).
void commitChunk(Poco::Data::Session& session, const ImportRow& import, const std::vector<RecordOutcome>& outcomes,
                 const LeaseTerms& lease);
// The end of reading: status done or failed, with the error of a failed file.
void finish(Poco::Data::Session& session, const ImportRow& import, const Poco::Timestamp& at);
// The name the file is archived under, chosen once (a retried move keeps it).
void nameReport(Poco::Data::Session& session, Poco::Int64 id, const std::string& name);
void settle(Poco::Data::Session& session, Poco::Int64 id);
// Imports whose file is still to apply or to settle, of uploads (origin "upload:...").
std::vector<ImportRow> unsettledUploads(Poco::Data::Session& session);

std::optional<ImportRow> byId(Poco::Data::Session& session, Poco::Int64 id);
std::vector<ImportRow> list(Poco::Data::Session& session, ListQuery query);
int count(Poco::Data::Session& session, ListQuery query);
// The outcomes in file order, one at a time (a report of a million records is never in memory).
void forEachRecord(Poco::Data::Session& session, Poco::Int64 id, const std::function<void(const RecordOutcome&)>& visit,
                   bool rejectedOnly = false);

// De-duplication of re-sent records, inside the change that would store them. bookedCases: of these tracking ids, those
// the account already booked a case under, each with the guid of the first such case.
std::unordered_map<std::string, std::string> bookedCases(Poco::Data::Session& session, int accountId,
                                                         const std::vector<std::string>& trackingIds);
std::optional<Poco::Int64> existingMessage(Poco::Data::Session& session, Poco::Int64 caseId, const std::string& externalId,
                                           int accountId);

}  // namespace ImportStore

}  // namespace sohub
