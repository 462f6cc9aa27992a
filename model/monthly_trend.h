// The minister's monthly trend (docs/api-shapes.md "trend"): for each calendar month, the
// mean score of the contracts with a scored period covering it, and how far that month's
// returns have come in, so that a month whose returns are still arriving is not read as
// complete.
//
// The rules, each asked of flag_rules.h rather than worked out again:
// - A contract reports for a month when it reports_for() the period of its frequency that
//   covers the month (a quarterly period covers each of its three months, so monthly and
//   quarterly contracts share one axis). A contract that returned for it counts too.
// - Its return for the month is due when return_due() with the grace days of its supplier's
//   size group (SizeGroupPolicy::grace_days); until then it may still arrive on time.
// - A month is in progress until it has ended and at least one return covering it is due.
//   Months in progress are left out: the trend is the `months` months up to the latest month
//   before as_of's month that is not in progress.
// - A month is provisional while a contract that reports for it has not returned and its
//   return is not due yet: its figures may still change.
//
// Thread safety: a plain value; fill it on one thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "model/domain.h"
#include "model/scoring.h"

namespace scorecard {

struct TrendMonth {
    Period month;                      // a monthly period
    std::optional<double> mean_score;  // unrounded; nullopt when no contract has a score for it
    int scored = 0;                    // contracts whose score is in the mean
    int returned = 0;  // contracts with a return for a period covering the month (a return
                       // whose KPIs were all not applicable has no score)
    int expected = 0;  // contracts that report for the month (returned or not)
    bool provisional = false;
    bool operator==(const TrendMonth&) const = default;
};

class MonthlyTrend {
  public:
    // How many months before the trend's latest month are considered, so that the window
    // can step back over months in progress (a quarter ends up to two months after its
    // first month, and grace days add to that).
    static constexpr int kLookback = 12;

    // A trend of `months` months (at least 1) as the returns stand at `as_of`.
    MonthlyTrend(Date as_of, int months);

    // A contract to count, with its KPI versions; `grace_days` of its supplier's size group.
    // Each contract once.
    void add_contract(const Contract& contract, int grace_days);
    // A stored period score (a return) of a contract added before; others are ignored, as
    // are periods that cover none of the months considered.
    void add_return(const std::string& contract_id, const PeriodScore& period);

    // The first and last start dates of a period that can cover a month considered: the
    // range of stored period scores to pass to add_return().
    Date first_period_start() const;
    Date last_period_start() const;

    // The trend's months, oldest first.
    std::vector<TrendMonth> months() const;

  private:
    // What a contract is for one month considered.
    enum Mark : unsigned char { kReports = 1, kDue = 2, kReturned = 4 };

    Date as_of_;
    int months_;
    int considered_;                                           // months_ + kLookback
    Period first_;                                             // the earliest month considered
    std::map<std::string, std::vector<unsigned char>> marks_;  // by contract, by month
    std::vector<double> score_sums_;                           // by month
    std::vector<int> scored_;                                  // by month

    int index_of(const Period& month) const;  // -1 outside the months considered
};

}  // namespace scorecard
