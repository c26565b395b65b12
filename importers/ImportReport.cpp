// JSON written piece by piece (the records array can be millions long); CSV quoted as RFC 4180 says.
#include "importers/ImportReport.h"

#include "domain/Clock.h"
#include "domain/Json.h"
#include "importers/CsvReader.h"
#include "importers/DecodedText.h"
#include "importers/RecordReader.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <optional>
#include <vector>

namespace sohub {
namespace {

std::string quoted(const std::string& cell, char delimiter) {
    if (cell.find_first_of(std::string("\"\r\n") + delimiter) == std::string::npos) return cell;
    std::string out = "\"";
    for (const char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// A CSV row's cells as they stand in its text (quotes kept), split at the delimiters outside quotes.
std::vector<std::string> cellTexts(const std::string& row, char delimiter) {
    std::vector<std::string> cells(1);
    bool inQuotes = false;
    for (const char c : row) {
        if (c == '"') inQuotes = !inQuotes;
        if (c == delimiter && !inQuotes) cells.emplace_back();
        else cells.back() += c;
    }
    return cells;
}

// Where the header has the rejected rows file's own error column (the last one, by its name as the reader reads it).
std::optional<std::size_t> errorColumnOf(const std::string& header, char delimiter) {
    std::optional<std::size_t> found;
    const std::vector<std::string> cells = cellTexts(csvHeaderRow(header), delimiter);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        std::string name = cells[i];
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            name = name.substr(1, name.size() - 2);
            for (std::size_t at = name.find("\"\""); at != std::string::npos; at = name.find("\"\"", at + 1))
                name.erase(at, 1);
        }
        if (name == rejectedRowsErrorColumn) found = i;
    }
    return found;
}

Poco::Dynamic::Var orNull(const std::optional<Poco::Timestamp>& time) {
    return time ? Poco::Dynamic::Var(isoDate(*time)) : Poco::Dynamic::Var();
}

}  // namespace

std::string errorLine(const std::string& errorJson) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    const Poco::JSON::Object::Ptr error = parser.parse(errorJson).extract<Poco::JSON::Object::Ptr>();
    const Poco::JSON::Object::Ptr details = error->getObject("details");
    if (!details || details->size() == 0) return error->getValue<std::string>("message");
    std::string line;
    for (const auto& name : details->getNames()) {
        const Poco::Dynamic::Var problems = details->get(name);
        std::string text;
        if (problems.type() == typeid(Poco::JSON::Array::Ptr)) {
            const Poco::JSON::Array::Ptr list = problems.extract<Poco::JSON::Array::Ptr>();
            for (unsigned i = 0; i < list->size(); ++i) text += (i ? ", " : "") + list->getElement<std::string>(i);
        } else {
            text = problems.convert<std::string>();
        }
        line += (line.empty() ? "" : "; ") + name + ": " + text;
    }
    return line;
}

Poco::JSON::Object::Ptr importSummary(const ImportRow& import, const std::string& accountName) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    json->set("id", import.id);
    const bool upload = import.origin.rfind("upload:", 0) == 0;
    json->set("drop", upload ? Poco::Dynamic::Var() : Poco::Dynamic::Var(import.origin.substr(import.origin.find(':') + 1)));
    json->set("account", accountName);
    json->set("file", import.fileName);
    json->set("kind", import.kind);
    json->set("format", import.format);
    json->set("sha256", import.sha256);
    json->set("bytes", import.bytes);
    json->set("status", import.status);
    json->set("duplicateOf", import.duplicateOf ? Poco::Dynamic::Var(*import.duplicateOf) : Poco::Dynamic::Var());
    Poco::JSON::Object::Ptr totals = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    totals->set("records", import.records);
    totals->set("created", import.created);
    totals->set("rejected", import.rejected);
    totals->set("duplicates", import.duplicates);
    json->set("totals", totals);
    json->set("error", import.error ? Poco::Dynamic::Var(*import.error) : Poco::Dynamic::Var());
    json->set("queuedAt", isoDate(import.createdAt));
    json->set("startedAt", orNull(import.startedAt));
    json->set("finishedAt", orNull(import.finishedAt));
    json->set("durationMs", import.startedAt && import.finishedAt
                                ? Poco::Dynamic::Var((*import.finishedAt - *import.startedAt) / 1000)
                                : Poco::Dynamic::Var());
    return json;
}

