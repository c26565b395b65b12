// The API's bounded JSON reader (key order kept, the json.* limits) on each record's own text.
#include "importers/JsonRecordReaders.h"

#include "domain/Json.h"

namespace sohub {

void parseJsonRecord(Record& record, const ReaderSettings& settings) {
    if (settings.checkUtf8 && !isUtf8(record.raw)) {
        record.error = "The record is not valid UTF-8";
        return;
    }
    const std::size_t first = record.raw.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || record.raw[first] != '{') {
        record.error = "Malformed JSON: the record is not a JSON object";
        return;
    }
    try {
        const Poco::Dynamic::Var parsed = readJson(record.raw, settings.json);
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
            record.error = "Malformed JSON: the record is not a JSON object";
            return;
        }
        record.body = parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const JsonLimitExceeded& limit) {
        record.error = limit.what();
    } catch (const MalformedJson& error) {
        record.error = std::string("Malformed JSON: ") + error.what();
    }
}

bool NdjsonReader::readLine(Line& line) {
    if (ahead_) {
        line = std::move(*ahead_);
        ahead_.reset();
        return true;
    }
    line = Line();
    std::streambuf& buffer = *in_.rdbuf();
    bool any = false;
    for (int next = buffer.sbumpc(); next != std::char_traits<char>::eof(); next = buffer.sbumpc()) {
        any = true;
        if (next == '\n') break;
        if (line.tooLarge) continue;
        line.text += static_cast<char>(next);
        if (line.text.size() > settings_.maxRecordBytes) {
            line.tooLarge = true;
            line.text.clear();
        }
    }
    if (!any) return false;
    line.number = ++line_;
    if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
    return true;
}

bool JsonNesting::take(char c) {
    if (inString_) {
        if (escaped_) escaped_ = false;
        else if (c == '\\') escaped_ = true;
        else if (c == '"') inString_ = false;
        return false;
    }
    if (c == '"') {
        inString_ = true;
        return false;
    }
    if (c == '{' || c == '[') ++depth_;
    else if (c == '}' || c == ']') --depth_;
    return true;
}

bool NdjsonReader::open(const std::string& text) {
    for (const char c : text) nesting_.take(c);
    return nesting_.depth() > 0;
}

bool NdjsonReader::next(Record& record) {
    Line line;
    for (;;) {
        record = Record();
        if (!readLine(line)) return false;
        record.line = line.number;
        if (line.tooLarge) {
            record.error = recordTooLarge(settings_);
            return true;
        }
        if (line.text.find_first_not_of(" \t") == std::string::npos) continue;  // a blank line
        record.raw = std::move(line.text);
        break;
    }
    // An object whose braces the line leaves open goes on over the lines that continue it. A line that ends with '}'
    // is taken as whole without following its braces (one that is not is malformed either way).
    nesting_ = JsonNesting();
    const bool endsClosed = record.raw[record.raw.find_last_not_of(" \t")] == '}';
    if (!endsClosed && record.raw[record.raw.find_first_not_of(" \t")] == '{' && open(record.raw)) {
        bool tooLarge = false;
        while (readLine(line)) {
            const bool continues = line.tooLarge || (!line.text.empty() && (line.text[0] == ' ' || line.text[0] == '\t' ||
                                                                            line.text[0] == '}'));
            if (!continues) {
                ahead_ = std::move(line);  // the next record; this one stays as it is (broken)
                break;
            }
            if (!tooLarge && (line.tooLarge || record.raw.size() + 1 + line.text.size() > settings_.maxRecordBytes)) {
                tooLarge = true;  // read on to the object's end without keeping it, as a line too large is
                record.raw.clear();
            }
            if (tooLarge) {
                // Its braces are not followed any more (a line too large is not kept): the object ends at a '}'
                // that starts a line, where a pretty-printer closes it.
                if (!line.tooLarge && line.text[0] == '}') break;
                continue;
            }
            record.raw += '\n';
            record.raw += line.text;
            if (!open(line.text)) break;
        }
        if (tooLarge) {
            record.error = recordTooLarge(settings_);
            return true;
        }
    }
    parseJsonRecord(record, settings_);
    return true;
}

JsonArrayReader::JsonArrayReader(std::istream& in, const ReaderSettings& settings) : in_(in), settings_(settings) {
    if (nextSignificant(line_) != '[')
        throw UnreadableFile("not a JSON array of objects: the file does not start with '['");
}

int JsonArrayReader::nextSignificant(int& line) {
    std::streambuf& buffer = *in_.rdbuf();
    for (int next = buffer.sbumpc();; next = buffer.sbumpc()) {
        if (next == '\n') ++line;
        if (next != ' ' && next != '\t' && next != '\r' && next != '\n') return next;
    }
}

void JsonArrayReader::endArray() {
    ended_ = true;
    // What follows the array is not read as records (a second array appended to the file, say): the report says so.
    int line = line_;
    if (nextSignificant(line) != std::char_traits<char>::eof())
        warnings_.push_back("Text after the array's closing ']' (from line " + std::to_string(line) +
                            ") is ignored: no records were read from it");
}

bool JsonArrayReader::next(Record& record) {
    if (ended_) return false;
    std::streambuf& buffer = *in_.rdbuf();
    record = Record();
    JsonNesting nesting;
    bool tooLarge = false, started = false;
    for (int next = buffer.sbumpc();; next = buffer.sbumpc()) {
        if (next == std::char_traits<char>::eof()) {
            ended_ = true;
            if (!started) {
                record.line = line_;
                record.error = "Malformed JSON: the array is not closed";
                return true;
            }
            record.error = "Malformed JSON: the file ends inside a record";
            return true;
        }
        const char c = static_cast<char>(next);
        if (!started) {
            if (c == '\n') ++line_;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',') continue;
            if (c == ']') {
                endArray();
                return false;
            }
            started = true;
            record.line = line_;
        }
        if (c == '\n') ++line_;
        if (!tooLarge) {
            record.raw += c;
            if (record.raw.size() > settings_.maxRecordBytes) {
                tooLarge = true;
                record.raw.clear();
            }
        }
        if (!nesting.take(c)) continue;
        if (nesting.depth() < 0) {  // the array's own ']' right after a scalar element
            if (!tooLarge) record.raw.pop_back();
            endArray();
            break;
        }
        if (nesting.depth() == 0 && (c == '}' || c == ']')) break;  // the element closed
        if (nesting.depth() == 0 && c == ',') {
            if (!tooLarge) record.raw.pop_back();
            break;
        }
    }
    if (tooLarge) {
        record.error = recordTooLarge(settings_);
        return true;
    }
    parseJsonRecord(record, settings_);
    return true;
}

}  // namespace sohub
