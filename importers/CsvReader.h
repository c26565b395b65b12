// CSV as spreadsheets write it: RFC 4180 quoting (embedded newlines, doubled quotes), comma or semicolon found in
// the header, BOM or none, CRLF or LF, a last line with or without its newline.
#pragma once

#include "importers/CellTypes.h"
#include "importers/RecordReader.h"

namespace sohub {

class CsvReader : public RecordReader {
public:
    // Reads the header; throws UnreadableFile for an empty file or a header with no known column.
    CsvReader(std::istream& in, const ReaderSettings& settings);

    bool next(Record& record) override;
    std::string header() const override { return headerText_; }
    char delimiter() const override { return delimiter_; }

private:
    // One record (one or more physical lines): its cells and its text; false at the end of the input. `lines`
    // counts the line ends it consumed.
    bool readRow(std::streambuf& buffer, std::vector<std::string>& cells, std::string& raw, bool& tooLarge,
                 bool& unterminated, int& lines) const;

    std::istream& in_;
    const ReaderSettings settings_;
    char delimiter_ = ',';
    std::string headerText_;
    std::vector<Column> columns_;
    int line_ = 1;  // the physical line the next row starts on
};

}  // namespace sohub
