#include "tests/services/services_test_support.h"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "store/migrations.h"
#include "tests/support/documents.h"
#include "tests/support/test_databases.h"

namespace scorecard::services::testing {

using scorecard::testing::contract;
using scorecard::testing::FeedBuilder;
using scorecard::testing::kpi;
using scorecard::testing::kpi_return;
using scorecard::testing::measured;
using scorecard::testing::return_xml;

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

IngestRequest api_upload(const std::string& xml, const Principal& sender,
                         const std::string& received) {
    IngestRequest request;
    request.bytes = xml;
    request.sender = sender;
    request.channel = Channel::kApiUpload;
    request.source = "test.xml";
    request.received = at(received);
    request.as_of = date_of(request.received);
    return request;
}

namespace {

double number(const std::string& text) {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used != text.size())
        throw std::invalid_argument("not a number: " + text);
    return value;
}

KpiDefinition calls(KpiThresholds thresholds) {
    return kpi("CALLS", "Calls answered within 60 seconds", Unit::kPercent, Direction::kHigher, 40,
               thresholds);
}

// The world's feed with `calls` as DWP-2026-0001's CALLS KPI.
std::string feed_with_calls(const KpiDefinition& calls, std::optional<Period> effective) {
    return FeedBuilder()
        .generated("2026-09-01T09:00:00Z")
        .authority(kAuthority, "Department for Work and Pensions")
        .supplier(kSupplierA, "Acme Services Ltd", SizeClass::kLarge)
        .supplier(kSupplierB, "Brightside Support CIC", SizeClass::kSmall)
        .contract(contract(kContractA, kAuthority, kSupplierA, "Contact centre services",
                           "2026-09-01", "2028-08-31", 12500000, Frequency::kMonthly))
        .kpi(calls, effective)
        .kpi(kpi("COMPLAINTS", "Complaints per 10,000 calls", Unit::kRatio, Direction::kLower, 20,
                 {5, 8, 12}))
        .contract(contract(kContractB, kAuthority, kSupplierB, "Home visits", "2026-09-01",
                           "2027-08-31", 480000, Frequency::kMonthly))
        .kpi(kpi("VISITS", "Home visits made", Unit::kCount, Direction::kHigher, 1, {100, 80, 60}))
        .xml();
}

}  // namespace

std::string world_feed() {
    return feed_with_calls(calls({95, 90, 85}), std::nullopt);
}

std::string world_feed_with_stricter_calls(const std::string& effective) {
    return feed_with_calls(calls({97, 93, 88}),
                           effective.empty() ? std::nullopt : std::optional(period(effective)));
}

std::string kpi_return_a(const std::string& period, const std::string& submitted,
                         const std::string& calls, const std::string& complaints) {
    return return_xml(
        kpi_return(kContractA, period, submitted,
                   {measured("CALLS", number(calls)), measured("COMPLAINTS", number(complaints))}));
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
