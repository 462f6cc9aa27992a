// The supplier and contract directory (docs/api.md "Directory").
#include "reports/directory.h"

#include <algorithm>

#include "model/rating.h"
#include "reports/csv.h"
#include "reports/entity_json.h"
#include "reports/json_writer.h"
#include "reports/report_support.h"

namespace scorecard::reports {
namespace {

using detail::shown;

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
    return score ? csv_number(shown(*score)) : std::string();
}

SupplierListItem supplier_item(store::SupplierListing l, const RatingBands& bands) {
    return {std::move(l.supplier), l.score, rating_or_missing(l.score, bands), l.open_flags,
            l.contracts};
}

void write_fields(JsonWriter& out, const SupplierListItem& s) {
    out.field("id", s.supplier.id)
        .field("name", s.supplier.name)
        .field("size", to_string(s.supplier.size))
        .field("size_group", to_string(size_group(s.supplier.size)))
        .field("strategic", s.supplier.strategic);
    out.key("score");
    if (s.score)
        out.value(shown(*s.score));
    else
        out.null();
    out.field("score_exact", s.score)
        .field("rating", to_string(s.rating))
        .field("open_flags", s.open_flags)
        .field("contracts", s.contracts);
}

ContractListItem contract_item(store::ContractListing l, const RatingBands& bands) {
    ContractListItem out;
    if (l.current_period && l.current_score)
        out.current = CurrentScore{*l.current_period, *l.current_score,
                                   rating_for_score(*l.current_score, bands)};
    out.contract = std::move(l.contract);
    out.authority_name = std::move(l.authority_name);
    out.supplier_name = std::move(l.supplier_name);
    out.supplier_size = l.supplier_size;
    return out;
}

void write_fields(JsonWriter& out, const ContractListItem& l) {
    const Contract& c = l.contract;
    out.field("id", c.id)
        .field("title", c.title)
        .field("authority", c.authority_id)
        .field("authority_name", l.authority_name)
        .field("supplier", c.supplier_id)
        .field("supplier_name", l.supplier_name)
        .field("supplier_size", to_string(l.supplier_size))
        .field("status", to_string(c.status))
        .field("frequency", to_string(c.frequency))
        .field("start", format_date(c.start))
        .field("end", format_date(c.end))
        .field("value", c.value)
        .field("currency", c.currency);
    out.key("lot").text_or_null(c.lot);
    out.key("current");
    write_json(out, l.current);
}

// Each KPI code once: its latest version's definition (withdrawn says whether it still
// applies) and every version, oldest first. `versions` is ordered by code, then period.
void write_kpis(JsonWriter& out, const std::vector<KpiVersion>& versions) {
    out.begin_array();
    for (std::size_t i = 0; i < versions.size();) {
        std::size_t end = i;
        while (end < versions.size() &&
               versions[end].definition.code == versions[i].definition.code)
            ++end;
        const KpiVersion& latest = versions[end - 1];
        out.begin_object().field("code", latest.definition.code);
        write_kpi_definition_fields(out, latest.definition);
        out.field("effective", latest.effective.to_string()).field("withdrawn", latest.withdrawn);
        out.key("versions").begin_array();
        for (std::size_t j = i; j < end; ++j) {
            out.begin_object()
                .field("effective", versions[j].effective.to_string())
                .field("withdrawn", versions[j].withdrawn);
            write_kpi_definition_fields(out, versions[j].definition);
            out.end_object();
        }
        out.end_array().end_object();
        i = end;
    }
    out.end_array();
}

}  // namespace

AuthorityList load_authority_list(store::Connection& conn, const store::Page& page) {
    check_page(page);
    std::vector<Authority> all = store::AuthorityRepository(conn).list();
    const std::size_t first = std::min(all.size(), static_cast<std::size_t>(page.offset));
    const std::size_t last = std::min(all.size(), first + static_cast<std::size_t>(page.limit));
    AuthorityList out;
    out.total = static_cast<std::int64_t>(all.size());
    out.page = page;
    out.authorities.assign(std::make_move_iterator(all.begin() + static_cast<long>(first)),
                           std::make_move_iterator(all.begin() + static_cast<long>(last)));
    return out;
}

std::string to_json(const AuthorityList& list) {
    return list_json("authorities", list.total, list.page, [&](JsonWriter& out) {
        for (const Authority& a : list.authorities)
            out.begin_object().field("id", a.id).field("name", a.name).end_object();
    });
}

std::string to_csv(const AuthorityList& list) {
    std::string body = csv_row({"id", "name"});
    for (const Authority& a : list.authorities)
        body += csv_row({csv_field(a.id), csv_field(a.name)});
    return body;
}

SupplierList load_supplier_list(store::Connection& conn, store::SupplierFilter filter,
                                const Principal& who, const ScoringPolicy& policy) {
    check_page(filter.page);
    SupplierList out;
    out.page = filter.page;
    if (!narrow(filter, who))
        return out;
    store::SupplierRepository repo(conn);
    for (store::SupplierListing& l : repo.list_scored(filter))
        out.suppliers.push_back(supplier_item(std::move(l), policy.bands));
    out.total = repo.count(filter);
    return out;
}

