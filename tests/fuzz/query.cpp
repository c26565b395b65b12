// Fuzz target: a request target (path and query string) and the parameter names in every notation; a target in
// origin form is split as Poco::URI splits it (the same path; a malformed target, a bad escape in its query
// included, refused by both).
#include "FuzzInput.h"

#include "api/Call.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cstdlib>

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string target(reinterpret_cast<const char*>(data), size);
    QueryParams params;
    std::string path;
    bool malformed = false, parsed = false;
    try {
        path = parseTarget(target, params);
        parsed = true;
        params.allowOnly({"guid", "limit", "offset", "serviceType", "status"});
    } catch (const ApiError& refused) {
        // 400: the expected answer to a bad target or an unknown parameter.
        malformed = std::string(refused.what()) == "Malformed request URI";
    }
    if (!target.empty() && target[0] == '/') {
        try {
            const Poco::URI uri(target);
            (void)uri.getQueryParameters();  // its escapes decoded, as parseTarget decodes them
            if (malformed || (parsed && path != uri.getPath())) std::abort();
        } catch (const Poco::SyntaxException&) {
            if (!malformed) std::abort();
        }
    }
    try {
        (void)params.pageLimit();
        (void)params.pageOffset();
        (void)params.oneOf("status", {"pending", "delivered", "failed"});
    } catch (const ApiError&) {
    }
    (void)QueryParams::canonicalName(target);
    return 0;
}
