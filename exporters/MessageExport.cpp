// Files appear whole (scratch name, fsync, rename), each named in its batch before and marked written after: a crash
// at any point leaves no partial file visible, no message marked exported without its file, and no file's messages due
// again once the file is out.
#include "exporters/MessageExport.h"

#include "domain/Clock.h"
#include "domain/HubError.h"
#include "domain/Json.h"
#include "domain/Secret.h"
#include "exporters/AckFile.h"
#include "exporters/DigestingFile.h"
#include "importers/ImportRun.h"
#include "importers/SftpLocation.h"
#include "domain/ConfigKeys.h"
#include "operations/Metrics.h"
#include "scheduler/Schedule.h"
#include "services/ConfirmMessages.h"
#include "store/Database.h"
#include "store/ReferenceRepository.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/Crypto/DigestEngine.h>
#include <Poco/String.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <utility>

namespace sohub {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("sohub.export"); }

std::shared_ptr<FileLocation> locationOf(const std::string& key, const std::string& where, const std::string& privateKey,
                                         const std::string& knownHosts, const std::string& passphrase,
                                         const std::string& label) {
    if (where.rfind("sftp://", 0) != 0) return std::make_shared<LocalFolder>(where);
    try {
        return std::make_shared<SftpLocation>(SftpSettings::from(where, privateKey, knownHosts, passphrase), label);
    } catch (const Poco::InvalidArgumentException& bad) {
        failKey(key, bad.message());
    }
}

std::string readAll(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

// The export's figures for /metrics.
struct ExportFigures {
    metrics::CounterFamily& files;
    metrics::CounterFamily& messages;
};

ExportFigures& exportFigures() {
    static ExportFigures figures{
        metrics::registry().counter("sohub_export_files_total", "Export files written, by export", {"export"}),
        metrics::registry().counter("sohub_export_messages_total", "Messages written into export files, by export",
                                    {"export"})};
    return figures;
}

// A file written under a scratch name: removed when it goes out of scope unpublished (nothing was due, or the run
// failed on the way), so that only a run that dies leaves one behind (removeLeftScratchFiles).
class ScratchFile {
public:
    explicit ScratchFile(std::string path) : path_(std::move(path)) {}
    ~ScratchFile() {
        if (published_) return;
        try {
            Poco::File file(path_);
            if (file.exists()) file.remove();
        } catch (const Poco::Exception& error) {
            logger().error("Could not remove the scratch file %s: %s", path_, error.displayText());
        }
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    const std::string& path() const { return path_; }
    void published() { published_ = true; }

private:
    const std::string path_;
    bool published_ = false;
};

// Records a batch's message ids on the store's writer while the export thread formats the next records, a chunk at
// a time (the two cores work side by side instead of one after the other). The batch row is made with the first
// chunk; on failure the batch is rolled back.
class BatchRecorder {
public:
    BatchRecorder(Database& database, ExportBatch& batch, std::string exportName)
        : database_(database), batch_(batch), exportName_(std::move(exportName)) {
        thread_ = std::thread([this] { work(); });
    }
    BatchRecorder(const BatchRecorder&) = delete;
    BatchRecorder& operator=(const BatchRecorder&) = delete;
    ~BatchRecorder() {
        close();
        if (failure_ || !finished_) abandon();
    }

    void add(std::vector<Poco::Int64> chunk) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            chunks_.push_back(std::move(chunk));
        }
        ready_.notify_one();
    }
    // The file's number, taken with the batch row (with the first chunk, or now when no chunk came). Asked for after
    // drain(): a number read while its change is still under way could name a file whose batch is never committed.
    Poco::Int64 seq() {
        std::unique_lock<std::mutex> lock(mutex_);
        if (closing_ || chunks_.empty()) {
            // Nothing queued (no chunk ever, or all taken): wait for the one being written, or begin here.
            begun_.wait(lock, [this] { return seq_ != 0 || failure_ || idle_; });
        } else {
            begun_.wait(lock, [this] { return seq_ != 0 || failure_; });
        }
        if (failure_) std::rethrow_exception(failure_);
        if (seq_ == 0) {
            lock.unlock();
            database_.write([&](Poco::Data::Session& session) { beginIn(session); });
        }
        return seq_;
    }
    // Waits for every chunk; rethrows what failed.
    void drain() {
        close();
        if (failure_) std::rethrow_exception(failure_);
    }
    void finished() { finished_ = true; }

private:
    void close() {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            closing_ = true;
        }
        ready_.notify_one();
        if (thread_.joinable()) thread_.join();
    }
    void work() {
        for (;;) {
            std::deque<std::vector<Poco::Int64>> chunks;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                idle_ = chunks_.empty();
                if (idle_) begun_.notify_all();
                ready_.wait(lock, [this] { return closing_ || !chunks_.empty(); });
                if (chunks_.empty()) return;
                idle_ = false;
                chunks.swap(chunks_);  // all that queued while the last change was written: one commit, not several
            }
            if (failure_) continue;
            try {
                database_.write([&](Poco::Data::Session& session) {
                    if (batch_.id == 0) beginIn(session);
                    for (const std::vector<Poco::Int64>& chunk : chunks) ExportStore::addMessages(session, batch_.id, chunk);
                });
            } catch (...) {
                const std::lock_guard<std::mutex> lock(mutex_);
                failure_ = std::current_exception();
            }
            begun_.notify_all();
        }
    }
    // Inside a write: the batch row and the file's number, together.
    void beginIn(Poco::Data::Session& session) {
        ExportStore::begin(session, batch_);
        const Poco::Int64 seq = ExportStore::nextSeq(session, exportName_);
        const std::lock_guard<std::mutex> lock(mutex_);
        seq_ = seq;
    }
    void abandon() {
        if (batch_.id == 0) return;
        try {
            database_.write([&](Poco::Data::Session& session) { ExportStore::rollBack(session, batch_.id); });
        } catch (const std::exception& error) {
            logger().error("Export %s: batch %Ld could not be rolled back (%s); the next run does it",
                           batch_.exportName, batch_.id, std::string(error.what()));
        }
    }

    Database& database_;
    ExportBatch& batch_;
    const std::string exportName_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable begun_;
    Poco::Int64 seq_ = 0;
    bool idle_ = true;
    std::deque<std::vector<Poco::Int64>> chunks_;
    bool closing_ = false;
    bool finished_ = false;
    std::exception_ptr failure_;
    std::thread thread_;
};

