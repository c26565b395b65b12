// Exports in the store: per export a file counter, each file a batch with the ids of the messages it carries
// (all of them, and the file's name, before the file is in place; written once it is).
#pragma once

#include "domain/Message.h"
#include "domain/Reference.h"
#include "store/ListQuery.h"

#include <Poco/Data/Session.h>
#include <Poco/Timestamp.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sohub {

struct ExportBatch {
    Poco::Int64 id = 0;
    std::string exportName;
    int accountId = 0;
    std::string fileName;
    std::string format;
    std::string sha256;
    Poco::Int64 bytes = 0;
    Poco::Int64 records = 0;
    std::string state = "written";  // written | partlyAcknowledged | acknowledged | superseded
    Poco::Timestamp createdAt;
    std::optional<Poco::Timestamp> acknowledgedAt;
};

using BatchQuery = ListQuery;

struct PurgeTarget;

namespace ExportStore {

// What the purge deletes of batches acknowledged or superseded before its cutoff: their message ids, then the batches.
std::vector<PurgeTarget> purgeTargets();

// The messages the account receives and has not confirmed, not in a batch of this export created after
// `reexportCutoff`, oldest first, at most `limit`, one at a time (a file of 100,000 is never in memory).
void forEachDue(Poco::Data::Session& session, const std::string& exportName, const Account& account,
                const Poco::Timestamp& reexportCutoff, Poco::Int64 limit, const std::function<void(const Message&)>& visit);
int countDue(Poco::Data::Session& session, const std::string& exportName, const Account& account,
             const Poco::Timestamp& reexportCutoff, int limit);
// Runs the reads in one read transaction, so they see one snapshot (a count and the rows it counted).
void inSnapshot(Poco::Data::Session& session, const std::function<void()>& reads);
// The export's next file number (never repeats).
Poco::Int64 nextSeq(Poco::Data::Session& session, const std::string& exportName);
// A batch is recorded while its file is written: begin (state writing, no file yet), the ids of its messages a chunk
// at a time (on the store's writer while the next records are formatted), name once every id is in (file name,
// checksum, size, count; still writing), then finish once the file is published (state written; older batches whose
// messages went into it are superseded). A batch still writing at a start is rolled back, unless the file it names
// is published: then it is finished.
void begin(Poco::Data::Session& session, ExportBatch& batch);
void addMessages(Poco::Data::Session& session, Poco::Int64 batchId, const std::vector<Poco::Int64>& ids);
void name(Poco::Data::Session& session, const ExportBatch& batch);
void finish(Poco::Data::Session& session, const ExportBatch& batch);
// Batches still expecting acknowledgements (written or partly acknowledged), and any left writing by a stop.
std::vector<ExportBatch> open(Poco::Data::Session& session, const std::string& exportName);
// Forgets a batch whose file is gone: its messages are due again.
void rollBack(Poco::Data::Session& session, Poco::Int64 batchId);
std::optional<ExportBatch> byFile(Poco::Data::Session& session, const std::string& exportName, const std::string& fileName);
std::optional<ExportBatch> byId(Poco::Data::Session& session, Poco::Int64 id);
std::vector<Poco::Int64> messageIds(Poco::Data::Session& session, Poco::Int64 batchId);
// Each message of the batch with its confirmation time (null: not confirmed).
std::vector<std::pair<Poco::Int64, std::optional<std::string>>> confirmations(Poco::Data::Session& session,
                                                                               Poco::Int64 batchId);
// Written / partlyAcknowledged / acknowledged from the messages' confirmations.
void refreshStates(Poco::Data::Session& session, const std::optional<std::string>& exportName, const Poco::Timestamp& now);
std::vector<ExportBatch> list(Poco::Data::Session& session, ListQuery query);
int count(Poco::Data::Session& session, ListQuery query);

}  // namespace ExportStore

}  // namespace sohub
