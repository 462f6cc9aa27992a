// Every request handler the server has, declared so that the one route table
// (services/http/routes.cpp) can name them. Each is defined in its area's file; a handler
// parses the request, calls an application service or a report, and renders. Who may call
// it is the route's permission, decided by dispatch (services/http/app.h); whose data it may
// touch is decided by model/access.h inside the services and reports it calls.
//
// Thread safety: handlers are stateless; everything shared is in the AppContext.
#pragma once

#include "services/http/http.h"

namespace scorecard::services {

// The REST API (SPEC §6, etc/openapi.json): JSON in and out.
namespace api {

// api.cpp: health, documents in and out, scorecards, flags, the summary, feed sources.
HttpResponse get_healthz(const HttpRequest& request, AppContext& app);
HttpResponse get_readyz(const HttpRequest& request, AppContext& app);
HttpResponse post_feed(const HttpRequest& request, AppContext& app);
HttpResponse post_returns(const HttpRequest& request, AppContext& app);
HttpResponse get_document(const HttpRequest& request, AppContext& app);
HttpResponse get_contract_scorecard(const HttpRequest& request, AppContext& app);
HttpResponse get_supplier_scorecard(const HttpRequest& request, AppContext& app);
HttpResponse get_flags(const HttpRequest& request, AppContext& app);
HttpResponse get_summary(const HttpRequest& request, AppContext& app);
HttpResponse get_feed_sources(const HttpRequest& request, AppContext& app);

// api_directory.cpp: supplier and contract lists and records, public exports, OpenAPI.
HttpResponse get_authorities(const HttpRequest& request, AppContext& app);
HttpResponse get_suppliers(const HttpRequest& request, AppContext& app);
HttpResponse get_supplier(const HttpRequest& request, AppContext& app);
HttpResponse get_contracts(const HttpRequest& request, AppContext& app);
HttpResponse get_contract(const HttpRequest& request, AppContext& app);
HttpResponse get_kpi_performance_csv(const HttpRequest& request, AppContext& app);
HttpResponse get_ocds(const HttpRequest& request, AppContext& app);
HttpResponse get_openapi(const HttpRequest& request, AppContext& app);

// api_workflow.cpp: flag dismissal, partnership reviews, disputes, the audit log.
HttpResponse post_dismiss(const HttpRequest& request, AppContext& app);
HttpResponse get_reviews(const HttpRequest& request, AppContext& app);
HttpResponse get_review(const HttpRequest& request, AppContext& app);
HttpResponse post_transition(const HttpRequest& request, AppContext& app);
HttpResponse post_comment(const HttpRequest& request, AppContext& app);
HttpResponse post_action(const HttpRequest& request, AppContext& app);
HttpResponse post_agree(const HttpRequest& request, AppContext& app);
HttpResponse get_disputes(const HttpRequest& request, AppContext& app);
HttpResponse get_dispute(const HttpRequest& request, AppContext& app);
HttpResponse post_dispute(const HttpRequest& request, AppContext& app);
HttpResponse post_decision(const HttpRequest& request, AppContext& app);
HttpResponse get_audit(const HttpRequest& request, AppContext& app);

// api_notices.cpp: contract performance notices (SPEC §7.5): the due list, notices along
// their path, improvement notices in reviews, suppliers' contact details.
HttpResponse get_notices_due(const HttpRequest& request, AppContext& app);
HttpResponse get_notices(const HttpRequest& request, AppContext& app);
HttpResponse post_notice(const HttpRequest& request, AppContext& app);
HttpResponse get_notice(const HttpRequest& request, AppContext& app);
HttpResponse post_notice_transition(const HttpRequest& request, AppContext& app);
HttpResponse post_notice_rating(const HttpRequest& request, AppContext& app);
HttpResponse post_notice_comment(const HttpRequest& request, AppContext& app);
HttpResponse post_notice_agreement(const HttpRequest& request, AppContext& app);
HttpResponse get_improvements(const HttpRequest& request, AppContext& app);
HttpResponse post_improvement(const HttpRequest& request, AppContext& app);
HttpResponse get_supplier_contact(const HttpRequest& request, AppContext& app);
HttpResponse put_supplier_contact(const HttpRequest& request, AppContext& app);

// api_accounts.cpp: users, tokens, the session (sign-in for scripts), /metrics.
HttpResponse get_users(const HttpRequest& request, AppContext& app);
HttpResponse post_user(const HttpRequest& request, AppContext& app);
HttpResponse delete_user_sessions(const HttpRequest& request, AppContext& app);
HttpResponse get_tokens(const HttpRequest& request, AppContext& app);
HttpResponse post_token(const HttpRequest& request, AppContext& app);
HttpResponse delete_token(const HttpRequest& request, AppContext& app);
HttpResponse post_session(const HttpRequest& request, AppContext& app);
HttpResponse delete_session(const HttpRequest& request, AppContext& app);
HttpResponse get_metrics(const HttpRequest& request, AppContext& app);

// api_suppliers.cpp: supplier discrepancies and novation (docs/api.md).
HttpResponse get_supplier_discrepancies(const HttpRequest& request, AppContext& app);
HttpResponse post_supplier_discrepancy_decision(const HttpRequest& request, AppContext& app);
HttpResponse post_novation(const HttpRequest& request, AppContext& app);
HttpResponse patch_supplier(const HttpRequest& request, AppContext& app);

}  // namespace api

// The web pages (docs/pages.md): HTML, forms posted with a CSRF token.
namespace pages {

// pages/pages.cpp: signing in and out, each role's start page, static assets.
HttpResponse get_sign_in(const HttpRequest& request, AppContext& app);
HttpResponse post_sign_in(const HttpRequest& request, AppContext& app);
HttpResponse post_sign_out(const HttpRequest& request, AppContext& app);
HttpResponse get_home(const HttpRequest& request, AppContext& app);
HttpResponse get_asset(const HttpRequest& request, AppContext& app);
HttpResponse get_font(const HttpRequest& request, AppContext& app);
HttpResponse get_image(const HttpRequest& request, AppContext& app);

// pages/commercial.cpp: contracts, suppliers and flags, each also as CSV.
HttpResponse get_contracts(const HttpRequest& request, AppContext& app);
HttpResponse get_contracts_csv(const HttpRequest& request, AppContext& app);
HttpResponse get_contract(const HttpRequest& request, AppContext& app);
HttpResponse get_contract_csv(const HttpRequest& request, AppContext& app);
HttpResponse get_suppliers(const HttpRequest& request, AppContext& app);
HttpResponse get_suppliers_csv(const HttpRequest& request, AppContext& app);
HttpResponse get_supplier(const HttpRequest& request, AppContext& app);
HttpResponse get_supplier_csv(const HttpRequest& request, AppContext& app);
HttpResponse get_flags(const HttpRequest& request, AppContext& app);
HttpResponse get_flags_csv(const HttpRequest& request, AppContext& app);

// pages/reviews.cpp: partnership reviews and their steps, dismissing a flag.
HttpResponse get_dismiss_flag(const HttpRequest& request, AppContext& app);
HttpResponse post_dismiss_flag(const HttpRequest& request, AppContext& app);
HttpResponse get_reviews(const HttpRequest& request, AppContext& app);
HttpResponse get_reviews_csv(const HttpRequest& request, AppContext& app);
HttpResponse get_review(const HttpRequest& request, AppContext& app);
HttpResponse post_transition(const HttpRequest& request, AppContext& app);
HttpResponse post_comment(const HttpRequest& request, AppContext& app);
HttpResponse post_action(const HttpRequest& request, AppContext& app);
HttpResponse post_agree(const HttpRequest& request, AppContext& app);

// pages/disputes.cpp: the disputes, raising one on a rating or a flag, deciding one.
HttpResponse get_disputes(const HttpRequest& request, AppContext& app);
HttpResponse get_disputes_csv(const HttpRequest& request, AppContext& app);
HttpResponse get_dispute(const HttpRequest& request, AppContext& app);
HttpResponse post_decision(const HttpRequest& request, AppContext& app);
HttpResponse get_rating_dispute(const HttpRequest& request, AppContext& app);
HttpResponse post_rating_dispute(const HttpRequest& request, AppContext& app);
HttpResponse get_flag_dispute(const HttpRequest& request, AppContext& app);
HttpResponse post_flag_dispute(const HttpRequest& request, AppContext& app);

// pages/returns.cpp: the return form and the XML upload.
HttpResponse get_return_form(const HttpRequest& request, AppContext& app);
HttpResponse post_return_form(const HttpRequest& request, AppContext& app);
HttpResponse get_upload(const HttpRequest& request, AppContext& app);
HttpResponse post_upload(const HttpRequest& request, AppContext& app);

// pages/dashboard.cpp: the dashboard, the reports, open data, a supplier's statement.
HttpResponse get_dashboard(const HttpRequest& request, AppContext& app);
HttpResponse get_dashboard_csv(const HttpRequest& request, AppContext& app);
HttpResponse get_reports(const HttpRequest& request, AppContext& app);
HttpResponse get_annual(const HttpRequest& request, AppContext& app);
HttpResponse get_annual_csv(const HttpRequest& request, AppContext& app);
HttpResponse get_open_data(const HttpRequest& request, AppContext& app);
HttpResponse get_statement(const HttpRequest& request, AppContext& app);
HttpResponse get_statement_csv(const HttpRequest& request, AppContext& app);

// pages/notices.cpp: contract performance notices, the due list, drafting, the path's steps.
HttpResponse get_notices(const HttpRequest& request, AppContext& app);
HttpResponse get_notices_due(const HttpRequest& request, AppContext& app);
HttpResponse get_notice(const HttpRequest& request, AppContext& app);
HttpResponse post_notice_transition(const HttpRequest& request, AppContext& app);
HttpResponse post_notice_comment(const HttpRequest& request, AppContext& app);
HttpResponse post_notice_agreement(const HttpRequest& request, AppContext& app);
HttpResponse get_notice_rating(const HttpRequest& request, AppContext& app);
HttpResponse post_notice_rating(const HttpRequest& request, AppContext& app);
HttpResponse get_new_notice(const HttpRequest& request, AppContext& app);
HttpResponse post_new_notice(const HttpRequest& request, AppContext& app);

}  // namespace pages
}  // namespace scorecard::services