// The manifest that tells a reader the file is complete lies beside it under this name.
std::string manifestNameOf(const ExportBatch& batch) { return batch.fileName + ".manifest.json"; }

}  // namespace

std::vector<ExportSpec> readExports(const Poco::Util::AbstractConfiguration& config) {
    Poco::Util::AbstractConfiguration::Keys names;
    config.keys("exports", names);
    std::sort(names.begin(), names.end());
    const std::string dataDir = config.getString("data.dir", "var");
    const int maxMessages = integerKey(config, "exports.maxMessages", 100000, 1, 100000000);
    std::vector<ExportSpec> exports;
    for (const std::string& name : names) {
        if (name == "maxMessages") continue;
        const std::string prefix = "exports." + name + ".";
        ExportSpec spec;
        spec.name = name;
        spec.maxMessages = maxMessages;
        spec.account = Poco::trim(config.getString(prefix + "account", ""));
        if (spec.account.empty()) failKey(prefix + "account", "is required (the name of an account, as infocare)");
        const std::string destination = Poco::trim(config.getString(prefix + "destination", ""));
        if (destination.empty())
            failKey(prefix + "destination", "is required (a folder, or sftp://user@host:port/path)");
        const std::string key = Poco::trim(config.getString(prefix + "sftp.privateKey", ""));
        const std::string known = Poco::trim(config.getString(prefix + "sftp.knownHosts", ""));
        const std::string passphrase =
            secretSetting(config, prefix + "sftp.passphrase", secretVariable("SOHUB_EXPORT_PASSPHRASE_", name));
        spec.destination = locationOf(prefix + "destination", destination, key, known, passphrase, "export " + name);
        std::string acks = Poco::trim(config.getString(prefix + "acks", ""));
        if (acks.empty()) acks = destination + (destination.back() == '/' ? "" : "/") + "ack";
        spec.acks = locationOf(prefix + "acks", acks, key, known, passphrase, "export " + name + " acks");
        spec.format = Poco::trim(config.getString(prefix + "format", "ndjson"));
        if (spec.format != "ndjson" && spec.format != "csv" && spec.format != "xml")
            failKey(prefix + "format", "'" + spec.format + "' is not ndjson, csv or xml");
        const std::string delimiter = config.getString(prefix + "csv.delimiter", ",");
        if (delimiter.size() != 1 || delimiter == "\"" || delimiter == "\n" || delimiter == "\r")
            failKey(prefix + "csv.delimiter", "must be one character other than a quote or a line break");
        spec.csv.delimiter = delimiter == "\\t" ? '\t' : delimiter[0];
        spec.csv.bom = booleanKey(config, prefix + "csv.bom", false);
        spec.fileName = Poco::trim(config.getString(prefix + "fileName", spec.fileName));
        if (spec.fileName.find("{seq}") == std::string::npos)
            failKey(prefix + "fileName", "needs {seq}, so that no two files have the same name");
        if (spec.fileName.find('/') != std::string::npos || spec.fileName[0] == '.')
            failKey(prefix + "fileName", "must be a plain file name (no folder, no leading dot)");
        // A mistyped placeholder ({data}) would otherwise name every file with the braces in it.
        for (std::size_t open = spec.fileName.find('{'); open != std::string::npos;
             open = spec.fileName.find('{', open + 1)) {
            const std::size_t close = spec.fileName.find('}', open);
            const std::string placeholder =
                spec.fileName.substr(open, close == std::string::npos ? close : close - open + 1);
            if (placeholder != "{date}" && placeholder != "{time}" && placeholder != "{seq}" && placeholder != "{ext}")
                failKey(prefix + "fileName",
                        "has " + placeholder + ", which is not one of {date}, {time}, {seq} and {ext}");
        }
        spec.schedule = Poco::trim(config.getString(prefix + "schedule", spec.schedule));
        spec.emptyFiles = booleanKey(config, prefix + "emptyFiles", false);
        spec.reexportAfter = durationKey(config, prefix + "reexportAfter", Poco::Timespan(24 * Poco::Timespan::HOURS));
        spec.ackStable = Poco::Timespan(integerKey(config, prefix + "ackStableSeconds", 1, 0, 60), 0);
        spec.staging = Poco::Path(Poco::Path(dataDir + "/"), Poco::Path("staging/export-" + name + "/")).toString();
        exports.push_back(std::move(spec));
    }
    return exports;
}

