#include "services/http/openapi.h"

// Generated at configure time from etc/openapi.json (services/CMakeLists.txt).
#include "openapi_json.h"

namespace scorecard::services {

std::string_view openapi_document() {
    return {kOpenApiJson, sizeof kOpenApiJson - 1};
}

}  // namespace scorecard::services