void writeImportReport(std::ostream& out, Poco::Data::Session& session, const ImportRow& import, const std::string& drop) {
    std::string head;
    head += "{\"id\":" + std::to_string(import.id) + ",\"drop\":";
    if (drop.empty()) head += "null";
    else appendJsonString(head, drop);
    head += ",\"file\":";
    appendJsonString(head, import.fileName);
    head += ",\"kind\":";
    appendJsonString(head, import.kind);
    head += ",\"sha256\":";
    appendJsonString(head, import.sha256);
    head += ",\"status\":";
    appendJsonString(head, import.status);
    if (import.duplicateOf) head += ",\"duplicateOf\":" + std::to_string(*import.duplicateOf);
    head += ",\"startedAt\":";
    appendJson(head, orNull(import.startedAt ? import.startedAt : import.createdAt));
    head += ",\"finishedAt\":";
    appendJson(head, orNull(import.finishedAt));
    head += ",\"totals\":{\"records\":" + std::to_string(import.records) + ",\"created\":" + std::to_string(import.created) +
            ",\"rejected\":" + std::to_string(import.rejected) + ",\"duplicates\":" + std::to_string(import.duplicates) +
            "},\"warnings\":" + import.warnings;
    if (import.error) {
        head += ",\"error\":";
        appendJsonString(head, *import.error);
    }
    head += ",\"records\":[";
    out << head;
    bool first = true;
    const bool messages = import.kind == "messages";
    ImportStore::forEachRecord(session, import.id, [&](const RecordOutcome& outcome) {
        std::string line = first ? "\n" : ",\n";
        first = false;
        line += "{\"line\":" + std::to_string(outcome.line) + ",\"status\":";
        appendJsonString(line, outcome.status);
        if (outcome.ref) {
            if (messages) {
                line += ",\"id\":" + *outcome.ref;
            } else {
                line += ",\"guid\":";
                appendJsonString(line, *outcome.ref);
            }
        }
        if (outcome.error) line += ",\"error\":" + *outcome.error;
        line += "}";
        out << line;
    });
    out << (first ? "]}\n" : "\n]}\n");
}

void writeRejectedRows(std::ostream& out, Poco::Data::Session& session, const ImportRow& import) {
    const char delimiter = import.csvDelimiter && !import.csvDelimiter->empty() ? (*import.csvDelimiter)[0] : ',';
    const std::string header = import.csvHeader.value_or("");
    // A rejected rows file sent again has its error column already: the rows' new problems go there.
    const std::optional<std::size_t> errorColumn = errorColumnOf(header, delimiter);
    out << encodeAs(errorColumn ? header + "\r\n" : header + delimiter + rejectedRowsErrorColumn + "\r\n", import.charset);
    ImportStore::forEachRecord(
        session, import.id,
        [&](const RecordOutcome& outcome) {
            const std::string error = quoted(outcome.error ? errorLine(*outcome.error) : "", delimiter);
            const std::string row = outcome.raw.value_or("");
            if (!errorColumn) {
                out << encodeAs(row + delimiter + error + "\r\n", import.charset);
                return;
            }
            std::vector<std::string> cells = cellTexts(row, delimiter);
            if (cells.size() <= *errorColumn) cells.resize(*errorColumn + 1);  // a row short of cells
            cells[*errorColumn] = error;
            std::string line;
            for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? std::string(1, delimiter) : "") + cells[i];
            out << encodeAs(line + "\r\n", import.charset);
        },
        true);
}

}  // namespace sohub
