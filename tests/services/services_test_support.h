// A small world shared by the services/ test suites (ingest, http, cli): a fresh migrated
// database per database URL, principals of each role, and the one contract feed and KPI
// returns whose scores the tests work out by hand.
//
// The world (SPEC §5 example, on a contract that starts in 2026-09 so that no earlier
// period is due):
//   GB-GOV-DWP lets DWP-2026-0001 to supplier A (GB-COH-01234567, large), monthly, with
//     CALLS       percent, higher, weight 40, good 95, approaching 90, minimum 85
//     COMPLAINTS  ratio,   lower,  weight 20, good 5,  approaching 8,  minimum 12
//   and DWP-2026-0002 to supplier B (GB-COH-07654321, small), monthly, with
//     VISITS      count,   higher, weight 1,  good 100, approaching 80, minimum 60
//
// Thread safety: plain functions; for_each_database runs its body on the calling thread.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/access.h"
#include "model/calendar.h"
#include "model/domain.h"
#include "model/enums.h"
#include "model/errors.h"
#include "services/ingest.h"
#include "store/database.h"
#include "tests/support/documents.h"
#include "tests/support/printing.h"
#include "tests/support/spec_values.h"
#include "tests/support/test_databases.h"

namespace scorecard::services::testing {

inline constexpr const char* kAuthority = "GB-GOV-DWP";
inline constexpr const char* kSupplierA = "GB-COH-01234567";
inline constexpr const char* kSupplierB = "GB-COH-07654321";
inline constexpr const char* kContractA = "DWP-2026-0001";
inline constexpr const char* kContractB = "DWP-2026-0002";

// Runs `body` on a fresh migrated database of each kind (tests/support/test_databases.h).
using scorecard::testing::for_each_database;

// "2026-10-05T10:00:00Z" -> Timestamp; "2026-10-06" -> Date; "2026-09" -> Period
// (tests/support/spec_values.h). Throw on a typo in a test.
using scorecard::testing::at;
using scorecard::testing::date;
using scorecard::testing::period;

Principal admin_principal();
Principal commercial_principal(std::string authority_id = kAuthority);
Principal supplier_principal(std::string supplier_id);
Principal minister_principal();

// The world's ContractFeed (see above), written by tests/support/documents.h.
std::string world_feed();
// The same feed with CALLS's thresholds changed to good 97, approaching 93, minimum 88,
// taking effect from `effective` ("2026-10"), or, when empty, without an effective attribute.
std::string world_feed_with_stricter_calls(const std::string& effective);

// The contract list as CSV (GET /api/v1/contracts?format=csv, /contracts.csv) once
// kpi_return_a("2026-09", …, "93.2", "4") is in: by SPEC §3, CALLS 93.2 is approaching (75
// points × 40) and COMPLAINTS 4 good (100 × 20), so 2026-09 scores 5000/60 = 83.3,
// approaching; DWP-2026-0002 has no return, so no current period, score or rating.
inline const std::string kScoredWorldContractsCsv =
    "id,title,authority,authority_name,supplier,supplier_name,supplier_size,status,"
    "frequency,start,end,value,currency,current_period,current_score,current_rating\r\n"
    "DWP-2026-0001,Contact centre services,GB-GOV-DWP,Department for Work and Pensions,"
    "GB-COH-01234567,Acme Services Ltd,large,active,monthly,2026-09-01,2028-08-31,"
    "12500000,GBP,2026-09,83.3,approaching\r\n"
    "DWP-2026-0002,Home visits,GB-GOV-DWP,Department for Work and Pensions,"
    "GB-COH-07654321,Brightside Support CIC,small,active,monthly,2026-09-01,2027-08-31,"
    "480000,GBP,,,\r\n";

// A KpiReturn for DWP-2026-0001 with a CALLS and a COMPLAINTS measure, e.g.
// kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"); the figures are numbers as
// the format spells them.
std::string kpi_return_a(const std::string& period, const std::string& submitted,
                         const std::string& calls, const std::string& complaints);

// `xml` as an API upload from `sender` receives it: named "test.xml", received at `received`
// ("2026-10-05T10:00:00Z") and rescored as of that day (services/ingest.h).
IngestRequest api_upload(const std::string& xml, const Principal& sender,
                         const std::string& received);

// The bytes of tests/fixtures/<relative>.
std::string read_fixture(const std::string& relative);
std::string fixture_path(const std::string& relative);

// "\n  file:line:col: message" per problem, for failure messages.
std::string listing(const std::vector<Problem>& problems);
// The first problem with that code, or nullptr.
const Problem* find_problem(const std::vector<Problem>& problems, std::string_view code);

}  // namespace scorecard::services::testing
