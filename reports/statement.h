// A supplier's own performance statement for one calendar year (issue #7, SPEC §6 "a
// supplier's own performance statement"): the supplier and its size class; for each of its
// contracts running in the year, the authority, the scored periods starting in the year with
// their stored score and rating, and the contract's mean for the year; the mean of every
// period of the year; its open flags, its partnership reviews and its disputes. A read
// model with one JSON and one CSV writer; the /statement page draws it
// (services/http/pages/dashboard.cpp).
//
// Scores are the stored ones (SPEC §3), as in the annual report (reports/annual.h); nothing
// is rescored here. Who may see it: the supplier itself, ministers and admins (a commercial
// user sees only its authority's part of a supplier, on the supplier scorecard).
//
// Thread safety: plain values; load_supplier_statement() uses the caller's Connection on its
// thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "model/rating.h"
#include "store/database.h"

namespace scorecard::reports {

struct StatementPeriod {
    Period period;
    std::optional<double> score;  // unrounded; nullopt when every KPI was not applicable
    Rating rating = Rating::kMissing;
};

struct StatementContract {
    std::string id;
    std::string title;
    std::string authority_id;
    std::string authority_name;
    ContractStatus status = ContractStatus::kActive;
    std::vector<StatementPeriod> periods;  // scored periods starting in the year, ascending
    std::optional<double> mean;            // plain mean of those periods' scores
};

struct SupplierStatement {
    Supplier supplier;
    int year = 0;
    // The supplier's contracts whose dates overlap the year, by id.
    std::vector<StatementContract> contracts;
    std::optional<double> mean;     // plain mean of every period score of the year
    int periods_scored = 0;         // how many contract periods of the year have a stored score
    std::vector<Flag> open_flags;   // open now, newest first
    std::vector<Review> reviews;    // opened in the year or open now, newest first
    std::vector<Dispute> disputes;  // raised in the year or open now, newest first
};

// Throws Error::NotFound (no such supplier), Error::Forbidden (who may not see it),
// Error::BadRequest (a year outside 2000..2100).
SupplierStatement load_supplier_statement(store::Connection& conn, const std::string& supplier_id,
                                          int year, const Principal& who);

// {"supplier":{"id","name","size","strategic"},"year","contracts":[{"id","title",
//  "authority","authority_name","status","periods":[{"period","score","rating"}],"mean"}],
//  "mean","periods_scored","open_flags":[…],"reviews":[…],"disputes":[…]}: scores to one
// decimal, null when there is none; flags, reviews (without comments) and disputes in their
// one JSON form (reports/entity_json.h).
std::string to_json(const SupplierStatement& statement);

// One line per contract and scored period (a contract without one gets a line with empty
// period, score and rating):
// supplier,supplier_name,size,year,contract,title,authority,period,score,rating,contract_mean
// Scores to one decimal, as shown (SPEC §3.3).
std::string to_csv(const SupplierStatement& statement);

}  // namespace scorecard::reports
