// The read models other tools rely on (SPEC §6): a contract's scorecard, a supplier's
// scorecard and the flag list (the minister's summary: reports/summary.h). Each is a typed
// model that a load function fills from the store (asking model/access.h who may see what),
// and that one JSON writer and one CSV writer turn into text: the API and `scorecard report …
// --format json|csv` answer with those bytes; the web pages draw the same model through
// templates.
//
// The JSON names shown in SPEC §6 (docs/api-shapes.md) are fixed; more fields are welcome.
// Scores are given to one decimal in "score" (as shown to people); "score_exact" carries
// the unrounded value. The writers are pure functions of the model (no database).
//
// Thread safety: load functions use one Connection the caller holds; writers are pure.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "model/flag_rules.h"
#include "model/scoring.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::reports {

enum class Format { kJson, kCsv };

// A rendered report: its media type and bytes.
struct Rendered {
    std::string content_type;  // "application/json" or "text/csv; charset=utf-8"
    std::string body;
};

inline constexpr const char* kJsonType = "application/json";
inline constexpr const char* kCsvType = "text/csv; charset=utf-8";

// A model as the API and the CLI answer: its to_json() or its to_csv().
template <class Model>
Rendered render(const Model& model, Format format) {
    if (format == Format::kCsv)
        return {kCsvType, to_csv(model)};
    return {kJsonType, to_json(model)};
}

// Every report that rates a score or decides which periods are due takes the configured
// ScoringPolicy (services::Settings::scoring): ratings of stored scores were made with it
// when they were scored, and the ratings and due periods worked out here use it too.

// A contract's current score (SPEC §3.5): its latest scored period.
// JSON {"period","score","rating","score_exact"}, or null when there is none.
struct CurrentScore {
    Period period;
    double score = 0;  // unrounded
    Rating rating = Rating::kMissing;
};

class JsonWriter;
void write_json(JsonWriter& out, const std::optional<CurrentScore>& current);

// ---------------------------------------------------------------- contract scorecard

// One KPI of one period: its score, and its definition's name and the supplier's comment.
struct ScorecardMeasure {
    MeasureScore score;
    std::string name;     // the KPI's name in that period
    std::string comment;  // the supplier's comment on the measure; "" when none
};

// One period of a contract's scorecard: returned (scored, or every KPI not applicable), or
// due without a return.
struct ScorecardPeriod {
    Period period;
    std::optional<double> score;             // unrounded; none without a return or a scored KPI
    Rating rating = Rating::kMissing;        // kMissing whenever there is no score
    std::optional<int> version;              // of the current return; none: no return
    std::optional<Timestamp> submitted;      // of the current return
    std::vector<ScorecardMeasure> measures;  // one per KPI in force, ordered by code

    bool returned() const { return version.has_value(); }
};

struct ContractScorecard {
    Contract contract;  // with every KPI version
    std::string authority_name;
    std::string supplier_name;
    std::vector<ScorecardPeriod> periods;  // ascending
    std::optional<CurrentScore> current;
    std::vector<KpiDefinition> kpis;  // in force for the latest listed period
    std::vector<Flag> flags;          // open, as far as the caller may see them
    std::vector<Dispute> disputes;    // open
    // The days on which the card would show the same as on its as-of day: which periods
    // are due without a return (model/flag_rules.h same_missing_periods) and, with no
    // period listed, the KPIs in force on the day (then that day only).
    DaySpan same_on;
};

// GET /contracts/{id}/scorecard. Throws Error::NotFound, Error::Forbidden (who may not
// view it). Periods that were due by `as_of` and have no return are listed as missing;
// "due" is the missing_return rule's: ended more than the supplier's grace days before
// `as_of`.
ContractScorecard load_contract_scorecard(store::Connection& conn, const std::string& contract_id,
                                          const Principal& who, const ScoringPolicy& policy,
                                          Date as_of);
// The rest of load_contract_scorecard's work once the contract (with its KPI versions and
// former suppliers), its supplier and its stored period scores are in hand — as the scoring
// run has them, having just written the scores — and `who` may view the contract.
// `returns`: its current return versions (ReturnRepository::current_versions), when in
// hand too; read otherwise.
ContractScorecard contract_scorecard_of(store::Connection& conn, Contract contract,
                                        const Supplier& supplier,
                                        const std::vector<PeriodScore>& stored,
                                        const std::vector<ReturnVersion>* returns,
                                        const Principal& who, const ScoringPolicy& policy,
                                        Date as_of);
// contract_scorecard_of in two steps, for a caller that does the second on another thread:
// what it reads besides the scores and returns in hand (in the caller's transaction), then
// the scorecard from them, which reads nothing.
struct ContractScorecardReads {
    std::string authority_name;
    std::vector<Flag> flags;
    std::vector<Dispute> disputes;
};
ContractScorecardReads read_contract_scorecard(store::Connection& conn, const Contract& contract,
                                               const Principal& who);
// read_contract_scorecard for the whole view (a minister's, admin's: what a prepared
// scorecard shows) of many contracts at once, in a few queries: for a scoring batch.
std::map<std::string, ContractScorecardReads> read_whole_contract_scorecards(
    store::Connection& conn, const std::vector<const Contract*>& contracts);
ContractScorecard contract_scorecard_from(Contract contract, const Supplier& supplier,
                                          const std::vector<PeriodScore>& stored,
                                          const std::vector<ReturnVersion>& returns,
                                          ContractScorecardReads reads, const Principal& who,
                                          const ScoringPolicy& policy, Date as_of);
