// Fuzz target: a dropped NDJSON file or JSON array, read record by record within the JSON limits.
#include "FuzzInput.h"

#include "domain/Json.h"
#include "importers/RecordReader.h"

#include <sstream>

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::Selected input = fuzz::select(data, size, 2);
    std::istringstream in(input.text);
    ReaderSettings settings;
    settings.maxRecordBytes = 4096;
    settings.json.maxDepth = 8;
    settings.json.maxMembers = 64;
    settings.json.maxElements = 64;
    settings.json.maxStringBytes = 512;
    try {
        auto reader = openRecordReader(in, input.variant == 0 ? "ndjson" : "json", settings);
        Record record;
        while (reader->next(record))
            if (record.body) (void)toJsonText(*record.body);
    } catch (const UnreadableFile&) {
    }
    return 0;
}
