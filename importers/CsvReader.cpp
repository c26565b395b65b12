// A byte-at-a-time state machine over a buffered stream; a row's text is kept for the rejected rows file.
#include "importers/CsvReader.h"

#include "domain/Json.h"
#include "domain/JsonReader.h"

#include <Poco/JSON/Object.h>
#include <Poco/String.h>

#include <algorithm>
#include <sstream>
#include <string_view>

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

// The earlier column that fills what the last one fills (the same path, or one inside the other: "customer" and
// "customer.email"), or -1. The cell further right wins in a row, as a JSON object's later member of the same name
// does, so the report's warnings tell the sender which data is set aside.
int overlappedColumn(const std::vector<Column>& columns) {
    const Column& added = columns.back();
    for (std::size_t i = 0; i + 1 < columns.size(); ++i) {
        const Column& earlier = columns[i];
        const std::size_t common = std::min(earlier.path.size(), added.path.size());
        if (earlier.known && std::equal(added.path.begin(),
                                        added.path.begin() + static_cast<std::ptrdiff_t>(common), earlier.path.begin()))
            return static_cast<int>(i);
    }
    return -1;
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

// Excel's "sep=X" line: one delimiter character that can be one.
bool isSepLine(std::string_view line) {
    return line.size() == 5 && Poco::icompare(std::string(line.substr(0, 4)), "sep=") == 0 && line[4] != '"' &&
           line[4] != '\r' && line[4] != '\n';
}

}  // namespace

std::string csvHeaderRow(const std::string& header) {
    std::string row = header.rfind(utf8ByteOrderMark, 0) == 0 ? header.substr(3) : header;
    if (row.size() >= 7 && row.compare(5, 2, "\r\n") == 0 && isSepLine(std::string_view(row).substr(0, 5))) row.erase(0, 7);
    return row;
}

CsvReader::CsvReader(std::istream& in, const ReaderSettings& settings)
    : input_(in.rdbuf()), settings_(settings) {
    // The header row as text first (quotes respected), to find its delimiter before it is split.
    const auto readHeaderRow = [&] {
        std::string row;
        bool quoted = false;
        while (!input_.empty()) {
            const char c = input_.take();
            if (c == '"') quoted = !quoted;
            if (c == '\n' && !quoted) break;
            row += c;
            if (row.size() > settings_.maxRecordBytes)
                throw UnreadableFile("the header row is larger than imports.maxRecordBytes");
        }
        if (!row.empty() && row.back() == '\r') row.pop_back();
        return row;
    };
    std::string headerRow = readHeaderRow();
    // Software that writes CSV for Excel may put Excel's "sep=;" line first: it names the delimiter, and the header
    // follows it. It goes back with the header in the rejected rows file, so that Excel opens that file alike.
    if (isSepLine(headerRow)) {
        sepLine_ = headerRow + "\r\n";
        ++line_;
        headerRow = readHeaderRow();
    }
    if (headerRow.find_first_not_of(" \t\r\n") == std::string::npos) throw UnreadableFile("empty file: no header row");
    if (settings_.checkUtf8 && !isUtf8(headerRow)) throw UnreadableFile("the header row is not valid UTF-8");
    delimiter_ = sepLine_.empty() ? detectDelimiter(headerRow) : sepLine_[4];
    for (const char c : {delimiter_, '"', '\r', '\n'}) plainStops_[static_cast<unsigned char>(c)] = true;
    quotedStops_[static_cast<unsigned char>('"')] = quotedStops_[static_cast<unsigned char>('\n')] = true;
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
    const auto blank = [](const std::string& cell) { return cell.find_first_not_of(" \t") == std::string::npos; };
    bool anyKnown = false;
    std::vector<bool> overlapped(cells.size());  // a column named in a warning already: once is enough
    for (const std::string& cell : cells) {
        columns_.push_back(columnOf(settings_.kind, cell));
        if (columns_.back().path.size() > static_cast<std::size_t>(settings_.json.maxDepth))
            throw UnreadableFile("the column '" + cell + "' nests deeper than json.maxDepth (" +
                                 std::to_string(settings_.json.maxDepth) + ")");
        anyKnown = anyKnown || columns_.back().known;
        if (columns_.back().known) {
            shapeColumn(static_cast<int>(columns_.size()) - 1, columns_.back().path);
            warnOfOverlap(overlapped);
        }
        if (!columns_.back().known && !blank(cell) && cell != rejectedRowsErrorColumn)
            warnings_.push_back("Unknown column '" + cell + "' is ignored, as the API drops unknown fields");
    }
    if (!anyKnown)
        throw UnreadableFile(std::string("the header names no known column of ") + recordKindName(settings_.kind));
    // A column with no name between named ones loses its cells (a forgotten header cell); empty columns after the
    // last named one are what a spreadsheet leaves, and say nothing.
    const auto lastNamed = std::find_if_not(cells.rbegin(), cells.rend(), blank);
    for (auto cell = cells.begin(); lastNamed != cells.rend() && cell != lastNamed.base(); ++cell)
        if (blank(*cell))
            warnings_.push_back("Column " + std::to_string(cell - cells.begin() + 1) +
                                " has no name in the header: its cells are ignored");
}

