// Fuzz target: a dropped CSV file, in each charset a drop may declare, for each kind, read record by record; the
// text a reader writes beside a record is the record's own JSON text, and a row read into the objects of an earlier
// row reads as one given objects of its own.
#include "FuzzInput.h"

#include "domain/Json.h"
#include "importers/DecodedText.h"
#include "importers/RecordReader.h"

#include <sstream>
#include <string>
#include <vector>

using namespace sohub;

namespace {

// Every record's JSON text (or its error), read with each record let go of before the next (as an import reads, so
// the reader refills the objects of an earlier row) or with every record held (so it builds each row's own).
std::vector<std::string> readAll(const fuzz::Selected& input, const ReaderSettings& base, bool hold) {
    static const char* const charsets[] = {"utf-8", "windows-1252", "iso-8859-1"};
    std::istringstream raw(input.text);
    DecodedText text(raw, charsets[input.variant % 3]);
    ReaderSettings settings = base;
    settings.checkUtf8 = !text.decoded();
    std::vector<std::string> texts;
    std::vector<Record> held;
    try {
        auto reader = openRecordReader(text.stream(), "csv", settings);
        Record record;
        while (reader->next(record)) {
            if (hold) held.push_back(record);
            if (!record.body) {
                texts.push_back("error: " + record.error);
                continue;
            }
            const std::string json = toJsonText(*record.body);
            texts.push_back(json);
            if (!record.written) continue;
            // The text the reader wrote beside the object is the object's text, and its spans its members' texts.
            if (record.written->text != json) __builtin_trap();
            for (const std::string& name : record.body->getNames()) {
                const Poco::JSON::Object::Ptr member = record.body->getObject(name);
                if (member && record.written->members.of(member.get(), json) != toJsonText(*member)) __builtin_trap();
            }
        }
        (void)reader->header();
    } catch (const UnreadableFile&) {
        // A file that is no CSV at all: failed as a whole, as the import fails it.
        texts.push_back("unreadable");
    }
    // Records held are as they were read, whatever rows came after them.
    for (std::size_t i = 0; i < held.size(); ++i)
        if (held[i].body && toJsonText(*held[i].body) != texts[i]) __builtin_trap();
    return texts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::Selected input = fuzz::select(data, size, 6);
    ReaderSettings settings;
    settings.kind = input.variant < 3 ? RecordKind::Cases : RecordKind::Messages;
    settings.maxRecordBytes = 4096;
    settings.json.maxMembers = 64;
    settings.json.maxStringBytes = 512;
    // A row put into an earlier row's objects reads as a row given objects of its own.
    if (readAll(input, settings, false) != readAll(input, settings, true)) __builtin_trap();
    return 0;
}
