#include "model/monthly_trend.h"

#include <algorithm>

#include "model/flag_rules.h"

namespace scorecard {
namespace {

// The months a period covers: itself, or the three months of a quarter.
std::vector<Period> months_of(const Period& period) {
    if (period.frequency() == Frequency::kMonthly)
        return {period};
    const int first = (period.index() - 1) * 3 + 1;
    return {Period(Frequency::kMonthly, period.year(), first),
            Period(Frequency::kMonthly, period.year(), first + 1),
            Period(Frequency::kMonthly, period.year(), first + 2)};
}

}  // namespace

MonthlyTrend::MonthlyTrend(Date as_of, int months)
    : as_of_(as_of),
      months_(std::max(1, months)),
      considered_(months_ + kLookback),
      first_(Period::containing(Frequency::kMonthly, as_of)),
      score_sums_(static_cast<std::size_t>(considered_), 0.0),
      scored_(static_cast<std::size_t>(considered_), 0) {
    for (int i = 0; i < considered_; ++i)
        first_ = first_.previous();
}

int MonthlyTrend::index_of(const Period& month) const {
    const int i = (month.year() - first_.year()) * 12 + (month.index() - first_.index());
    return i >= 0 && i < considered_ ? i : -1;
}

void MonthlyTrend::add_contract(const Contract& contract, int grace_days) {
    std::vector<unsigned char>& marks = marks_[contract.id];
    marks.assign(static_cast<std::size_t>(considered_), 0);
    Period month = first_;
    for (std::size_t i = 0; i < marks.size(); ++i, month = month.next()) {
        const Period covering = Period::containing(contract.frequency, month.first_day());
        if (reports_for(contract, covering))
            marks[i] |= kReports;
        if (return_due(covering, grace_days, as_of_))
            marks[i] |= kDue;
    }
}

void MonthlyTrend::add_return(const std::string& contract_id, const PeriodScore& period) {
    auto found = marks_.find(contract_id);
    if (found == marks_.end())
        return;
    for (const Period& month : months_of(period.period)) {
        const int i = index_of(month);
        if (i < 0)
            continue;
        unsigned char& mark = found->second[static_cast<std::size_t>(i)];
        if (mark & kReturned)
            continue;  // one return per contract and month
        mark |= kReturned;
        if (period.score) {
            score_sums_[static_cast<std::size_t>(i)] += *period.score;
            ++scored_[static_cast<std::size_t>(i)];
        }
    }
}

Date MonthlyTrend::first_period_start() const {
    return Period::containing(Frequency::kQuarterly, first_.first_day()).first_day();
}

Date MonthlyTrend::last_period_start() const {
    return Period::containing(Frequency::kMonthly, as_of_).previous().first_day();
}

std::vector<TrendMonth> MonthlyTrend::months() const {
    std::vector<TrendMonth> all(static_cast<std::size_t>(considered_));
    std::vector<int> due(all.size(), 0);
    Period month = first_;
    for (std::size_t i = 0; i < all.size(); ++i, month = month.next()) {
        TrendMonth& m = all[i];
        m.month = month;
        m.scored = scored_[i];
        if (m.scored > 0)
            m.mean_score = score_sums_[i] / static_cast<double>(m.scored);
        for (const auto& [id, marks] : marks_) {
            const unsigned char mark = marks[i];
            if (!(mark & (kReports | kReturned)))
                continue;
            ++m.expected;
            if (mark & kReturned)
                ++m.returned;
            if (mark & kDue)
                ++due[i];
            else if (!(mark & kReturned))
                m.provisional = true;  // may still arrive on time
        }
    }
    // Every month considered has ended (they are before as_of's month); one is in progress
    // while none of its returns is due. When every one is (grace days of a year or more),
    // the calendar's months are shown, provisional.
    int latest = considered_ - 1;
    while (latest >= 0 && all[static_cast<std::size_t>(latest)].expected > 0 &&
           due[static_cast<std::size_t>(latest)] == 0)
        --latest;
    if (latest < 0)
        latest = considered_ - 1;
    const int first = std::max(0, latest - months_ + 1);
    return {all.begin() + first, all.begin() + first + months_};
}

}  // namespace scorecard
