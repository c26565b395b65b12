// Read a chunk, prepare it outside the writer (validation, routing, serialisation), then one change: de-duplicate,
// store, record the outcomes and the progress. A record's failure is its own; only the store's failure stops a file.
#include "importers/ImportRun.h"

#include "domain/Caller.h"
#include "domain/Clock.h"
#include "domain/HubError.h"
#include "domain/Json.h"
#include "importers/BlockFileStream.h"
#include "importers/DecodedText.h"
#include "operations/Metrics.h"
#include "scheduler/JobKind.h"
#include "services/CaseBooking.h"
#include "services/CreateMessage.h"
#include "store/Database.h"
#include "store/GatheredRows.h"
#include "store/ReferenceRepository.h"

#include <Poco/DigestStream.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Crypto/DigestEngine.h>
#include <Poco/StreamCopier.h>

#include <deque>
#include <future>
#include <string_view>
#include <unordered_map>

namespace sohub {
namespace {

// The import's figures for /metrics, every outcome's series made at start so that they show (as 0) before any file.
struct ImportFigures {
    metrics::CounterFamily& files;
    metrics::CounterFamily& records;
    metrics::Counter& bytes;
};

ImportFigures& importFigures() {
    static ImportFigures figures = [] {
        metrics::Registry& registry = metrics::registry();
        ImportFigures made{
            registry.counter("sohub_import_files_total", "Imported files finished, by outcome", {"outcome"}),
            registry.counter("sohub_import_records_total", "Imported records, by outcome", {"outcome"}),
            registry.counter("sohub_import_bytes_total", "Bytes of the imported files finished").with({})};
        for (const char* outcome : {"done", "failed", "duplicate"}) made.files.with({outcome});
        for (const char* outcome : {"created", "rejected", "duplicate"}) made.records.with({outcome});
        return made;
    }();
    return figures;
}

// A record read and prepared, waiting for its chunk's change.
struct Pending {
    Record record;
    std::optional<PreparedBooking> booking;
    std::optional<PreparedMessage> message;
    std::optional<std::string> error;  // the API's error object as JSON text, when refused before the write
};

// Records applied in one change, with the import's progress once they are.
struct Chunk {
    std::vector<Pending> records;
    Poco::Int64 firstSeq = 0;
    ImportRow progress;
    std::vector<RecordOutcome> outcomes;  // filled by the change
};

std::string errorText(const std::string& message, const Poco::Dynamic::Var& details = Poco::Dynamic::Var()) {
    Poco::JSON::Object error(Poco::JSON_PRESERVE_KEY_ORDER);
    error.set("message", message);
    if (!details.isEmpty()) error.set("details", details);
    return toJsonText(error);
}

std::string addWarnings(const std::string& json, const std::vector<std::string>& more) {
    if (more.empty()) return json;
    Poco::JSON::Parser parser;
    Poco::JSON::Array::Ptr warnings = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
    for (const std::string& warning : more) {
        bool known = false;
        for (unsigned i = 0; i < warnings->size(); ++i) known = known || warnings->getElement<std::string>(i) == warning;
        if (!known) warnings->add(warning);
    }
    return toJsonText(Poco::Dynamic::Var(warnings));
}

}  // namespace

FileSniff sniffFile(const std::string& path, const std::string& fileName) {
    FileSniff sniff;
    Poco::FileInputStream in(path);
    char block[8192];
    in.read(block, sizeof block);
    const std::size_t size = static_cast<std::size_t>(in.gcount());
    sniff.empty = size == 0;
    sniff.bom = size >= 3 && block[0] == '\xEF' && block[1] == '\xBB' && block[2] == '\xBF';
    sniff.utf16 =
        size >= 2 && ((block[0] == '\xFF' && block[1] == '\xFE') || (block[0] == '\xFE' && block[1] == '\xFF'));
    char first = 0;
    for (std::size_t i = sniff.bom ? 3 : 0; i < size; ++i) {
        if (block[i] == '\0') sniff.binary = true;
        if (!first && block[i] != ' ' && block[i] != '\t' && block[i] != '\r' && block[i] != '\n') first = block[i];
    }
    sniff.format = recordFormatOf(fileName, first);
    return sniff;
}

std::string sha256Of(const std::string& path) {
    Poco::Crypto::DigestEngine engine("SHA256");  // OpenSSL: several times faster than Poco::SHA2Engine
    Poco::DigestOutputStream digest(engine);
    BlockFileStream in(path);
    Poco::StreamCopier::copyStream(in, digest);
    digest.close();
    return Poco::DigestEngine::digestToHex(engine.digest());
}

ImportRun::ImportRun(const ImportServices& services, const ImportSettings& settings, std::string owner)
    : services_(services), settings_(settings), owner_(std::move(owner)) {
    importFigures();  // its series show from the start
}

LeaseTerms ImportRun::lease() const {
    const Poco::Timestamp now = services_.clock.now();
    return LeaseTerms{owner_, now, now + Poco::Timespan(settings_.leaseSeconds, 0)};
}

bool ImportRun::apply(ImportRow& import, const std::string& path, const Account& account, bool deduplicate,
                      const JobContext* context) const {
    const RecordKind kind = import.kind == "messages" ? RecordKind::Messages : RecordKind::Cases;
    const auto finishAs = [&](const std::string& status, const std::optional<std::string>& error) {
        import.status = status;
        import.error = error;
        services_.database.write(
            [&](Poco::Data::Session& session) { ImportStore::finish(session, import, services_.clock.now()); });
        countImportedFile(status, import.bytes);
        return true;
    };

    const FileSniff sniff = sniffFile(path, import.fileName);
    if (sniff.empty) return finishAs("failed", "empty file: no records");
    // Text all the same, but each character in two bytes: said as such, so that the sender knows what to change.
    if (sniff.utf16)
        return finishAs("failed", "UTF-16 text (as a spreadsheet's \"Unicode Text\" saves it), which is not read: "
                                  "save the file as CSV UTF-8");
    if (sniff.binary) return finishAs("failed", "not a text file (binary content)");

    BlockFileStream raw(path);
    if (sniff.bom) {
        raw.seekg(3);
        // A UTF-8 byte order mark says what the file is, whatever charset its drop or upload declared (as the WHATWG
        // decoding does): a spreadsheet's "CSV UTF-8" in a windows-1252 drop was read as "VÃ¤xjÃ¶".
        if (!DecodedText::isUtf8(import.charset)) {
            import.warnings = addWarnings(import.warnings, {"The file starts with a UTF-8 byte order mark: read as "
                                                            "UTF-8, not as the declared " + import.charset});
            import.charset = "utf-8";
        }
    }
    DecodedText text(raw, import.charset);
    ReaderSettings readerSettings;
    readerSettings.kind = kind;
    readerSettings.maxRecordBytes = settings_.maxRecordBytes;
    readerSettings.json = settings_.json;
    readerSettings.checkUtf8 = !text.decoded();
    std::unique_ptr<RecordReader> reader;
    try {
        reader = openRecordReader(text.stream(), import.format, readerSettings);
    } catch (const UnreadableFile& unreadable) {
        return finishAs("failed", std::string(unreadable.what()));
    }
    import.warnings = addWarnings(import.warnings, reader->warnings());
    if (import.format == "csv") {
        // The header as it came, a UTF-8 file's byte order mark included: the rejected rows file then opens in a
        // spreadsheet as the file did (without the mark, Excel reads UTF-8 in the system's code page).
        import.csvHeader = (sniff.bom && !text.decoded() ? std::string(utf8ByteOrderMark) : std::string()) + reader->header();
        import.csvDelimiter = std::string(1, reader->delimiter());
    }

    // Records committed before (a resumed import) are read again, not applied again.
    Record record;
    for (Poco::Int64 skipped = 0; skipped < import.nextRecord; ++skipped)
        if (!reader->next(record)) break;

    const ReferenceSnapshot reference = services_.catalog.current();
    const BookingParty party{account.partnerId, account.id};
    const Caller caller{&account, account.providerIds};
    const bool csv = import.format == "csv";

    // Reads and prepares the next chunk on this thread (validation, routing, serialisation).
    bool more = true;
    Poco::Int64 nextSeq = import.nextRecord, readable = import.readable;
    const auto prepareChunk = [&](Chunk& chunk) {
        chunk.records.clear();
        chunk.records.reserve(static_cast<std::size_t>(settings_.chunkRecords));  // so that no record moves
        chunk.firstSeq = nextSeq;
        while (static_cast<int>(chunk.records.size()) < settings_.chunkRecords) {
            Pending& pending = chunk.records.emplace_back();  // read and prepared in place, never moved
            if (!(more = reader->next(pending.record))) {
                chunk.records.pop_back();
                break;
            }
            const Record& read = pending.record;
            if (!read.body) {
                pending.error = errorText(read.error);
            } else if (kind == RecordKind::Cases) {
                ++readable;
                PreparedBooking& booking = pending.booking.emplace();  // prepared where it stays
                services_.booking.prepareIn(booking, reference, party, read.body, nullptr,
                                            read.written ? &*read.written : nullptr);
                // The fields' problems are the validation's and the cells' of declared free fields; only without
                // any is an unroutable case refused as such.
                FieldErrors problems = read.cellProblems;
                if (!booking.valid() && !booking.validation.unroutable) problems.add(booking.validation.errors);
                if (!problems.empty()) {
                    const HubError refused = problems.toError();
                    pending.error = errorText(refused.what(), refused.details());
                } else if (!booking.valid()) {
                    pending.error = errorText(booking.validation.message());
                }
                booking.dropDocuments();  // freed here: the writer's thread, which sets an import's pace, frees less
            } else {
                ++readable;
                try {
                    pending.message = services_.messages.prepare(caller, Poco::Dynamic::Var(read.body));
                } catch (const HubError& refused) {
                    pending.error = errorText(refused.what(), refused.details());
                }
            }
            // The parsed record is done with once prepared: freed on this thread too.
            pending.record.body = nullptr;
            pending.record.written.reset();
            if (!csv) pending.record.raw.clear();  // only CSV rows go back to the sender as they came
        }
        nextSeq += static_cast<Poco::Int64>(chunk.records.size());
        chunk.progress = import;
        chunk.progress.nextRecord = nextSeq;
        chunk.progress.readable = readable;
    };

    // The chunks' external requests and deliveries, gathered and written at each chunk's end. One set for every
    // chunk: the changes of one caller run one after another, and a set made for each chunk grew its rows' storage
    // again each time (moving the rows and touching fresh memory, on the writer's thread).
    GatheredRows gathered;
    // One change: de-duplicate, store, record the outcomes and the progress. Queued, not waited for.
    const auto writeChunk = [&](Chunk& chunk) {
        return services_.database.writeAsync([&](Poco::Data::Session& session) {
            chunk.outcomes.clear();
            // The chunk's external requests and deliveries are written at its end, many to a statement: so a
            // trackingId booked earlier in this chunk is found here, not in the store.
            gathered.clear();
            std::unordered_map<std::string_view, const std::string*> bookedHere;
            // The chunk's tracking ids booked before it, looked up at once.
            std::unordered_map<std::string, std::string> bookedBefore;
            if (deduplicate) {
                std::vector<std::string> trackingIds;
                for (const Pending& pending : chunk.records)
                    if (!pending.error && pending.booking && pending.booking->validation.trackingId)
                        trackingIds.push_back(*pending.booking->validation.trackingId);
                bookedBefore = ImportStore::bookedCases(session, account.id, trackingIds);
            }
            Poco::Int64 seq = chunk.firstSeq;
            for (Pending& pending : chunk.records) {
                RecordOutcome outcome;
                outcome.seq = seq++;
                outcome.line = pending.record.line;
                if (pending.booking && !pending.booking->valid()) CaseBooking::store(session, *pending.booking, &gathered);
                if (pending.error) {
                    outcome.status = "rejected";
                    outcome.error = pending.error;
                    if (csv) outcome.raw = pending.record.raw;
                } else if (pending.booking) {
                    const auto& trackingId = pending.booking->validation.trackingId;
                    std::optional<std::string> existing;
                    if (deduplicate && trackingId) {
                        if (const auto here = bookedHere.find(*trackingId); here != bookedHere.end())
                            existing = *here->second;
                        else if (const auto before = bookedBefore.find(*trackingId); before != bookedBefore.end())
                            existing = before->second;
                    }
                    if (existing) {
                        outcome.status = "duplicate";
                        outcome.ref = existing;
                    } else {
                        CaseBooking::store(session, *pending.booking, &gathered);
                        outcome.status = "created";
                        outcome.ref = pending.booking->record.guid;
                        if (trackingId) bookedHere.emplace(*trackingId, &pending.booking->record.guid);
                    }
                } else {
                    Message& message = pending.message->message;
                    std::optional<Poco::Int64> existing;
                    if (deduplicate && message.externalId)
                        existing = ImportStore::existingMessage(session, message.caseId, *message.externalId, account.id);
                    if (existing) {
                        outcome.status = "duplicate";
                        outcome.ref = std::to_string(*existing);
                    } else {
                        CreateMessage::store(session, *pending.message, &gathered);
                        outcome.status = "created";
                        outcome.ref = std::to_string(message.id);
                    }
                }
                chunk.outcomes.push_back(std::move(outcome));
            }
            gathered.flush(session);
            ImportStore::commitChunk(session, chunk.progress, chunk.outcomes, lease());
        });
    };
    metrics::CounterFamily& recordFigures = importFigures().records;
    const auto count = [&](const Chunk& chunk) {
        import.nextRecord = chunk.progress.nextRecord;
        import.readable = chunk.progress.readable;
        Poco::Int64 created = 0, rejected = 0, duplicates = 0;
        for (const RecordOutcome& outcome : chunk.outcomes) {
            created += outcome.status == "created";
            rejected += outcome.status == "rejected";
            duplicates += outcome.status == "duplicate";
        }
        import.records += static_cast<Poco::Int64>(chunk.outcomes.size());
        import.created += created;
        import.rejected += rejected;
        import.duplicates += duplicates;
        recordFigures.with({"created"}).add(static_cast<std::uint64_t>(created));
        recordFigures.with({"rejected"}).add(static_cast<std::uint64_t>(rejected));
        recordFigures.with({"duplicate"}).add(static_cast<std::uint64_t>(duplicates));
    };

    // Eight chunks in flight: those on their way to disk (their commits syncing), the one the writer stores, those
    // queued for it, and the one this thread prepares. A chunk's buffer is prepared again only once its commit is on
    // disk, and a sync lasts as long as several chunks' stores: with four, the writer waited for work for about a
    // tenth of an import (100,000 cases: 1.91 s against 1.76 s with eight, means of alternated runs); sixteen gained
    // nothing more and took 20 MiB more memory (a chunk's prepared records are about 2.5 MiB).
    // A chunk's change takes the progress only from where the one before it left it (ImportStore::commitChunk), so a
    // chunk whose predecessor failed fails too.
    constexpr std::size_t inFlight = 8;
    Chunk chunks[inFlight];
    // Oldest first; declared after the chunks, which the writes use: destroyed first, waiting for every write still
    // queued (an earlier one failed), whose changes use this function's locals.
    struct Writing : std::deque<std::pair<std::future<void>, Chunk*>> {
        ~Writing() {
            for (auto& write : *this)
                if (write.first.valid()) write.first.wait();
        }
    } writing;
    const auto settleOldest = [&] {
        std::future<void> written = std::move(writing.front().first);
        Chunk& chunk = *writing.front().second;
        writing.pop_front();
        written.get();
        count(chunk);
    };
    for (std::size_t current = 0;; current = (current + 1) % inFlight) {
        const bool stop = context && context->stopRequested();
        if (stop) {
            while (!writing.empty()) settleOldest();
            // Stopped between chunks: the import resumes at once at the next start, not after its lease lapses.
            services_.database.write([&](Poco::Data::Session& session) { ImportStore::release(session, import.id, owner_); });
            return false;
        }
        if (writing.size() == inFlight) settleOldest();  // this chunk's buffer, written eight chunks ago
        prepareChunk(chunks[current]);
        if (chunks[current].records.empty()) break;
        // What is left of the chunk's records (texts) is freed when its buffer is prepared again, while the writer
        // stores the next chunks: not between two writes.
        writing.emplace_back(writeChunk(chunks[current]), &chunks[current]);
    }
    while (!writing.empty()) settleOldest();
    import.warnings = addWarnings(import.warnings, reader->warnings());  // those found at the file's end
    // A file of blank lines holds no records at all; a CSV header with no rows, or "[]", is a well-formed empty list.
    if (import.records == 0 && import.format == "ndjson")
        return finishAs("failed", std::string("no records in the file"));
    if (import.records > 0 && import.readable == 0)
        return finishAs("failed", std::string("no readable records: every record was unreadable (see records)"));
    if (import.records == 0)
        import.warnings = addWarnings(import.warnings, {csv ? "The file has a header but no rows"
                                                            : "The file is an empty JSON array: no records"});
    return finishAs("done", std::nullopt);
}

void countImportedFile(const std::string& outcome, Poco::Int64 bytes) {
    ImportFigures& figures = importFigures();
    figures.files.with({outcome}).add();
    figures.bytes.add(static_cast<std::uint64_t>(std::max<Poco::Int64>(bytes, 0)));
}

}  // namespace sohub
