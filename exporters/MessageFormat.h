// How an export file writes its messages: NdjsonFormat, CsvFormat (delimiter, optional BOM) or XmlFormat
// (<messages count="N"> of <message> elements). Each record: the fields of GET /api/v3/case-messages plus
// parentMessageId, userName and userEmail, in that key order, with the same dates.
#pragma once

#include "domain/Message.h"

#include <memory>
#include <ostream>
#include <string>

namespace sohub {

class MessageFormat {
public:
    virtual ~MessageFormat() = default;
    virtual const char* name() const = 0;       // ndjson | csv | xml
    virtual const char* extension() const = 0;  // the {ext} of file names
    virtual void begin(std::ostream& out, std::size_t count) = 0;
    virtual void write(std::ostream& out, const Message& message) = 0;
    virtual void end(std::ostream& out) = 0;
};

struct CsvOptions {
    char delimiter = ',';
    bool bom = false;
};

// "ndjson", "csv" or "xml"; throws Poco::InvalidArgumentException for another.
std::unique_ptr<MessageFormat> makeMessageFormat(const std::string& name, const CsvOptions& csv);

}  // namespace sohub
