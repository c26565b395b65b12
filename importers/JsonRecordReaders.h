// NDJSON (one object per line) and a JSON array of objects, each object parsed on its own.
#pragma once

#include "importers/RecordReader.h"

#include <optional>
#include <string>

namespace sohub {

// Follows the nesting of a JSON text byte by byte, strings (and their escapes) respected: where a record written over
// several lines or an array's element ends.
class JsonNesting {
public:
    // Takes the next byte; true when it lies outside strings (a '"' that opens or closes one does not).
    bool take(char c);
    // Objects and arrays open: below 0 once a bracket closed one that was not opened here.
    int depth() const { return depth_; }

private:
    int depth_ = 0;
    bool inString_ = false, escaped_ = false;
};

// A record is a line; an object written over several lines, as pretty-printers write it (jq without -c, JSON.stringify
// with an indent), is one record from its first line: while its braces are open, the lines that go on indented or
// with its closing '}' are its own. A line that starts otherwise ends it (a broken record) and is the next record.
class NdjsonReader : public RecordReader {
public:
    NdjsonReader(std::istream& in, const ReaderSettings& settings) : in_(in), settings_(settings) {}
    bool next(Record& record) override;

private:
    struct Line {
        std::string text;  // without its line end
        bool tooLarge = false;
        int number = 0;
    };
    // The next line, the one looked at and left by the record before it first; false at the end of the file.
    bool readLine(Line& line);
    // Follows the object's braces through `text`; true while the object is still open.
    bool open(const std::string& text);

    std::istream& in_;
    const ReaderSettings settings_;
    int line_ = 0;
    std::optional<Line> ahead_;
    JsonNesting nesting_;  // of the record being read
};

// Finds each element of the top-level array by scanning (strings and nesting respected), so only one object is in
// memory at a time. Throws UnreadableFile when the file does not start with '['.
class JsonArrayReader : public RecordReader {
public:
    JsonArrayReader(std::istream& in, const ReaderSettings& settings);
    bool next(Record& record) override;

private:
    // The next byte that is not JSON white space (or eof), counting the lines passed in `line`.
    int nextSignificant(int& line);
    void endArray();  // after the array's closing ']'

    std::istream& in_;
    const ReaderSettings settings_;
    int line_ = 1;
    bool ended_ = false;
};

// The record's body from its JSON text, or the reason it is not one object.
void parseJsonRecord(Record& record, const ReaderSettings& settings);

}  // namespace sohub
