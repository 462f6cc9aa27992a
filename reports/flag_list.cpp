// The flag list (SPEC §6 GET /flags).
#include <map>
#include <optional>
#include <string>

#include "reports/csv.h"
#include "reports/entity_json.h"
#include "reports/json_writer.h"
#include "reports/report_support.h"
#include "reports/scorecards.h"

namespace scorecard::reports {
namespace {

std::string optional_text(const std::optional<Timestamp>& at) {
    return at ? csv_field(format_timestamp(*at)) : std::string();
}

}  // namespace

FlagList load_flag_list(store::Connection& conn, const store::FlagFilter& filter,
                        const Principal& who) {
    if (filter.page.limit < 1 || filter.page.limit > 1000)
        throw Error::BadRequest("limit must be between 1 and 1000");
    if (filter.page.offset < 0)
        throw Error::BadRequest("offset must not be negative");

    FlagList out;
    out.page = filter.page;
    store::FlagFilter scoped = filter;
    if (!detail::scope_flags(scoped, who))
        return out;
    store::FlagRepository repo(conn);
    out.total = repo.count(scoped);
    // The suppliers' names, each looked up once (a page holds at most 1000 flags, and most
    // pages a few suppliers).
    std::map<std::string, std::string> names;
    store::SupplierRepository suppliers(conn);
    for (Flag& f : repo.list(scoped)) {
        auto [it, inserted] = names.try_emplace(f.supplier_id);
        if (inserted) {
            std::optional<Supplier> s = suppliers.find(f.supplier_id);
            it->second = s ? s->name : std::string();
        }
        out.flags.push_back({std::move(f), it->second});
    }
    return out;
}

std::string to_json(const FlagList& list) {
    return list_json("flags", list.total, list.page, [&](JsonWriter& out) {
        for (const ListedFlag& f : list.flags)
            write_json(out, f.flag);
    });
}

std::string to_csv(const FlagList& list) {
    std::string body =
        csv_row({"id", "rule", "severity", "status", "supplier", "contract", "kpi", "period",
                 "raised", "authority", "detail", "closed", "dismissed_by", "dismiss_reason"});
    for (const ListedFlag& listed : list.flags) {
        const Flag& f = listed.flag;
        body += csv_row({csv_number(static_cast<double>(f.id)), csv_field(to_string(f.rule)),
                         csv_field(to_string(f.severity)), csv_field(to_string(f.status)),
                         csv_field(f.supplier_id), csv_field(f.contract_id), csv_field(f.kpi_code),
                         csv_field(f.period.to_string()), csv_field(format_timestamp(f.raised)),
                         csv_field(f.authority_id), csv_field(f.detail), optional_text(f.closed),
                         csv_field(f.dismissed_by), csv_field(f.dismiss_reason)});
    }
    return body;
}

}  // namespace scorecard::reports
