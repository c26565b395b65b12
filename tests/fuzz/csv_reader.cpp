// Fuzz target: a dropped CSV file, in each charset a drop may declare, for each kind, read record by record; the
// text a reader writes beside a record is the record's own JSON text.
#include "FuzzInput.h"

#include "domain/Json.h"
#include "importers/DecodedText.h"
#include "importers/RecordReader.h"

#include <sstream>

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const charsets[] = {"utf-8", "windows-1252", "iso-8859-1"};
    const fuzz::Selected input = fuzz::select(data, size, 6);
    std::istringstream raw(input.text);
    DecodedText text(raw, charsets[input.variant % 3]);
    ReaderSettings settings;
    settings.kind = input.variant < 3 ? RecordKind::Cases : RecordKind::Messages;
    settings.maxRecordBytes = 4096;
    settings.checkUtf8 = !text.decoded();
    settings.json.maxMembers = 64;
    settings.json.maxStringBytes = 512;
    try {
        auto reader = openRecordReader(text.stream(), "csv", settings);
        Record record;
        while (reader->next(record)) {
            if (!record.body) continue;
            const std::string text = toJsonText(*record.body);
            if (!record.written) continue;
            // The text the reader wrote beside the object is the object's text, and its spans its members' texts.
            if (record.written->text != text) __builtin_trap();
            for (const std::string& name : record.body->getNames()) {
                const Poco::JSON::Object::Ptr member = record.body->getObject(name);
                if (member && record.written->members.of(member.get(), text) != toJsonText(*member)) __builtin_trap();
            }
        }
        (void)reader->header();
    } catch (const UnreadableFile&) {
        // A file that is no CSV at all: failed as a whole, as the import fails it.
    }
    return 0;
}
