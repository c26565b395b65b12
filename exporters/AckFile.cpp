// The three forms of acknowledgement, read from the file's name and content; the store is not looked at here.
#include "exporters/AckFile.h"

#include "domain/Json.h"
#include "domain/NumberText.h"

#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace sohub {
namespace {

// In any letter case: a workshop's Windows tool may write BATCH.ACK.TXT.
bool endsWith(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && Poco::icompare(text, text.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

bool AckFile::isAck(const std::string& name) {
    return endsWith(name, ".ack") || endsWith(name, ".ack.txt") || endsWith(name, ".ack.json");
}

AckFile AckFile::read(const std::string& name, const std::string& content, const JsonLimits& limits) {
    AckFile ack;
    if (endsWith(name, ".ack")) {
        ack.wholeBatch = true;
        ack.batchFile = name.substr(0, name.size() - 4);
        ack.sha256 = Poco::toLower(Poco::trim(content));
    } else if (endsWith(name, ".ack.json")) {
        try {
            const Poco::Dynamic::Var parsed = readJson(content, limits);
            if (parsed.type() == typeid(Poco::JSON::Array::Ptr)) ack.ids = parsed.extract<Poco::JSON::Array::Ptr>();
            else ack.problem = "Not a JSON array of message ids";
        } catch (const JsonLimitExceeded& limit) {
            ack.problem = limit.what();
        } catch (const MalformedJson& error) {
            ack.problem = std::string("Not a JSON array of message ids: ") + error.what();
        }
    } else {
        const Poco::StringTokenizer lines(content, "\n",
                                          Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        for (const std::string& line : lines) {
            if (const std::optional<long long> id = integerNumber(line)) {
                ack.ids->add(static_cast<Poco::Int64>(*id));
            } else {
                // Quoted in the ack's JSON report: as UTF-8 whatever the file's bytes were.
                ack.problem = "Not a message id: " + validUtf8(line.substr(0, 100), line.size() > 100);
                break;
            }
        }
    }
    if (!ack.problem.empty()) ack.ids = new Poco::JSON::Array;
    return ack;
}

}  // namespace sohub
