// A byte-at-a-time state machine over a buffered stream; a row's text is kept for the rejected rows file.
#include "importers/CsvReader.h"

#include "domain/Json.h"

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <sstream>

namespace sohub {
namespace {

// The delimiter a spreadsheet used: whichever of ',' and ';' the header has more of outside quotes.
char detectDelimiter(const std::string& line) {
    int commas = 0, semicolons = 0;
    bool quoted = false;
    for (const char c : line) {
        if (c == '"') quoted = !quoted;
        else if (!quoted && c == ',') ++commas;
        else if (!quoted && c == ';') ++semicolons;
    }
    return semicolons > commas ? ';' : ',';
}

void place(Poco::JSON::Object& body, const std::vector<std::string>& path, const Poco::Dynamic::Var& value) {
    Poco::JSON::Object* at = &body;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        Poco::JSON::Object::Ptr child = at->getObject(path[i]);
        if (!child) {
            child = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            at->set(path[i], child);  // a scalar already there (a column "a" and a column "a.b") gives way
        }
        at = child.get();
    }
    at->set(path.back(), value);
}

}  // namespace

CsvReader::CsvReader(std::istream& in, const ReaderSettings& settings)
    : input_(in.rdbuf()), settings_(settings) {
    // The header row as text first (quotes respected), to find its delimiter before it is split.
    std::string headerRow;
    bool quoted = false;
    while (!input_.empty()) {
        const char c = input_.take();
        if (c == '"') quoted = !quoted;
        if (c == '\n' && !quoted) break;
        headerRow += c;
        if (headerRow.size() > settings_.maxRecordBytes)
            throw UnreadableFile("the header row is larger than imports.maxRecordBytes");
    }
    if (!headerRow.empty() && headerRow.back() == '\r') headerRow.pop_back();
    if (headerRow.find_first_not_of(" \t\r\n") == std::string::npos) throw UnreadableFile("empty file: no header row");
    if (settings_.checkUtf8 && !isUtf8(headerRow)) throw UnreadableFile("the header row is not valid UTF-8");
    delimiter_ = detectDelimiter(headerRow);
    for (const char c : headerRow) line_ += c == '\n';
    ++line_;  // the rows start on the line after the header

    Input headerInput(nullptr);
    headerInput.put(headerRow);
    std::vector<std::string> cells;
    bool tooLarge = false, unterminated = false;
    int headerLines = 0;
    readRow(headerInput, cells, headerText_, tooLarge, unterminated, headerLines);
    // A row becomes one object: its columns are the object's members and their dotted names its nesting.
    if (cells.size() > settings_.json.maxMembers)
        throw UnreadableFile("the header has more columns than json.maxMembers (" +
                             std::to_string(settings_.json.maxMembers) + ")");
    bool anyKnown = false;
    for (const std::string& cell : cells) {
        columns_.push_back(columnOf(settings_.kind, cell));
        if (columns_.back().path.size() > static_cast<std::size_t>(settings_.json.maxDepth))
            throw UnreadableFile("the column '" + cell + "' nests deeper than json.maxDepth (" +
                                 std::to_string(settings_.json.maxDepth) + ")");
        anyKnown = anyKnown || columns_.back().known;
        if (!columns_.back().known && !cell.empty())
            warnings_.push_back("Unknown column '" + cell + "' is ignored, as the API drops unknown fields");
    }
    if (!anyKnown)
        throw UnreadableFile(std::string("the header names no known column of ") + recordKindName(settings_.kind));
}

void CsvReader::Input::put(std::string_view text) {
    block_.assign(text.begin(), text.end());
    at_ = block_.data();
    end_ = at_ + block_.size();
}

bool CsvReader::Input::fill() {
    if (!source_) return false;
    block_.resize(64 * 1024);
    const std::streamsize got = source_->sgetn(block_.data(), static_cast<std::streamsize>(block_.size()));
    at_ = block_.data();
    end_ = at_ + (got > 0 ? got : 0);
    return got > 0;
}

