// The contract scorecard and the supplier scorecard (SPEC §6).
#include "reports/scorecards.h"

#include <algorithm>
#include <map>

#include "model/flag_rules.h"
#include "reports/csv.h"
#include "reports/json_support.h"

namespace scorecard::reports {
namespace {

using detail::name;
using detail::null;
using detail::object;

// One row of a contract's scorecard: a returned period (scored or not) or a period that
// was due and has no return.
struct PeriodRow {
    PeriodScore score;
    const ReturnVersion* version = nullptr;  // the current version of its return, if any
};

// SPEC §3.3 rule for one returned period whose score is not stored yet (the scorer runs
// after every accepted return, so this is only a moment's gap): the same model function.
PeriodScore score_unstored(const Contract& contract, const ReturnVersion& version,
                           const ScoringPolicy& policy) {
    return score_period(kpis_in_force(contract.kpis, version.figures.period),
                        version.figures.measures, version.figures.period, policy);
}

// SPEC §3.4: a due period without a return shows every KPI in force as missing.
PeriodScore missing_period(const std::vector<KpiDefinition>& in_force, const Period& period,
                           const ScoringPolicy& policy) {
    PeriodScore out = score_period(in_force, {}, period, policy);
    // Without a return there is no score at all, not a score of 0.
    out.score.reset();
    out.rating = Rating::kMissing;
    return out;
}

// Every period row of the contract, ascending: stored scores, returns not yet scored, and
// the periods due by `as_of` (SPEC §4 missing_return's due_periods, with the supplier's
// grace days) that have no return.
std::vector<PeriodRow> period_rows(const Contract& contract, const std::vector<PeriodScore>& stored,
                                   const std::vector<ReturnVersion>& returns,
                                   const ScoringPolicy& policy, SizeClass supplier_size,
                                   Date as_of) {
    std::map<Period, PeriodRow> rows;
    for (const PeriodScore& s : stored)
        rows[s.period].score = s;
    for (const ReturnVersion& r : returns) {
        auto [it, inserted] = rows.try_emplace(r.figures.period);
        if (inserted)
            it->second.score = score_unstored(contract, r, policy);
        it->second.version = &r;
    }
    const int grace_days = policy.flags.for_size(supplier_size).grace_days;
    for (const Period& p : due_periods(contract, grace_days, as_of)) {
        if (!rows.contains(p))
            rows[p].score = missing_period(kpis_in_force(contract.kpis, p), p, policy);
    }
    std::vector<PeriodRow> out;
    out.reserve(rows.size());
    for (auto& [period, row] : rows)
        out.push_back(std::move(row));
    return out;
}

const PeriodScore* current_of(const std::vector<PeriodRow>& rows) {
    const PeriodScore* latest = nullptr;
    for (const PeriodRow& r : rows) {
        if (r.score.score)
            latest = &r.score;  // rows are ascending
    }
    return latest;
}

const Measure* find_measure(const ReturnVersion* version, const std::string& code) {
    if (version == nullptr)
        return nullptr;
    for (const Measure& m : version->figures.measures) {
        if (m.kpi_code == code)
            return &m;
    }
    return nullptr;
}

Poco::JSON::Object::Ptr kpi_json(const KpiDefinition& k) {
    auto out = object();
    out->set("code", k.code);
    detail::add_kpi_definition(*out, k);
    return out;
}

Poco::JSON::Object::Ptr contract_json(const Contract& c) {
    auto out = object();
    out->set("id", c.id);
    out->set("authority", c.authority_id);
    out->set("supplier", c.supplier_id);
    out->set("title", c.title);
    out->set("frequency", name(c.frequency));
    out->set("value", c.value);
    out->set("currency", c.currency);
    out->set("start", format_date(c.start));
    out->set("end", format_date(c.end));
    out->set("status", name(c.status));
    out->set("lot", detail::text_or_null(c.lot));
    // docs/formats.md "Novation": who held the contract before, and until when.
    auto former = detail::array();
    for (const SupplierChange& change : c.former_suppliers) {
        auto f = object();
        f->set("supplier", change.from_supplier);
        f->set("until", format_date(add_days(change.effective, -1)));
        former->add(f);
    }
    out->set("former_suppliers", former);
    return out;
}

// The KPI definitions a reader of the scorecard needs now: those of its latest period, or,
// before any period is due, of the period containing as_of (kept within the contract).
std::vector<KpiDefinition> latest_kpis(const Contract& contract, const std::vector<PeriodRow>& rows,
                                       Date as_of) {
    if (!rows.empty())
        return kpis_in_force(contract.kpis, rows.back().score.period);
    Date at = std::clamp(as_of, contract.start, std::max(contract.start, contract.end));
    return kpis_in_force(contract.kpis, Period::containing(contract.frequency, at));
}

Rendered contract_json_document(const Contract& contract, const std::vector<PeriodRow>& rows,
                                const std::vector<KpiDefinition>& kpis,
                                const std::vector<Flag>& flags,
                                const std::vector<Dispute>& disputes) {
    auto root = object();
    root->set("contract", contract_json(contract));

    auto periods = detail::array();
    for (const PeriodRow& row : rows) {
        const PeriodScore& s = row.score;
        std::map<std::string, KpiDefinition> defs;
        for (KpiDefinition& k : kpis_in_force(contract.kpis, s.period))
            defs.emplace(k.code, std::move(k));

        auto p = object();
        p->set("period", s.period.to_string());
        p->set("score", detail::shown_or_null(s.score));
        p->set("rating", name(s.score ? s.rating : Rating::kMissing));
        p->set("score_exact", detail::exact_or_null(s.score));
        p->set("returned", row.version != nullptr);
        p->set("version", row.version ? Poco::Dynamic::Var(row.version->version) : null());
        p->set("submitted",
               row.version ? Poco::Dynamic::Var(format_timestamp(row.version->figures.submitted))
                           : null());
        auto measures = detail::array();
        for (const MeasureScore& m : s.measures) {
            auto def = defs.find(m.kpi_code);
            const Measure* given = find_measure(row.version, m.kpi_code);
            auto mj = object();
            mj->set("kpi", m.kpi_code);
            mj->set("value", m.value ? Poco::Dynamic::Var(*m.value) : null());
            mj->set("rating", name(m.rating));
            mj->set("points", m.points);
            mj->set("weight", m.weight);
            mj->set("name", def != defs.end() ? Poco::Dynamic::Var(def->second.name) : null());
            mj->set("comment", given ? detail::text_or_null(given->comment) : null());
            measures->add(mj);
        }
        p->set("measures", measures);
        periods->add(p);
    }
    root->set("periods", periods);
    root->set("current", detail::current_json(current_of(rows)));

    auto kpi_list = detail::array();
    for (const KpiDefinition& k : kpis)
        kpi_list->add(kpi_json(k));
    root->set("kpis", kpi_list);

    auto flag_list = detail::array();
    for (const Flag& f : flags)
        flag_list->add(detail::flag_json(f));
    root->set("flags", flag_list);

    auto dispute_list = detail::array();
    for (const Dispute& d : disputes)
        dispute_list->add(detail::dispute_json(d));
    root->set("disputes", dispute_list);
    return detail::json_document(root);
}

std::string optional_number(const std::optional<double>& value) {
    return value ? csv_number(*value) : std::string();
}

Rendered contract_csv_document(const Contract& contract, const std::vector<PeriodRow>& rows) {
    std::string body = csv_row({"contract", "period", "kpi", "value", "rating", "points", "weight",
                                "period_score", "period_rating"});
    for (const PeriodRow& row : rows) {
        const PeriodScore& s = row.score;
        std::string period_score = s.score ? csv_number(detail::shown(*s.score)) : std::string();
        std::string period_rating = csv_field(name(s.score ? s.rating : Rating::kMissing));
        if (s.measures.empty()) {
            // Still one line, so that the period shows in the table.
            body += csv_row({csv_field(contract.id), csv_field(s.period.to_string()), "", "", "",
                             "", "", period_score, period_rating});
        }
        for (const MeasureScore& m : s.measures) {
            body +=
                csv_row({csv_field(contract.id), csv_field(s.period.to_string()),
                         csv_field(m.kpi_code), optional_number(m.value), csv_field(name(m.rating)),
                         csv_number(m.points), csv_number(m.weight), period_score, period_rating});
        }
    }
    return detail::csv_document(std::move(body));
}

std::vector<Flag> open_flags(store::Connection& conn, store::FlagFilter filter,
                             const Principal& who) {
    filter.status = FlagStatus::kOpen;
    if (!detail::scope_flags(filter, who))
        return {};
    return detail::all_flags(conn, std::move(filter));
}

}  // namespace

Rendered contract_scorecard(store::Connection& conn, const std::string& contract_id,
                            const Principal& who, Format format, const ScoringPolicy& policy,
                            std::optional<Date> as_of) {
    std::optional<Contract> contract = store::ContractRepository(conn).find(contract_id);
    if (!contract)
        throw Error::NotFound("no contract " + contract_id);
    const ContractScope scope = scope_of(*contract);
    if (!may_view_contract(who, scope))
        throw Error::Forbidden("you may not view contract " + contract_id);

    const Date day = as_of.value_or(detail::today_utc());
    std::optional<Supplier> supplier = store::SupplierRepository(conn).find(contract->supplier_id);
    if (!supplier)  // contracts reference their supplier, so only a bug gets here
        throw Error::Internal("contract " + contract_id + " has no supplier record");

    std::vector<PeriodScore> stored = store::ScoreRepository(conn).period_scores(contract_id);
    std::vector<ReturnVersion> returns =
        store::ReturnRepository(conn).current_versions(contract_id);
    std::vector<PeriodRow> rows =
        period_rows(*contract, stored, returns, policy, supplier->size, day);
    // SPEC §1: a supplier sees its own periods only: after a novation, the former supplier
    // those before it, the new one those from it on (model/access.h may_view_period).
    std::erase_if(rows,
                  [&](const PeriodRow& r) { return !may_view_period(who, scope, r.score.period); });

    if (format == Format::kCsv)
        return contract_csv_document(*contract, rows);

    store::FlagFilter filter;
    filter.contract_id = contract_id;
    std::vector<Flag> flags = open_flags(conn, filter, who);
    std::vector<Dispute> disputes = store::DisputeRepository(conn).open_for_contract(contract_id);
    // Each supplier's disputes are its own (one supplier does not see another's).
    if (const std::string& own = list_scope(who).supplier_id; !own.empty())
        std::erase_if(disputes, [&](const Dispute& d) { return d.supplier_id != own; });
    return contract_json_document(*contract, rows, latest_kpis(*contract, rows, day), flags,
                                  disputes);
}

namespace {

struct ContractLine {
    Contract contract;
    std::optional<PeriodScore> current;
};

Poco::Dynamic::Var review_json(const std::optional<Review>& review) {
    if (!review)
        return null();
    auto out = object();
    out->set("id", static_cast<Poco::Int64>(review->id));
    out->set("state", name(review->state));
    out->set("opened", format_timestamp(review->opened));
    out->set("reason", review->reason);
    return out;
}

}  // namespace

Rendered supplier_scorecard(store::Connection& conn, const std::string& supplier_id,
                            const Principal& who, Format format, const ScoringPolicy& policy) {
    store::SupplierRepository suppliers(conn);
    std::optional<Supplier> supplier = suppliers.find(supplier_id);
    if (!supplier)
        throw Error::NotFound("no supplier " + supplier_id);
    const bool holds_contract_of_caller =
        who.role == Role::kCommercial && !who.authority_id.empty() &&
        suppliers.has_contract_with(supplier_id, who.authority_id);
    if (!may_view_supplier(who, supplier_id, holds_contract_of_caller))
        throw Error::Forbidden("you may not view supplier " + supplier_id);

    store::ContractFilter by_supplier;
    by_supplier.supplier_id = supplier_id;
    std::vector<Contract> contracts = detail::all_contracts(conn, by_supplier);
    std::sort(contracts.begin(), contracts.end(),
              [](const Contract& a, const Contract& b) { return a.id < b.id; });

    store::ScoreRepository scores(conn);
    std::vector<std::string> ids;
    for (const Contract& c : contracts)
        ids.push_back(c.id);
    const auto former = store::ContractRepository(conn).former_suppliers_of(ids);
    std::vector<ContractLine> lines;
    std::vector<ContractCurrentScore> active_scores;
    for (Contract& c : contracts) {
        std::vector<PeriodScore> periods = scores.period_scores(c.id);
        // A novated contract counts with the periods this supplier held (as the scoring run
        // stores the supplier's score: services/scoring_run.cpp).
        if (auto it = former.find(c.id); it != former.end()) {
            const ContractScope scope{c.authority_id, c.supplier_id, it->second};
            std::erase_if(periods, [&](const PeriodScore& p) {
                return scope.supplier_of_period(p.period.first_day()) != supplier_id;
            });
        }
        const PeriodScore* current = current_score(periods);
        // SPEC §3.6: the supplier's score is over all its active contracts, whoever asks;
        // only the list below is narrowed to what the caller may see.
        if (current && c.status == ContractStatus::kActive)
            active_scores.push_back({*current->score, c.value});
        auto changes = former.find(c.id);
        if (!may_view_contract(
                who, {c.authority_id, c.supplier_id,
                      changes == former.end() ? std::vector<SupplierChange>{} : changes->second}))
            continue;
        lines.push_back({std::move(c), current ? std::optional<PeriodScore>(*current)
                                               : std::optional<PeriodScore>()});
    }
    const std::optional<double> score = supplier_score(active_scores);
    const Rating rating = rating_or_missing(score, policy.bands);
    const SizeGroup group = size_group(supplier->size);

    if (format == Format::kCsv) {
        std::string body = csv_row({"supplier", "contract", "title", "authority", "value",
                                    "currency", "period", "score", "rating"});
        for (const ContractLine& l : lines) {
            const std::optional<PeriodScore>& cur = l.current;
            body += csv_row({csv_field(supplier->id), csv_field(l.contract.id),
                             csv_field(l.contract.title), csv_field(l.contract.authority_id),
                             csv_number(l.contract.value), csv_field(l.contract.currency),
                             cur ? csv_field(cur->period.to_string()) : std::string(),
                             cur ? csv_number(detail::shown(*cur->score)) : std::string(),
                             cur ? csv_field(name(cur->rating)) : std::string()});
        }
        return detail::csv_document(std::move(body));
    }

    // SPEC §3.7: the class is the size group, ranked by the stored supplier scores. The
    // supplier is ranked by its stored score (the one its peers were compared with, equal to
    // `score` up to rounding in the last bits); one not stored yet still counts itself.
    std::optional<double> rank_score = scores.supplier_score(supplier_id);
    const bool counts_itself = score && !rank_score;
    if (counts_itself)
        rank_score = score;
    store::ScoreRepository::ClassCount in_class =
        rank_score ? scores.class_count(group, *rank_score) : scores.class_count(group, -1.0);
    if (counts_itself) {
        ++in_class.at_or_below;
        ++in_class.total;
    }

    auto root = object();
    auto sj = object();
    sj->set("id", supplier->id);
    sj->set("name", supplier->name);
    sj->set("size", name(supplier->size));
    sj->set("strategic", supplier->strategic);
    root->set("supplier", sj);
    root->set("score", detail::shown_or_null(score));
    root->set("score_exact", detail::exact_or_null(score));
    root->set("rating", name(rating));
    root->set("size_group", name(group));
    root->set("percentile", score && rank_score
                                ? Poco::Dynamic::Var(detail::shown(
                                      percentile_in_class(in_class.at_or_below, in_class.total)))
                                : null());
    root->set("group_suppliers", static_cast<Poco::Int64>(in_class.total));

    auto list = detail::array();
    for (const ContractLine& l : lines) {
        auto cj = object();
        cj->set("id", l.contract.id);
        cj->set("title", l.contract.title);
        cj->set("authority", l.contract.authority_id);
        cj->set("value", l.contract.value);
        cj->set("currency", l.contract.currency);
        cj->set("status", name(l.contract.status));
        cj->set("frequency", name(l.contract.frequency));
        cj->set("start", format_date(l.contract.start));
        cj->set("end", format_date(l.contract.end));
        cj->set("current", detail::current_json(l.current ? &*l.current : nullptr));
        list->add(cj);
    }
    root->set("contracts", list);

    store::FlagFilter filter;
    filter.supplier_id = supplier_id;
    auto flag_list = detail::array();
    for (const Flag& f : open_flags(conn, filter, who))
        flag_list->add(detail::flag_json(f));
    root->set("flags", flag_list);
    root->set("review", review_json(store::ReviewRepository(conn).open_for_supplier(supplier_id)));
    return detail::json_document(root);
}

}  // namespace scorecard::reports
