// The OpenAPI 3.1 document of the API (gateway/api/openapi.json), built into the binary and served as it is.
#pragma once

#include <string>

namespace sohub {

const std::string& openApiDocument();

}  // namespace sohub
