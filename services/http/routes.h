// The route table is assembled from one function per area, each in its own file, so that
// make_router() (services/app.h) is the one list of everything the server answers.
#pragma once

#include "services/http/http.h"

namespace scorecard::services {

// api.cpp: health, documents in and out, scorecards, flags list, summary, feed sources.
void add_core_routes(Router& router);
// api_directory.cpp: supplier and contract lists and records, public exports, OpenAPI.
void add_directory_routes(Router& router);
// api_workflow.cpp: flag dismissal, partnership reviews, disputes, audit log.
void add_workflow_routes(Router& router);
// api_accounts.cpp: users, tokens, sessions (sign-in for the web pages), /metrics.
void add_account_routes(Router& router);
// pages/*.cpp: the server-rendered web pages and their static assets.
void add_page_routes(Router& router);

}  // namespace scorecard::services
