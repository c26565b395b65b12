// What a provider's acknowledgement file names: NAME.ack (the whole export file NAME; its content, when any, is
// that file's sha256), NAME.ack.json (a JSON array of message ids) or NAME.ack.txt (one message id a line).
#pragma once

#include "domain/JsonReader.h"

#include <Poco/JSON/Array.h>

#include <string>

namespace sohub {

struct AckFile {
    bool wholeBatch = false;
    std::string batchFile;   // wholeBatch: the export file acknowledged
    std::string sha256;      // wholeBatch: the file's sha256 as given (lower case), empty when none was
    Poco::JSON::Array::Ptr ids = new Poco::JSON::Array;  // the ids as listed, for the confirm service to check
    std::string problem;     // why the file names nothing (not JSON, past a json.* limit, a line that is no id)

    // True for the three names; any other file in the acks folder is left alone.
    static bool isAck(const std::string& name);
    static AckFile read(const std::string& name, const std::string& content, const JsonLimits& limits);
};

}  // namespace sohub