MessageExport::MessageExport(ExportSpec spec, Database& database, const ReferenceCatalog& catalog,
                             const ConfirmMessages& confirm, const Clock& clock, const TimeZone& zone)
    : spec_(std::move(spec)), database_(database), catalog_(catalog), confirm_(confirm), clock_(clock), zone_(zone) {
    exportFigures().files.with({spec_.name});  // the export's series show (as 0) before its first file
    exportFigures().messages.with({spec_.name});
}

const Account& MessageExport::account() const {
    const Account* account = catalog_.current()->accountByName(spec_.account);
    if (!account) throw Poco::NotFoundException("export " + spec_.name + ": no account named " + spec_.account);
    return *account;
}

std::vector<ExportBatch> MessageExport::run(const JobContext* context) {
    const std::lock_guard<std::mutex> lock(running_);
    const Account& receiver = account();
    Poco::File(spec_.staging).createDirectories();
    spec_.destination->prepare({});
    spec_.acks->prepare({"archive"});
    if (!checkedFiles_) {
        // Under the export's lease: a scratch file of this export that is there now was left by a run that died.
        removeLeftScratchFiles();
        settleUnfinishedBatches();
        checkedFiles_ = true;
    }
    takeAcknowledgements(receiver);
    std::vector<ExportBatch> written;
    try {
        for (;;) {
            if (context && context->stopRequested()) break;
            bool rest = false;
            const std::optional<ExportBatch> batch =
                writeFile(receiver, clock_.now() - spec_.reexportAfter, !written.empty(), rest);
            if (!batch) break;
            written.push_back(*batch);
            if (!rest) break;  // else the rest follows in the next file
        }
    } catch (...) {
        // A batch this run leaves writing (its roll-back failed as the store did, or its file is named and may be
        // out) is settled by the next run: finished if its file is out, else rolled back, its messages due again.
        // Left to the next start, its messages would wait for it (or for reexportAfter).
        checkedFiles_ = false;
        throw;
    }
    return written;
}

std::string MessageExport::scratchStem() const { return "export-" + spec_.name + "-"; }

std::string MessageExport::scratchNameOf(const ExportBatch& batch) const {
    return scratchStem() + std::to_string(batch.createdAt.epochMicroseconds());
}

