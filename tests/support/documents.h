// Valid documents of our own formats (SPEC §5) for tests: built as domain values and written
// by the one writer (importers/xml_writer.h), so that a test says what a document holds and
// never how to spell or escape it. Tests of malformed or invalid input keep writing their
// bad XML by hand: that is what they test.
//
//   std::string feed = FeedBuilder()
//       .authority("GB-GOV-DWP", "Department for Work and Pensions")
//       .supplier("GB-COH-01234567", "Acme Services Ltd", SizeClass::kLarge)
//       .contract(contract("DWP-2026-0001", "GB-GOV-DWP", "GB-COH-01234567", "Calls",
//                          "2026-09-01", "2028-08-31", 100000, Frequency::kMonthly))
//       .kpi(kpi("CALLS", "Calls answered", Unit::kPercent, Direction::kHigher, 40,
//                {95, 90, 85}))
//       .xml();
//
// Thread safety: plain values and functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/documents.h"
#include "model/domain.h"
#include "tests/support/spec_values.h"

namespace scorecard::testing {

// A KPI definition; thresholds are {good, approaching, minimum}. No category.
KpiDefinition kpi(std::string code, std::string name, Unit unit, Direction direction, double weight,
                  KpiThresholds thresholds);

// An active contract in GBP, with no KPIs (a feed gives them: FeedBuilder::kpi).
Contract contract(std::string id, std::string authority_id, std::string supplier_id,
                  std::string title, std::string_view start, std::string_view end, double value,
                  Frequency frequency);

Measure measured(std::string kpi, double value);
Measure not_applicable(std::string kpi, std::string reason);

KpiReturn kpi_return(std::string contract_id, std::string_view period_text,
                     std::string_view submitted, std::vector<Measure> measures);

// <KpiReturn> and <KpiReturns> documents.
std::string return_xml(const KpiReturn& figures);
std::string returns_xml(const std::vector<KpiReturn>& batch);

// A ContractFeed, part by part in document order. kpi() adds to the last contract().
class FeedBuilder {
  public:
    FeedBuilder& generated(std::string_view iso);
    FeedBuilder& authority(std::string id, std::string name);
    FeedBuilder& supplier(std::string id, std::string name, SizeClass size, bool strategic = false);
    FeedBuilder& contract(Contract contract);
    // `effective`: the first period the definition applies to; none lets the services decide.
    FeedBuilder& kpi(KpiDefinition definition, std::optional<Period> effective = std::nullopt);
    FeedBuilder& kpi_return(KpiReturn figures);

    const importers::ContractFeedDocument& document() const { return feed_; }
    std::string xml() const;

  private:
    importers::ContractFeedDocument feed_;
};

}  // namespace scorecard::testing
