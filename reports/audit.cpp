// The audit log export (SPEC §2 "Audit log").
#include "reports/audit.h"

#include <Poco/JSON/Parser.h>

#include "reports/csv.h"
#include "reports/json_support.h"

namespace scorecard::reports {
namespace {

// The stored before/after text as JSON: an object, or null when there is none. Text the
// store did not write as JSON is kept as a string rather than lost.
Poco::Dynamic::Var json_or_null(const std::string& text) {
    if (text.empty())
        return detail::null();
    try {
        Poco::JSON::Parser parser;
        return parser.parse(text);
    } catch (const Poco::Exception&) {
        return text;
    }
}

Poco::JSON::Object::Ptr entry_json(const AuditEntry& e) {
    auto out = detail::object();
    out->set("id", static_cast<Poco::Int64>(e.id));
    out->set("at", format_timestamp(e.at));
    out->set("actor", e.actor);
    out->set("action", e.action);
    out->set("entity", e.entity);
    out->set("entity_id", e.entity_id);
    out->set("before", json_or_null(e.before));
    out->set("after", json_or_null(e.after));
    return out;
}

std::string csv_header() {
    return csv_row({"id", "at", "actor", "action", "entity", "entity_id", "before", "after"});
}

std::string csv_line(const AuditEntry& e) {
    return csv_row({csv_number(static_cast<double>(e.id)), csv_field(format_timestamp(e.at)),
                    csv_field(e.actor), csv_field(e.action), csv_field(e.entity),
                    csv_field(e.entity_id), csv_field(e.before), csv_field(e.after)});
}

}  // namespace

Rendered audit_page(store::Connection& conn, const store::AuditFilter& filter, Format format) {
    if (filter.page.limit < 1 || filter.page.limit > 1000)
        throw Error::BadRequest("limit must be between 1 and 1000");
    if (filter.page.offset < 0)
        throw Error::BadRequest("offset must not be negative");
    store::AuditRepository repo(conn);
    const std::vector<AuditEntry> entries = repo.search(filter);
    if (format == Format::kCsv) {
        std::string body = csv_header();
        for (const AuditEntry& e : entries)
            body += csv_line(e);
        return detail::csv_document(std::move(body));
    }
    auto root = detail::object();
    auto list = detail::array();
    for (const AuditEntry& e : entries)
        list->add(entry_json(e));
    root->set("entries", list);
    root->set("total", static_cast<Poco::Int64>(repo.count(filter)));
    root->set("limit", filter.page.limit);
    root->set("offset", filter.page.offset);
    return detail::json_document(root);
}

Rendered audit_export(store::Connection& conn, const store::AuditFilter& filter, Format format) {
    store::AuditRepository repo(conn);
    if (format == Format::kCsv) {
        std::string body = csv_header();
        repo.each(filter, [&](const AuditEntry& e) { body += csv_line(e); });
        return detail::csv_document(std::move(body));
    }
    auto root = detail::object();
    auto list = detail::array();
    Poco::Int64 total = 0;
    repo.each(filter, [&](const AuditEntry& e) {
        list->add(entry_json(e));
        ++total;
    });
    root->set("entries", list);
    root->set("total", total);
    return detail::json_document(root);
}

}  // namespace scorecard::reports
