// The contract scorecard and the supplier scorecard (SPEC §6): loaded, then written.
#include "reports/scorecards.h"

#include <algorithm>
#include <map>
#include <set>

#include "model/flag_rules.h"
#include "reports/csv.h"
#include "reports/entity_json.h"
#include "reports/json_writer.h"
#include "reports/report_support.h"

namespace scorecard::reports {
namespace {

using detail::shown;

// A period row while it is being put together: its score and the current version of its
// return, if any.
struct PeriodRow {
    PeriodScore score;
    const ReturnVersion* version = nullptr;
};

// SPEC §3.3 rule for one returned period whose score is not stored yet (the scorer runs
// after every accepted return, so this is only a moment's gap): the same model function.
PeriodScore score_unstored(const KpiSchedule& kpis, const ReturnVersion& version,
                           const ScoringPolicy& policy) {
    return score_period(kpis.at(version.figures.period), version.figures.measures,
                        version.figures.period, policy);
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
std::vector<PeriodRow> period_rows(const Contract& contract, const KpiSchedule& kpis,
                                   const std::vector<PeriodScore>& stored,
                                   const std::vector<ReturnVersion>& returns,
                                   const ScoringPolicy& policy, SizeClass supplier_size,
                                   Date as_of) {
    std::map<Period, PeriodRow> rows;
    for (const PeriodScore& s : stored)
        rows[s.period].score = s;
    for (const ReturnVersion& r : returns) {
        auto [it, inserted] = rows.try_emplace(r.figures.period);
        if (inserted)
            it->second.score = score_unstored(kpis, r, policy);
        it->second.version = &r;
    }
    const int grace_days = policy.flags.for_size(supplier_size).grace_days;
    for (const Period& p : due_periods(contract, grace_days, as_of)) {
        if (!rows.contains(p))
            rows[p].score = missing_period(kpis.at(p), p, policy);
    }
    std::vector<PeriodRow> out;
    out.reserve(rows.size());
    for (auto& [period, row] : rows)
        out.push_back(std::move(row));
    return out;
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

// A row as the scorecard shows it: each measure with its period's KPI name and the
// supplier's comment.
ScorecardPeriod scorecard_period(const KpiSchedule& kpis, const PeriodRow& row) {
    const std::vector<KpiDefinition>& in_force = kpis.at(row.score.period);
    ScorecardPeriod out;
    out.period = row.score.period;
    out.score = row.score.score;
    out.rating = row.score.score ? row.score.rating : Rating::kMissing;
    if (row.version != nullptr) {
        out.version = row.version->version;
        out.submitted = row.version->figures.submitted;
    }
    for (const MeasureScore& m : row.score.measures) {
        const Measure* given = find_measure(row.version, m.kpi_code);
        // A few KPIs, ordered by code (each code once): found by a look along them.
        auto kpi = std::find_if(in_force.begin(), in_force.end(),
                                [&](const KpiDefinition& k) { return k.code == m.kpi_code; });
        out.measures.push_back({m, kpi == in_force.end() ? std::string() : kpi->name,
                                given ? given->comment : std::string()});
    }
    return out;
}

// The KPI definitions a reader of the scorecard needs now: those of its latest period, or,
// before any period is due, of the period containing as_of (kept within the contract).
std::vector<KpiDefinition> latest_kpis(const Contract& contract, const KpiSchedule& kpis,
                                       const std::vector<ScorecardPeriod>& periods, Date as_of) {
    if (!periods.empty())
        return kpis.at(periods.back().period);
    Date at = std::clamp(as_of, contract.start, std::max(contract.start, contract.end));
    return kpis.at(Period::containing(contract.frequency, at));
}

// ContractScorecard::same_on.
DaySpan same_on(const Contract& contract, const std::vector<PeriodScore>& stored,
                const std::vector<ReturnVersion>& returns, const ScoringPolicy& policy,
                SizeClass supplier_size, const std::vector<ScorecardPeriod>& listed, Date as_of) {
    if (listed.empty())  // the KPIs shown are those in force on the day
        return DaySpan{as_of, add_days(as_of, 1)};
    std::set<Period> accounted;
    for (const PeriodScore& s : stored)
        accounted.insert(s.period);
    for (const ReturnVersion& r : returns)
        accounted.insert(r.figures.period);
    return same_missing_periods(contract, policy.flags.for_size(supplier_size).grace_days, as_of,
                                [&](const Period& p) { return accounted.contains(p); });
}

std::optional<CurrentScore> current_of(const std::vector<ScorecardPeriod>& periods) {
    for (auto it = periods.rbegin(); it != periods.rend(); ++it) {
        if (it->score)
            return CurrentScore{it->period, *it->score, it->rating};
    }
    return std::nullopt;
}

std::optional<CurrentScore> current_of(const PeriodScore* latest) {
    if (latest == nullptr || !latest->score)
        return std::nullopt;
    return CurrentScore{latest->period, *latest->score, latest->rating};
}

std::vector<Flag> open_flags(store::Connection& conn, store::FlagFilter filter,
                             const Principal& who) {
    filter.status = FlagStatus::kOpen;
    if (!detail::scope_flags(filter, who))
        return {};
    return detail::all_flags(conn, std::move(filter));
}

std::string authority_name(store::Connection& conn, const std::string& authority_id) {
    std::optional<Authority> a = store::AuthorityRepository(conn).find(authority_id);
    return a ? a->name : std::string();
}

void write_contract(JsonWriter& out, const ContractScorecard& card) {
    const Contract& c = card.contract;
    out.begin_object()
        .field("id", c.id)
        .field("authority", c.authority_id)
        .field("supplier", c.supplier_id)
        .field("title", c.title)
        .field("frequency", to_string(c.frequency))
        .field("value", c.value)
        .field("currency", c.currency)
        .field("start", format_date(c.start))
        .field("end", format_date(c.end))
        .field("status", to_string(c.status));
    out.key("lot").text_or_null(c.lot);
    // docs/formats.md "Novation": who held the contract before, and until when.
    out.key("former_suppliers").begin_array();
    for (const SupplierChange& change : c.former_suppliers)
        out.begin_object()
            .field("supplier", change.from_supplier)
            .field("until", format_date(add_days(change.effective, -1)))
            .end_object();
    out.end_array();
    out.key("authority_name").text_or_null(card.authority_name);
    out.key("supplier_name").text_or_null(card.supplier_name);
    out.end_object();
}

void write_period(JsonWriter& out, const ScorecardPeriod& p) {
    out.begin_object().field("period", p.period.to_string());
    out.key("score");
    if (p.score)
        out.value(shown(*p.score));
    else
        out.null();
    out.field("rating", to_string(p.rating))
        .field("score_exact", p.score)
        .field("returned", p.returned())
        .field("version", p.version);
    out.key("submitted");
    if (p.submitted)
        out.value(format_timestamp(*p.submitted));
    else
        out.null();
    out.key("measures").begin_array();
    for (const ScorecardMeasure& m : p.measures) {
        out.begin_object()
            .field("kpi", m.score.kpi_code)
            .field("value", m.score.value)
            .field("rating", to_string(m.score.rating))
            .field("points", m.score.points)
            .field("weight", m.score.weight);
        out.key("name").text_or_null(m.name);
        out.key("comment").text_or_null(m.comment);
        out.end_object();
    }
    out.end_array().end_object();
}

std::string optional_number(const std::optional<double>& value) {
    return value ? csv_number(*value) : std::string();
}

std::string score_cell(const std::optional<double>& score) {
    return score ? csv_number(shown(*score)) : std::string();
}

}  // namespace

void write_json(JsonWriter& out, const std::optional<CurrentScore>& current) {
    if (!current) {
        out.null();
        return;
    }
    out.begin_object()
        .field("period", current->period.to_string())
        .field("score", shown(current->score))
        .field("rating", to_string(current->rating))
        .field("score_exact", current->score)
        .end_object();
}

ContractScorecard load_contract_scorecard(store::Connection& conn, const std::string& contract_id,
                                          const Principal& who, const ScoringPolicy& policy,
                                          Date as_of) {
    std::optional<Contract> contract = store::ContractRepository(conn).find(contract_id);
    if (!contract)
        throw Error::NotFound("no contract " + contract_id);
    const ContractScope scope = scope_of(*contract);
    if (!may_view_contract(who, scope))
        throw Error::Forbidden("you may not view contract " + contract_id);
    std::optional<Supplier> supplier = store::SupplierRepository(conn).find(contract->supplier_id);
    if (!supplier)  // contracts reference their supplier, so only a bug gets here
        throw Error::Internal("contract " + contract_id + " has no supplier record");
    return contract_scorecard_of(conn, std::move(*contract), *supplier,
                                 store::ScoreRepository(conn).period_scores(contract_id), nullptr,
                                 who, policy, as_of);
}

ContractScorecard contract_scorecard_of(store::Connection& conn, Contract contract,
                                        const Supplier& supplier,
                                        const std::vector<PeriodScore>& stored,
                                        const std::vector<ReturnVersion>* returns_in_hand,
                                        const Principal& who, const ScoringPolicy& policy,
                                        Date as_of) {
    std::vector<ReturnVersion> read;
    if (!returns_in_hand)
        read = store::ReturnRepository(conn).current_versions(contract.id);
    ContractScorecardReads reads = read_contract_scorecard(conn, contract, who);
    return contract_scorecard_from(std::move(contract), supplier, stored,
                                   returns_in_hand ? *returns_in_hand : read, std::move(reads), who,
                                   policy, as_of);
}

ContractScorecardReads read_contract_scorecard(store::Connection& conn, const Contract& contract,
                                               const Principal& who) {
    ContractScorecardReads out;
    out.authority_name = authority_name(conn, contract.authority_id);
    store::FlagFilter filter;
    filter.contract_id = contract.id;
    out.flags = open_flags(conn, filter, who);
    out.disputes = store::DisputeRepository(conn).open_for_contract(contract.id);
    // Each supplier's disputes are its own (one supplier does not see another's).
    if (const std::string& own = list_scope(who).supplier_id; !own.empty())
        std::erase_if(out.disputes, [&](const Dispute& d) { return d.supplier_id != own; });
    return out;
}

std::map<std::string, ContractScorecardReads> read_whole_contract_scorecards(
    store::Connection& conn, const std::vector<const Contract*>& contracts) {
    std::vector<std::string> ids;
    std::vector<std::string> authority_ids;
    for (const Contract* c : contracts) {
        ids.push_back(c->id);
        authority_ids.push_back(c->authority_id);
    }
    std::sort(authority_ids.begin(), authority_ids.end());
    authority_ids.erase(std::unique(authority_ids.begin(), authority_ids.end()),
                        authority_ids.end());
    const std::map<std::string, Authority> authorities =
        store::AuthorityRepository(conn).find_all(authority_ids);
    // The whole view is narrowed to no scope: every open flag and dispute of the contract.
    std::map<std::string, std::vector<Flag>> flags =
        store::FlagRepository(conn).open_for_contracts(ids);
    std::map<std::string, std::vector<Dispute>> disputes =
        store::DisputeRepository(conn).open_for_contracts(ids);
    std::map<std::string, ContractScorecardReads> out;
    for (const Contract* c : contracts) {
        ContractScorecardReads& reads = out[c->id];
        if (auto a = authorities.find(c->authority_id); a != authorities.end())
            reads.authority_name = a->second.name;
        if (auto f = flags.find(c->id); f != flags.end())
            reads.flags = std::move(f->second);
        if (auto d = disputes.find(c->id); d != disputes.end())
            reads.disputes = std::move(d->second);
    }
    return out;
}

ContractScorecard contract_scorecard_from(Contract contract, const Supplier& supplier,
                                          const std::vector<PeriodScore>& stored,
                                          const std::vector<ReturnVersion>& returns,
                                          ContractScorecardReads reads, const Principal& who,
                                          const ScoringPolicy& policy, Date as_of) {
    const ContractScope scope = scope_of(contract);
    ContractScorecard card;
    const KpiSchedule kpis(contract.kpis);
    for (const PeriodRow& row :
         period_rows(contract, kpis, stored, returns, policy, supplier.size, as_of)) {
        // SPEC §1: a supplier sees its own periods only: after a novation, the former supplier
        // those before it, the new one those from it on (model/access.h may_view_period).
        if (may_view_period(who, scope, row.score.period))
            card.periods.push_back(scorecard_period(kpis, row));
    }
    card.current = current_of(card.periods);
    card.kpis = latest_kpis(contract, kpis, card.periods, as_of);
    card.same_on = same_on(contract, stored, returns, policy, supplier.size, card.periods, as_of);
    card.authority_name = std::move(reads.authority_name);
    card.supplier_name = supplier.name;
    card.flags = std::move(reads.flags);
    card.disputes = std::move(reads.disputes);
    card.contract = std::move(contract);
    return card;
}

std::string to_json(const ContractScorecard& card) {
    JsonWriter out;
    out.begin_object().key("contract");
    write_contract(out, card);
    out.key("periods").begin_array();
    for (const ScorecardPeriod& p : card.periods)
        write_period(out, p);
    out.end_array().key("current");
    write_json(out, card.current);
    out.key("kpis").begin_array();
    for (const KpiDefinition& k : card.kpis) {
        out.begin_object().field("code", k.code);
        write_kpi_definition_fields(out, k);
        out.end_object();
    }
    out.end_array().key("flags").begin_array();
    for (const Flag& f : card.flags)
        write_json(out, f);
    out.end_array().key("disputes").begin_array();
    for (const Dispute& d : card.disputes)
        write_json(out, d);
    out.end_array().end_object();
    return out.take();
}

std::string to_csv(const ContractScorecard& card) {
    std::string body = csv_row({"contract", "period", "kpi", "value", "rating", "points", "weight",
                                "period_score", "period_rating"});
    const std::string contract = csv_field(card.contract.id);
    for (const ScorecardPeriod& p : card.periods) {
        const std::string period = csv_field(p.period.to_string());
        const std::string period_score = score_cell(p.score);
        const std::string period_rating = csv_field(to_string(p.rating));
        if (p.measures.empty()) {
            // Still one line, so that the period shows in the table.
            body += csv_row({contract, period, "", "", "", "", "", period_score, period_rating});
        }
        for (const ScorecardMeasure& m : p.measures) {
            body += csv_row({contract, period, csv_field(m.score.kpi_code),
                             optional_number(m.score.value), csv_field(to_string(m.score.rating)),
                             csv_number(m.score.points), csv_number(m.score.weight), period_score,
                             period_rating});
        }
    }
    return body;
}

SupplierScorecard load_supplier_scorecard(store::Connection& conn, const std::string& supplier_id,
                                          const Principal& who, const ScoringPolicy& policy) {
    SupplierScorecard card = load_unranked_supplier_scorecard(conn, supplier_id, who, policy);
    const ClassPlace place = class_place(conn, card.size_group, card.score, card.rank_score);
    card.percentile = place.percentile;
    card.group_suppliers = place.group_suppliers;
    return card;
}

SupplierScorecard load_unranked_supplier_scorecard(store::Connection& conn,
                                                   const std::string& supplier_id,
                                                   const Principal& who,
                                                   const ScoringPolicy& policy) {
    store::SupplierRepository suppliers(conn);
    std::optional<Supplier> supplier = suppliers.find(supplier_id);
    if (!supplier)
        throw Error::NotFound("no supplier " + supplier_id);
    const bool holds_contract_of_caller =
        who.role == Role::kCommercial && !who.authority_id.empty() &&
        suppliers.has_contract_with(supplier_id, who.authority_id);
    if (!may_view_supplier(who, supplier_id, holds_contract_of_caller))
        throw Error::Forbidden("you may not view supplier " + supplier_id);
    auto reads = read_supplier_scorecards(conn, {supplier_id}, who);
    auto it = reads.find(supplier_id);
    if (it == reads.end())
        throw Error::NotFound("no supplier " + supplier_id);
    return supplier_scorecard_from(std::move(it->second), who, policy);
}

std::map<std::string, SupplierScorecardReads> read_supplier_scorecards(
    store::Connection& conn, const std::vector<std::string>& supplier_ids, const Principal& who) {
    std::map<std::string, SupplierScorecardReads> out;
    for (auto& [id, supplier] : store::SupplierRepository(conn).find_all(supplier_ids))
        out[id].supplier = std::move(supplier);
    std::vector<std::string> found;
    for (const auto& [id, reads] : out)
        found.push_back(id);
    std::vector<std::string> contract_ids;
    std::vector<std::string> authority_ids;
    for (auto& [supplier, contracts] : store::ContractRepository(conn).of_suppliers(found)) {
        for (const Contract& c : contracts) {
            contract_ids.push_back(c.id);
            authority_ids.push_back(c.authority_id);
        }
        out[supplier].contracts = std::move(contracts);
    }
    // The names of their contracts' authorities only (not every authority's).
    std::sort(authority_ids.begin(), authority_ids.end());
    authority_ids.erase(std::unique(authority_ids.begin(), authority_ids.end()),
                        authority_ids.end());
    const auto authorities = store::AuthorityRepository(conn).find_all(authority_ids);
    auto former = store::ContractRepository(conn).former_suppliers_of(contract_ids);
    auto histories = store::ScoreRepository(conn).period_history_of(contract_ids);
    for (auto& [id, reads] : out) {
        for (const Contract& c : reads.contracts) {
            if (auto f = former.find(c.id); f != former.end())
                reads.former[c.id] = std::move(f->second);
            if (auto h = histories.find(c.id); h != histories.end())
                reads.histories[c.id] = std::move(h->second);
            if (auto a = authorities.find(c.authority_id); a != authorities.end())
                reads.authority_names[c.authority_id] = a->second.name;
        }
    }
    for (auto& [id, score] : store::ScoreRepository(conn).supplier_scores_of(found))
        out[id].rank_score = score;
    // Open flags as far as the caller may see them: for the whole view (a scoring run's
    // prepared scorecards, a minister) every open flag of each, read for all at once.
    store::FlagFilter scope;
    if (detail::scope_flags(scope, who)) {
        if (scope.authority_id.empty() && scope.supplier_id.empty()) {
            for (auto& [id, flags] : store::FlagRepository(conn).open_for_suppliers(found))
                out[id].flags = std::move(flags);
        } else {
            for (auto& [id, reads] : out) {
                store::FlagFilter filter;
                filter.supplier_id = id;
                reads.flags = open_flags(conn, filter, who);
            }
        }
    }
    for (auto& [id, review] : store::ReviewRepository(conn).open_for_suppliers(found))
        out[id].review = std::move(review);
    return out;
}

SupplierScorecard supplier_scorecard_from(SupplierScorecardReads reads, const Principal& who,
                                          const ScoringPolicy& policy) {
    const std::string& supplier_id = reads.supplier.id;
    SupplierScorecard card;
    std::vector<ContractCurrentScore> active_scores;
    for (Contract& c : reads.contracts) {
        std::vector<PeriodScore> periods = std::move(reads.histories[c.id]);
        const auto changes = reads.former.find(c.id);
        // A novated contract counts with the periods this supplier held (as the scoring run
        // stores the supplier's score: services/scoring_run.cpp).
        if (changes != reads.former.end()) {
            const ContractScope scope{c.authority_id, c.supplier_id, changes->second};
            std::erase_if(periods, [&](const PeriodScore& p) {
                return scope.supplier_of_period(p.period.first_day()) != supplier_id;
            });
        }
        const PeriodScore* current = current_score(periods);
        // SPEC §3.6: the supplier's score is over all its active contracts, whoever asks;
        // only the list below is narrowed to what the caller may see.
        if (current && c.status == ContractStatus::kActive)
            active_scores.push_back({*current->score, c.value});
        if (!may_view_contract(who, {c.authority_id, c.supplier_id,
                                     changes == reads.former.end() ? std::vector<SupplierChange>{}
                                                                   : changes->second}))
            continue;
        SupplierContract line;
        line.current = current_of(current);
        for (const PeriodScore& p : periods) {
            if (p.score)
                line.history.push_back({p.period, *p.score});
        }
        auto name = reads.authority_names.find(c.authority_id);
        if (name != reads.authority_names.end())
            line.authority_name = name->second;
        line.contract = std::move(c);
        card.contracts.push_back(std::move(line));
    }
    card.score = supplier_score(active_scores);
    card.rating = rating_or_missing(card.score, policy.bands);
    card.size_group = size_group(reads.supplier.size);
    card.rank_score = reads.rank_score;
    card.flags = std::move(reads.flags);
    card.review = std::move(reads.review);
    card.supplier = std::move(reads.supplier);
    return card;
}

ClassPlace class_place(const GroupCounter& count, std::optional<double> score,
                       std::optional<double> rank_score) {
    // SPEC §3.7: the class is the size group, ranked by the stored supplier scores.
    const bool counts_itself = score && !rank_score;
    if (counts_itself)
        rank_score = score;
    store::ScoreRepository::ClassCount in_class = count(rank_score ? *rank_score : -1.0);
    if (counts_itself) {
        ++in_class.at_or_below;
        ++in_class.total;
    }
    ClassPlace place;
    if (score && rank_score)
        place.percentile = percentile_in_class(in_class.at_or_below, in_class.total);
    place.group_suppliers = in_class.total;
    return place;
}

ClassPlace class_place(store::Connection& conn, SizeGroup group, std::optional<double> score,
                       std::optional<double> rank_score) {
    store::ScoreRepository scores(conn);
    return class_place([&](double s) { return scores.class_count(group, s); }, score, rank_score);
}

store::ScoreRepository::ClassCount count_in(const std::vector<double>& ascending, double score) {
    const auto at_or_below = std::upper_bound(ascending.begin(), ascending.end(), score);
    return {static_cast<std::int64_t>(at_or_below - ascending.begin()),
            static_cast<std::int64_t>(ascending.size())};
}

std::string place_json(const ClassPlace& place) {
    // As JsonWriter writes the two fields after "size_group".
    return ",\"percentile\":" +
           (place.percentile ? shortest_number(shown(*place.percentile)) : std::string("null")) +
           ",\"group_suppliers\":" + std::to_string(place.group_suppliers);
}

std::string to_json(const SupplierScorecard& card) {
    SupplierJsonParts parts = to_json_without_place(card);
    parts.text.insert(parts.place_at, place_json({card.percentile, card.group_suppliers}));
    return std::move(parts.text);
}

SupplierJsonParts to_json_without_place(const SupplierScorecard& card) {
    JsonWriter out;
    out.begin_object()
        .key("supplier")
        .begin_object()
        .field("id", card.supplier.id)
        .field("name", card.supplier.name)
        .field("size", to_string(card.supplier.size))
        .field("strategic", card.supplier.strategic)
        .end_object();
    out.key("score");
    if (card.score)
        out.value(shown(*card.score));
    else
        out.null();
    out.field("score_exact", card.score).field("rating", to_string(card.rating));
    out.field("size_group", to_string(card.size_group));
    const std::size_t place_at = out.size();

    out.key("contracts").begin_array();
    for (const SupplierContract& l : card.contracts) {
        const Contract& c = l.contract;
        out.begin_object()
            .field("id", c.id)
            .field("title", c.title)
            .field("authority", c.authority_id)
            .field("value", c.value)
            .field("currency", c.currency)
            .field("status", to_string(c.status))
            .field("frequency", to_string(c.frequency))
            .field("start", format_date(c.start))
            .field("end", format_date(c.end));
        out.key("current");
        write_json(out, l.current);
        out.key("authority_name").text_or_null(l.authority_name);
        out.key("history").begin_array();
        for (const ScoredPeriod& p : l.history) {
            out.begin_object()
                .field("period", p.period.to_string())
                .field("score", shown(p.score))
                .field("score_exact", p.score)
                .end_object();
        }
        out.end_array().end_object();
    }
    out.end_array().key("flags").begin_array();
    for (const Flag& f : card.flags)
        write_json(out, f);
    out.end_array().key("review");
    if (card.review)
        write_json(out, *card.review, false);
    else
        out.null();
    out.end_object();
    return {out.take(), place_at};
}

std::string to_csv(const SupplierScorecard& card) {
    std::string body = csv_row({"supplier", "contract", "title", "authority", "value", "currency",
                                "period", "score", "rating"});
    for (const SupplierContract& l : card.contracts) {
        const std::optional<CurrentScore>& cur = l.current;
        body += csv_row({csv_field(card.supplier.id), csv_field(l.contract.id),
                         csv_field(l.contract.title), csv_field(l.contract.authority_id),
                         csv_number(l.contract.value), csv_field(l.contract.currency),
                         cur ? csv_field(cur->period.to_string()) : std::string(),
                         cur ? csv_number(shown(cur->score)) : std::string(),
                         cur ? csv_field(to_string(cur->rating)) : std::string()});
    }
    return body;
}

}  // namespace scorecard::reports
