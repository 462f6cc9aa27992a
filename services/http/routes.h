// The one route table: every (method, pattern) the server answers, the handler that answers
// it (services/http/handlers.h) and the permission its caller needs (model/access.h). Kept
// in services/http/routes.cpp, one row per route; dispatch (services/http/app.h) decides
// route-level access from the row, so no handler compares roles.
#pragma once

#include "services/http/http.h"

namespace scorecard::services {

// The router over the table: the REST API (SPEC §6), the health endpoints and the pages.
Router make_router();

}  // namespace scorecard::services
