// The flag list (SPEC §6 GET /flags).
#include <optional>
#include <string>

#include "reports/csv.h"
#include "reports/json_support.h"
#include "reports/scorecards.h"

namespace scorecard::reports {
namespace {

std::string optional_text(const std::optional<Timestamp>& at) {
    return at ? csv_field(format_timestamp(*at)) : std::string();
}

}  // namespace

Rendered flag_list(store::Connection& conn, const store::FlagFilter& filter, const Principal& who,
                   Format format) {
    if (filter.page.limit < 1 || filter.page.limit > 1000)
        throw Error::BadRequest("limit must be between 1 and 1000");
    if (filter.page.offset < 0)
        throw Error::BadRequest("offset must not be negative");

    store::FlagFilter scoped = filter;
    std::vector<Flag> flags;
    std::int64_t total = 0;
    if (detail::scope_flags(scoped, who)) {
        store::FlagRepository repo(conn);
        flags = repo.list(scoped);
        total = repo.count(scoped);
    }

    if (format == Format::kCsv) {
        std::string body =
            csv_row({"id", "rule", "severity", "status", "supplier", "contract", "kpi", "period",
                     "raised", "authority", "detail", "closed", "dismissed_by", "dismiss_reason"});
        for (const Flag& f : flags) {
            body +=
                csv_row({csv_number(static_cast<double>(f.id)), csv_field(detail::name(f.rule)),
                         csv_field(detail::name(f.severity)), csv_field(detail::name(f.status)),
                         csv_field(f.supplier_id), csv_field(f.contract_id), csv_field(f.kpi_code),
                         csv_field(f.period.to_string()), csv_field(format_timestamp(f.raised)),
                         csv_field(f.authority_id), csv_field(f.detail), optional_text(f.closed),
                         csv_field(f.dismissed_by), csv_field(f.dismiss_reason)});
        }
        return detail::csv_document(std::move(body));
    }

    auto root = detail::object();
    auto list = detail::array();
    for (const Flag& f : flags)
        list->add(detail::flag_json(f));
    root->set("flags", list);
    root->set("total", static_cast<Poco::Int64>(total));
    root->set("limit", filter.page.limit);
    root->set("offset", filter.page.offset);
    return detail::json_document(root);
}

}  // namespace scorecard::reports
