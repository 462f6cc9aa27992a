// The realistic demo data set (SPEC §6 `scorecard demo`) as XML documents of our own
// formats (SPEC §5), so that loading the demo goes through the real import pipeline.
//
// What the data is made from (authorities, supplier names, services, KPI templates,
// performance profiles) is data: etc/demo/catalogue.json (services/demo_catalogue.h). This
// expands it into authorities, suppliers, contracts and returns and writes them with the
// one writer of our formats (importers/xml_writer.h).
//
// generate_demo_data() is a pure function of its options: the same options give
// byte-identical documents on every platform (own PRNG, no <random> distributions, numbers
// formatted without the locale). The sizes are parameters so that benchmarks can reuse
// the generator at a much larger scale; the streaming overload hands documents over one at
// a time without holding the whole set. docs/demo.md describes what the data contains.
//
// Thread safety: pure functions; no shared state.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "model/enums.h"

namespace scorecard::services {

struct DemoCatalogue;

struct DemoSize {
    int authorities = 10;  // real UK departments first, then plausible agencies
    int suppliers = 150;   // about 15% large (8 of them strategic), the rest SMEs
    int contracts = 500;   // every supplier gets one when there are enough
    int months = 24;       // the reporting window: the `months` months before `reference`
    int min_kpis = 3;      // KPIs per contract, at least 1
    int max_kpis = 8;      // at most 8 (the largest catalogue per service has 8 or more)
};

struct DemoOptions {
    DemoSize size;
    std::uint64_t seed = 20261101;
    // Returns cover the periods that end inside the window and before this date; evaluate
    // flags a few weeks after it (e.g. reference + 20 days) to see every rule fire.
    Date reference{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{1}};
    // What the data is made from; nullptr for etc/demo/catalogue.json as compiled in. Not
    // owned: it must outlive the generation.
    const DemoCatalogue* catalogue = nullptr;
};

struct DemoDocument {
    // A relative path naming the document, e.g. "feeds/GB-GOV-DWP.xml" or
    // "returns/GB-GOV-DWP/2026-09.xml" (the month the returns in it were submitted).
    std::string name;
    std::string xml;
};

// An account the demo creates (no password or token: the caller issues those).
struct DemoAccount {
    std::string name;  // "admin", "minister", "commercial.dwp", "supplier.gb-coh-01234567"
    Role role = Role::kMinister;
    std::string authority_id;  // commercial accounts only
    std::string supplier_id;   // supplier accounts only
};

struct DemoDataSet {
    std::vector<DemoDocument> feeds;    // import these first (ContractFeed documents)
    std::vector<DemoDocument> returns;  // then these, in order (KpiReturns documents)
    std::vector<DemoAccount> accounts;
};

DemoDataSet generate_demo_data(const DemoOptions& options = {});

// The same documents in the same order (every feed, then every return batch), handed to
// `sink` one at a time; memory stays proportional to the number of contracts.
void generate_demo_data(const DemoOptions& options,
                        const std::function<void(const DemoDocument&)>& sink);

// The accounts alone (cheap: no documents are generated).
std::vector<DemoAccount> demo_accounts(const DemoOptions& options = {});

}  // namespace scorecard::services