void MessageExport::removeLeftScratchFiles() {
    try {
        for (const std::string& path : spec_.destination->removeScratch(scratchStem(), spec_.staging))
            logger().warning("Export %s: removed %s, left by a run that stopped while writing it", spec_.name, path);
    } catch (const Poco::Exception& error) {
        // Left for the next start; the run goes on (the names are its own, and nothing reads hidden files).
        logger().error("Export %s: could not remove what an earlier run left: %s", spec_.name, error.displayText());
    }
}

void MessageExport::settleUnfinishedBatches() {
    std::vector<ExportBatch> open;
    {
        ReadLease read = database_.read();
        open = ExportStore::open(read.session(), spec_.name);
    }
    for (ExportBatch& batch : open) {
        const bool named = !batch.fileName.empty();
        const bool published = named && spec_.destination->exists("", batch.fileName);
        if (batch.state == "writing" && published) {
            // Stopped between the file's rename and its batch's last change: every id was recorded before the file
            // was named, so the file is the batch's whole. Finished now; exported again, its messages would arrive twice.
            batch.state = "written";
            database_.write([&](Poco::Data::Session& session) { ExportStore::finish(session, batch); });
            publishManifest(batch);
            logger().warning("Export %s: batch %Ld's file %s was published by a run that stopped before it was marked "
                             "written: marked now, its manifest written",
                             spec_.name, batch.id, batch.fileName);
            continue;
        }
        if (batch.state != "writing" && published) {
            // A run that failed after the file's rename may not have written the manifest.
            if (!spec_.destination->exists("", manifestNameOf(batch))) publishManifest(batch);
            continue;
        }
        // A batch still writing whose file is not out was stopped before it was published: forgotten.
        database_.write([&](Poco::Data::Session& session) { ExportStore::rollBack(session, batch.id); });
        logger().warning("Export %s: batch %Ld's file %s is missing: rolled back, its %Ld messages are due again",
                         spec_.name, batch.id, named ? batch.fileName : std::string("(not named yet)"), batch.records);
    }
}

std::string MessageExport::fileNameFor(Poco::Int64 seq) const {
    const std::string local = zone_.format(clock_.now());  // 2026-12-01T20:30:15.123+01:00
    std::string name = spec_.fileName;
    const auto replace = [&](const std::string& key, const std::string& value) {
        for (std::size_t at = name.find(key); at != std::string::npos; at = name.find(key, at + value.size()))
            name.replace(at, key.size(), value);
    };
    replace("{date}", local.substr(0, 4) + local.substr(5, 2) + local.substr(8, 2));
    replace("{time}", local.substr(11, 2) + local.substr(14, 2) + local.substr(17, 2));
    replace("{seq}", std::to_string(seq));
    replace("{ext}", makeMessageFormat(spec_.format, spec_.csv)->extension());
    return name;
}