bool CsvReader::readRow(Input& input, std::vector<std::string>& cells, std::string& raw, bool& tooLarge,
                        bool& unterminated, int& lines) const {
    if (cells.empty()) cells.emplace_back();
    cells.resize(1);
    cells.front().clear();
    raw.clear();
    tooLarge = unterminated = false;
    bool quoted = false, any = false;
    const char delimiter = delimiter_;
    const auto keepWithinLimit = [&] {
        if (raw.size() <= settings_.maxRecordBytes) return;
        // Keep reading to the row's end, without keeping it: the next row starts where this one ends.
        tooLarge = true;
        raw.clear();
        for (std::string& cell : cells) cell.clear();
    };
    for (;;) {
        if (input.empty()) {
            unterminated = quoted;
            if (!any) return false;
            break;
        }
        any = true;
        // A run of bytes that are copied as they are, then the one byte that means something here (if any).
        const std::string_view plain =
            quoted ? input.run([](char c) { return c == '"' || c == '\n'; })
                   : input.run([delimiter](char c) { return c == delimiter || c == '"' || c == '\r' || c == '\n'; });
        cells.back().append(plain);
        raw.append(plain);
        keepWithinLimit();
        if (!input.empty()) {
            const char c = input.take();
            if (quoted) {
                if (c == '"') {
                    if (!input.empty() && input.peek() == '"') {
                        input.take();
                        cells.back() += '"';
                        raw += "\"\"";
                        continue;
                    }
                    quoted = false;
                } else {  // a line end inside quotes belongs to the cell
                    ++lines;
                    cells.back() += c;
                }
                raw += c;
            } else if (c == '"') {
                quoted = true;
                raw += c;
            } else if (c == delimiter) {
                cells.emplace_back();
                raw += c;
            } else if (c == '\r' && !input.empty() && input.peek() == '\n') {
                continue;  // CRLF: the LF ends the row
            } else if (c == '\n') {
                ++lines;
                break;
            } else {
                cells.back() += c;
                raw += c;
            }
        }
        keepWithinLimit();
    }
    return true;
}

bool CsvReader::next(Record& record) {
    std::vector<std::string>& cells = cells_;
    for (;;) {
        record = Record();
        record.line = line_;
        bool tooLarge = false, unterminated = false;
        int lines = 0;
        const bool read = readRow(input_, cells, record.raw, tooLarge, unterminated, lines);
        line_ += lines;
        if (!read) return false;
        if (tooLarge) {
            record.raw.clear();
            record.error = "The record is larger than imports.maxRecordBytes (" + std::to_string(settings_.maxRecordBytes) + " bytes)";
            return true;
        }
        if (cells.size() == 1 && cells[0].empty() && !unterminated) continue;  // a blank line
        if (unterminated) {
            record.error = "Unterminated quoted cell: the file ends inside quotes";
            return true;
        }
        if (settings_.checkUtf8 && !isUtf8(record.raw)) {
            record.error = "The record is not valid UTF-8";
            return true;
        }
        if (cells.size() != columns_.size()) {
            record.error = "The row has " + std::to_string(cells.size()) + " cells, the header has " +
                           std::to_string(columns_.size());
            return true;
        }
        const auto longCell = std::find_if(cells.begin(), cells.end(), [&](const std::string& cell) {
            return cell.size() > settings_.json.maxStringBytes;
        });
        if (longCell != cells.end()) {
            record.error = "A cell is longer than json.maxStringBytes (" + std::to_string(settings_.json.maxStringBytes) +
                           " bytes)";
            return true;
        }
        record.body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const Column& column = columns_[i];
            if (!column.known || cells[i].empty()) continue;  // an empty cell is a field not sent
            place(*record.body, column.path, typedCell(column, cells[i]));
        }
        return true;
    }
}

}  // namespace sohub
