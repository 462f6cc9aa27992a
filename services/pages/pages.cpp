// Being written (see services/routes.h): the web pages are registered here.
#include "services/pages/pages.h"

#include "services/routes.h"

namespace scorecard::services {

void add_page_routes(Router&) {}

HttpResponse render_error_page(const Error& error, const HttpRequest&) {
    auto response = error_response(error);
    return response;
}

}  // namespace scorecard::services