std::optional<ExportBatch> MessageExport::writeFile(const Account& receiver, const Poco::Timestamp& cutoff, bool more,
                                                    bool& rest) {
    ExportBatch batch;
    batch.exportName = spec_.name;
    batch.accountId = receiver.id;
    batch.format = spec_.format;
    batch.createdAt = clock_.now();
    const std::unique_ptr<MessageFormat> format = makeMessageFormat(spec_.format, spec_.csv);
    // Written under a scratch name chosen before the number is: the number is taken only for a file that is kept.
    ScratchFile scratch(spec_.destination->scratchPath(scratchNameOf(batch), spec_.staging));
    BatchRecorder recorder(database_, batch, spec_.name);
    constexpr std::size_t chunkIds = 8192;
    std::vector<Poco::Int64> chunk;
    Poco::Int64 records = 0;
    {
        Poco::Crypto::DigestEngine engine("SHA256");  // OpenSSL: several times faster than Poco::SHA2Engine
        DigestingFile digest(scratch.path(), engine);
        ReadLease read = database_.read();
        ExportStore::inSnapshot(read.session(), [&] {
            // XML states its count first; the other formats need no second pass.
            const int count = spec_.format == "xml"
                                  ? ExportStore::countDue(read.session(), spec_.name, receiver, cutoff, spec_.maxMessages)
                                  : 0;
            format->begin(digest, static_cast<std::size_t>(count));
            // One message past the cap tells that another file follows, without a second query that finds none.
            ExportStore::forEachDue(read.session(), spec_.name, receiver, cutoff, Poco::Int64(spec_.maxMessages) + 1,
                                    [&](const Message& message) {
                                        if (records == spec_.maxMessages) {
                                            rest = true;
                                            return;
                                        }
                                        chunk.push_back(message.id);
                                        ++records;
                                        if (chunk.size() == chunkIds) recorder.add(std::exchange(chunk, {}));
                                        format->write(digest, message);
                                    });
            format->end(digest);
        });
        digest.close();
        batch.sha256 = Poco::DigestEngine::digestToHex(engine.digest());
    }
    if (records == 0 && (more || !spec_.emptyFiles)) return std::nullopt;  // the recorder made no batch
    if (!chunk.empty()) recorder.add(std::move(chunk));
    batch.records = records;
    batch.bytes = static_cast<Poco::Int64>(Poco::File(scratch.path()).getSize());
    // Every id is committed, and the file's name with the batch, before the file is renamed into sight: a stop after
    // the rename leaves a batch that names a published file, which the next start finishes instead of exporting again.
    recorder.drain();
    batch.fileName = fileNameFor(recorder.seq());
    database_.write([&](Poco::Data::Session& session) { ExportStore::name(session, batch); });
    // Named: from here whether its file is out decides the batch, not how this run ends (a rename that was done on an
    // SFTP server whose answer was lost, a store that failed after it).
    recorder.finished();
    spec_.destination->publish(scratch.path(), batch.fileName);
    scratch.published();
    batch.state = "written";
    database_.write([&](Poco::Data::Session& session) { ExportStore::finish(session, batch); });
    publishManifest(batch);
    exportFigures().files.with({spec_.name}).add();
    exportFigures().messages.with({spec_.name}).add(static_cast<std::uint64_t>(batch.records));
    logger().information("Export %s: wrote %s (%Ld messages, %Ld bytes, batch %Ld) to %s", spec_.name, batch.fileName,
                         batch.records, batch.bytes, batch.id, spec_.destination->describe());
    return batch;
}

void MessageExport::publishManifest(const ExportBatch& batch) {
    // After the file: a reader that sees the manifest can trust the file is complete.
    Poco::JSON::Object manifest(Poco::JSON_PRESERVE_KEY_ORDER);
    manifest.set("file", batch.fileName);
    manifest.set("format", batch.format);
    manifest.set("records", batch.records);
    manifest.set("sha256", batch.sha256);
    manifest.set("bytes", batch.bytes);
    manifest.set("createdAt", isoDate(batch.createdAt));
    manifest.set("batchId", batch.id);
    const std::string manifestName = manifestNameOf(batch);
    const std::string manifestScratch = spec_.destination->scratchPath(scratchNameOf(batch) + ".manifest", spec_.staging);
    {
        // Beside the export's file, in a folder the provider may write to: made fresh, never through a link.
        OpenFile out = createFreshFile(manifestScratch);
        const std::string text = toJsonText(manifest) + "\n";
        const bool written = std::fwrite(text.data(), 1, text.size(), out.get()) == text.size();
        if (std::fclose(out.release()) != 0 || !written) throw Poco::WriteFileException(manifestScratch);
    }
    spec_.destination->publish(manifestScratch, manifestName);
}

std::vector<RemoteEntry> MessageExport::settledAcknowledgements() {
    std::vector<RemoteEntry> acks;
    for (RemoteEntry& entry : spec_.acks->list(""))
        if (AckFile::isAck(entry.name)) acks.push_back(std::move(entry));
    const Poco::Timestamp now = clock_.now();
    const Poco::Timestamp::TimeDiff window = spec_.ackStable.totalMicroseconds();
    const auto fresh = [&](const RemoteEntry& entry) { return now - entry.modified < window; };
    if (window == 0 || std::none_of(acks.begin(), acks.end(), fresh)) return acks;
    // A time ahead of this clock (an SFTP server's) counts as fresh: looked at again once, not waited for forever.
    Poco::Timestamp::TimeDiff wait = 0;
    for (const RemoteEntry& entry : acks) wait = std::max(wait, std::min(window, window - (now - entry.modified)));
    std::this_thread::sleep_for(std::chrono::microseconds(wait));
    std::map<std::string, RemoteEntry> again;
    for (RemoteEntry& entry : spec_.acks->list("")) again.emplace(entry.name, std::move(entry));
    std::vector<RemoteEntry> settled;
    for (RemoteEntry& entry : acks) {
        const auto seen = again.find(entry.name);
        if (seen != again.end() && seen->second.sameFileAs(entry)) settled.push_back(std::move(entry));
        else if (seen != again.end())
            logger().information("Export %s: acknowledgement %s is still being written: taken at a later run",
                                 spec_.name, validUtf8(entry.name));
    }
    return settled;
}

