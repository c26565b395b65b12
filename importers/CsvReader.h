// CSV as spreadsheets write it: RFC 4180 quoting (embedded newlines, doubled quotes), comma or semicolon found in
// the header, BOM or none, CRLF or LF, a last line with or without its newline.
#pragma once

#include "importers/CellTypes.h"
#include "importers/RecordReader.h"

#include <string>
#include <string_view>
#include <vector>

namespace sohub {

class CsvReader : public RecordReader {
public:
    // Reads the header; throws UnreadableFile for an empty file or a header with no known column.
    CsvReader(std::istream& in, const ReaderSettings& settings);

    bool next(Record& record) override;
    std::string header() const override { return headerText_; }
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
        // The bytes from here up to (not including) the first one that stops is true for, or to the block's end.
        template <typename Stop>
        std::string_view run(Stop stops) {
            const char* const start = at_;
            while (at_ != end_ && !stops(*at_)) ++at_;
            return std::string_view(start, static_cast<std::size_t>(at_ - start));
        }

    private:
        bool fill();
        std::streambuf* source_;
        std::vector<char> block_;
        const char* at_ = nullptr;
        const char* end_ = nullptr;
    };

private:
    // One record (one or more physical lines): its cells and its text; false at the end of the input. `lines`
    // counts the line ends it consumed.
    bool readRow(Input& input, std::vector<std::string>& cells, std::string& raw, bool& tooLarge, bool& unterminated,
                 int& lines) const;

    Input input_;
    std::vector<std::string> cells_;  // the last row's, kept for their capacity
    const ReaderSettings settings_;
    char delimiter_ = ',';
    std::string headerText_;
    std::vector<Column> columns_;
    int line_ = 1;  // the physical line the next row starts on
};

}  // namespace sohub
