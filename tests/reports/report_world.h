// A small world built by hand through the repositories, for the report tests: two
// authorities, three suppliers, five contracts, their returns, stored scores, flags, a
// dispute and a review. Every number the reports show is worked out in the comments here
// and in the tests, from SPEC §3.
//
// Test-only. One World per database; not shared between threads.
#pragma once

#include <memory>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "model/access.h"
#include "model/calendar.h"
#include "reports/scorecards.h"
#include "store/database.h"
#include "tests/support/test_databases.h"

namespace scorecard::reports_test {

inline constexpr const char* kDwp = "GB-GOV-DWP";
inline constexpr const char* kHmrc = "GB-GOV-HMRC";
inline constexpr const char* kAcme = "GB-COH-01234567";         // large, strategic
inline constexpr const char* kSmall = "GB-COH-07654321";        // small
inline constexpr const char* kBig = "GB-COH-00000003";          // large, no contracts
inline constexpr const char* kContactCentre = "DWP-2024-0001";  // Acme, monthly
inline constexpr const char* kTraining = "DWP-2025-0002";       // Small Co, quarterly
inline constexpr const char* kHelpline = "HMRC-2026-0003";      // Acme, monthly, HMRC
inline constexpr const char* kLegacy = "DWP-2023-0004";         // Acme, expired, no KPIs
inline constexpr const char* kNewService = "DWP-2026-0005";     // Small Co, no returns yet

// The reports' as-of date in every test.
Date as_of();

class World {
  public:
    explicit World(const std::string& base_url);

    store::Connection& conn() { return **conn_; }
    const std::string& kind() const { return scratch_.kind(); }

    // Flag ids as stored.
    std::int64_t low_score_flag = 0;         // contact centre, medium, open
    std::int64_t missing_contact_flag = 0;   // contact centre, low, open
    std::int64_t missing_helpline_flag = 0;  // helpline (HMRC), high, open
    std::int64_t resolved_flag = 0;          // training, high, resolved

  private:
    testing::ScratchDatabase scratch_;
    std::unique_ptr<store::Database> db_;
    std::unique_ptr<store::PooledConnection> conn_;
};

Principal minister();
Principal commercial(const std::string& authority_id);
Principal supplier_user(const std::string& supplier_id);

// The rendered JSON parsed back.
Poco::JSON::Object::Ptr parse(const reports::Rendered& rendered);
// The CSV body split into lines (CRLF removed); fails the test if a line lacks its CRLF.
std::vector<std::string> lines(const reports::Rendered& rendered);

}  // namespace scorecard::reports_test
