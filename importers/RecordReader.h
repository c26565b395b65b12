// Reading a dropped file record by record (memory does not grow with the file): CSV, NDJSON or a JSON array.
#pragma once

#include "domain/FieldErrors.h"
#include "domain/Json.h"
#include "domain/JsonReader.h"

#include <Poco/JSON/Object.h>

#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sohub {

// One record as read: its body, or why it could not be read.
struct Record {
    int line = 0;                  // where the record starts in the file (1-based)
    std::string raw;               // its text as it came (a CSV row for the rejected rows file)
    Poco::JSON::Object::Ptr body;  // null when unreadable
    std::string error;             // why it is unreadable
    std::optional<WrittenJson> written;  // a case's body as toJsonText writes it, when the reader wrote it anyway
    // Cells of a free field whose header declared a type (":number") they do not have: no validation would name
    // them (the API keeps free fields as sent), so the record is rejected with these beside the validation's own.
    FieldErrors cellProblems;
};

// A file with no readable records at all (empty, binary, a CSV header with no known column): failed as a whole.
class UnreadableFile : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The column the rejected rows file adds, with each row's problems. The sender fixes the rows and sends that file
// again as it is: a CSV reader ignores the column without a warning, and the next rejected rows file writes the
// rows' new problems into it instead of adding a second one.
inline constexpr const char* rejectedRowsErrorColumn = "error";

inline constexpr const char* utf8ByteOrderMark = "\xEF\xBB\xBF";

enum class RecordKind { Cases, Messages };
const char* recordKindName(RecordKind kind);

struct ReaderSettings {
    RecordKind kind = RecordKind::Cases;
    std::size_t maxRecordBytes = 1024 * 1024;
    bool checkUtf8 = true;  // false when the text was decoded from a declared charset
    // The API's json.* limits: a JSON record is read within them; a CSV file's columns are members (and their
    // dotted names nesting), its cells strings.
    JsonLimits json;
};

// A record's error when it is larger than imports.maxRecordBytes: every format words it alike.
std::string recordTooLarge(const ReaderSettings& settings);

class RecordReader {
public:
    virtual ~RecordReader() = default;
    // The next record; false at the end of the file. Throws UnreadableFile when the file as a whole is not one.
    virtual bool next(Record& record) = 0;
    // What the sender should know beyond its records (unknown columns).
    const std::vector<std::string>& warnings() const { return warnings_; }
    // CSV only: the header row as it came and the delimiter, for the rejected rows file.
    virtual std::string header() const { return ""; }
    virtual char delimiter() const { return ','; }

protected:
    std::vector<std::string> warnings_;
};

// "csv", "ndjson" or "json": by the file name (.csv, .ndjson/.jsonl, .json: an array when it starts with '['), else
// by the first character that is not white space ('[' array, '{' NDJSON, else CSV).
std::string recordFormatOf(const std::string& fileName, char firstCharacter);
// A reader of that format. `in` must outlive the reader, start after any BOM, and be UTF-8 (decode a declared
// charset first). Throws UnreadableFile when the file as a whole is not of that format.
std::unique_ptr<RecordReader> openRecordReader(std::istream& in, const std::string& format, const ReaderSettings& settings);

}  // namespace sohub
