// The demo data set (SPEC §6 `scorecard demo`): deterministic, the sizes the brief asks for,
// every document valid for the real importers, and realistic enough that every flag rule
// fires somewhere while most suppliers do well.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <unistd.h>

#include "importers/documents.h"
#include "importers/feed_rules.h"
#include "importers/return_rules.h"
#include "model/access.h"
#include "model/flag_rules.h"
#include "model/scoring.h"
#include "services/demo_catalogue.h"
#include "services/demo_data.h"

using namespace scorecard;
using namespace scorecard::services;

namespace {

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::string listing(const std::vector<Problem>& problems) {
    std::string out;
    for (const Problem& p : problems)
        out += "\n  " + p.to_string();
    return out;
}

// What the documents say once imported, rebuilt from parse_document() the way the import
// pipeline stores it: KPI versions merged across feeds, every return version kept.
struct World {
    std::set<std::string> authorities;
    std::map<std::string, Supplier> suppliers;
    std::map<std::string, Contract> contracts;
    // Every version of every return, in document order, with the document's index.
    struct Submitted {
        KpiReturn figures;
        std::size_t document = 0;
    };
    std::vector<Submitted> returns;
    std::vector<Problem> problems;  // from parsing and from the rules that need the world

    // The current version of each (contract, period): the one submitted last.
    std::map<std::string, std::vector<KpiReturn>> current_returns() const {
        std::map<std::pair<std::string, std::string>, const KpiReturn*> latest;
        for (const Submitted& s : returns) {
            auto key = std::pair{s.figures.contract_id, s.figures.period.to_string()};
            auto [it, inserted] = latest.try_emplace(key, &s.figures);
            if (!inserted && it->second->submitted < s.figures.submitted)
                it->second = &s.figures;
        }
        std::map<std::string, std::vector<KpiReturn>> out;
        for (const auto& [key, r] : latest)
            out[key.first].push_back(*r);
        return out;
    }
};

void merge_contract(World& world, const importers::ParsedContract& parsed) {
    auto [it, inserted] = world.contracts.try_emplace(parsed.contract.id, parsed.contract);
    Contract& c = it->second;
    if (!inserted) {
        std::vector<KpiVersion> kept = std::move(c.kpis);
        c = parsed.contract;
        c.kpis = std::move(kept);
    }
    for (const importers::ParsedKpi& k : parsed.kpis) {
        BOOST_TEST_REQUIRE(k.effective.has_value(),
                           parsed.contract.id << " " << k.definition.code << " has no effective");
        const KpiVersion* latest = nullptr;
        for (const KpiVersion& v : c.kpis) {
            if (v.definition.code == k.definition.code &&
                (latest == nullptr || latest->effective < v.effective))
                latest = &v;
        }
        if (latest == nullptr || !(latest->definition == k.definition))
            c.kpis.push_back(KpiVersion{k.definition, *k.effective, false});
    }
    std::stable_sort(c.kpis.begin(), c.kpis.end(), [](const KpiVersion& a, const KpiVersion& b) {
        return std::tie(a.definition.code, a.effective) < std::tie(b.definition.code, b.effective);
    });
}

World import(const DemoDataSet& data) {
    World world;
    const Principal admin{"admin", Role::kAdmin, "", ""};
    importers::FeedLookups lookups{
        [&](const std::string& id) { return world.authorities.count(id) != 0; },
        [&](const std::string& id) { return world.suppliers.count(id) != 0; },
        [&](const std::string& id) -> std::optional<Contract> {
            auto it = world.contracts.find(id);
            return it == world.contracts.end() ? std::nullopt : std::optional{it->second};
        }};
    std::size_t index = 0;
    for (const DemoDocument& doc : data.feeds) {
        importers::ParseResult r = importers::parse_document(doc.xml, doc.name);
        BOOST_TEST((r.kind == importers::DocumentKind::kContractFeed), doc.name);
        world.problems.insert(world.problems.end(), r.problems.begin(), r.problems.end());
        auto rules = importers::check_feed(r.feed, lookups, admin, doc.name);
        world.problems.insert(world.problems.end(), rules.begin(), rules.end());
        for (const auto& a : r.feed.authorities)
            world.authorities.insert(a.authority.id);
        for (const auto& s : r.feed.suppliers)
            world.suppliers[s.supplier.id] = s.supplier;
        for (const auto& c : r.feed.contracts)
            merge_contract(world, c);
        ++index;
    }
    for (const DemoDocument& doc : data.returns) {
        importers::ParseResult r = importers::parse_document(doc.xml, doc.name);
        BOOST_TEST((r.kind == importers::DocumentKind::kKpiReturns), doc.name);
        world.problems.insert(world.problems.end(), r.problems.begin(), r.problems.end());
        for (const importers::ParsedReturn& ret : r.returns) {
            auto it = world.contracts.find(ret.figures.contract_id);
            auto rules = importers::check_return(
                ret, it == world.contracts.end() ? nullptr : &it->second, admin, doc.name);
            world.problems.insert(world.problems.end(), rules.begin(), rules.end());
            world.returns.push_back({ret.figures, index});
        }
        ++index;
    }
    return world;
}

// The default demo, generated and imported once for the whole suite.
struct Demo {
    DemoOptions options;
    DemoDataSet data = generate_demo_data(options);
    World world = import(data);
    Date as_of = add_days(options.reference, 20);
};

const Demo& demo() {
    static const Demo instance;
    return instance;
}

bool ordered(const KpiDefinition& k) {
    const KpiThresholds& t = k.thresholds;
    return k.direction == Direction::kHigher
               ? t.good >= t.approaching && t.approaching >= t.minimum
               : t.good <= t.approaching && t.approaching <= t.minimum;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(demo_data)

BOOST_AUTO_TEST_CASE(the_same_options_give_byte_identical_documents) {
    const DemoDataSet again = generate_demo_data(DemoOptions{});
    const DemoDataSet& first = demo().data;
    BOOST_TEST_REQUIRE(again.feeds.size() == first.feeds.size());
    BOOST_TEST_REQUIRE(again.returns.size() == first.returns.size());
    for (std::size_t i = 0; i < first.feeds.size(); ++i) {
        BOOST_TEST(again.feeds[i].name == first.feeds[i].name);
        BOOST_TEST((again.feeds[i].xml == first.feeds[i].xml), first.feeds[i].name);
    }
    for (std::size_t i = 0; i < first.returns.size(); ++i) {
        BOOST_TEST(again.returns[i].name == first.returns[i].name);
        BOOST_TEST((again.returns[i].xml == first.returns[i].xml), first.returns[i].name);
    }
    BOOST_TEST_REQUIRE(again.accounts.size() == first.accounts.size());
    for (std::size_t i = 0; i < first.accounts.size(); ++i)
        BOOST_TEST(again.accounts[i].name == first.accounts[i].name);
}

BOOST_AUTO_TEST_CASE(a_different_seed_gives_different_documents) {
    DemoOptions other;
    other.seed = 7;
    const DemoDataSet data = generate_demo_data(other);
    BOOST_TEST_REQUIRE(!data.feeds.empty());
    // Same authorities, so the first feed has the same name but other suppliers and contracts.
    BOOST_TEST(data.feeds.front().name == demo().data.feeds.front().name);
    BOOST_TEST((data.feeds.front().xml != demo().data.feeds.front().xml));
    BOOST_TEST((data.returns.front().xml != demo().data.returns.front().xml));
}

BOOST_AUTO_TEST_CASE(the_streaming_variant_hands_over_the_same_documents_in_order) {
    std::vector<DemoDocument> streamed;
    generate_demo_data(DemoOptions{}, [&](const DemoDocument& d) { streamed.push_back(d); });
    const DemoDataSet& data = demo().data;
    BOOST_TEST_REQUIRE(streamed.size() == data.feeds.size() + data.returns.size());
    for (std::size_t i = 0; i < streamed.size(); ++i) {
        const DemoDocument& expected =
            i < data.feeds.size() ? data.feeds[i] : data.returns[i - data.feeds.size()];
        BOOST_TEST(streamed[i].name == expected.name);
        BOOST_TEST((streamed[i].xml == expected.xml), expected.name);
    }
}

BOOST_AUTO_TEST_CASE(every_document_passes_every_import_rule) {
    const World& world = demo().world;
    BOOST_TEST(world.problems.empty(), "problems:" << listing(world.problems));
}

BOOST_AUTO_TEST_CASE(every_document_validates_against_the_xsd) {
    // etc/schemas/scorecard.xsd is the reference for our formats (SPEC §5).
    const char* env = std::getenv("SCORECARD_SOURCE_DIR");
    const std::string source = env != nullptr && *env != 0 ? env : SCORECARD_SOURCE_DIR;
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("scorecard-demo-xsd-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::string files;
    for (const auto* documents : {&demo().data.feeds, &demo().data.returns}) {
        for (const DemoDocument& d : *documents) {
            const std::filesystem::path path = dir / d.name;
            std::filesystem::create_directories(path.parent_path());
            std::ofstream(path, std::ios::binary) << d.xml;
            files += " '" + path.string() + "'";
        }
    }
    const std::string command = "xmllint --noout --schema '" + source +
                                "/etc/schemas/scorecard.xsd'" + files + " >/dev/null 2>&1";
    const int status = std::system(command.c_str());
    std::filesystem::remove_all(dir);
    BOOST_TEST(status == 0, "xmllint rejected a demo document (run it by hand to see which)");
}

BOOST_AUTO_TEST_CASE(feeds_come_first_then_returns_in_month_order) {
    const DemoDataSet& data = demo().data;
    for (const DemoDocument& d : data.feeds)
        BOOST_TEST(d.name.starts_with("feeds/"), d.name);
    // "returns/GB-GOV-DWP/2026-09.xml": the month part never goes backwards.
    std::string previous;
    for (const DemoDocument& d : data.returns) {
        BOOST_TEST_REQUIRE(d.name.starts_with("returns/"));
        const std::string month = d.name.substr(d.name.size() - 11, 7);
        BOOST_TEST(month >= previous, d.name << " after " << previous);
        previous = month;
    }
}

BOOST_AUTO_TEST_CASE(default_size_has_10_authorities_150_suppliers_500_contracts) {
    const World& world = demo().world;
    BOOST_TEST(world.authorities.size() == 10u);
    BOOST_TEST(world.suppliers.size() == 150u);
    BOOST_TEST(world.contracts.size() == 500u);
    BOOST_TEST(world.authorities.count("GB-GOV-DWP") == 1u);
    BOOST_TEST(world.authorities.count("GB-GOV-HMRC") == 1u);
    // Every authority and supplier holds at least one contract.
    std::set<std::string> buying, supplying;
    for (const auto& [id, c] : world.contracts) {
        buying.insert(c.authority_id);
        supplying.insert(c.supplier_id);
    }
    BOOST_TEST(buying == world.authorities);
    BOOST_TEST(supplying.size() == world.suppliers.size());
}

BOOST_AUTO_TEST_CASE(every_contract_has_3_to_8_kpis_with_ordered_thresholds) {
    for (const auto& [id, c] : demo().world.contracts) {
        std::set<std::string> codes;
        for (const KpiVersion& v : c.kpis) {
            codes.insert(v.definition.code);
            BOOST_TEST(ordered(v.definition), id << " " << v.definition.code);
            BOOST_TEST(v.definition.weight > 0, id << " " << v.definition.code);
        }
        BOOST_TEST((codes.size() >= 3 && codes.size() <= 8), id << " has " << codes.size());
    }
}

BOOST_AUTO_TEST_CASE(all_four_size_classes_and_a_few_strategic_large_suppliers) {
    std::map<SizeClass, int> by_size;
    int strategic = 0, charities = 0;
    for (const auto& [id, s] : demo().world.suppliers) {
        ++by_size[s.size];
        if (s.strategic) {
            ++strategic;
            BOOST_TEST((s.size == SizeClass::kLarge), id << " is strategic but not large");
        }
        BOOST_TEST((id.starts_with("GB-COH-") || id.starts_with("GB-CHC-")), id);
        if (id.starts_with("GB-COH-"))
            BOOST_TEST(id.size() == 15u, id);  // "GB-COH-" and 8 digits
        charities += id.starts_with("GB-CHC-") ? 1 : 0;
    }
    for (SizeClass size :
         {SizeClass::kMicro, SizeClass::kSmall, SizeClass::kMedium, SizeClass::kLarge}) {
        BOOST_TEST(by_size[size] > 0, to_string(size));
    }
    // Roughly 15% of 150 are large: 22.5, so between 15 and 30 allows for rounding.
    BOOST_TEST((by_size[SizeClass::kLarge] >= 15 && by_size[SizeClass::kLarge] <= 30));
    BOOST_TEST((strategic >= 5 && strategic <= 12), strategic << " strategic");
    BOOST_TEST(charities > 0);
}

BOOST_AUTO_TEST_CASE(large_suppliers_hold_more_and_bigger_contracts) {
    const World& world = demo().world;
    std::map<SizeGroup, double> contracts, value, suppliers;
    for (const auto& [id, s] : world.suppliers)
        suppliers[size_group(s.size)] += 1;
    for (const auto& [id, c] : world.contracts) {
        const SizeGroup g = size_group(world.suppliers.at(c.supplier_id).size);
        contracts[g] += 1;
        value[g] += c.value;
    }
    const double large_per_supplier = contracts[SizeGroup::kLarge] / suppliers[SizeGroup::kLarge];
    const double sme_per_supplier = contracts[SizeGroup::kSme] / suppliers[SizeGroup::kSme];
    BOOST_TEST(large_per_supplier > sme_per_supplier);
    BOOST_TEST(value[SizeGroup::kLarge] / contracts[SizeGroup::kLarge] >
               10 * value[SizeGroup::kSme] / contracts[SizeGroup::kSme]);
}

BOOST_AUTO_TEST_CASE(both_directions_both_frequencies_and_user_satisfaction_on_many_contracts) {
    std::set<Direction> directions;
    std::map<Frequency, int> frequencies;
    int with_satisfaction = 0;
    for (const auto& [id, c] : demo().world.contracts) {
        ++frequencies[c.frequency];
        bool satisfaction = false;
        for (const KpiVersion& v : c.kpis) {
            directions.insert(v.definition.direction);
            satisfaction |= v.definition.category == KpiCategory::kUserSatisfaction;
        }
        with_satisfaction += satisfaction ? 1 : 0;
    }
    BOOST_TEST(directions.size() == 2u);
    // About 70% monthly: 350 of 500; allow a wide margin for the draw.
    BOOST_TEST((frequencies[Frequency::kMonthly] > 300 && frequencies[Frequency::kMonthly] < 400));
    BOOST_TEST(frequencies[Frequency::kQuarterly] > 100);
    BOOST_TEST(with_satisfaction > 250, with_satisfaction << " of 500");
}

BOOST_AUTO_TEST_CASE(contracts_start_before_the_window_and_a_few_ended_inside_it) {
    const Date window_start = ymd(2024, 11, 1);  // 24 months before 2026-11-01
    std::map<ContractStatus, int> statuses;
    std::set<std::string> ids;
    for (const auto& [id, c] : demo().world.contracts) {
        ++statuses[c.status];
        BOOST_TEST((c.start < window_start), id);
        BOOST_TEST(c.currency == "GBP");
        if (c.status == ContractStatus::kActive)
            BOOST_TEST((c.end > demo().options.reference), id);
        else
            BOOST_TEST((c.end >= window_start && c.end < demo().options.reference), id);
        // "DWP-2024-0001": the authority's code, the start year, a sequence.
        const std::string code = c.authority_id.substr(7);
        const std::string year = std::to_string(static_cast<int>(c.start.year()));
        BOOST_TEST(id.starts_with(code + "-" + year + "-"), id);
    }
    BOOST_TEST(statuses[ContractStatus::kExpired] > 0);
    BOOST_TEST(
        (statuses[ContractStatus::kTerminated] >= 1 && statuses[ContractStatus::kTerminated] <= 2));
}

BOOST_AUTO_TEST_CASE(returns_are_submitted_after_their_period_and_before_the_as_of_date) {
    const World& world = demo().world;
    BOOST_TEST_REQUIRE(!world.returns.empty());
    for (const auto& s : world.returns) {
        const KpiReturn& r = s.figures;
        const Contract& c = world.contracts.at(r.contract_id);
        BOOST_TEST((date_of(r.submitted) > r.period.last_day()),
                   r.contract_id << " " << r.period.to_string());
        BOOST_TEST((date_of(r.submitted) < demo().as_of),
                   r.contract_id << " " << r.period.to_string());
        BOOST_TEST((r.period.first_day() <= c.end), r.contract_id << " " << r.period.to_string());
        for (const Measure& m : r.measures) {
            if (m.status != MeasureStatus::kMeasured)
                continue;
            BOOST_TEST_REQUIRE(m.value.has_value());
            const auto defs = kpis_in_force(c.kpis, r.period);
            auto def = std::find_if(defs.begin(), defs.end(),
                                    [&](const KpiDefinition& k) { return k.code == m.kpi_code; });
            BOOST_TEST_REQUIRE((def != defs.end()), m.kpi_code);
            if (def->unit == Unit::kPercent)
                BOOST_TEST((*m.value >= 0 && *m.value <= 100), r.contract_id << " " << m.kpi_code);
            if (def->unit == Unit::kCount)
                BOOST_TEST((*m.value >= 0 && *m.value == std::floor(*m.value)),
                           r.contract_id << " " << m.kpi_code << " " << *m.value);
        }
    }
}

BOOST_AUTO_TEST_CASE(returns_cover_the_window_for_healthy_contracts) {
    // A monthly contract active throughout the 24-month window has up to 24 returns; the
    // quarterly ones 8 (2024-Q4 to 2026-Q3). Most contracts miss none.
    const auto current = demo().world.current_returns();
    int complete = 0, active = 0;
    for (const auto& [id, c] : demo().world.contracts) {
        if (c.status != ContractStatus::kActive)
            continue;
        ++active;
        const std::size_t expected = c.frequency == Frequency::kMonthly ? 24u : 8u;
        auto it = current.find(id);
        const std::size_t got = it == current.end() ? 0 : it->second.size();
        BOOST_TEST(got <= expected, id);
        complete += got == expected ? 1 : 0;
    }
    BOOST_TEST(complete > active * 9 / 10, complete << " of " << active);
}

BOOST_AUTO_TEST_CASE(a_kpi_changes_thresholds_from_an_explicit_period) {
    int versioned = 0;
    for (const auto& [id, c] : demo().world.contracts) {
        std::map<std::string, int> versions;
        for (const KpiVersion& v : c.kpis)
            ++versions[v.definition.code];
        for (const auto& [code, n] : versions)
            versioned += n > 1 ? 1 : 0;
    }
    BOOST_TEST(versioned >= 1);
}

BOOST_AUTO_TEST_CASE(some_returns_are_amended_in_a_later_document) {
    std::map<std::pair<std::string, std::string>, std::vector<const World::Submitted*>> by_key;
    for (const auto& s : demo().world.returns)
        by_key[{s.figures.contract_id, s.figures.period.to_string()}].push_back(&s);
    int amended = 0;
    for (const auto& [key, versions] : by_key) {
        if (versions.size() < 2)
            continue;
        ++amended;
        BOOST_TEST(versions[1]->document > versions[0]->document, key.first);
        BOOST_TEST((versions[1]->figures.submitted > versions[0]->figures.submitted), key.first);
        BOOST_TEST((versions[1]->figures.measures != versions[0]->figures.measures), key.first);
    }
    BOOST_TEST(amended >= 3);
}

BOOST_AUTO_TEST_CASE(some_measures_are_not_applicable_with_a_reason_and_some_carry_evidence) {
    int not_applicable = 0, evidence = 0, measures = 0;
    for (const auto& s : demo().world.returns) {
        for (const Measure& m : s.figures.measures) {
            ++measures;
            if (m.status == MeasureStatus::kNotApplicable) {
                ++not_applicable;
                BOOST_TEST(!m.comment.empty());
            }
            evidence += m.numerator && m.denominator ? 1 : 0;
        }
    }
    BOOST_TEST(not_applicable > 0);
    BOOST_TEST(not_applicable < measures / 50, not_applicable << " of " << measures);  // ~1%
    BOOST_TEST(evidence > 0);
}

BOOST_AUTO_TEST_CASE(every_flag_rule_fires_for_some_contract_twenty_days_after_the_reference) {
    const World& world = demo().world;
    const auto current = world.current_returns();
    std::map<FlagRuleId, int> fired;
    int escalated_missing = 0;
    for (const auto& [id, c] : world.contracts) {
        auto it = current.find(id);
        const std::vector<KpiReturn> none;
        const auto scores =
            score_contract(c, it == current.end() ? none : it->second, default_policy());
        for (const FlagFinding& f : evaluate_flags(c, world.suppliers.at(c.supplier_id).size,
                                                   scores, demo().as_of, default_policy().flags)) {
            ++fired[f.rule];
            if (f.rule == FlagRuleId::kMissingReturn && f.severity == Severity::kHigh)
                ++escalated_missing;
        }
    }
    for (FlagRuleId rule :
         {FlagRuleId::kInadequateKpi, FlagRuleId::kPersistentUnderperformance,
          FlagRuleId::kLowContractScore, FlagRuleId::kDecliningTrend, FlagRuleId::kMissingReturn}) {
        BOOST_TEST(fired[rule] > 0, to_string(rule) << " never fires");
    }
    BOOST_TEST(escalated_missing > 0, "no contract missed two or more returns");
}

BOOST_AUTO_TEST_CASE(most_suppliers_are_rated_good_or_approaching) {
    const World& world = demo().world;
    const auto current = world.current_returns();
    std::map<std::string, std::vector<ContractCurrentScore>> by_supplier;
    for (const auto& [id, c] : world.contracts) {
        auto it = current.find(id);
        if (c.status != ContractStatus::kActive || it == current.end())
            continue;
        const auto scores = score_contract(c, it->second, default_policy());
        if (const PeriodScore* p = current_score(scores))
            by_supplier[c.supplier_id].push_back({*p->score, c.value});
    }
    int doing_well = 0, rated = 0;
    for (const auto& [id, contracts] : by_supplier) {
        const auto score = supplier_score(contracts);
        BOOST_TEST_REQUIRE(score.has_value());
        ++rated;
        const Rating r = rating_for_score(*score, default_policy().bands);
        doing_well += r == Rating::kGood || r == Rating::kApproaching ? 1 : 0;
    }
    BOOST_TEST(rated > 100);
    BOOST_TEST(doing_well * 10 > rated * 6, doing_well << " of " << rated);
}

BOOST_AUTO_TEST_CASE(accounts_cover_every_role_with_the_right_ids) {
    const auto& accounts = demo().data.accounts;
    const World& world = demo().world;
    std::map<Role, int> by_role;
    std::set<std::string> names;
    for (const DemoAccount& a : accounts) {
        ++by_role[a.role];
        BOOST_TEST(names.insert(a.name).second, a.name << " twice");
        if (a.role == Role::kCommercial) {
            BOOST_TEST(world.authorities.count(a.authority_id) == 1u, a.name);
            BOOST_TEST(a.supplier_id.empty());
        } else if (a.role == Role::kSupplier) {
            BOOST_TEST(world.suppliers.count(a.supplier_id) == 1u, a.name);
            BOOST_TEST(a.authority_id.empty());
        } else {
            BOOST_TEST((a.authority_id.empty() && a.supplier_id.empty()), a.name);
        }
    }
    BOOST_TEST(names.count("admin") == 1u);
    BOOST_TEST(names.count("minister") == 1u);
    BOOST_TEST(names.count("commercial.dwp") == 1u);
    BOOST_TEST(by_role[Role::kAdmin] == 1);
    BOOST_TEST(by_role[Role::kMinister] == 1);
    BOOST_TEST(by_role[Role::kCommercial] == 10);  // one per authority
    BOOST_TEST(by_role[Role::kSupplier] == 20);
}

BOOST_AUTO_TEST_CASE(demo_accounts_alone_match_the_data_sets_accounts) {
    const auto accounts = demo_accounts();
    BOOST_TEST_REQUIRE(accounts.size() == demo().data.accounts.size());
    for (std::size_t i = 0; i < accounts.size(); ++i)
        BOOST_TEST(accounts[i].name == demo().data.accounts[i].name);
}

BOOST_AUTO_TEST_CASE(sizes_are_parameters) {
    struct Case {
        const char* name;
        DemoSize size;
    };
    const Case cases[] = {
        {"small", {3, 12, 30, 12, 3, 5}},
        {"more authorities than real departments", {30, 40, 60, 6, 1, 8}},
    };
    for (const Case& c : cases) {
        DemoOptions options;
        options.size = c.size;
        const DemoDataSet data = generate_demo_data(options);
        const World world = import(data);
        BOOST_TEST(world.problems.empty(), c.name << ":" << listing(world.problems));
        BOOST_TEST(world.authorities.size() == static_cast<std::size_t>(c.size.authorities),
                   c.name);
        BOOST_TEST(world.suppliers.size() == static_cast<std::size_t>(c.size.suppliers), c.name);
        BOOST_TEST(world.contracts.size() == static_cast<std::size_t>(c.size.contracts), c.name);
        for (const auto& [id, contract] : world.contracts) {
            std::set<std::string> codes;
            for (const KpiVersion& v : contract.kpis)
                codes.insert(v.definition.code);
            BOOST_TEST((static_cast<int>(codes.size()) >= c.size.min_kpis &&
                        static_cast<int>(codes.size()) <= c.size.max_kpis),
                       c.name << " " << id);
        }
        // The window is `months` long: no return is for a period before it.
        const int window_month = 2026 * 12 + 10 - c.size.months;  // 2026-11 is 2026 * 12 + 10
        const Date window_start = ymd(window_month / 12, window_month % 12 + 1, 1);
        for (const auto& s : world.returns)
            BOOST_TEST((s.figures.period.last_day() >= window_start), c.name);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// The demo is described as data (etc/demo/catalogue.json, compiled in): the file is what
// the generator expands, changing it changes the demo, and a mistake in it is named.
BOOST_AUTO_TEST_SUITE(demo_catalogue)

namespace {

std::string catalogue_file() {
    const char* env = std::getenv("SCORECARD_SOURCE_DIR");
    const std::string source = env != nullptr && *env != 0 ? env : SCORECARD_SOURCE_DIR;
    std::ifstream in(source + "/etc/demo/catalogue.json", std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The file with the first `from` replaced by `to` (the test fails if `from` is absent).
std::string edited(const std::string& from, const std::string& to) {
    std::string json = catalogue_file();
    const auto at = json.find(from);
    BOOST_TEST_REQUIRE(at != std::string::npos, "catalogue.json no longer holds " << from);
    return json.replace(at, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_compiled_in_catalogue_is_the_file) {
    const DemoCatalogue from_file = parse_demo_catalogue(catalogue_file());
    const DemoCatalogue& built_in = builtin_demo_catalogue();
    // What docs/demo.md describes: 25 real departments, 13 sectors, 20 services, 5 generic KPIs.
    BOOST_TEST(built_in.authorities.size() == 25u);
    BOOST_TEST(built_in.authorities.front().name == "Department for Work and Pensions");
    BOOST_TEST(built_in.sectors.size() == 13u);
    BOOST_TEST(built_in.services.size() == 20u);
    BOOST_TEST(built_in.generic_kpis.size() == 5u);
    BOOST_TEST(from_file.services.size() == built_in.services.size());
    // The same data gives the same documents.
    DemoOptions options;
    options.size = {3, 12, 30, 12, 3, 5};
    const DemoDataSet compiled_in = generate_demo_data(options);
    options.catalogue = &from_file;
    const DemoDataSet read = generate_demo_data(options);
    BOOST_TEST_REQUIRE(read.feeds.size() == compiled_in.feeds.size());
    for (std::size_t i = 0; i < read.feeds.size(); ++i)
        BOOST_TEST((read.feeds[i].xml == compiled_in.feeds[i].xml), read.feeds[i].name);
}

BOOST_AUTO_TEST_CASE(changing_the_catalogue_changes_the_demo) {
    // Rename a department: its feed names it so, with the & escaped by the writer.
    const DemoCatalogue renamed = parse_demo_catalogue(
        edited("{\"code\": \"DWP\", \"name\": \"Department for Work and Pensions\"",
               "{\"code\": \"DWP\", \"name\": \"Department for Testing & Trials\""));
    DemoOptions options;
    options.size = {3, 12, 30, 12, 3, 5};
    options.catalogue = &renamed;
    const DemoDataSet data = generate_demo_data(options);
    const World world = import(data);
    BOOST_TEST(world.problems.empty(), listing(world.problems));
    const importers::ParseResult dwp = importers::parse_document(data.feeds.at(0).xml, "dwp");
    BOOST_TEST_REQUIRE(dwp.feed.authorities.size() == 1u);
    BOOST_TEST(dwp.feed.authorities[0].authority.id == "GB-GOV-DWP");
    BOOST_TEST(dwp.feed.authorities[0].authority.name == "Department for Testing & Trials");
}

BOOST_AUTO_TEST_CASE(a_mistake_in_the_catalogue_is_named) {
    struct Case {
        const char* name;
        std::string json;
        const char* message;  // part of the error
    };
    const std::vector<Case> cases = {
        {"not JSON", "{\"authorities\": [", "demo catalogue: not a JSON object"},
        {"an unknown field", edited("\"percent_monthly\": 70", "\"percent_montly\": 70"),
         "contracts.percent_montly is not a field of this object"},
        {"a missing field", edited("\"office_hours\": [8, 17],", ""),
         "returns.office_hours is missing"},
        {"a unit misspelt", edited("\"unit\": \"percent\"", "\"unit\": \"percentage\""),
         "services[0].kpis[0].unit must be one of percent | count"},
        {"thresholds the wrong way round",
         edited("\"thresholds\": [95, 90, 85]", "\"thresholds\": [85, 90, 95]"),
         "services[0].kpis[0].thresholds must be strictly ordered"},
        {"a service in no sector", edited("\"sector\": \"contact\"", "\"sector\": \"space\""),
         "services[0].sector names the sector 'space', which is not in sectors"},
        {"a percentage over 100", edited("\"percent_monthly\": 70", "\"percent_monthly\": 170"),
         "contracts.percent_monthly must be a whole number from 0 to 100"},
        {"shares of a healthy contract's slips not adding up",
         edited("\"approaching\": 78", "\"approaching\": 77"),
         "performance.healthy_otherwise_percent must add up to 100"},
        {"a return submitted before its period ended",
         edited("\"submitted_days_after_period\": [3, 12]",
                "\"submitted_days_after_period\": [0, 12]"),
         "returns.submitted_days_after_period must be [low, high], whole numbers from 1 to 60"},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            try {
                parse_demo_catalogue(c.json);
                BOOST_TEST(false, "accepted");
            } catch (const std::invalid_argument& e) {
                BOOST_TEST(std::string(e.what()).find(c.message) != std::string::npos, e.what());
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
