// The OpenAPI 3.0 document of the REST API (etc/openapi.json), compiled into the binary so
// that GET /api/v1/openapi.json answers wherever the server runs from.
#pragma once

#include <string_view>

namespace scorecard::services {

std::string_view openapi_document();

}  // namespace scorecard::services
