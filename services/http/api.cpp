// The REST API's core handlers (SPEC §6): health, documents in and out, scorecards, the
// flags list, the summary and the feed sources. Handlers parse the request, call a service
// or a report, and render; the route table (routes.cpp) says who may call each, and the
// services and reports ask model/access.h about the data.
#include "importers/documents.h"
#include "reports/prepared_scorecards.h"
#include "reports/scorecard_cache.h"
#include "reports/scorecards.h"
#include "services/documents.h"
#include "services/feed_poller.h"
#include "services/http/api_support.h"
#include "services/http/app.h"
#include "services/http/handlers.h"
#include "services/http/pages/pages.h"
#include "services/ingest.h"
#include "services/recovery.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/user_repository.h"

namespace scorecard::services::api {
namespace {

using importers::DocumentKind;

// POST /feeds and POST /returns: XML in, the document's outcome out.
HttpResponse post_document(const HttpRequest& request, AppContext& app,
                           std::vector<DocumentKind> kinds) {
    auto type = request.media_type();
    if (type != "application/xml" && type != "text/xml" &&
        !(type.size() > 4 && type.compare(type.size() - 4, 4, "+xml") == 0))
        throw Error::UnsupportedMediaType("send the document as application/xml (got '" + type +
                                          "')");
    if (request.body.empty())
        throw Error::BadRequest("the request has no body: send an XML document");

    IngestRequest ingest;
    ingest.bytes = request.body;
    ingest.sender = request.who();
    ingest.channel = Channel::kApiUpload;
    ingest.received = app.now();
    ingest.as_of = app.today();
    ingest.allowed_kinds = std::move(kinds);
    auto result = ingest_document(app.db(), ingest, app.settings());

    if (result.refused) {
        // Over the sender's rejected-documents quota: refused unread (docs/operations.md
        // "Limits"), recorded with its hash, size and first bytes.
        Error error(ErrorCode::kTooManyRequests,
                    "document " + std::to_string(result.document_id) +
                        " was refused unread: too many rejected documents; it was recorded as "
                        "rejected with its SHA-256, size and first bytes only",
                    result.problems);
        auto response = error_response(error);
        response.headers.emplace_back("Retry-After", std::to_string(result.retry_after_seconds));
        response.headers.emplace_back("Location",
                                      "/api/v1/documents/" + std::to_string(result.document_id));
        return response;
    }
    if (result.outcome == DocumentOutcome::kRejected) {
        // Refused because the sender may not report for a contract or load a feed for
        // an authority: 403, with every problem listed.
        auto error =
            result.forbidden()
                ? Error(ErrorCode::kForbidden,
                        "document " + std::to_string(result.document_id) +
                            " was refused: the sender may not send it; it was archived as "
                            "rejected and nothing was changed",
                        result.problems)
            : result.malformed
                ? Error::Malformed("document " + std::to_string(result.document_id) +
                                       " is not well-formed XML; it was archived as rejected",
                                   result.problems)
                : Error::Invalid(
                      "document " + std::to_string(result.document_id) + " broke " +
                          std::to_string(result.problems.size()) +
                          " rule(s); it was archived as rejected and nothing was changed",
                      result.problems);
        auto response = error_response(error);
        response.headers.emplace_back("Location",
                                      "/api/v1/documents/" + std::to_string(result.document_id));
        return response;
    }
    Poco::JSON::Object doc(Poco::JSON_PRESERVE_KEY_ORDER);
    doc.set("id", result.document_id);
    doc.set("kind", std::string(importers::to_string(result.kind)));
    doc.set("outcome", std::string(to_string(result.outcome)));
    Poco::JSON::Object counts(Poco::JSON_PRESERVE_KEY_ORDER);
    counts.set("authorities", result.counts.authorities);
    counts.set("suppliers", result.counts.suppliers);
    counts.set("contracts", result.counts.contracts);
    counts.set("kpi_versions", result.counts.kpi_versions);
    counts.set("returns", result.counts.returns);
    counts.set("amendments", result.counts.amendments);
    counts.set("supplier_discrepancies", result.counts.supplier_discrepancies);
    Poco::JSON::Array contracts;
    for (const auto& id : result.touched_contracts)
        contracts.add(id);
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("document", doc);
    body.set("counts", counts);
    body.set("contracts", contracts);
    auto response = HttpResponse::json(result.outcome == DocumentOutcome::kAccepted ? 201 : 200,
                                       stringify(body));
    response.headers.emplace_back("Location",
                                  "/api/v1/documents/" + std::to_string(result.document_id));
    return response;
}

}  // namespace

HttpResponse post_feed(const HttpRequest& request, AppContext& app) {
    return post_document(request, app,
                         {DocumentKind::kContractFeed, DocumentKind::kContractAwardNotice});
}

HttpResponse post_returns(const HttpRequest& request, AppContext& app) {
    return post_document(request, app, {DocumentKind::kKpiReturn, DocumentKind::kKpiReturns});
}

// Who may read it: services/documents.h (model/access.h may_read_document).
HttpResponse get_document(const HttpRequest& request, AppContext& app) {
    const std::int64_t id = id_param(request, "id", "document");
    const auto doc = read_document(app.db(), request.who(), id);
    if (request.query_value("raw")) {
        // The bytes as received are whatever the sender chose (an XHTML page with a sign-in
        // form, say): a download of opaque bytes, never a page of this site.
        auto raw = HttpResponse::text(200, "application/octet-stream", doc.content);
        raw.headers.emplace_back("Content-Disposition", "attachment; filename=\"document-" +
                                                            std::to_string(doc.id) + ".xml\"");
        raw.headers.emplace_back("Content-Security-Policy", std::string(kUntrustedContentPolicy));
        return raw;
    }
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("id", doc.id);
    body.set("kind", doc.kind);
    body.set("sha256", doc.sha256);
    body.set("sender", doc.sender);
    body.set("channel", std::string(to_string(doc.channel)));
    body.set("source", doc.source);
    body.set("received", format_timestamp(doc.received));
    body.set("outcome", std::string(to_string(doc.outcome)));
    body.set("size", doc.size);
    // How much of the bytes the archive holds: all; a refused document's first bytes; none
    // after a purge of old rejected documents (docs/operations.md "Limits").
    body.set("content", std::string(to_string(doc.content_state)));
    body.set("stored_bytes", static_cast<std::int64_t>(doc.content.size()));
    body.set("refused", doc.refused);
    Poco::JSON::Array errors;
    for (const auto& p : doc.errors) {
        Poco::JSON::Object e(Poco::JSON_PRESERVE_KEY_ORDER);
        e.set("code", p.code);
        e.set("message", p.message);
        e.set("line", p.line);
        e.set("column", p.column);
        errors.add(e);
    }
    body.set("errors", errors);
    return HttpResponse::json(200, stringify(body));
}

// The JSON scorecards come from the prepared ones where the caller sees them whole
// (reports/prepared_scorecards.h); every answer carries its ETag and honours If-None-Match.
namespace {

reports::HoldsEtag holds_etag_of(const HttpRequest& request) {
    if (request.header("if-none-match").empty())
        return {};
    return [&request](std::string_view etag) { return if_none_match_holds(request, etag); };
}

HttpResponse scorecard_response(reports::ScorecardAnswer answer) {
    if (answer.not_modified)
        return not_modified(answer.etag);
    // Moved, not copied: the body is tens of kB.
    HttpResponse response = HttpResponse::text(200, reports::kJsonType, std::move(answer.body));
    if (answer.packed_body) {
        // Kept compressed by the server's cache: unpacked into the bytes on the wire, with
        // what is put in (a supplier's place) put in there.
        response.kept_body =
            HttpResponse::KeptBody{answer.packed_body->size() + answer.insert.size(),
                                   [packed = std::move(answer.packed_body), at = answer.insert_at,
                                    insert = std::move(answer.insert)](std::string& out) {
                                       const std::size_t start = out.size();
                                       packed->append_to(out);
                                       if (!insert.empty())
                                           out.insert(start + at, insert);
                                   }};
    }
    response.headers = {{"ETag", answer.etag}};
    return response;
}

}  // namespace

HttpResponse get_contract_scorecard(const HttpRequest& request, AppContext& app) {
    const reports::Format format = format_of(request);
    if (format == reports::Format::kJson) {
        return scorecard_response(reports::answer_contract_scorecard(
            app.db(), request.param("id"), request.who(), app.settings().scoring, app.today(),
            app.now(), holds_etag_of(request), &app.scorecards(), request.data_version));
    }
    auto conn = app.db().acquire();
    const reports::Rendered csv =
        reports::render(reports::load_contract_scorecard(*conn, request.param("id"), request.who(),
                                                         app.settings().scoring, app.today()),
                        format);
    return tagged_response(request, reports::etag_of(csv.body), csv);
}

HttpResponse get_supplier_scorecard(const HttpRequest& request, AppContext& app) {
    const reports::Format format = format_of(request);
    if (format == reports::Format::kJson) {
        return scorecard_response(reports::answer_supplier_scorecard(
            app.db(), request.param("id"), request.who(), app.settings().scoring, app.now(),
            holds_etag_of(request), &app.scorecards(), request.data_version));
    }
    auto conn = app.db().acquire();
    const reports::Rendered csv =
        reports::render(reports::load_supplier_scorecard(*conn, request.param("id"), request.who(),
                                                         app.settings().scoring),
                        format);
    return tagged_response(request, reports::etag_of(csv.body), csv);
}

HttpResponse get_flags(const HttpRequest& request, AppContext& app) {
    store::FlagFilter filter;
    filter.status = enum_param<FlagStatus>(request, "status");
    filter.rule = enum_param<FlagRuleId>(request, "rule");
    filter.severity = enum_param<Severity>(request, "severity");
    filter.supplier_id = request.query_value("supplier").value_or("");
    filter.authority_id = request.query_value("authority").value_or("");
    filter.contract_id = request.query_value("contract").value_or("");
    filter.page = page_of(request, 100);
    const reports::Format format = format_of(request);
    auto conn = app.db().acquire();
    return from_report(
        reports::render(reports::load_flag_list(*conn, filter, request.who()), format));
}

HttpResponse get_summary(const HttpRequest& request, AppContext& app) {
    const reports::Format format = format_of(request);
    const auto summary = app.summary(request.who());
    // The cached summary's bytes are hashed once, when it is built.
    return format == reports::Format::kCsv
               ? tagged_response(request, summary->csv_etag,
                                 reports::Rendered{"text/csv; charset=utf-8", summary->csv})
               : tagged_response(request, summary->json_etag,
                                 reports::Rendered{"application/json", summary->json});
}

HttpResponse get_healthz(const HttpRequest&, AppContext&) {
    return HttpResponse::json(200, R"({"status":"ok"})");
}

// The polled feed sources and how their last polls went (docs/feeds.md).
HttpResponse get_feed_sources(const HttpRequest&, AppContext& app) {
    return HttpResponse::json(200, feed_sources_json(app.db(), app.settings().feeds));
}

// Ready when the database answers at this binary's schema. Work left by a process that
// died (docs/operations.md "Recovery") is reported, not a reason to be unready: every
// server shares it, and each rescores it in the background. So are missing GOV.UK Frontend
// assets (the pages work unstyled, the API is whole), with the command that fixes them.
HttpResponse get_readyz(const HttpRequest&, AppContext& app) {
    PendingWork pending;
    try {
        store::require_current_schema(app.db());
        pending = pending_work(app.db());
    } catch (const Error& e) {
        throw Error::Unavailable(std::string("not ready: ") + e.what());
    }
    Poco::JSON::Object rescoring(Poco::JSON_PRESERVE_KEY_ORDER);
    rescoring.set("queued_contracts", pending.queued_contracts);
    rescoring.set("oldest_queued",
                  pending.oldest_queued
                      ? Poco::Dynamic::Var(format_timestamp(*pending.oldest_queued))
                      : Poco::Dynamic::Var());
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("status", "ready");
    body.set("rescoring", rescoring);
    body.set("pending_documents", pending.pending_documents);
    const AssetsStatus assets = assets_status();
    Poco::JSON::Object page_assets(Poco::JSON_PRESERVE_KEY_ORDER);
    page_assets.set("status", assets.found ? "found" : "missing");
    page_assets.set("dir", assets.dir);
    if (!assets.found)
        page_assets.set("fix", assets.fix);
    body.set("assets", page_assets);
    return HttpResponse::json(200, stringify(body));
}

}  // namespace scorecard::services::api