void CsvReader::warnOfOverlap(std::vector<bool>& overlapped) {
    const int earlier = overlappedColumn(columns_);
    if (earlier < 0 || overlapped[static_cast<std::size_t>(earlier)]) return;
    overlapped[static_cast<std::size_t>(earlier)] = overlapped[columns_.size() - 1] = true;
    const Column& first = columns_[static_cast<std::size_t>(earlier)];
    const Column& added = columns_.back();
    warnings_.push_back(first.path == added.path
                            ? "Column '" + added.header + "' is given twice: in a row, the cell further right is used"
                            : "Columns '" + first.header + "' and '" + added.header +
                                  "' fill the same field: in a row, the cell further right is used");
}

void CsvReader::Input::put(std::string_view text) {
    block_.assign(text.begin(), text.end());
    at_ = block_.data();
    end_ = at_ + block_.size();
}

bool CsvReader::Input::fill() {
    if (!source_) return false;
    if (kept_) kept_->append(mark_, static_cast<std::size_t>(end_ - mark_));  // the block is about to be reused
    block_.resize(64 * 1024);
    const std::streamsize got = source_->sgetn(block_.data(), static_cast<std::streamsize>(block_.size()));
    at_ = mark_ = block_.data();
    end_ = at_ + (got > 0 ? got : 0);
    return got > 0;
}

