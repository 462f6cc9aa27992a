// The minister's summary (SPEC §6 GET /summary) as a read model: totals, the distribution of
// the active contracts' current ratings, split by size group, size class and authority, the
// suppliers with open flags, a monthly trend and users' views. docs/api-shapes.md says what
// each number counts.
//
// load_summary() fills it from the store, scoped to what the caller may see (model/access.h);
// to_json() and to_csv() write it, as GET /summary, `scorecard report summary` and the
// dashboard's download give it; the dashboard page draws it (services/http/pages).
// reports/summary_cache.h keeps it while the data does not change.
//
// Thread safety: plain values; load_summary() uses the caller's Connection on its thread.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "model/monthly_trend.h"
#include "model/scoring_policy.h"
#include "store/database.h"

namespace scorecard::reports {

// The buckets of the rating distribution, in the order they are shown.
inline constexpr std::array<Rating, 5> kSummaryRatings{Rating::kGood, Rating::kApproaching,
                                                       Rating::kRequiresImprovement,
                                                       Rating::kInadequate, Rating::kMissing};
// A KPI's ratings in users' views: the four-point scale, other (not applicable), missing.
inline constexpr std::array<Rating, 6> kKpiRatings{
    Rating::kGood,       Rating::kApproaching, Rating::kRequiresImprovement,
    Rating::kInadequate, Rating::kOther,       Rating::kMissing};

// How many of something fall in each rating (any rating may be asked; unknown ones count 0).
struct RatingCounts {
    std::map<Rating, std::int64_t> counts;
    std::int64_t operator[](Rating rating) const {
        auto it = counts.find(rating);
        return it == counts.end() ? 0 : it->second;
    }
};

// One slice of the summary: everything, a size group, a size class or an authority.
struct SummarySlice {
    RatingCounts ratings;  // active contracts by current rating (kSummaryRatings)
    std::int64_t suppliers = 0;
    std::int64_t contracts = 0;
    std::int64_t active_contracts = 0;
    std::optional<double> mean_score;  // unrounded mean of the active contracts' current scores
};

struct AuthoritySummary {
    Authority authority;
    SummarySlice slice;  // its suppliers are not counted
};

struct FlaggedSupplier {
    std::string id;
    std::string name;               // the id when the supplier is not known
    std::optional<SizeClass> size;  // nullopt when the supplier is not known
    std::int64_t open_flags = 0;
    std::int64_t high = 0;  // of which high severity
};

// Users' own views (issue #6): the user_satisfaction KPIs of the active contracts, each as
// rated in its contract's latest returned period.
struct UserSatisfaction {
    std::int64_t kpis = 0;
    std::int64_t contracts = 0;
    RatingCounts ratings;                      // kKpiRatings
    std::optional<double> mean_value_percent;  // unrounded
};

struct Summary {
    Date as_of;
    std::int64_t authorities = 0;  // as listed in by_authority
    std::int64_t suppliers = 0;
    std::int64_t contracts = 0;
    std::int64_t active_contracts = 0;
    std::int64_t open_flags = 0;
    SummarySlice overall;
    std::map<SizeGroup, SummarySlice> by_size;   // both groups
    std::map<SizeClass, SummarySlice> by_class;  // all five classes
    std::vector<AuthoritySummary> by_authority;  // by name, then id
    // Most open flags first, then most high-severity ones, then by id. All of them: pages
    // show the first few.
    std::vector<FlaggedSupplier> flagged_suppliers;
    std::vector<TrendMonth> trend;  // 12 months, oldest first (model/monthly_trend.h)
    UserSatisfaction user_satisfaction;
};

// How many months the trend shows.
inline constexpr int kTrendMonths = 12;

// The summary as `who` may see it on `as_of` (the trend's window and which returns are due
// depend on it), rated with `policy`'s bands and its grace days.
Summary load_summary(store::Connection& conn, const Principal& who, const ScoringPolicy& policy,
                     Date as_of);

// docs/api-shapes.md "Minister's summary": the JSON document (scores to one decimal).
std::string to_json(const Summary& summary);
// The same content as rows of section,key,metric,value.
std::string to_csv(const Summary& summary);

}  // namespace scorecard::reports
