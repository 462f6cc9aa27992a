// The annual performance report of one contracting authority for one calendar year
// (issue #7): every contract of the authority with a scored period starting in the year,
// its period scores and ratings, its mean for the year; the distribution of period
// ratings; large suppliers against SMEs. A read model with one JSON and one CSV writer; the
// /reports/annual page draws it (services/http/pages/dashboard.cpp).
//
// Scores are the stored ones (SPEC §3); nothing is rescored here. Who may see it: ministers
// and admins any authority, a commercial user their own (SPEC §1); suppliers none.
//
// Thread safety: plain values; load_annual_report() uses the caller's Connection on its
// thread.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "model/rating.h"
#include "store/database.h"

namespace scorecard::reports {

struct AnnualPeriod {
    Period period;
    std::optional<double> score;
    Rating rating = Rating::kMissing;
};

struct AnnualContract {
    std::string id;
    std::string title;
    std::string supplier_id;
    std::string supplier_name;
    SizeClass supplier_size = SizeClass::kLarge;
    double value = 0;
    std::string currency;
    std::vector<AnnualPeriod> periods;  // scored periods starting in the year, ascending
    std::optional<double> mean;         // plain mean of the periods' scores in the year
};

struct AnnualReport {
    Authority authority;
    int year = 0;
    std::vector<AnnualContract> contracts;  // by id
    // How many contract periods of the year were rated each way (index: Rating's order).
    std::array<int, 6> period_ratings{};
    std::optional<double> mean;        // mean of every period score of the year
    std::optional<double> mean_large;  // of the periods of large suppliers' contracts
    std::optional<double> mean_sme;    // of SMEs' (micro, small, medium, sme)
};

// How many contract periods of the year were rated `rating`.
inline int periods_rated(const AnnualReport& report, Rating rating) {
    return report.period_ratings[static_cast<std::size_t>(rating)];
}

// Throws Error::NotFound (no such authority), Error::Forbidden (who may not see it),
// Error::BadRequest (a year outside 2000..2100).
AnnualReport load_annual_report(store::Connection& conn, const std::string& authority_id, int year,
                                const Principal& who);

// {"authority":{"id","name"},"year","contracts":[{"id","title","supplier","supplier_name",
//  "size","value","currency","periods":[{"period","score","rating"}],"mean"}],
//  "period_ratings":{"good",…,"other","missing"},"mean","mean_large","mean_sme"};
// scores to one decimal (SPEC §3.3), null when there is none.
std::string to_json(const AnnualReport& report);

// One line per contract and scored period:
// authority,year,contract,title,supplier,supplier_name,size,period,score,rating,contract_mean
std::string to_csv(const AnnualReport& report);

}  // namespace scorecard::reports