std::string to_json(const SupplierList& list) {
    return list_json("suppliers", list.total, list.page, [&](JsonWriter& out) {
        for (const SupplierListItem& s : list.suppliers) {
            out.begin_object();
            write_fields(out, s);
            out.end_object();
        }
    });
}

std::string to_csv(const SupplierList& list) {
    std::string body = csv_row({"id", "name", "size", "size_group", "strategic", "score", "rating",
                                "open_flags", "contracts"});
    for (const SupplierListItem& s : list.suppliers) {
        body +=
            csv_row({csv_field(s.supplier.id), csv_field(s.supplier.name),
                     csv_field(to_string(s.supplier.size)),
                     csv_field(to_string(size_group(s.supplier.size))),
                     s.supplier.strategic ? "true" : "false", score_cell(s.score),
                     csv_field(to_string(s.rating)), csv_number(static_cast<double>(s.open_flags)),
                     csv_number(static_cast<double>(s.contracts))});
    }
    return body;
}

SupplierRecord load_supplier_record(store::Connection& conn, const std::string& supplier_id,
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
    return {supplier_item(std::move(rows.front()), policy.bands)};
}

std::string to_json(const SupplierRecord& record) {
    JsonWriter out;
    out.begin_object();
    write_fields(out, record.listing);
    out.field("scorecard", "/api/v1/suppliers/" + record.listing.supplier.id + "/scorecard");
    out.end_object();
    return out.take();
}

ContractList load_contract_list(store::Connection& conn, store::ContractFilter filter,
                                const Principal& who, const ScoringPolicy& policy) {
    check_page(filter.page);
    ContractList out;
    out.page = filter.page;
    if (!narrow(filter, who))
        return out;
    store::ContractRepository repo(conn);
    for (store::ContractListing& l : repo.list_scored(filter))
        out.contracts.push_back(contract_item(std::move(l), policy.bands));
    out.total = repo.count(filter);
    return out;
}

std::string to_json(const ContractList& list) {
    return list_json("contracts", list.total, list.page, [&](JsonWriter& out) {
        for (const ContractListItem& c : list.contracts) {
            out.begin_object();
            write_fields(out, c);
            out.end_object();
        }
    });
}

std::string to_csv(const ContractList& list) {
    std::string body =
        csv_row({"id", "title", "authority", "authority_name", "supplier", "supplier_name",
                 "supplier_size", "status", "frequency", "start", "end", "value", "currency",
                 "current_period", "current_score", "current_rating"});
    for (const ContractListItem& l : list.contracts) {
        const Contract& c = l.contract;
        const std::optional<CurrentScore>& cur = l.current;
        body += csv_row({csv_field(c.id), csv_field(c.title), csv_field(c.authority_id),
                         csv_field(l.authority_name), csv_field(c.supplier_id),
                         csv_field(l.supplier_name), csv_field(to_string(l.supplier_size)),
                         csv_field(to_string(c.status)), csv_field(to_string(c.frequency)),
                         csv_field(format_date(c.start)), csv_field(format_date(c.end)),
                         csv_number(c.value), csv_field(c.currency),
                         cur ? csv_field(cur->period.to_string()) : std::string(),
                         cur ? csv_number(shown(cur->score)) : std::string(),
                         cur ? csv_field(to_string(cur->rating)) : std::string()});
    }
    return body;
}

ContractRecord load_contract_record(store::Connection& conn, const std::string& contract_id,
                                    const Principal& who, const ScoringPolicy& policy) {
    store::ContractRepository repo(conn);
    std::optional<Contract> contract = repo.find(contract_id);
    if (!contract)
        throw Error::NotFound("no contract " + contract_id);
    const ContractScope scope = scope_of(*contract);
    if (!may_view_contract(who, scope))
        throw Error::Forbidden("you may not view contract " + contract_id);
    if (!may_view_contract_now(who, scope))
        throw Error::Forbidden("contract " + contract_id +
                               " has moved to another supplier: its scorecard shows your periods "
                               "(/api/v1/contracts/" +
                               contract_id + "/scorecard)");

    // The listing row carries the names and the stored current score.
    std::optional<store::ContractListing> listing = repo.find_listing(contract_id);
    if (!listing)
        throw Error::NotFound("no contract " + contract_id);
    ContractRecord out;
    out.listing = contract_item(std::move(*listing), policy.bands);

    store::FlagFilter flags;
    flags.contract_id = contract_id;
    flags.status = FlagStatus::kOpen;
    out.open_flags = store::FlagRepository(conn).count(flags);
    out.open_disputes = static_cast<std::int64_t>(
        store::DisputeRepository(conn).open_for_contract(contract_id).size());
    out.kpis = std::move(contract->kpis);
    return out;
}

std::string to_json(const ContractRecord& record) {
    JsonWriter out;
    out.begin_object();
    write_fields(out, record.listing);
    out.field("open_flags", record.open_flags).field("open_disputes", record.open_disputes);
    out.key("kpis");
    write_kpis(out, record.kpis);
    out.field("scorecard", "/api/v1/contracts/" + record.listing.contract.id + "/scorecard");
    out.end_object();
    return out.take();
}

}  // namespace scorecard::reports
