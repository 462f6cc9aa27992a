// The world the store tests build by hand, and the helpers they share: two authorities,
// four suppliers and three contracts (seed_world), builders for contracts, KPI versions,
// measures and returns, and transactions in one line. Every test file of tests/store runs
// each case on every database of SCORECARD_TEST_DATABASES (for_each_database), on a fresh
// database per case.
//
// Test-only; plain functions and constants.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "model/domain.h"
#include "model/scoring.h"
#include "store/database.h"
#include "store/repositories.h"
#include "tests/support/printing.h"
#include "tests/support/spec_values.h"
#include "tests/support/test_databases.h"

// How Boost.Test prints the store's values when an assertion about them fails.
namespace scorecard {
inline std::ostream& operator<<(std::ostream& os, const Measure& m) {
    return os << m.kpi_code << " " << m.status << " value " << m.value.value_or(-1) << " ("
              << m.numerator.value_or(-1) << "/" << m.denominator.value_or(-1) << ") '" << m.comment
              << "'";
}
inline std::ostream& operator<<(std::ostream& os, const MeasureScore& m) {
    return os << m.kpi_code << " value " << m.value.value_or(-1) << " " << m.rating << " "
              << m.points << " points, weight " << m.weight;
}
inline std::ostream& operator<<(std::ostream& os, const KpiVersion& v) {
    return os << v.definition.code << "@" << v.effective << (v.withdrawn ? " withdrawn" : "")
              << " weight " << v.definition.weight;
}
namespace store {
inline std::ostream& operator<<(std::ostream& os, Upsert u) {
    return os << (u == Upsert::kCreated   ? "created"
                  : u == Upsert::kUpdated ? "updated"
                                          : "unchanged");
}
}  // namespace store
}  // namespace scorecard

namespace scorecard::store_test {

using scorecard::testing::at;
using scorecard::testing::date;
using scorecard::testing::for_each_database;
using scorecard::testing::period;
using scorecard::testing::Schema;
using scorecard::testing::ScratchDatabase;
using scorecard::testing::test_database_urls;

// A change by `actor` at a time in October 2026.
store::Change by(const std::string& actor, const std::string& when = "2026-10-05T10:00:00Z");

void write(store::Database& db, const std::function<void(store::Connection&)>& work);
// For writes expected to fail with kConflict: one attempt, no retries.
void write_once(store::Database& db, const std::function<void(store::Connection&)>& work);

std::int64_t count_rows(store::Connection& conn, const std::string& table);

// The code of the scorecard::Error that `f` throws; std::logic_error when it throws none.
ErrorCode error_code_of(const std::function<void()>& f);

inline const Authority kDwp{"GB-GOV-DWP", "Department for Work and Pensions"};
inline const Authority kHmrc{"GB-GOV-HMRC", "HM Revenue and Customs"};
inline const Supplier kAcme{"GB-COH-01234567", "Acme Services Ltd", SizeClass::kLarge, true};
inline const Supplier kBolt50{"GB-COH-00000050", "Bolt 50% Ltd", SizeClass::kSmall, false};
inline const Supplier kBolt500{"GB-COH-00000500", "Bolt 500 Ltd", SizeClass::kMicro, false};
inline const Supplier kCharity{"GB-CHC-1234", "Under_Score Trust", SizeClass::kSme, false};

// A monthly contract from 2024-04-01 to 2027-03-31 worth £12.5m, without KPIs.
Contract contract(const std::string& id, const Authority& authority, const Supplier& supplier,
                  const std::string& title, ContractStatus status = ContractStatus::kActive);

// A percent KPI (higher is better; good 95, approaching 90, minimum 85) named after its code.
KpiVersion kpi(const std::string& code, const std::string& effective, double weight,
               bool withdrawn = false);

Measure measured(const std::string& code, double value);

// A return submitted (and received) at `submitted` by "acme-returns".
ReturnVersion return_of(const std::string& contract_id, const std::string& p,
                        const std::string& submitted, std::vector<Measure> measures);

// Two authorities, four suppliers, three contracts:
//   DWP-1  DWP  -> Acme     "Contact centre services"   active
//   DWP-2  DWP  -> Bolt 50% "Digital 50% discount pilot" expired
//   HMRC-1 HMRC -> Bolt 500 "Estates maintenance"        active
void seed_world(store::Database& db);

std::vector<std::string> ids_of(const std::vector<Supplier>& suppliers);
std::vector<std::string> ids_of(const std::vector<Contract>& contracts);
std::vector<std::int64_t> ids_of(const std::vector<Flag>& flags);

// One case of a listing's table test: a filter and the ids it lists, in order.
template <class Filter, class Id>
struct ListingCase {
    const char* name;
    Filter filter;
    std::vector<Id> expected;
};

// Builds a listing's filters case by case: with `auto filter = filter_builder<FlagFilter>()`,
// filter([](auto& f) { f.status = …; }) is a FlagFilter with only that set.
template <class Filter>
auto filter_builder() {
    return [](auto&& set) {
        Filter f;
        set(f);
        return f;
    };
}

// Each case lists exactly its ids in order, and, unless its page cuts the list short, the
// repository's count agrees; the failing case is named.
template <class Repository, class Filter, class Id>
void check_listings(Repository& repo, const std::vector<ListingCase<Filter, Id>>& cases) {
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT("case " << c.name) {
            BOOST_TEST(ids_of(repo.list(c.filter)) == c.expected, boost::test_tools::per_element());
            if (c.filter.page.limit >= 50)
                BOOST_TEST(repo.count(c.filter) == static_cast<std::int64_t>(c.expected.size()));
        }
    }
}

}  // namespace scorecard::store_test
