// The supplier and contract directory (docs/api.md "Directory").
#include "reports/directory.h"

#include <algorithm>

#include "model/rating.h"
#include "reports/csv.h"
#include "reports/json_support.h"

namespace scorecard::reports {
namespace {

using detail::name;
using detail::null;
using detail::object;

void check_page(const store::Page& page) {
    if (page.limit < 1 || page.limit > 1000)
        throw Error::BadRequest("limit must be between 1 and 1000");
    if (page.offset < 0)
        throw Error::BadRequest("offset must not be negative");
}

bool narrow(store::SupplierFilter& filter, const Principal& who) {
    return narrow_to_scope(who, filter.authority_id, filter.id);
}

bool narrow(store::ContractFilter& filter, const Principal& who) {
    return narrow_to_scope(who, filter.authority_id, filter.supplier_id);
}

std::string score_cell(const std::optional<double>& score) {
    return score ? csv_number(detail::shown(*score)) : std::string();
}

Rendered list_document(const std::string& items_name, const Poco::JSON::Array::Ptr& items,
                       std::int64_t total, const store::Page& page) {
    auto root = object();
    root->set(items_name, items);
    root->set("total", static_cast<Poco::Int64>(total));
    root->set("limit", page.limit);
    root->set("offset", page.offset);
    return detail::json_document(root);
}

Poco::JSON::Object::Ptr supplier_json(const store::SupplierListing& l, const RatingBands& bands) {
    auto out = object();
    out->set("id", l.supplier.id);
    out->set("name", l.supplier.name);
    out->set("size", name(l.supplier.size));
    out->set("size_group", name(size_group(l.supplier.size)));
    out->set("strategic", l.supplier.strategic);
    out->set("score", detail::shown_or_null(l.score));
    out->set("score_exact", detail::exact_or_null(l.score));
    out->set("rating", name(rating_or_missing(l.score, bands)));
    out->set("open_flags", static_cast<Poco::Int64>(l.open_flags));
    out->set("contracts", static_cast<Poco::Int64>(l.contracts));
    return out;
}

Poco::Dynamic::Var current_of(const store::ContractListing& l, const RatingBands& bands) {
    if (!l.current_period || !l.current_score)
        return null();
    PeriodScore current;
    current.period = *l.current_period;
    current.score = l.current_score;
    current.rating = rating_for_score(*l.current_score, bands);
    return detail::current_json(&current);
}

Poco::JSON::Object::Ptr contract_json(const store::ContractListing& l, const RatingBands& bands) {
    const Contract& c = l.contract;
    auto out = object();
    out->set("id", c.id);
    out->set("title", c.title);
    out->set("authority", c.authority_id);
    out->set("authority_name", l.authority_name);
    out->set("supplier", c.supplier_id);
    out->set("supplier_name", l.supplier_name);
    out->set("supplier_size", name(l.supplier_size));
    out->set("status", name(c.status));
    out->set("frequency", name(c.frequency));
    out->set("start", format_date(c.start));
    out->set("end", format_date(c.end));
    out->set("value", c.value);
    out->set("currency", c.currency);
    out->set("lot", detail::text_or_null(c.lot));
    out->set("current", current_of(l, bands));
    return out;
}

// Each KPI code once: its latest version's definition (withdrawn says whether it still
// applies) and every version, oldest first. `versions` is ordered by code, then period.
Poco::JSON::Array::Ptr kpis_json(const std::vector<KpiVersion>& versions) {
    auto out = detail::array();
    for (std::size_t i = 0; i < versions.size();) {
        std::size_t end = i;
        while (end < versions.size() &&
               versions[end].definition.code == versions[i].definition.code)
            ++end;
        const KpiVersion& latest = versions[end - 1];
        auto k = object();
        k->set("code", latest.definition.code);
        detail::add_kpi_definition(*k, latest.definition);
        k->set("effective", latest.effective.to_string());
        k->set("withdrawn", latest.withdrawn);
        auto history = detail::array();
        for (std::size_t j = i; j < end; ++j) {
            auto v = object();
            v->set("effective", versions[j].effective.to_string());
            v->set("withdrawn", versions[j].withdrawn);
            detail::add_kpi_definition(*v, versions[j].definition);
            history->add(v);
        }
        k->set("versions", history);
        out->add(k);
        i = end;
    }
    return out;
}

}  // namespace

Rendered authority_list(store::Connection& conn, const store::Page& page, Format format) {
    check_page(page);
    const std::vector<Authority> all = store::AuthorityRepository(conn).list();
    const std::size_t first = std::min(all.size(), static_cast<std::size_t>(page.offset));
    const std::size_t last = std::min(all.size(), first + static_cast<std::size_t>(page.limit));

    if (format == Format::kCsv) {
        std::string body = csv_row({"id", "name"});
        for (std::size_t i = first; i < last; ++i)
            body += csv_row({csv_field(all[i].id), csv_field(all[i].name)});
        return detail::csv_document(std::move(body));
    }
    auto items = detail::array();
    for (std::size_t i = first; i < last; ++i) {
        auto a = object();
        a->set("id", all[i].id);
        a->set("name", all[i].name);
        items->add(a);
    }
    return list_document("authorities", items, static_cast<std::int64_t>(all.size()), page);
}

Rendered supplier_list(store::Connection& conn, store::SupplierFilter filter, const Principal& who,
                       Format format, const ScoringPolicy& policy) {
    check_page(filter.page);
    const store::Page page = filter.page;
    std::vector<store::SupplierListing> rows;
    std::int64_t total = 0;
    if (narrow(filter, who)) {
        store::SupplierRepository repo(conn);
        rows = repo.list_scored(filter);
        total = repo.count(filter);
    }
    if (format == Format::kCsv) {
        std::string body = csv_row({"id", "name", "size", "size_group", "strategic", "score",
                                    "rating", "open_flags", "contracts"});
        for (const store::SupplierListing& l : rows) {
            body += csv_row({csv_field(l.supplier.id), csv_field(l.supplier.name),
                             csv_field(name(l.supplier.size)),
                             csv_field(name(size_group(l.supplier.size))),
                             l.supplier.strategic ? "true" : "false", score_cell(l.score),
                             csv_field(name(rating_or_missing(l.score, policy.bands))),
                             csv_number(static_cast<double>(l.open_flags)),
                             csv_number(static_cast<double>(l.contracts))});
        }
        return detail::csv_document(std::move(body));
    }
    auto items = detail::array();
    for (const store::SupplierListing& l : rows)
        items->add(supplier_json(l, policy.bands));
    return list_document("suppliers", items, total, page);
}

Rendered supplier_record(store::Connection& conn, const std::string& supplier_id,
                         const Principal& who, const ScoringPolicy& policy) {
    store::SupplierRepository repo(conn);
    if (!repo.find(supplier_id))
        throw Error::NotFound("no supplier " + supplier_id);
    const bool holds_contract_of_caller = who.role == Role::kCommercial &&
                                          !who.authority_id.empty() &&
                                          repo.has_contract_with(supplier_id, who.authority_id);
    if (!may_view_supplier(who, supplier_id, holds_contract_of_caller))
        throw Error::Forbidden("you may not view supplier " + supplier_id);

    store::SupplierFilter filter;
    filter.id = supplier_id;
    filter.page.limit = 1;
    std::vector<store::SupplierListing> rows;
    if (narrow(filter, who))
        rows = repo.list_scored(filter);
    if (rows.empty())  // visible by the rule above, so only a concurrent deletion gets here
        throw Error::NotFound("no supplier " + supplier_id);
    auto root = supplier_json(rows.front(), policy.bands);
    root->set("scorecard", "/api/v1/suppliers/" + supplier_id + "/scorecard");
    return detail::json_document(root);
}

Rendered contract_list(store::Connection& conn, store::ContractFilter filter, const Principal& who,
                       Format format, const ScoringPolicy& policy) {
    check_page(filter.page);
    const store::Page page = filter.page;
    std::vector<store::ContractListing> rows;
    std::int64_t total = 0;
    if (narrow(filter, who)) {
        store::ContractRepository repo(conn);
        rows = repo.list_scored(filter);
        total = repo.count(filter);
    }
    if (format == Format::kCsv) {
        std::string body =
            csv_row({"id", "title", "authority", "authority_name", "supplier", "supplier_name",
                     "supplier_size", "status", "frequency", "start", "end", "value", "currency",
                     "current_period", "current_score", "current_rating"});
        for (const store::ContractListing& l : rows) {
            const Contract& c = l.contract;
            const bool scored = l.current_period && l.current_score;
            body += csv_row(
                {csv_field(c.id), csv_field(c.title), csv_field(c.authority_id),
                 csv_field(l.authority_name), csv_field(c.supplier_id), csv_field(l.supplier_name),
                 csv_field(name(l.supplier_size)), csv_field(name(c.status)),
                 csv_field(name(c.frequency)), csv_field(format_date(c.start)),
                 csv_field(format_date(c.end)), csv_number(c.value), csv_field(c.currency),
                 scored ? csv_field(l.current_period->to_string()) : std::string(),
                 scored ? score_cell(l.current_score) : std::string(),
                 scored ? csv_field(name(rating_for_score(*l.current_score, policy.bands)))
                        : std::string()});
        }
        return detail::csv_document(std::move(body));
    }
    auto items = detail::array();
    for (const store::ContractListing& l : rows)
        items->add(contract_json(l, policy.bands));
    return list_document("contracts", items, total, page);
}

Rendered contract_record(store::Connection& conn, const std::string& contract_id,
                         const Principal& who, const ScoringPolicy& policy) {
    store::ContractRepository repo(conn);
    std::optional<Contract> contract = repo.find(contract_id);
    if (!contract)
        throw Error::NotFound("no contract " + contract_id);
    if (!may_view_contract(who, scope_of(*contract)))
        throw Error::Forbidden("you may not view contract " + contract_id);

    // The listing row carries the names and the stored current score.
    std::optional<store::ContractListing> listing = repo.find_listing(contract_id);
    if (!listing)
        throw Error::NotFound("no contract " + contract_id);
    auto root = contract_json(*listing, policy.bands);

    store::FlagFilter flags;
    flags.contract_id = contract_id;
    flags.status = FlagStatus::kOpen;
    root->set("open_flags", static_cast<Poco::Int64>(store::FlagRepository(conn).count(flags)));
    root->set("open_disputes",
              static_cast<Poco::Int64>(
                  store::DisputeRepository(conn).open_for_contract(contract_id).size()));
    root->set("kpis", kpis_json(contract->kpis));
    root->set("scorecard", "/api/v1/contracts/" + contract_id + "/scorecard");
    return detail::json_document(root);
}

}  // namespace scorecard::reports
