// The web pages' shared entry points that the dispatcher needs.
#pragma once

#include "model/errors.h"
#include "services/http/http.h"

namespace scorecard::services {

// An error on a page route, rendered as a GOV.UK-style HTML page with the right status.
HttpResponse render_error_page(const Error& error, const HttpRequest& request);

}  // namespace scorecard::services
