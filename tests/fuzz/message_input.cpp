// Fuzz target: the message body's checks (case-messages/create) and the confirm body's (an array of ids).
#include "FuzzInput.h"

#include "domain/HubError.h"
#include "domain/Joi.h"
#include "domain/JsonReader.h"
#include "services/CreateMessage.h"

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::Selected input = fuzz::select(data, size, 2);
    Poco::Dynamic::Var body;
    try {
        body = readJson(input.text, JsonLimits());
    } catch (const JsonLimitExceeded&) {
        return 0;
    } catch (const MalformedJson&) {
        return 0;
    }
    try {
        if (input.variant == 0) {
            const MessageInput read = CreateMessage::readInput(body);
            std::string json;
            read.message.writeJson(json);
        } else {
            (void)joiIntegerArray(body);
        }
    } catch (const HubError&) {
        // The 400 in Joi's words: the expected answer to a bad body.
    }
    return 0;
}
