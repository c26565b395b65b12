// Reads JSON that comes from outside (request bodies, imported records, acknowledgement files) within limits that
// are checked while parsing, so a hostile document is refused at the first value past a limit, never parsed whole.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstddef>
#include <stdexcept>
#include <string>

namespace Poco::JSON {
class Object;
}
namespace Poco::Util {
class AbstractConfiguration;
}

namespace sohub {

struct JsonLimits {
    int maxDepth = 32;                        // json.maxDepth: objects and arrays inside one another
    std::size_t maxMembers = 1000;            // json.maxMembers: members of one object
    std::size_t maxElements = 100000;         // json.maxElements: elements of one array
    std::size_t maxStringBytes = 1048576;     // json.maxStringBytes: bytes of one string or member name

    // The json.* keys, each with the default above; a value out of range stops the start.
    static JsonLimits from(const Poco::Util::AbstractConfiguration& config);
};

// A document crossing one of the limits; the message names the limit's key and value.
class JsonLimitExceeded : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A document that is not JSON; the message is the parser's.
class MalformedJson : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The document's value: objects as Poco::JSON::Object::Ptr keeping the members in the order sent (a repeated name
// keeps its first place and its last value), arrays as Poco::JSON::Array::Ptr. Work and memory grow linearly with
// the text's size, whatever its shape.
Poco::Dynamic::Var readJson(const std::string& text, const JsonLimits& limits);

// object.set(key, value) that takes the value over instead of copying it (a copy allocates its holder and copies a
// string again): `value` is left empty. Returns the member's value in the object (it stays where it is until the
// member is removed), or null when the value had to be copied in instead.
Poco::Dynamic::Var* setTaken(Poco::JSON::Object& object, const std::string& key, Poco::Dynamic::Var& value);

}  // namespace sohub
