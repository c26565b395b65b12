// Fuzz target: a request head read from the connection's bytes; whatever it reads, Poco's HTTPRequest::read reads the
// same from the same bytes (method, URI, version, header fields, and where the head ends).
#include "FuzzInput.h"

#include "api/RequestHead.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>

#include <cstdlib>
#include <sstream>

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Poco::Net::HTTPRequest ours;
    std::size_t taken = 0;
    try {
        taken = requestHead::read(text, ours);
    } catch (const Poco::Exception&) {
        return 0;  // a head that cannot be read: refused with Poco's words (400, 414, 431)
    }
    if (taken > size) std::abort();
    Poco::Net::HTTPRequest poco;
    std::istringstream in(text);
    try {
        poco.read(in);
    } catch (const Poco::Exception&) {
        std::abort();  // read by one and not by the other
    }
    if (ours.getMethod() != poco.getMethod() || ours.getURI() != poco.getURI() ||
        ours.getVersion() != poco.getVersion() || ours.size() != poco.size())
        std::abort();
    for (auto a = ours.begin(), b = poco.begin(); a != ours.end(); ++a, ++b)
        if (a->first != b->first || a->second != b->second) std::abort();
    const std::streamoff end = in.tellg();
    if ((end < 0 ? static_cast<std::streamoff>(size) : end) != static_cast<std::streamoff>(taken)) std::abort();
    return 0;
}
