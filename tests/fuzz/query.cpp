// Fuzz target: a request target (path and query string) and the parameter names in every notation.
#include "FuzzInput.h"

#include "api/Call.h"

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string target(reinterpret_cast<const char*>(data), size);
    QueryParams params;
    try {
        parseTarget(target, params);
        params.allowOnly({"guid", "limit", "offset", "serviceType", "status"});
    } catch (const ApiError&) {
        // 400: the expected answer to a bad target or an unknown parameter.
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