void MessageExport::takeAcknowledgements(const Account& receiver) {
    const Caller caller{&receiver, receiver.providerIds};
    for (const RemoteEntry& entry : settledAcknowledgements()) {
        const std::string& name = entry.name;
        const std::string local = spec_.acks->fetch(name, spec_.staging);
        AckFile ack = AckFile::read(name, readAll(local), spec_.ackLimits);
        Poco::JSON::Object report(Poco::JSON_PRESERVE_KEY_ORDER);
        report.set("file", name);
        std::string problem = ack.problem;
        if (ack.wholeBatch) {
            std::optional<ExportBatch> batch;
            std::vector<Poco::Int64> members;
            {
                ReadLease read = database_.read();
                batch = ExportStore::byFile(read.session(), spec_.name, ack.batchFile);
                if (batch) members = ExportStore::messageIds(read.session(), batch->id);
            }
            if (!batch) problem = "No export file named " + ack.batchFile;
            else if (!ack.sha256.empty() && ack.sha256 != batch->sha256)
                problem = "The sha256 does not match the file " + ack.batchFile;
            if (batch) report.set("batchId", batch->id);
            if (problem.empty())
                for (const Poco::Int64 id : members) ack.ids->add(id);
        }
        Poco::JSON::Array::Ptr confirmed = new Poco::JSON::Array;
        Poco::JSON::Array::Ptr errors = new Poco::JSON::Array;
        if (problem.empty()) {
            try {
                const std::vector<ConfirmationError> refused = confirm_.run(caller, Poco::Dynamic::Var(ack.ids));
                std::unordered_set<Poco::Int64> refusedIds;
                for (const ConfirmationError& error : refused) refusedIds.insert(error.id);
                for (unsigned i = 0; i < ack.ids->size(); ++i) {
                    const Poco::Int64 id = ack.ids->get(i).convert<Poco::Int64>();
                    if (refusedIds.count(id) == 0) confirmed->add(id);
                }
                for (const ConfirmationError& error : refused) {
                    Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
                    item->set("id", error.id);
                    item->set("message", error.message);
                    errors->add(item);
                }
            } catch (const HubError& refused) {
                problem = refused.what();
            }
        }
        report.set("confirmed", confirmed);
        report.set("errors", errors);
        if (!problem.empty()) report.set("error", problem);
        // Within a file system's 255 bytes with its temporary ".NAME.report.json.part": an acknowledgement's name
        // near that limit failed every export run at this put.
        const std::string reportName = shortenedName(name, 236) + ".report.json";
        const std::string reportPath = Poco::Path(spec_.staging, reportName).toString();
        {
            Poco::FileOutputStream out(reportPath, std::ios::out | std::ios::trunc | std::ios::binary);
            out << toJsonText(report) << "\n";
        }
        spec_.acks->put(reportPath, "", reportName);
        Poco::File(reportPath).remove();
        spec_.acks->move(name, "archive", name);
        if (local.rfind(spec_.staging, 0) == 0 && Poco::File(local).exists()) Poco::File(local).remove();
        logger().information("Export %s: acknowledgement %s: %z confirmed, %z errors%s", spec_.name, name,
                             confirmed->size(), errors->size(), problem.empty() ? std::string() : ": " + problem);
    }
    database_.write([&](Poco::Data::Session& session) { ExportStore::refreshStates(session, spec_.name, clock_.now()); });
}

JobResult ExportJob::run(const JobContext& context) { return resultOf(target_.run(&context)); }

JobResult ExportJob::resultOf(const std::vector<ExportBatch>& written) {
    if (written.empty()) return JobResult{true, "nothing due", true};
    Poco::Int64 messages = 0;
    for (const ExportBatch& batch : written) messages += batch.records;
    return JobResult{true, std::to_string(written.size()) + " files, " + std::to_string(messages) + " messages"};
}

}  // namespace sohub
