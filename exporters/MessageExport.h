// One export (exports.NAME.*): its acknowledgement intake and its files of due messages, run by the scheduler as a
// job of kind `export` or at once through POST /api/v3/exports/run.
#pragma once

#include "domain/JsonReader.h"
#include "exporters/ExportStore.h"
#include "exporters/MessageFormat.h"
#include "importers/FileLocation.h"
#include "scheduler/JobKind.h"
#include "scheduler/TimeZone.h"

#include <Poco/Timespan.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sohub {

class Clock;
class ConfirmMessages;
class Database;
class ReferenceCatalog;

struct ExportSpec {
    std::string name;
    std::string account;
    std::shared_ptr<FileLocation> destination;
    std::shared_ptr<FileLocation> acks;  // default: ack/ under the destination
    std::string format = "ndjson";
    CsvOptions csv;
    std::string fileName = "messages-{date}-{time}-{seq}.{ext}";
    std::string schedule = "every 1m";
    bool emptyFiles = false;
    Poco::Timespan reexportAfter = Poco::Timespan(1, 0, 0, 0, 0);
    int maxMessages = 100000;
    std::string staging;  // local folder for SFTP uploads on their way
    JsonLimits ackLimits;  // the API's json.* limits, for NAME.ack.json files
    // An acknowledgement changed within this long is looked at again after it, and taken only if it stayed the same.
    Poco::Timespan ackStable = Poco::Timespan(1, 0);
};

// Every exports.NAME.*; throws Poco::InvalidArgumentException naming the key.
std::vector<ExportSpec> readExports(const Poco::Util::AbstractConfiguration& config);

class MessageExport {
public:
    MessageExport(ExportSpec spec, Database& database, const ReferenceCatalog& catalog, const ConfirmMessages& confirm,
                  const Clock& clock, const TimeZone& zone);

    const ExportSpec& spec() const { return spec_; }
    // Takes the acknowledgements waiting, then writes files until nothing is due; returns the batches written.
    // One run at a time per export in this process.
    std::vector<ExportBatch> run(const JobContext* context);

private:
    const Account& account() const;
    // At the first run: a batch whose file is missing is rolled back (its messages are due again); one left writing
    // whose named file is published is finished (it is the file's whole).
    void settleUnfinishedBatches();
    // What a run that died left under a scratch name (scratchStem() then a time): a hidden part file in a folder, or
    // the local copy an SFTP upload was made from.
    void removeLeftScratchFiles();
    std::string scratchStem() const;
    // A batch's scratch name: the stem, then the batch's time (its manifest's adds ".manifest").
    std::string scratchNameOf(const ExportBatch& batch) const;
    void publishManifest(const ExportBatch& batch);
    void takeAcknowledgements(const Account& account);
    // The acknowledgement files complete as far as looking can tell: each unchanged (size, time, identity) over
    // spec_.ackStable. One written a moment ago is looked at again once that has passed, in this run: a provider's
    // system may drop an ack and ask for a run at once, and an id list read while it was written could have confirmed
    // a message by a number cut short ("56" of "5678"). One still changing is left for the next run.
    std::vector<RemoteEntry> settledAcknowledgements();
    // One file of the messages due (none when nothing is due, unless an empty file is wanted and `more` is false).
    // `rest`: more messages are due than the file took.
    std::optional<ExportBatch> writeFile(const Account& account, const Poco::Timestamp& cutoff, bool more, bool& rest);
    std::string fileNameFor(Poco::Int64 seq) const;

    ExportSpec spec_;
    Database& database_;
    const ReferenceCatalog& catalog_;
    const ConfirmMessages& confirm_;
    const Clock& clock_;
    const TimeZone zone_;
    std::mutex running_;
    bool checkedFiles_ = false;
};

// Job kind `export`.
class ExportJob : public Job {
public:
    explicit ExportJob(MessageExport& target) : target_(target) {}
    JobResult run(const JobContext& context) override;
    // For the run's history: the files and messages written.
    static JobResult resultOf(const std::vector<ExportBatch>& written);

private:
    MessageExport& target_;
};

}  // namespace sohub
