// Applies one file's records through the hub services, a chunk per change together with the file's progress, from
// where the import stands (so a restart resumes at the first uncommitted record).
#pragma once

#include "importers/ImportStore.h"
#include "importers/RecordReader.h"

#include <string>

namespace sohub {

class CaseBooking;
class Clock;
class CreateMessage;
class Database;
class JobContext;
class ReferenceCatalog;
struct Account;

struct ImportSettings {
    int chunkRecords = 500;
    std::size_t maxRecordBytes = 1024 * 1024;
    JsonLimits json;  // the API's json.* limits, for every record
    Poco::Int64 maxUploadBytes = 1024LL * 1024 * 1024;
    int leaseSeconds = 30;
};

// The hub services every record goes through, the same as the API's.
struct ImportServices {
    Database& database;
    const ReferenceCatalog& catalog;
    const CaseBooking& booking;
    const CreateMessage& messages;
    const Clock& clock;
};

class ImportRun {
public:
    ImportRun(const ImportServices& services, const ImportSettings& settings, std::string owner);

    // Reads `path` (the file of `import`, claimed by this owner) and applies its records after import.nextRecord;
    // ends the import (done or failed) unless `context` asked to stop first (then false: the lease lapses and the
    // import resumes later). `deduplicate`: records booked or written before are reported, not applied again.
    bool apply(ImportRow& import, const std::string& path, const Account& account, bool deduplicate,
               const JobContext* context) const;

private:
    LeaseTerms lease() const;

    const ImportServices services_;
    const ImportSettings settings_;
    const std::string owner_;
};

// The first bytes of a file: its format ("csv", "ndjson", "json") from its name and first character, whether it
// starts with a UTF-8 BOM or a UTF-16 one, and whether it looks binary (a NUL byte).
struct FileSniff {
    std::string format;
    bool bom = false;
    bool utf16 = false;
    bool binary = false;
    bool empty = false;
};
FileSniff sniffFile(const std::string& path, const std::string& fileName);

// The file's SHA-256 as lower-case hex, read in blocks.
std::string sha256Of(const std::string& path);

// /metrics: a file finished (done, failed or duplicate) with its bytes. ImportRun counts the files it applies and
// their records; a drop counts the duplicates it sets aside.
void countImportedFile(const std::string& outcome, Poco::Int64 bytes);

}  // namespace sohub
