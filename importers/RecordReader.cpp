// The reader a file gets, by its name or, failing that, by its first character.
#include "importers/RecordReader.h"

#include "importers/CsvReader.h"
#include "importers/JsonRecordReaders.h"

#include <Poco/Path.h>
#include <Poco/String.h>

namespace sohub {

const char* recordKindName(RecordKind kind) { return kind == RecordKind::Messages ? "messages" : "cases"; }

std::string recordTooLarge(const ReaderSettings& settings) {
    return "The record is larger than imports.maxRecordBytes (" + std::to_string(settings.maxRecordBytes) + " bytes)";
}

std::string recordFormatOf(const std::string& fileName, char firstCharacter) {
    const std::string extension = Poco::toLower(Poco::Path(fileName).getExtension());
    if (extension == "csv" || extension == "txt") return "csv";
    if (extension == "ndjson" || extension == "jsonl") return "ndjson";
    if (extension == "json") return firstCharacter == '[' ? "json" : "ndjson";
    return firstCharacter == '[' ? "json" : firstCharacter == '{' ? "ndjson" : "csv";
}

std::unique_ptr<RecordReader> openRecordReader(std::istream& in, const std::string& format, const ReaderSettings& settings) {
    if (format == "csv") return std::make_unique<CsvReader>(in, settings);
    if (format == "json") return std::make_unique<JsonArrayReader>(in, settings);
    return std::make_unique<NdjsonReader>(in, settings);
}

}  // namespace sohub
