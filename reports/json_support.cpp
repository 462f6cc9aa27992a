#include "reports/json_support.h"

#include "reports/json_text.h"

#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>

#include <Poco/JSON/Stringifier.h>

namespace scorecard::reports::detail {

Poco::JSON::Object::Ptr object() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::JSON::Array::Ptr array() {
    return new Poco::JSON::Array();
}

Poco::Dynamic::Var null() {
    return Poco::Dynamic::Var();
}

std::optional<double> mean_of(const std::vector<double>& values) {
    if (values.empty())
        return std::nullopt;
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double shown(double score) {
    return std::round(score * 10) / 10;
}

Poco::Dynamic::Var shown_or_null(std::optional<double> score) {
    return score ? Poco::Dynamic::Var(shown(*score)) : null();
}

Poco::Dynamic::Var exact_or_null(std::optional<double> score) {
    return score ? Poco::Dynamic::Var(*score) : null();
}

Poco::Dynamic::Var text_or_null(const std::string& text) {
    return text.empty() ? null() : Poco::Dynamic::Var(text);
}

Poco::Dynamic::Var timestamp_or_null(const std::optional<Timestamp>& at) {
    return at ? Poco::Dynamic::Var(format_timestamp(*at)) : null();
}

Poco::Dynamic::Var current_json(const PeriodScore* current) {
    if (current == nullptr || !current->score)
        return null();
    auto out = object();
    out->set("period", current->period.to_string());
    out->set("score", shown(*current->score));
    out->set("rating", name(current->rating));
    out->set("score_exact", *current->score);
    return out;
}

void add_kpi_definition(Poco::JSON::Object& out, const KpiDefinition& d) {
    out.set("name", d.name);
    out.set("unit", name(d.unit));
    out.set("direction", name(d.direction));
    out.set("weight", d.weight);
    out.set("good", d.thresholds.good);
    out.set("approaching", d.thresholds.approaching);
    out.set("minimum", d.thresholds.minimum);
    out.set("category", d.category ? Poco::Dynamic::Var(name(*d.category)) : null());
}

Poco::JSON::Object::Ptr flag_json(const Flag& flag) {
    auto out = object();
    out->set("id", static_cast<Poco::Int64>(flag.id));
    out->set("rule", name(flag.rule));
    out->set("severity", name(flag.severity));
    out->set("status", name(flag.status));
    out->set("supplier", flag.supplier_id);
    out->set("contract", flag.contract_id);
    out->set("kpi", text_or_null(flag.kpi_code));
    out->set("period", flag.period.to_string());
    out->set("raised", format_timestamp(flag.raised));
    out->set("authority", flag.authority_id);
    out->set("detail", flag.detail);
    out->set("closed", timestamp_or_null(flag.closed));
    out->set("dismissed_by", text_or_null(flag.dismissed_by));
    out->set("dismiss_reason", text_or_null(flag.dismiss_reason));
    return out;
}

Poco::JSON::Object::Ptr dispute_json(const Dispute& dispute) {
    auto out = object();
    out->set("id", static_cast<Poco::Int64>(dispute.id));
    out->set("supplier", dispute.supplier_id);
    out->set("contract", text_or_null(dispute.contract_id));
    out->set("kpi", text_or_null(dispute.kpi_code));
    out->set("period", dispute.period ? Poco::Dynamic::Var(dispute.period->to_string()) : null());
    out->set("flag", dispute.flag_id != 0
                         ? Poco::Dynamic::Var(static_cast<Poco::Int64>(dispute.flag_id))
                         : null());
    out->set("reason", dispute.reason);
    out->set("raised_by", dispute.raised_by);
    out->set("raised", format_timestamp(dispute.raised));
    out->set("status", name(dispute.status));
    return out;
}

Rendered json_document(const Poco::JSON::Object::Ptr& root) {
    return {"application/json", json_text(root)};
}

Rendered csv_document(std::string body) {
    return {"text/csv; charset=utf-8", std::move(body)};
}

namespace {

constexpr int kPageLimit = 1000;

// Pages through `fetch` until a short page says there is no more.
template <class T, class Filter, class Fetch>
std::vector<T> every_page(Filter filter, Fetch fetch) {
    std::vector<T> out;
    filter.page.limit = kPageLimit;
    filter.page.offset = 0;
    for (;;) {
        std::vector<T> batch = fetch(filter);
        const std::size_t got = batch.size();
        out.insert(out.end(), std::make_move_iterator(batch.begin()),
                   std::make_move_iterator(batch.end()));
        if (got < static_cast<std::size_t>(kPageLimit))
            return out;
        filter.page.offset += kPageLimit;
    }
}

}  // namespace

std::vector<Contract> all_contracts(store::Connection& conn, store::ContractFilter filter) {
    store::ContractRepository repo(conn);
    return every_page<Contract>(std::move(filter),
                                [&](const store::ContractFilter& f) { return repo.list(f); });
}

std::vector<Supplier> all_suppliers(store::Connection& conn, store::SupplierFilter filter) {
    store::SupplierRepository repo(conn);
    return every_page<Supplier>(std::move(filter),
                                [&](const store::SupplierFilter& f) { return repo.list(f); });
}

std::vector<Flag> all_flags(store::Connection& conn, store::FlagFilter filter) {
    store::FlagRepository repo(conn);
    return every_page<Flag>(std::move(filter),
                            [&](const store::FlagFilter& f) { return repo.list(f); });
}

// SPEC §1 "may see", for flags: flags belong to contracts, so the contract rule decides.
bool scope_flags(store::FlagFilter& filter, const Principal& who) {
    return narrow_to_scope(who, filter.authority_id, filter.supplier_id);
}

}  // namespace scorecard::reports::detail
