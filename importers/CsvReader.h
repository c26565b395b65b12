// CSV as spreadsheets write it: RFC 4180 quoting (embedded newlines, doubled quotes), comma or semicolon found in
// the header, BOM or none, CRLF or LF, a last line with or without its newline.
#pragma once

#include "importers/CellTypes.h"
#include "importers/RecordReader.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sohub {

// The header row of a CSV file's header as an import keeps it (RecordReader::header(), with a byte order mark
// before it when the file had one): without the mark and Excel's "sep=" line.
std::string csvHeaderRow(const std::string& header);

class CsvReader : public RecordReader {
public:
    // Reads the header; throws UnreadableFile for an empty file or a header with no known column.
    CsvReader(std::istream& in, const ReaderSettings& settings);

    bool next(Record& record) override;
    // The header as it came, with the "sep=" line before it when the file had one.
    std::string header() const override { return sepLine_ + headerText_; }
    char delimiter() const override { return delimiter_; }

    // The input read in blocks: the row reader copies runs of plain bytes at once instead of one call per byte.
    // It reads ahead of the rows given out, so nothing else reads the stream while the reader is in use.
    class Input {
    public:
        explicit Input(std::streambuf* source) : source_(source) {}  // null: only what is put()
        void put(std::string_view text);
        bool empty() { return at_ == end_ && !fill(); }
        char peek() const { return *at_; }
        char take() { return *at_++; }
        // The bytes from here up to (not including) the first one `stops` marks, or to the block's end.
        std::string_view run(const std::array<bool, 256>& stops) {
            const char* const start = at_;
            while (at_ != end_ && !stops[static_cast<unsigned char>(*at_)]) ++at_;
            return std::string_view(start, static_cast<std::size_t>(at_ - start));
        }
        // Keeps the bytes read from here on: those of blocks read before the next mark go into `kept`, the rest is
        // sinceMark(). A row's text is then cut from the block instead of copied a piece at a time. Null: keeps none.
        void mark(std::string* kept) {
            mark_ = at_;
            kept_ = kept;
        }
        std::string_view sinceMark() const { return std::string_view(mark_, static_cast<std::size_t>(at_ - mark_)); }

    private:
        bool fill();
        std::streambuf* source_;
        std::vector<char> block_;
        const char* at_ = nullptr;
        const char* end_ = nullptr;
        const char* mark_ = nullptr;
        std::string* kept_ = nullptr;
    };

private:
    // One record (one or more physical lines): its cells and its text; false at the end of the input. `lines`
    // counts the line ends it consumed.
    bool readRow(Input& input, std::vector<std::string>& cells, std::string& raw, bool& tooLarge, bool& unterminated,
                 int& lines) const;

    // The body's nesting from the header, to write a row's text without walking the object built from it (its
    // tracked request keeps that text): objects and leaves, each leaf naming its column. Not used when a column is
    // repeated or is both a value and an object, where the order of the cells decides what the object holds.
    struct Shape {
        std::string key;
        std::string keyText;        // the key as JSON writes it before the value: "key":
        int column = -1;            // a leaf's column; -1 for an object
        std::vector<int> children;  // indexes into shape_
    };
    void shapeColumn(int column, const std::vector<std::string>& path);
    // Warns when the last column fills what an earlier one fills (given twice, or "customer" and "customer.email"),
    // once per column.
    void warnOfOverlap(std::vector<bool>& overlapped);
    // The objects of one row, by object of shape_ (null where no cell of it is filled), kept for a later row: a row
    // with the same cells filled gets its values put into the members these have instead of a tree of its own
    // (building and freeing the objects, their members and keys was about a fifth of preparing a case).
    struct RowTree {
        std::vector<Poco::JSON::Object::Ptr> objects;
        std::vector<std::size_t> sizes;       // by object: its members when built
        std::vector<char> filled;             // by column: whether the cell was filled in the row it was built for
        std::vector<Poco::Dynamic::Var*> placed;  // by column: the cell's member (null: not placed)
        bool whole = false;                   // holds a whole row (not one being filled, or whose cell was copied)
        std::uint64_t used = 0;               // when a row was last put into it
    };
    // Whether `tree` can hold this row: the same cells filled (so the same members), and nothing but this reader holds
    // any of its objects any more (the record given out was let go of, and nothing kept a part of it).
    bool fits(const RowTree& tree, const std::vector<std::string>& cells) const;
    // Puts a typed cell into the row's object, making the objects it lies in as their first cell comes; by the shape,
    // so no member is looked up by name. The member takes the value over (`value` is left empty).
    void placeByShape(RowTree& tree, std::size_t column, Poco::Dynamic::Var& value);
    // The object shape_[node] as toJsonText writes the object built from the row: members in the order their first
    // filled cell comes, objects without a filled cell left out, as the building does. For the body (node 0), spans
    // learns where each of the row's objects (in `tree`) went.
    void writeShape(int node, const std::vector<std::string>& cells, const RowTree& tree, std::string& out,
                    MemberTexts* spans) const;
    int firstFilled(int node, const std::vector<std::string>& cells) const;

    Input input_;
    std::array<bool, 256> plainStops_{};   // outside quotes: the delimiter, a quote, CR and LF
    std::array<bool, 256> quotedStops_{};  // inside quotes: a quote and LF
    std::vector<std::string> cells_;  // the last row's, kept for their capacity
    std::vector<Shape> shape_{Shape()};  // [0]: the body
    bool shapeUsable_ = true;
    std::vector<std::vector<int>> ancestors_;  // by column: the objects of shape_ it lies in, the body first
    std::vector<std::string> valueTexts_;      // by column: a typed (not text) cell's value as JSON writes it
    std::vector<int> firstFilled_;             // by object of shape_: the row's first filled column in it, or -1
    // A few rows' trees: files often mix a few patterns of filled cells (a column filled in some rows only).
    std::array<RowTree, 4> trees_;
    std::uint64_t rows_ = 0;
    const ReaderSettings settings_;
    char delimiter_ = ',';
    std::string headerText_;
    std::string sepLine_;  // Excel's "sep=X" line and its line end, when the file starts with one
    std::vector<Column> columns_;
    int line_ = 1;  // the physical line the next row starts on
};

}  // namespace sohub