// docs/api-shapes.md "Contract scorecard".
std::string to_json(const ContractScorecard& card);
// One line per period × KPI (a period without KPIs: one line).
std::string to_csv(const ContractScorecard& card);

// ---------------------------------------------------------------- supplier scorecard

// A scored period of a contract, for the supplier's trend.
struct ScoredPeriod {
    Period period;
    double score = 0;  // unrounded
};

struct SupplierContract {
    Contract contract;  // without KPI versions
    std::string authority_name;
    std::optional<CurrentScore> current;
    std::vector<ScoredPeriod> history;  // every scored period, ascending
};

struct SupplierScorecard {
    Supplier supplier;
    std::optional<double> score;  // SPEC §3.6, over all its active contracts, unrounded
    Rating rating = Rating::kMissing;
    SizeGroup size_group = SizeGroup::kLarge;
    std::optional<double> percentile;         // SPEC §3.7 in its size group; none without a score
    std::int64_t group_suppliers = 0;         // scored suppliers in the group
    std::optional<double> rank_score;         // its stored score, that it was ranked by
    std::vector<SupplierContract> contracts;  // those the caller may see, by id
    std::vector<Flag> flags;                  // open, as far as the caller may see them
    std::optional<Review> review;             // open
};

// GET /suppliers/{id}/scorecard: the supplier, its score and rating, its place in its size
// class, each contract's current score and history, its open flags and its review. Throws
// Error::NotFound, Error::Forbidden.
SupplierScorecard load_supplier_scorecard(store::Connection& conn, const std::string& supplier_id,
                                          const Principal& who, const ScoringPolicy& policy);
// The same without its place in the size group (percentile none, group_suppliers 0): what the
// prepared scorecard keeps, without counting the group (reports/prepared_scorecards.h).
SupplierScorecard load_unranked_supplier_scorecard(store::Connection& conn,
                                                   const std::string& supplier_id,
                                                   const Principal& who,
                                                   const ScoringPolicy& policy);
// load_unranked_supplier_scorecard in two steps, the first for many suppliers at once (a
// scoring run's batch): what the scorecards show, read in a few queries (suppliers that do
// not exist left out; no access check: the caller's), then each scorecard made of it.
struct SupplierScorecardReads {
    Supplier supplier;
    std::vector<Contract> contracts;  // those it holds now, by id, without KPI versions
    std::map<std::string, std::vector<SupplierChange>> former;  // of those novated
    std::map<std::string, std::vector<PeriodScore>> histories;  // without measures
    std::map<std::string, std::string> authority_names;
    std::optional<double> rank_score;  // its stored score
    std::vector<Flag> flags;           // open, as far as the caller may see them
    std::optional<Review> review;      // open
};
std::map<std::string, SupplierScorecardReads> read_supplier_scorecards(
    store::Connection& conn, const std::vector<std::string>& supplier_ids, const Principal& who);
SupplierScorecard supplier_scorecard_from(SupplierScorecardReads reads, const Principal& who,
                                          const ScoringPolicy& policy);
// docs/api-shapes.md "Supplier scorecard".
std::string to_json(const SupplierScorecard& card);

// SPEC §3.7: a supplier's place in its size group, which moves with every other supplier's
// score. Ranked by `rank_score`, its stored score (the one its peers were compared with,
// equal to `score` up to rounding in the last bits); one not stored yet counts itself with
// `score`. No percentile without a score.
struct ClassPlace {
    std::optional<double> percentile;
    std::int64_t group_suppliers = 0;
};
ClassPlace class_place(store::Connection& conn, SizeGroup group, std::optional<double> score,
                       std::optional<double> rank_score);
// The same with the group counted by `count` (how many of the group's stored scores are at
// or below a score, and how many there are): e.g. count_in over scores kept in memory.
using GroupCounter = std::function<store::ScoreRepository::ClassCount(double)>;
ClassPlace class_place(const GroupCounter& count, std::optional<double> score,
                       std::optional<double> rank_score);
// store::ScoreRepository::class_count over the group's stored scores in ascending order.
store::ScoreRepository::ClassCount count_in(const std::vector<double>& ascending, double score);
// to_json(card) without "percentile" and "group_suppliers", and the offset at which
// place_json() puts them back: the prepared supplier scorecard (reports/prepared_scorecards.h)
// keeps the rest and ranks the supplier when it is read.
struct SupplierJsonParts {
    std::string text;
    std::size_t place_at = 0;
};
SupplierJsonParts to_json_without_place(const SupplierScorecard& card);
std::string place_json(const ClassPlace& place);  // ,"percentile":…,"group_suppliers":…
// One line per listed contract, with its current score.
std::string to_csv(const SupplierScorecard& card);

// ---------------------------------------------------------------- flag list

struct ListedFlag {
    Flag flag;
    std::string supplier_name;  // for people; "" when the supplier has no record
};

struct FlagList {
    std::vector<ListedFlag> flags;  // the page, in the repository's order (newest first)
    std::int64_t total = 0;         // every flag the filter matches
    store::Page page;
};

// GET /flags: the flags the caller may see, filtered; one page (filter.page, limit 1..1000,
// else Error::BadRequest), with the total that match.
FlagList load_flag_list(store::Connection& conn, const store::FlagFilter& filter,
                        const Principal& who);
// {"flags":[…],"total","limit","offset"}
std::string to_json(const FlagList& list);
std::string to_csv(const FlagList& list);

}  // namespace scorecard::reports
