// The one route table (SPEC §6, docs/api.md, docs/pages.md): every route the server
// answers is a row here, {method, pattern, handler, permission, kind}. The handlers live in
// their area's file (services/http/handlers.h); the permission is checked by dispatch
// (services/http/app.h) against model/access.h role_may, so no handler decides who may call
// it. tests/services/access_matrix_test.cpp walks this table and fails for a row it has no
// expectation for.
//
// fuzz/CMakeLists.txt reads the rows' method and pattern from this file at configure time:
// keep each row's method and pattern on one line, as {"METHOD", "/pattern", ...}.
#include "services/http/routes.h"

#include "services/http/handlers.h"

namespace scorecard::services {
namespace {

using enum Permission;
using enum RouteKind;

// clang-format off
const Route kRoutes[] = {
        // Health and operations: public, for load balancers and Prometheus.
        {"GET",    "/healthz",                                    api::get_healthz,             kPublic,            kApi},
        {"GET",    "/readyz",                                     api::get_readyz,              kPublic,            kApi},
        {"GET",    "/metrics",                                    api::get_metrics,             kPublic,            kApi},
        // Documents in (SPEC §5) and out.
        {"POST",   "/api/v1/feeds",                               api::post_feed,               kLoadFeeds,         kApi},
        {"POST",   "/api/v1/returns",                             api::post_returns,            kSubmitReturns,     kApi},
        {"GET",    "/api/v1/documents/{id}",                      api::get_document,            kReadScorecards,    kApi},
        {"GET",    "/api/v1/feeds/sources",                       api::get_feed_sources,        kReadFeedSources,   kApi},
        // Scorecards, lists and the summary, each narrowed to what the caller may see.
        {"GET",    "/api/v1/contracts/{id}/scorecard",            api::get_contract_scorecard,  kReadScorecards,    kApi},
        {"GET",    "/api/v1/suppliers/{id}/scorecard",            api::get_supplier_scorecard,  kReadScorecards,    kApi},
        {"GET",    "/api/v1/flags",                               api::get_flags,               kReadScorecards,    kApi},
        {"GET",    "/api/v1/summary",                             api::get_summary,             kReadScorecards,    kApi},
        {"GET",    "/api/v1/authorities",                         api::get_authorities,         kReadScorecards,    kApi},
        {"GET",    "/api/v1/suppliers",                           api::get_suppliers,           kReadScorecards,    kApi},
        {"GET",    "/api/v1/suppliers/{id}",                      api::get_supplier,            kReadScorecards,    kApi},
        {"GET",    "/api/v1/contracts",                           api::get_contracts,           kReadScorecards,    kApi},
        {"GET",    "/api/v1/contracts/{id}",                      api::get_contract,            kReadScorecards,    kApi},
        // Who holds a contract, and suppliers' master data (docs/api.md).
        {"POST",   "/api/v1/contracts/{id}/novation",             api::post_novation,           kNovateContracts,   kApi},
        {"PATCH",  "/api/v1/suppliers/{id}",                      api::patch_supplier,          kReadScorecards,    kApi},
        {"GET",    "/api/v1/supplier-discrepancies",              api::get_supplier_discrepancies, kManageSupplierRecords, kApi},
        {"POST",   "/api/v1/supplier-discrepancies/{id}/decision", api::post_supplier_discrepancy_decision, kManageSupplierRecords, kApi},
        // SPEC §1: the published dataset is open data, for anyone without signing in.
        {"GET",    "/api/v1/exports/kpi-performance.csv",         api::get_kpi_performance_csv, kPublic,            kApi},
        {"GET",    "/api/v1/exports/ocds.json",                   api::get_ocds,                kPublic,            kApi},
        {"GET",    "/api/v1/openapi.json",                        api::get_openapi,             kPublic,            kApi},
        // The workflow (docs/reviews.md).
        {"POST",   "/api/v1/flags/{id}/dismiss",                  api::post_dismiss,            kManageFlags,       kApi},
        {"GET",    "/api/v1/reviews",                             api::get_reviews,             kReadScorecards,    kApi},
        {"GET",    "/api/v1/reviews/{id}",                        api::get_review,              kReadScorecards,    kApi},
        {"POST",   "/api/v1/reviews/{id}/transitions",            api::post_transition,         kManageReviews,     kApi},
        {"POST",   "/api/v1/reviews/{id}/comments",               api::post_comment,            kTakePartInReviews, kApi},
        {"POST",   "/api/v1/reviews/{id}/actions",                api::post_action,             kTakePartInReviews, kApi},
        {"POST",   "/api/v1/reviews/{id}/actions/{action}/agree", api::post_agree,              kManageReviews,     kApi},
        {"GET",    "/api/v1/disputes",                            api::get_disputes,            kReadScorecards,    kApi},
        {"GET",    "/api/v1/disputes/{id}",                       api::get_dispute,             kReadScorecards,    kApi},
        {"POST",   "/api/v1/disputes",                            api::post_dispute,            kRaiseDisputes,     kApi},
        {"POST",   "/api/v1/disputes/{id}/decision",              api::post_decision,           kDecideDisputes,    kApi},
        {"GET",    "/api/v1/audit",                               api::get_audit,               kReadAudit,         kApi},
        // Contract performance notices (SPEC §7, docs/notices.md): the due list before
        // /notices/{id}, which would take "due" for an id.
        {"GET",    "/api/v1/notices/due",                         api::get_notices_due,         kReadReports,       kApi},
        {"GET",    "/api/v1/notices",                             api::get_notices,             kReadScorecards,    kApi},
        {"POST",   "/api/v1/notices",                             api::post_notice,             kManageNotices,     kApi},
        {"GET",    "/api/v1/notices/{id}",                        api::get_notice,              kReadScorecards,    kApi},
        {"POST",   "/api/v1/notices/{id}/transitions",            api::post_notice_transition,  kManageNotices,     kApi},
        {"POST",   "/api/v1/notices/{id}/ratings",                api::post_notice_rating,      kManageNotices,     kApi},
        {"POST",   "/api/v1/notices/{id}/comments",               api::post_notice_comment,     kAnswerNotices,     kApi},
        {"POST",   "/api/v1/notices/{id}/agreement",              api::post_notice_agreement,   kAnswerNotices,     kApi},
        {"GET",    "/api/v1/reviews/{id}/improvement-notices",    api::get_improvements,        kReadScorecards,    kApi},
        {"POST",   "/api/v1/reviews/{id}/improvement-notices",    api::post_improvement,        kManageNotices,     kApi},
        {"GET",    "/api/v1/suppliers/{id}/contact",              api::get_supplier_contact,    kReadScorecards,    kApi},
        {"PUT",    "/api/v1/suppliers/{id}/contact",              api::put_supplier_contact,    kKeepSupplierContact, kApi},
        // Accounts (docs/accounts.md): signing in is for anyone by definition.
        {"GET",    "/api/v1/users",                               api::get_users,               kManageUsers,       kApi},
        {"POST",   "/api/v1/users",                               api::post_user,               kManageUsers,       kApi},
        {"DELETE", "/api/v1/users/{name}/sessions",               api::delete_user_sessions,    kManageUsers,       kApi},
        {"GET",    "/api/v1/tokens",                              api::get_tokens,              kUseAccount,        kApi},
        {"POST",   "/api/v1/tokens",                              api::post_token,              kUseAccount,        kApi},
        {"DELETE", "/api/v1/tokens/{id}",                         api::delete_token,            kUseAccount,        kApi},
        {"POST",   "/api/v1/session",                             api::post_session,            kPublic,            kApi},
        {"DELETE", "/api/v1/session",                             api::delete_session,          kPublic,            kApi},
        // The web pages (docs/pages.md): signing in, each role's start page, the assets.
        {"GET",    "/sign-in",                                    pages::get_sign_in,           kPublic,            kPage},
        {"POST",   "/sign-in",                                    pages::post_sign_in,          kPublic,            kPage},
        {"POST",   "/sign-out",                                   pages::post_sign_out,         kUseAccount,        kPage},
        {"GET",    "/",                                           pages::get_home,              kUseAccount,        kPage},
        {"GET",    "/assets/{file}",                              pages::get_asset,             kPublic,            kPage},
        {"GET",    "/assets/fonts/{file}",                        pages::get_font,              kPublic,            kPage},
        {"GET",    "/assets/images/{file}",                       pages::get_image,             kPublic,            kPage},
        {"GET",    "/open-data",                                  pages::get_open_data,         kPublic,            kPage},
        // Contracts, suppliers and flags.
        {"GET",    "/contracts",                                  pages::get_contracts,         kReadScorecards,    kPage},
        {"GET",    "/contracts.csv",                              pages::get_contracts_csv,     kReadScorecards,    kPage},
        {"GET",    "/contracts/{id}",                             pages::get_contract,          kReadScorecards,    kPage},
        {"GET",    "/contracts/{id}/scorecard.csv",               pages::get_contract_csv,      kReadScorecards,    kPage},
        {"GET",    "/suppliers",                                  pages::get_suppliers,         kReadScorecards,    kPage},
        {"GET",    "/suppliers.csv",                              pages::get_suppliers_csv,     kReadScorecards,    kPage},
        {"GET",    "/suppliers/{id}",                             pages::get_supplier,          kReadScorecards,    kPage},
        {"GET",    "/suppliers/{id}/scorecard.csv",               pages::get_supplier_csv,      kReadScorecards,    kPage},
        {"GET",    "/flags",                                      pages::get_flags,             kReadScorecards,    kPage},
        {"GET",    "/flags.csv",                                  pages::get_flags_csv,         kReadScorecards,    kPage},
        {"GET",    "/flags/{id}/dismiss",                         pages::get_dismiss_flag,      kManageFlags,       kPage},
        {"POST",   "/flags/{id}/dismiss",                         pages::post_dismiss_flag,     kManageFlags,       kPage},
        // Partnership reviews.
        {"GET",    "/reviews",                                    pages::get_reviews,           kReadScorecards,    kPage},
        {"GET",    "/reviews.csv",                                pages::get_reviews_csv,       kReadScorecards,    kPage},
        {"GET",    "/reviews/{id}",                               pages::get_review,            kReadScorecards,    kPage},
        {"POST",   "/reviews/{id}/transitions",                   pages::post_transition,       kManageReviews,     kPage},
        {"POST",   "/reviews/{id}/comments",                      pages::post_comment,          kTakePartInReviews, kPage},
        {"POST",   "/reviews/{id}/actions",                       pages::post_action,           kTakePartInReviews, kPage},
        {"POST",   "/reviews/{id}/actions/{action}/agree",        pages::post_agree,            kManageReviews,     kPage},
        // Disputes.
        {"GET",    "/disputes",                                   pages::get_disputes,          kReadScorecards,    kPage},
        {"GET",    "/disputes.csv",                               pages::get_disputes_csv,      kReadScorecards,    kPage},
        {"GET",    "/disputes/{id}",                              pages::get_dispute,           kReadScorecards,    kPage},
        {"POST",   "/disputes/{id}/decision",                     pages::post_decision,         kDecideDisputes,    kPage},
        {"GET",    "/contracts/{id}/dispute",                     pages::get_rating_dispute,    kRaiseDisputes,     kPage},
        {"POST",   "/contracts/{id}/dispute",                     pages::post_rating_dispute,   kRaiseDisputes,     kPage},
        {"GET",    "/flags/{id}/dispute",                         pages::get_flag_dispute,      kRaiseDisputes,     kPage},
        {"POST",   "/flags/{id}/dispute",                         pages::post_flag_dispute,     kRaiseDisputes,     kPage},
        // Returns from the web: the form and the XML upload.
        {"GET",    "/contracts/{id}/return",                      pages::get_return_form,       kSubmitReturns,     kPage},
        {"POST",   "/contracts/{id}/return",                      pages::post_return_form,      kSubmitReturns,     kPage},
        {"GET",    "/upload",                                     pages::get_upload,            kSubmitReturns,     kPage},
        {"POST",   "/upload",                                     pages::post_upload,           kSubmitReturns,     kPage},
        // The dashboard and the reports.
        {"GET",    "/dashboard",                                  pages::get_dashboard,         kReadReports,       kPage},
        {"GET",    "/dashboard.csv",                              pages::get_dashboard_csv,     kReadReports,       kPage},
        {"GET",    "/reports",                                    pages::get_reports,           kReadScorecards,    kPage},
        {"GET",    "/reports/annual",                             pages::get_annual,            kReadReports,       kPage},
        {"GET",    "/reports/annual.csv",                         pages::get_annual_csv,        kReadReports,       kPage},
        {"GET",    "/statement",                                  pages::get_statement,         kReadOwnStatement,  kPage},
        {"GET",    "/statement.csv",                              pages::get_statement_csv,     kReadOwnStatement,  kPage},
        // Contract performance notices (docs/notices.md "On the pages"): the API's rights.
        {"GET",    "/notices",                                    pages::get_notices,           kReadScorecards,    kPage},
        {"GET",    "/notices/due",                                pages::get_notices_due,       kReadReports,       kPage},
        {"GET",    "/notices/{id}",                               pages::get_notice,            kReadScorecards,    kPage},
        {"POST",   "/notices/{id}/transitions",                   pages::post_notice_transition, kManageNotices,    kPage},
        {"GET",    "/notices/{id}/ratings",                       pages::get_notice_rating,     kManageNotices,     kPage},
        {"POST",   "/notices/{id}/ratings",                       pages::post_notice_rating,    kManageNotices,     kPage},
        {"POST",   "/notices/{id}/comments",                      pages::post_notice_comment,   kAnswerNotices,     kPage},
        {"POST",   "/notices/{id}/agreement",                     pages::post_notice_agreement, kAnswerNotices,     kPage},
        {"GET",    "/contracts/{id}/notices/new",                 pages::get_new_notice,        kManageNotices,     kPage},
        {"POST",   "/contracts/{id}/notices",                     pages::post_new_notice,       kManageNotices,     kPage},
};
// clang-format on

}  // namespace

Router make_router() {
    Router router;
    for (const Route& route : kRoutes)
        router.add(route);
    return router;
}

}  // namespace scorecard::services
