// NDJSON (one object per line) and a JSON array of objects, each object parsed on its own.
#pragma once

#include "importers/RecordReader.h"

namespace sohub {

class NdjsonReader : public RecordReader {
public:
    NdjsonReader(std::istream& in, const ReaderSettings& settings) : in_(in), settings_(settings) {}
    bool next(Record& record) override;

private:
    std::istream& in_;
    const ReaderSettings settings_;
    int line_ = 0;
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
