#include "tests/services/services_test_support.h"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "store/migrations.h"
#include "tests/support/test_databases.h"

namespace scorecard::services::testing {

Principal admin_principal() {
    return {"admin", Role::kAdmin, "", ""};
}
Principal commercial_principal(std::string authority_id) {
    return {"commercial.dwp", Role::kCommercial, std::move(authority_id), ""};
}
Principal supplier_principal(std::string supplier_id) {
    return {"supplier." + supplier_id, Role::kSupplier, "", std::move(supplier_id)};
}
Principal minister_principal() {
    return {"minister", Role::kMinister, "", ""};
}

namespace {

std::string feed_with_calls(const std::string& calls_kpi) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<ContractFeed xmlns="urn:scorecard:1" generated="2026-09-01T09:00:00Z">
  <Authority id="GB-GOV-DWP" name="Department for Work and Pensions"/>
  <Supplier id="GB-COH-01234567" name="Acme Services Ltd" size="large"/>
  <Supplier id="GB-COH-07654321" name="Brightside Support CIC" size="small"/>
  <Contract id="DWP-2026-0001" authority="GB-GOV-DWP" supplier="GB-COH-01234567"
            title="Contact centre services" start="2026-09-01" end="2028-08-31"
            value="12500000.00" currency="GBP" frequency="monthly">
)" + calls_kpi +
           R"(
    <Kpi code="COMPLAINTS" name="Complaints per 10,000 calls" unit="ratio"
         direction="lower" weight="20" good="5" approaching="8" minimum="12"/>
  </Contract>
  <Contract id="DWP-2026-0002" authority="GB-GOV-DWP" supplier="GB-COH-07654321"
            title="Home visits" start="2026-09-01" end="2027-08-31"
            value="480000" currency="GBP" frequency="monthly">
    <Kpi code="VISITS" name="Home visits made" unit="count"
         direction="higher" weight="1" good="100" approaching="80" minimum="60"/>
  </Contract>
</ContractFeed>
)";
}

}  // namespace

std::string world_feed() {
    return feed_with_calls(
        R"(    <Kpi code="CALLS" name="Calls answered within 60 seconds" unit="percent"
         direction="higher" weight="40" good="95" approaching="90" minimum="85"/>)");
}

std::string world_feed_with_stricter_calls(const std::string& effective) {
    std::string attribute = effective.empty() ? "" : " effective=\"" + effective + "\"";
    return feed_with_calls(
        R"(    <Kpi code="CALLS" name="Calls answered within 60 seconds" unit="percent"
         direction="higher" weight="40" good="97" approaching="93" minimum="88")" +
        attribute + "/>");
}

std::string kpi_return_a(const std::string& period, const std::string& submitted,
                         const std::string& calls, const std::string& complaints) {
    return "<KpiReturn xmlns=\"urn:scorecard:1\" contract=\"DWP-2026-0001\" period=\"" + period +
           "\" submitted=\"" + submitted + "\">\n  <Measure kpi=\"CALLS\" value=\"" + calls +
           "\"/>\n  <Measure kpi=\"COMPLAINTS\" value=\"" + complaints + "\"/>\n</KpiReturn>\n";
}

std::string fixture_path(const std::string& relative) {
    return std::string(SCORECARD_SOURCE_DIR) + "/tests/fixtures/" + relative;
}

std::string read_fixture(const std::string& relative) {
    std::ifstream in(fixture_path(relative), std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read fixture " + relative);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string listing(const std::vector<Problem>& problems) {
    std::string out;
    for (const Problem& p : problems)
        out += "\n  " + p.to_string() + " [" + p.code + "]";
    return out;
}

const Problem* find_problem(const std::vector<Problem>& problems, std::string_view code) {
    for (const Problem& p : problems)
        if (p.code == code)
            return &p;
    return nullptr;
}

}  // namespace scorecard::services::testing
