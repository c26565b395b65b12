// Fuzz target: messages written by each export format and read back give the same messages; a CSV cell written
// and read back (by the import's CSV reader) is the same text.
#include "FuzzInput.h"

#include "domain/Json.h"
#include "domain/JsonReader.h"
#include "exporters/MessageFormat.h"
#include "importers/RecordReader.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/JSON/Object.h>

#include <array>
#include <sstream>

using namespace sohub;

namespace {

constexpr std::array<const char*, 4> textFields = {"content", "externalId", "userName", "userEmail"};

std::optional<std::string>& field(Message& message, std::size_t i) {
    switch (i) {
    case 0: return message.content;
    case 1: return message.externalId;
    case 2: return message.userName;
    default: return message.userEmail;
    }
}

[[noreturn]] void differs(const char* format, const char* name, const std::string& wrote, const std::string& read) {
    std::fprintf(stderr, "%s %s: wrote %s, read back %s\n", format, name, toJsonText(Poco::Dynamic::Var(wrote)).c_str(),
                 toJsonText(Poco::Dynamic::Var(read)).c_str());
    __builtin_trap();
}

std::string written(const std::string& format, const std::vector<Message>& messages, char delimiter) {
    CsvOptions csv;
    csv.delimiter = delimiter;
    auto writer = makeMessageFormat(format, csv);
    std::ostringstream out;
    writer->begin(out, messages.size());
    for (const Message& message : messages) writer->write(out, message);
    writer->end(out);
    return out.str();
}

void checkNdjson(const std::vector<Message>& messages) {
    std::istringstream in(written("ndjson", messages, ','));
    std::string line;
    for (const Message& message : messages) {
        if (!std::getline(in, line)) __builtin_trap();
        const auto object = readJson(line, JsonLimits()).extract<Poco::JSON::Object::Ptr>();
        for (std::size_t i = 0; i < textFields.size(); ++i) {
            Message copy = message;
            const std::string wrote = field(copy, i).value_or("");
            const std::string read = object->isNull(textFields[i]) ? "" : object->getValue<std::string>(textFields[i]);
            if (wrote != read) differs("ndjson", textFields[i], wrote, read);
        }
    }
}

void checkCsv(const std::vector<Message>& messages, char delimiter) {
    std::istringstream in(written("csv", messages, delimiter));
    ReaderSettings settings;
    settings.kind = RecordKind::Messages;
    settings.maxRecordBytes = 1 << 20;
    auto reader = openRecordReader(in, "csv", settings);
    Record record;
    for (const Message& message : messages) {
        if (!reader->next(record) || !record.body) __builtin_trap();
        for (std::size_t i = 0; i < textFields.size(); ++i) {
            Message copy = message;
            const std::string wrote = field(copy, i).value_or("");
            const std::string read = record.body->has(textFields[i]) ? record.body->get(textFields[i]).toString() : "";
            if (wrote != read) differs("csv", textFields[i], wrote, read);
        }
    }
    if (reader->next(record)) __builtin_trap();
}

// What an XML export holds of a text: the C0 controls XML 1.0 cannot carry (all but tab, line feed and carriage
// return) as U+FFFD, as the README says.
std::string asXmlHolds(const std::string& text) {
    std::string held;
    for (const char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') held += "\xEF\xBF\xBD";
        else held += c;
    }
    return held;
}

void checkXml(const std::vector<Message>& messages) {
    Poco::XML::DOMParser parser;
    Poco::AutoPtr<Poco::XML::Document> document = parser.parseString(written("xml", messages, ','));
    Poco::AutoPtr<Poco::XML::NodeList> elements = document->getElementsByTagName("message");
    if (elements->length() != messages.size()) __builtin_trap();
    for (std::size_t m = 0; m < messages.size(); ++m) {
        const auto* element = static_cast<Poco::XML::Element*>(elements->item(static_cast<unsigned long>(m)));
        for (std::size_t i = 0; i < textFields.size(); ++i) {
            Message copy = messages[m];
            const std::string wrote = asXmlHolds(field(copy, i).value_or(""));
            const Poco::XML::Element* child = element->getChildElement(textFields[i]);
            const std::string read = child ? child->innerText() : "";
            if (wrote != read) differs("xml", textFields[i], wrote, read);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::Selected input = fuzz::select(data, size, 2);
    // Up to two messages of four text fields, separated by NUL bytes; stored text is UTF-8 (the API checks it).
    std::vector<std::string> parts(1);
    for (const char c : input.text) {
        if (c == '\0') parts.emplace_back();
        else parts.back() += c;
    }
    std::vector<Message> messages;
    for (std::size_t start = 0; start < parts.size() && messages.size() < 2; start += textFields.size()) {
        Message message;
        message.id = static_cast<Poco::Int64>(messages.size() + 1);
        message.caseId = 7;
        message.caseGuid = "01a23431-ce5f-7511-8dcb-c1a1364d1029";
        message.type = "message";
        message.senderType = "partner";
        message.createdAt = message.updatedAt = message.declaredAt = "2026-12-01T00:00:00.000Z";
        for (std::size_t i = 0; i < textFields.size() && start + i < parts.size(); ++i) {
            if (!isUtf8(parts[start + i])) return 0;
            if (!parts[start + i].empty()) field(message, i) = parts[start + i];
        }
        messages.push_back(message);
    }
    checkNdjson(messages);
    checkCsv(messages, input.variant == 0 ? ',' : ';');
    checkXml(messages);
    return 0;
}
