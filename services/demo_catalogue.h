// What the demo data set is made from (SPEC §6 `scorecard demo`): who buys, who supplies,
// which services they buy and which KPIs measure them, and how contracts perform. The data
// is etc/demo/catalogue.json, compiled into the binary; docs/demo.md explains every field.
// services/demo_data.cpp expands a catalogue into documents.
//
// Thread safety: plain values; builtin_demo_catalogue() is initialised once, thread-safely.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "model/domain.h"

namespace scorecard::services {

// A KPI a service may be measured by, and how suppliers report it.
struct DemoKpiTemplate {
    KpiDefinition definition;    // weight: the usual one, before a contract's own adjustment
    double low = 0, high = 100;  // the plausible range of a reported value
    int decimals = 1;            // how the supplier reports it: 0, 1 or 2 decimals
    // Volumes for counted percentages, to report numerator/denominator as evidence; 0 when
    // the KPI carries none.
    int volume_low = 0, volume_high = 0;
};

struct DemoSector {
    std::string name;
    std::vector<std::string> supplier_words;  // "Facilities", "Property Services", ...
};

struct DemoService {
    std::string title;       // a contract's title
    std::size_t sector = 0;  // index into DemoCatalogue::sectors
    std::vector<DemoKpiTemplate> kpis;
};

struct DemoAuthority {
    std::string code;  // the org id's last part (GB-GOV-DWP) and the contract id prefix
    std::string name;
    int weight = 1;  // relative share of contracts
};

// A range [low, high] of whole numbers, both included.
struct DemoRange {
    int low = 0, high = 0;
};

// A range of amounts in pounds.
struct DemoAmount {
    double low = 0, high = 0;
};

// Every field comes from the data file (parse_demo_catalogue requires each one); the
// numbers of what happens by chance are whole percentages, so that the data says exactly
// the probability the generator uses.
struct DemoCatalogue {
    std::vector<DemoAuthority> authorities;  // the real ones, in order
    // Beyond the real list: "<adjective> <subject> <body>", e.g. "National Records Agency".
    struct {
        int weight = 0;
        std::vector<std::string> adjectives, subjects, bodies;
    } invented_authorities;
    std::vector<DemoSector> sectors;

    struct {
        int percent_large = 0, percent_medium = 0, percent_small = 0;  // micro: the rest
        int percent_of_large_strategic = 0;
        int percent_charities_among_smes = 0;
        std::vector<std::size_t> charity_sectors;  // indices into sectors
        int sectors_of_large = 0, sectors_of_strategic = 0;
        // Indexed by size_index(): strategic, large, medium, small, micro.
        std::array<int, 5> contract_draw_weight{};
        std::array<DemoAmount, 5> contract_value{};
        struct {
            std::vector<std::string> prefixes, regions, sme_suffixes, large_words, large_suffixes,
                charity_forms;
        } names;
    } suppliers;

    std::vector<DemoService> services;
    std::vector<DemoKpiTemplate> generic_kpis;  // social value and financial, for any service

    struct {
        int percent_monthly = 0;
        int percent_with_region_in_title = 0;
        DemoRange start_months_before_window;
        DemoRange term_years;
        int percent_expired = 0, per_mille_terminated = 0;
        int percent_with_user_satisfaction = 0;
        std::vector<double> weight_factors;  // one drawn per KPI, times its usual weight
    } contracts;

    struct {
        DemoRange healthy_percent_good;  // each healthy contract's chance of a good KPI
        // A healthy contract's KPI that is not good is approaching, requires improvement or
        // inadequate in these percentages (they add up to 100).
        int otherwise_approaching = 0, otherwise_requires_improvement = 0, otherwise_inadequate = 0;
        // Percent of all contracts following each pattern (the rest are healthy).
        int declining = 0, persistent = 0, inadequate = 0, low_score = 0, missing = 0;
        DemoRange persistent_periods;
        double revision_tighten_by = 0, revision_add_weight = 0;
    } performance;

    struct {
        DemoRange submitted_days_after_period;
        DemoRange office_hours;
        int percent_not_applicable_per_kpi = 0;
        int percent_with_evidence = 0;
        int percent_shortfalls_explained = 0;
        int contracts_per_amendment = 0;
    } returns;

    struct {
        std::vector<std::string> not_applicable, shortfall;
        std::string survey_not_run, correction;
    } reasons;

    int supplier_accounts = 0;
};

// Where suppliers.contract_draw_weight and contract_value keep a supplier's entry.
inline constexpr std::size_t kStrategicIndex = 0;
inline std::size_t size_index(const Supplier& s) {
    if (s.strategic)
        return kStrategicIndex;
    switch (s.size) {
        case SizeClass::kLarge:
            return 1;
        case SizeClass::kMedium:
            return 2;
        case SizeClass::kSmall:
            return 3;
        default:
            return 4;  // micro (and sme, which the demo never draws)
    }
}

// Parses and checks a catalogue in the form of etc/demo/catalogue.json. Throws
// std::invalid_argument naming the field that is missing or wrong ("services[3].kpis[0]:
// thresholds must be strictly ordered ...").
DemoCatalogue parse_demo_catalogue(std::string_view json);

// etc/demo/catalogue.json as compiled in.
const DemoCatalogue& builtin_demo_catalogue();

}  // namespace scorecard::services
