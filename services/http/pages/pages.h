// The web pages' shared entry points that the dispatcher needs.
#pragma once

#include <string>

#include "model/errors.h"
#include "services/http/http.h"

namespace scorecard::services {

// Where the server finds GOV.UK Frontend's dist/govuk folder (its CSS, fonts and images),
// whether they are there, and what to do when they are not (docs/pages.md "Assets"): the
// server warns at start and /readyz reports it, since without them every page is unstyled.
struct AssetsStatus {
    std::string dir;     // the folder looked in
    bool found = false;  // dir/govuk-frontend.min.css is a file
    std::string fix;     // "" when found; else the command(s) to run
};
// Looked for in order: $SCORECARD_ASSETS_DIR when set (and only there), the installed
// share/scorecard/govuk-frontend beside the binary's bin/, the npm package at the root of
// the source tree the binary was built from.
AssetsStatus assets_status();

// An error on a page route, rendered as a GOV.UK-style HTML page with the right status.
HttpResponse render_error_page(const Error& error, const HttpRequest& request);

}  // namespace scorecard::services