bool CsvReader::readRow(Input& input, std::vector<std::string>& cells, std::string& raw, bool& tooLarge,
                        bool& unterminated, int& lines) const {
    // The cells of the row before keep their storage: a row of as many cells allocates nothing for them.
    if (cells.empty()) cells.emplace_back();
    std::size_t used = 1;
    cells.front().clear();
    raw.clear();
    // The row's text is cut from the input at its end (the part of it in blocks read before goes into raw then).
    input.mark(&raw);
    tooLarge = unterminated = false;
    bool quoted = false, any = false, lineEnd = false;
    const auto keepWithinLimit = [&] {
        if (raw.size() + input.sinceMark().size() <= settings_.maxRecordBytes) return;
        // Keep reading to the row's end, without keeping it: the next row starts where this one ends.
        tooLarge = true;
        raw.clear();
        input.mark(&raw);
        for (std::size_t i = 0; i < used; ++i) cells[i].clear();
    };
    for (;;) {
        if (input.empty()) {
            unterminated = quoted;
            if (!any) {
                input.mark(nullptr);
                return false;
            }
            break;
        }
        any = true;
        // A run of bytes that are copied as they are, then the one byte that means something here (if any).
        cells[used - 1].append(input.run(quoted ? quotedStops_ : plainStops_));
        keepWithinLimit();
        if (!input.empty()) {
            const char c = input.take();
            if (quoted) {
                if (c == '"') {
                    if (!input.empty() && input.peek() == '"') {
                        input.take();
                        cells[used - 1] += '"';
                        continue;
                    }
                    quoted = false;
                } else {  // a line end inside quotes belongs to the cell
                    ++lines;
                    cells[used - 1] += c;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter_) {
                if (++used > cells.size())
                    cells.emplace_back();
                else
                    cells[used - 1].clear();
            } else if (c == '\r' && !input.empty() && input.peek() == '\n') {
                continue;  // CRLF: the LF ends the row
            } else if (c == '\n') {
                ++lines;
                lineEnd = true;
                break;
            } else {
                cells[used - 1] += c;
            }
        }
        keepWithinLimit();
    }
    raw.append(input.sinceMark());
    input.mark(nullptr);
    // The row's text without its line end: LF, or CRLF (a CR right before the row's LF is outside quotes).
    if (lineEnd) {
        raw.pop_back();
        if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    }
    if (tooLarge) raw.clear();
    cells.resize(used);
    return true;
}

void CsvReader::shapeColumn(int column, const std::vector<std::string>& path) {
    std::size_t node = 0;
    std::vector<std::size_t> objects{0};
    for (std::size_t i = 0; i < path.size(); ++i) {
        const bool leaf = i + 1 == path.size();
        int found = -1;
        for (const int child : shape_[node].children)
            if (shape_[static_cast<std::size_t>(child)].key == path[i]) found = child;
        if (found >= 0 && (leaf || shape_[static_cast<std::size_t>(found)].column >= 0)) {
            shapeUsable_ = false;  // a repeated column, or a value where an object goes (or the other way round)
            return;
        }
        if (found < 0) {
            Shape added;
            added.key = path[i];
            appendJsonString(added.keyText, added.key);
            added.keyText += ':';
            if (leaf) added.column = column;
            shape_.push_back(std::move(added));
            found = static_cast<int>(shape_.size()) - 1;
            shape_[node].children.push_back(found);
        }
        node = static_cast<std::size_t>(found);
        if (!leaf) objects.push_back(node);
    }
    if (ancestors_.size() <= static_cast<std::size_t>(column)) ancestors_.resize(static_cast<std::size_t>(column) + 1);
    for (const std::size_t object : objects) ancestors_[static_cast<std::size_t>(column)].push_back(static_cast<int>(object));
}

void CsvReader::placeByShape(RowTree& tree, std::size_t column, Poco::Dynamic::Var& value) {
    const std::vector<int>& objects = ancestors_[column];
    Poco::JSON::Object* at = tree.objects[0].get();
    for (std::size_t i = 1; i < objects.size(); ++i) {
        const auto node = static_cast<std::size_t>(objects[i]);
        if (!tree.objects[node]) {
            tree.objects[node] = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            Poco::Dynamic::Var member(tree.objects[node]);
            setTaken(*at, shape_[node].key, member);
        }
        at = tree.objects[node].get();
    }
    tree.placed[column] = setTaken(*at, columns_[column].path.back(), value);
}

bool CsvReader::fits(const RowTree& tree, const std::vector<std::string>& cells) const {
    if (!tree.whole) return false;
    for (std::size_t i = 0; i < cells.size(); ++i)
        if ((columns_[i].known && !cells[i].empty()) != static_cast<bool>(tree.filled[i])) return false;
    // Held by this reader alone: the body by the tree, each object inside by the tree and its parent's member.
    for (std::size_t node = 0; node < tree.objects.size(); ++node) {
        const Poco::JSON::Object::Ptr& object = tree.objects[node];
        if (!object) continue;
        const int holders = node == 0 ? 1 : 2;
        if (object.referenceCount() != holders || object->size() != tree.sizes[node]) return false;
    }
    return true;
}

int CsvReader::firstFilled(int node, const std::vector<std::string>& cells) const {
    const Shape& shape = shape_[static_cast<std::size_t>(node)];
    if (shape.column < 0) return firstFilled_[static_cast<std::size_t>(node)];
    return cells[static_cast<std::size_t>(shape.column)].empty() ? -1 : shape.column;
}

void CsvReader::writeShape(int node, const std::vector<std::string>& cells, const RowTree& tree, std::string& out,
                           MemberTexts* spans) const {
    const std::vector<int>& children = shape_[static_cast<std::size_t>(node)].children;
    // Members in the order of their first filled cell: mostly the header's order, sorted only when a row differs.
    bool inOrder = true;
    int last = -1;
    for (const int child : children) {
        const int first = firstFilled(child, cells);
        if (first < 0) continue;
        inOrder = inOrder && first > last;
        last = first;
    }
    std::vector<int> sorted;
    if (!inOrder) {
        for (const int child : children)
            if (firstFilled(child, cells) >= 0) sorted.push_back(child);
        std::sort(sorted.begin(), sorted.end(),
                  [&](int a, int b) { return firstFilled(a, cells) < firstFilled(b, cells); });
    }
    out += '{';
    bool firstMember = true;
    for (const int child : inOrder ? children : sorted) {
        if (firstFilled(child, cells) < 0) continue;
        if (!firstMember) out += ',';
        firstMember = false;
        const Shape& member = shape_[static_cast<std::size_t>(child)];
        out += member.keyText;
        if (member.column >= 0) {
            const auto column = static_cast<std::size_t>(member.column);
            // A text cell is its value as it came (assignTypedCell): written from the cell, not through the Var.
            if (columns_[column].type == CellType::Text) appendJsonString(out, cells[column]);
            else out += valueTexts_[column];
        } else {
            const std::size_t start = out.size();
            writeShape(child, cells, tree, out, nullptr);
            if (spans) spans->add(tree.objects[static_cast<std::size_t>(child)].get(), start, out.size() - start);
        }
    }
    out += '}';
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
            record.error = recordTooLarge(settings_);
            return true;
        }
        if (cells.size() == 1 && cells[0].empty() && !unterminated) continue;  // a blank line
        // A row of empty cells only (";;;"), as spreadsheets leave below the data where cells were cleared: no record,
        // as a blank line is none (blank cells too: blank text is a field not sent).
        if (!unterminated && std::all_of(cells.begin(), cells.end(), [](const std::string& cell) {
                return cell.find_first_not_of(" \t") == std::string::npos;
            }))
            continue;
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
        // A case's text is kept (its tracked request, its data columns): written beside the object, not from it.
        const bool writeText = shapeUsable_ && settings_.kind == RecordKind::Cases;
        if (writeText) {
            firstFilled_.assign(shape_.size(), -1);
            valueTexts_.resize(cells.size());
        }
        RowTree* tree = nullptr;
        bool refill = false;
        if (shapeUsable_) {
            // One that fits, else the one used longest ago is built again.
            for (RowTree& kept : trees_)
                if (fits(kept, cells)) {
                    tree = &kept;
                    refill = true;
                    break;
                }
            if (!tree) {
                tree = &*std::min_element(trees_.begin(), trees_.end(),
                                          [](const RowTree& a, const RowTree& b) { return a.used < b.used; });
                tree->objects.assign(shape_.size(), nullptr);
                tree->objects[0] = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
                tree->filled.assign(cells.size(), 0);
                tree->placed.assign(cells.size(), nullptr);
            }
            tree->whole = false;  // until the row is in it
            tree->used = ++rows_;
            record.body = tree->objects[0];
        } else {
            record.body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        }
        bool placedAll = true;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const Column& column = columns_[i];
            if (!column.known || cells[i].empty()) continue;  // an empty cell is a field not sent
            // A tree refilled takes each value into the member the row before left (its holder and its text reused).
            Poco::Dynamic::Var fresh;
            Poco::Dynamic::Var& value = refill ? *tree->placed[i] : fresh;
            assignTypedCell(column, cells[i], value);
            if (const char* problem = declaredTypeProblem(column, value))
                record.cellProblems.add(Poco::cat(std::string("."), column.path.begin(), column.path.end()), problem);
            // writeShape writes a text cell from the cell itself, and only a case's text is written.
            if (writeText && column.type != CellType::Text) {
                valueTexts_[i].clear();
                appendJson(valueTexts_[i], value);
            }
            if (tree && !refill) {
                placeByShape(*tree, i, value);
                tree->filled[i] = 1;
                placedAll = placedAll && tree->placed[i];
            } else if (!tree) {  // the cells' order decides what a repeated or value-and-object column leaves: by name
                place(*record.body, column.path, value);
            }
            // Where each object's first filled cell is: its place among its parent's members.
            if (writeText)
                for (const int object : ancestors_[i])
                    if (firstFilled_[static_cast<std::size_t>(object)] < 0)
                        firstFilled_[static_cast<std::size_t>(object)] = static_cast<int>(i);
        }
        if (tree) {
            if (!refill) {
                tree->sizes.resize(tree->objects.size());
                for (std::size_t node = 0; node < tree->objects.size(); ++node)
                    tree->sizes[node] = tree->objects[node] ? tree->objects[node]->size() : 0;
            }
            tree->whole = placedAll;
        }
        if (writeText) {
            WrittenJson& written = record.written.emplace();
            written.text.reserve(record.raw.size() * 3);
            writeShape(0, cells, *tree, written.text, &written.members);
        }
        return true;
    }
}

}  // namespace sohub
