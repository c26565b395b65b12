// Fuzz target: a request body through the bounded JSON reader and the booking validator behind it.
#include "FuzzInput.h"

#include "domain/CaseValidator.h"
#include "domain/Json.h"
#include "domain/JsonReader.h"

#include <Poco/JSON/Object.h>

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ReferenceSnapshot reference = fuzz::sampleReference();
    static const CaseValidator validator;
    const std::string text(reinterpret_cast<const char*>(data), size);
    Poco::Dynamic::Var body;
    try {
        body = readJson(text, JsonLimits());
    } catch (const JsonLimitExceeded&) {
        return 0;
    } catch (const MalformedJson&) {
        return 0;
    }
    if (body.type() != typeid(Poco::JSON::Object::Ptr)) return 0;
    const Poco::JSON::Object::Ptr request = body.extract<Poco::JSON::Object::Ptr>();
    for (const int partnerId : {1, 2}) {
        const Validation validation = validator.validate(*reference, BookingParty{partnerId, partnerId}, request);
        // What the API answers with: every problem, as JSON text.
        if (!validation.valid()) (void)toJsonText(*validation.errors.toJson());
    }
    (void)toJsonText(*request);
    return 0;
}
