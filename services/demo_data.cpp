#include "services/demo_data.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <utility>

#include "importers/xml_writer.h"
#include "model/domain.h"
#include "model/rating.h"
#include "services/demo_catalogue.h"

namespace scorecard::services {
namespace {

using std::chrono::sys_days;

// ---------------------------------------------------------------------------------------
// Deterministic randomness. <random>'s engines are portable but its distributions are
// not, so the generator uses xoshiro256** seeded through splitmix64 and its own helpers
// built only from exact IEEE operations (no log/exp/cos, whose last bit varies by libm).

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// A seed for one independent stream (e.g. one contract's one period), so that any
// document can be produced without generating the ones before it.
std::uint64_t derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0,
                     std::uint64_t c = 0) {
    std::uint64_t s = seed;
    std::uint64_t h = splitmix64(s);
    for (std::uint64_t v : {a, b, c}) {
        s = h ^ (v * 0xD1B54A32D192ED03ULL);
        h = splitmix64(s);
    }
    return h;
}

class Rng {
  public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : state_)
            word = splitmix64(seed);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }
    // [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // [lo, hi], inclusive.
    int between(int lo, int hi) {
        const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
        return lo + static_cast<int>(next() % span);
    }
    double real(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    bool chance(double p) { return uniform() < p; }
    // Approximately standard normal (Irwin-Hall: twelve uniforms), exact arithmetic only.
    double normal() {
        double sum = 0;
        for (int i = 0; i < 12; ++i)
            sum += uniform();
        return sum - 6;
    }
    template <class T>
    const T& pick(const std::vector<T>& items) {
        return items[static_cast<std::size_t>(between(0, static_cast<int>(items.size()) - 1))];
    }
    // Fisher-Yates, written out because std::shuffle's algorithm is unspecified.
    template <class T>
    void shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i) {
            const auto j = static_cast<std::size_t>(next() % i);
            std::swap(items[i - 1], items[j]);
        }
    }

  private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> state_{};
};

// The figure as the supplier reports it: `decimals` decimals, never locale-dependent.
std::string fixed(double v, int decimals) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return {buf, r.ptr};
}
// What the importer reads from such a figure.
double parse_number(const std::string& text) {
    double v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}
std::string lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}
// A percentage of the catalogue as the probability the generator draws with.
double chance_of(int percent) {
    return percent / 100.0;
}

// ---------------------------------------------------------------------------------------
// The plan: every authority, supplier and contract, and the pattern each contract's
// returns follow. Returns themselves are derived from the plan on demand.

struct AuthorityPlan {
    Authority authority;
    std::string code;
    int weight = 1;
    std::vector<int> contracts;  // indices into Plan::contracts, in id order
};

struct SupplierPlan {
    Supplier supplier;
    std::vector<std::size_t> sectors;  // indices into the catalogue's sectors
};

struct KpiPlan {
    const DemoKpiTemplate* from = nullptr;  // how values are drawn and reported
    KpiDefinition definition;
    // A revised definition (tightened thresholds) in force from `revised_from`.
    std::optional<KpiDefinition> revised;
    Period revised_from;

    const KpiDefinition& in_force(const Period& p) const {
        return revised && !(p < revised_from) ? *revised : definition;
    }
};

// SPEC §4's rules each have a pattern that makes them fire; kHealthy is most contracts.
enum class Pattern { kHealthy, kDeclining, kPersistent, kInadequate, kLowScore, kMissing };

// Rating levels as the generator aims for them.
enum Level { kGoodLevel = 0, kApproachingLevel, kRequiresImprovementLevel, kInadequateLevel };

struct ContractPlan {
    Contract contract;  // kpis empty: see `kpis`
    int authority = 0;
    int supplier = 0;
    std::vector<KpiPlan> kpis;
    std::vector<Period> periods;  // the reporting periods in the window, ascending
    int first_end_month = 0;      // month ordinal of periods[0].last_day()
    Pattern pattern = Pattern::kHealthy;
    int pattern_kpi = 0;      // the KPI the pattern is about (persistent, inadequate)
    int pattern_length = 0;   // periods affected at the end (persistent: 3-5; missing: 1-3)
    double quality = 0.9;     // chance that a KPI is good in an ordinary period
    int amended_period = -1;  // index into periods of the one return that gets amended
    bool revised = false;     // re-sent later with tightened thresholds
};

struct Plan {
    const DemoCatalogue* catalogue = nullptr;
    DemoOptions options;
    Date window_start{};  // first day of the window
    std::vector<AuthorityPlan> authorities;
    std::vector<SupplierPlan> suppliers;
    std::vector<ContractPlan> contracts;
    int revised_contract = -1;
    Period revised_from;
};

int month_ordinal(Date d) {
    return static_cast<int>(d.year()) * 12 + static_cast<int>(static_cast<unsigned>(d.month())) - 1;
}
Date first_of_month(int ordinal) {
    return Date{std::chrono::year{ordinal / 12},
                std::chrono::month{static_cast<unsigned>(ordinal % 12 + 1)}, std::chrono::day{1}};
}
Date last_of_month(int ordinal) {
    return Date{std::chrono::year_month_day_last{
        std::chrono::year{ordinal / 12},
        std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(ordinal % 12 + 1)}}}};
}
std::string month_name(int ordinal) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", ordinal / 12, ordinal % 12 + 1);
    return buf;
}

// Picks index i with probability weights[i] / total, by binary search over the running
// sums, so that large data sets stay fast.
class WeightedChoice {
  public:
    explicit WeightedChoice(const std::vector<int>& weights) {
        long long sum = 0;
        for (int w : weights)
            cumulative_.push_back(sum += w);
    }
    int pick(Rng& rng) const {
        const long long r =
            static_cast<long long>(rng.next() % static_cast<std::uint64_t>(cumulative_.back()));
        auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), r);
        return static_cast<int>(it - cumulative_.begin());
    }

  private:
    std::vector<long long> cumulative_;
};

DemoSize sanitized(DemoSize s) {
    s.authorities = std::max(1, s.authorities);
    s.suppliers = std::max(1, s.suppliers);
    s.contracts = std::max(0, s.contracts);
    s.months = std::max(1, s.months);
    s.min_kpis = std::clamp(s.min_kpis, 1, 8);
    s.max_kpis = std::clamp(s.max_kpis, s.min_kpis, 8);
    return s;
}

std::vector<AuthorityPlan> plan_authorities(const DemoCatalogue& cat, int count, Rng& rng) {
    const auto& invented = cat.invented_authorities;
    std::vector<AuthorityPlan> out;
    std::set<std::string> codes;
    std::set<std::string> names;
    for (int i = 0; i < count; ++i) {
        AuthorityPlan a;
        if (i < static_cast<int>(cat.authorities.size())) {
            const DemoAuthority& real = cat.authorities[static_cast<std::size_t>(i)];
            a.code = real.code;
            a.authority.name = real.name;
            a.weight = real.weight;
        } else {
            std::string name;
            do {
                name = rng.pick(invented.adjectives) + " " + rng.pick(invented.subjects) + " " +
                       rng.pick(invented.bodies);
            } while (names.count(name) != 0 && names.size() < 900);
            if (names.count(name) != 0)
                name += " " + std::to_string(i + 1);
            std::string code;
            for (std::size_t p = 0; p < name.size(); ++p) {
                if (name[p] >= 'A' && name[p] <= 'Z' && (p == 0 || name[p - 1] == ' '))
                    code += name[p];
            }
            if (codes.count(code) != 0)
                code += std::to_string(i + 1);
            a.code = code;
            a.authority.name = name;
            a.weight = invented.weight;
        }
        a.authority.id = "GB-GOV-" + a.code;
        codes.insert(a.code);
        names.insert(a.authority.name);
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<SupplierPlan> plan_suppliers(const DemoCatalogue& cat, int count, Rng& rng) {
    const auto& mix = cat.suppliers;
    const auto& words = mix.names;
    const int sector_count = static_cast<int>(cat.sectors.size());
    // Large, medium and small in the catalogue's shares, micro the rest; every class
    // present when there are at least four suppliers.
    std::vector<SizeClass> sizes;
    if (count < 4) {
        const SizeClass order[] = {SizeClass::kLarge, SizeClass::kMedium, SizeClass::kSmall};
        for (int i = 0; i < count; ++i)
            sizes.push_back(order[i]);
    } else {
        const int large = std::max(1, (count * mix.percent_large + 50) / 100);
        const int medium = std::max(1, (count * mix.percent_medium + 50) / 100);
        const int small = std::max(1, (count * mix.percent_small + 50) / 100);
        const int micro = std::max(1, count - large - medium - small);
        sizes.insert(sizes.end(), static_cast<std::size_t>(large), SizeClass::kLarge);
        sizes.insert(sizes.end(), static_cast<std::size_t>(medium), SizeClass::kMedium);
        sizes.insert(sizes.end(), static_cast<std::size_t>(small), SizeClass::kSmall);
        sizes.insert(sizes.end(), static_cast<std::size_t>(micro), SizeClass::kMicro);
        sizes.resize(static_cast<std::size_t>(count), SizeClass::kMicro);
    }
    const int large_count =
        static_cast<int>(std::count(sizes.begin(), sizes.end(), SizeClass::kLarge));
    // Government names a few strategic suppliers among the large ones.
    int strategic_left = std::max(1, (large_count * mix.percent_of_large_strategic + 50) / 100);
    rng.shuffle(sizes);

    std::vector<SupplierPlan> out;
    std::set<std::string> ids;
    std::set<std::string> names;
    for (int i = 0; i < count; ++i) {
        SupplierPlan s;
        s.supplier.size = sizes[static_cast<std::size_t>(i)];
        const bool large = s.supplier.size == SizeClass::kLarge;
        s.supplier.strategic = large && strategic_left-- > 0;
        const bool charity = !large && rng.chance(chance_of(mix.percent_charities_among_smes));

        std::string id;
        do {
            char buf[32];
            if (charity)
                std::snprintf(buf, sizeof buf, "GB-CHC-%06d", rng.between(200000, 999999));
            else
                std::snprintf(buf, sizeof buf, "GB-COH-%08d", rng.between(1000000, 15999999));
            id = buf;
        } while (ids.count(id) != 0);
        ids.insert(id);
        s.supplier.id = id;

        if (large) {
            const int n = s.supplier.strategic ? mix.sectors_of_strategic : mix.sectors_of_large;
            std::vector<std::size_t> all(static_cast<std::size_t>(sector_count));
            for (std::size_t k = 0; k < all.size(); ++k)
                all[k] = k;
            rng.shuffle(all);
            for (int k = 0; k < n; ++k)
                s.sectors.push_back(all[static_cast<std::size_t>(k)]);
        } else if (charity) {
            s.sectors.push_back(rng.pick(mix.charity_sectors));
        } else {
            s.sectors.push_back(static_cast<std::size_t>(rng.between(0, sector_count - 1)));
        }

        std::string name;
        for (int attempt = 0; attempt < 40 && (name.empty() || names.count(name) != 0); ++attempt) {
            const std::string& prefix = rng.pick(words.prefixes);
            if (large) {
                name = prefix + " " + rng.pick(words.large_words) + " " +
                       rng.pick(words.large_suffixes);
            } else if (charity) {
                name = prefix + " " + rng.pick(words.charity_forms);
            } else {
                const std::string& word = rng.pick(cat.sectors[s.sectors.front()].supplier_words);
                // "Health Partners Services Ltd" reads wrong: such words take a plain "Ltd".
                const bool plain = word.ends_with("Services") || word.ends_with("Partners");
                name = prefix + " " + word + " " + (plain ? "Ltd" : rng.pick(words.sme_suffixes));
            }
            // A name space this small runs out at benchmark scales: add a region.
            if (attempt >= 20) {
                const std::size_t cut = name.rfind(' ');
                name =
                    name.substr(0, cut) + " (" + rng.pick(words.regions) + ")" + name.substr(cut);
            }
        }
        if (names.count(name) != 0)
            name += " " + std::to_string(i + 1);
        names.insert(name);
        s.supplier.name = name;
        out.push_back(std::move(s));
    }
    return out;
}

// Contract values in pounds within the supplier's range. The cube skews values to the low
// end of each range, as real portfolios are.
double contract_value(const DemoCatalogue& cat, const Supplier& s, Rng& rng) {
    const DemoAmount range = cat.suppliers.contract_value[size_index(s)];
    const double u = rng.uniform();
    const double v = range.low + (range.high - range.low) * u * u * u;
    return std::round(v / 1000) * 1000;
}

std::vector<KpiPlan> plan_kpis(const DemoCatalogue& cat, const DemoService& service, int count,
                               Rng& rng) {
    // The service's own KPIs first (the primary one always), user satisfaction on most
    // contracts, then generic social value and financial measures to make up the count.
    std::vector<const DemoKpiTemplate*> own;
    const DemoKpiTemplate* satisfaction = nullptr;
    for (const DemoKpiTemplate& k : service.kpis) {
        if (k.definition.category == KpiCategory::kUserSatisfaction)
            satisfaction = &k;
        else
            own.push_back(&k);
    }
    std::vector<const DemoKpiTemplate*> chosen{own.front()};
    if (satisfaction != nullptr && count >= 2 &&
        rng.chance(chance_of(cat.contracts.percent_with_user_satisfaction)))
        chosen.push_back(satisfaction);
    std::vector<const DemoKpiTemplate*> rest(own.begin() + 1, own.end());
    rng.shuffle(rest);
    std::vector<const DemoKpiTemplate*> generic;
    for (const DemoKpiTemplate& k : cat.generic_kpis)
        generic.push_back(&k);
    rng.shuffle(generic);
    if (satisfaction != nullptr &&
        std::find(chosen.begin(), chosen.end(), satisfaction) == chosen.end())
        generic.push_back(satisfaction);  // the last resort when more KPIs are needed
    rest.insert(rest.end(), generic.begin(), generic.end());
    for (const DemoKpiTemplate* k : rest) {
        if (static_cast<int>(chosen.size()) >= count)
            break;
        chosen.push_back(k);
    }

    std::vector<KpiPlan> out;
    for (const DemoKpiTemplate* k : chosen) {
        KpiPlan p;
        p.from = k;
        p.definition = k->definition;
        // The department's own adjustment of the usual weight, rounded to 5.
        const double factor = rng.pick(cat.contracts.weight_factors);
        p.definition.weight = std::max(5.0, std::round(k->definition.weight * factor / 5) * 5);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<Period> window_periods(const Contract& c, Date window_start, Date reference) {
    std::vector<Period> out;
    for (Period p = Period::containing(c.frequency, window_start); p.last_day() < reference;
         p = p.next()) {
        if (p.first_day() <= c.end && p.last_day() >= c.start)
            out.push_back(p);
    }
    return out;
}

Plan make_plan(const DemoOptions& options) {
    Plan plan;
    plan.catalogue = options.catalogue != nullptr ? options.catalogue : &builtin_demo_catalogue();
    const DemoCatalogue& cat = *plan.catalogue;
    plan.options = options;
    plan.options.size = sanitized(options.size);
    const DemoSize& size = plan.options.size;
    const Date reference = options.reference;
    const int reference_month = month_ordinal(reference);
    const int window_month = reference_month - size.months;
    plan.window_start = first_of_month(window_month);

    Rng rng(derive(options.seed, 1));
    plan.authorities = plan_authorities(cat, size.authorities, rng);
    plan.suppliers = plan_suppliers(cat, size.suppliers, rng);

    std::vector<int> authority_weights;
    for (const AuthorityPlan& a : plan.authorities)
        authority_weights.push_back(a.weight);
    std::vector<int> supplier_weights;
    for (const SupplierPlan& s : plan.suppliers)
        supplier_weights.push_back(cat.suppliers.contract_draw_weight[size_index(s.supplier)]);
    const WeightedChoice pick_authority(authority_weights);
    const WeightedChoice pick_supplier(supplier_weights);

    std::vector<std::vector<std::size_t>> services_in_sector(cat.sectors.size());
    for (std::size_t i = 0; i < cat.services.size(); ++i)
        services_in_sector[cat.services[i].sector].push_back(i);

    // Which contracts ended early: a few expired inside the window, one or two terminated.
    const auto& shape = cat.contracts;
    const int n = size.contracts;
    const int expired = n >= 20 ? std::max(1, (n * shape.percent_expired + 50) / 100) : 0;
    const int terminated = n >= 20 ? std::max(1, (n * shape.per_mille_terminated + 500) / 1000) : 0;

    std::vector<ContractPlan> contracts;
    for (int i = 0; i < n; ++i) {
        Rng crng(derive(options.seed, 2, static_cast<std::uint64_t>(i)));
        ContractPlan c;
        // Every authority and every supplier gets a contract when there are enough.
        c.authority = i < size.authorities ? i : pick_authority.pick(crng);
        c.supplier = i < size.suppliers ? i : pick_supplier.pick(crng);
        const SupplierPlan& supplier = plan.suppliers[static_cast<std::size_t>(c.supplier)];
        const std::size_t sector = crng.pick(supplier.sectors);
        const DemoService& service = cat.services[crng.pick(services_in_sector[sector])];

        Contract& k = c.contract;
        k.authority_id = plan.authorities[static_cast<std::size_t>(c.authority)].authority.id;
        k.supplier_id = supplier.supplier.id;
        k.title = service.title;
        if (crng.chance(chance_of(shape.percent_with_region_in_title)))
            k.title += " (" + crng.pick(cat.suppliers.names.regions) + ")";
        k.frequency = crng.chance(chance_of(shape.percent_monthly)) ? Frequency::kMonthly
                                                                    : Frequency::kQuarterly;
        // Starts on the first of a month some time before the window opens.
        k.start =
            first_of_month(window_month - crng.between(shape.start_months_before_window.low,
                                                       shape.start_months_before_window.high));
        int years = crng.between(shape.term_years.low, shape.term_years.high);
        auto end_after = [&](int y) {
            return add_days(
                Date{k.start.year() + std::chrono::years{y}, k.start.month(), k.start.day()}, -1);
        };
        while (end_after(years) <= add_days(reference, 90))
            ++years;
        k.end = end_after(years);
        k.value = contract_value(cat, supplier.supplier, crng);
        k.currency = "GBP";
        c.quality = crng.real(chance_of(cat.performance.healthy_percent_good.low),
                              chance_of(cat.performance.healthy_percent_good.high));
        c.kpis = plan_kpis(cat, service, crng.between(size.min_kpis, size.max_kpis), crng);
        contracts.push_back(std::move(c));
    }
    // Early endings are drawn from one stream, after the contracts exist, so that they do
    // not disturb the contracts' own streams.
    {
        Rng erng(derive(options.seed, 3));
        std::vector<int> order;
        for (int i = 0; i < n; ++i)
            order.push_back(i);
        erng.shuffle(order);
        for (int j = 0; j < expired + terminated && j < n; ++j) {
            Contract& k =
                contracts[static_cast<std::size_t>(order[static_cast<std::size_t>(j)])].contract;
            // End on the last day of a period between a quarter and three quarters of the
            // way through the window, so there are returns before it and none after.
            const int offset =
                erng.between(std::max(1, size.months / 4), std::max(1, size.months * 3 / 4));
            int end_month = window_month + offset - 1;
            if (k.frequency == Frequency::kQuarterly)
                end_month -= (end_month % 12 + 1) % 3;  // back to March, June, ...
            k.end = last_of_month(std::max(end_month, window_month + 2));
            if (k.end < k.start)
                k.end = last_of_month(month_ordinal(k.start) + 2);
            k.status = j < expired ? ContractStatus::kExpired : ContractStatus::kTerminated;
        }
    }

    // Contract ids: authority code, start year, sequence within the authority.
    std::vector<int> order;
    for (int i = 0; i < n; ++i)
        order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const ContractPlan& x = contracts[static_cast<std::size_t>(a)];
        const ContractPlan& y = contracts[static_cast<std::size_t>(b)];
        if (x.authority != y.authority)
            return x.authority < y.authority;
        return sys_days{x.contract.start} < sys_days{y.contract.start};
    });
    std::vector<int> sequence(plan.authorities.size(), 0);
    for (int idx : order) {
        ContractPlan c = std::move(contracts[static_cast<std::size_t>(idx)]);
        AuthorityPlan& a = plan.authorities[static_cast<std::size_t>(c.authority)];
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s-%d-%04d", a.code.c_str(),
                      static_cast<int>(c.contract.start.year()),
                      ++sequence[static_cast<std::size_t>(c.authority)]);
        c.contract.id = buf;
        c.periods = window_periods(c.contract, plan.window_start, reference);
        c.first_end_month = c.periods.empty() ? 0 : month_ordinal(c.periods.front().last_day());
        a.contracts.push_back(static_cast<int>(plan.contracts.size()));
        plan.contracts.push_back(std::move(c));
    }

    // One contract has a KPI tightened at its annual review, from three quarters of the
    // way through the window (SPEC §2: KPI definitions are versioned).
    const double tighten = cat.performance.revision_tighten_by;
    if (size.months >= 4) {
        const Period from{Frequency::kMonthly, (window_month + size.months * 3 / 4) / 12,
                          (window_month + size.months * 3 / 4) % 12 + 1};
        for (std::size_t i = 0; i < plan.contracts.size() && plan.revised_contract < 0; ++i) {
            ContractPlan& c = plan.contracts[i];
            if (c.contract.status != ContractStatus::kActive ||
                c.contract.frequency != Frequency::kMonthly)
                continue;
            for (KpiPlan& k : c.kpis) {
                const KpiThresholds& t = k.definition.thresholds;
                if (k.definition.unit == Unit::kPercent &&
                    k.definition.direction == Direction::kHigher && t.good + tighten <= 100 &&
                    k.from->decimals == 1) {
                    KpiDefinition revised = k.definition;
                    revised.thresholds = {t.good + tighten, t.approaching + tighten,
                                          t.minimum + tighten};
                    revised.weight = k.definition.weight + cat.performance.revision_add_weight;
                    k.revised = revised;
                    k.revised_from = from;
                    c.revised = true;
                    plan.revised_contract = static_cast<int>(i);
                    plan.revised_from = from;
                    break;
                }
            }
        }
    }

    // Patterns, spread over the active contracts by a shuffle. The proportions follow the
    // demo's brief: most contracts healthy, every flag rule firing somewhere.
    {
        Rng prng(derive(options.seed, 4));
        std::vector<int> eligible;
        for (std::size_t i = 0; i < plan.contracts.size(); ++i) {
            const ContractPlan& c = plan.contracts[i];
            if (c.contract.status == ContractStatus::kActive && !c.revised && c.periods.size() >= 6)
                eligible.push_back(static_cast<int>(i));
        }
        prng.shuffle(eligible);
        const int m = static_cast<int>(plan.contracts.size());
        auto share = [&](int percent) {
            return m == 0 ? 0 : std::max(1, (m * percent + 50) / 100);
        };
        const auto& p = cat.performance;
        const std::pair<Pattern, int> quotas[] = {
            {Pattern::kDeclining, share(p.declining)},
            {Pattern::kPersistent, share(p.persistent)},
            {Pattern::kInadequate, share(p.inadequate)},
            {Pattern::kLowScore, share(p.low_score)},
            {Pattern::kMissing, share(p.missing)},
        };
        std::size_t next = 0;
        for (const auto& [pattern, quota] : quotas) {
            for (int q = 0; q < quota && next < eligible.size(); ++q, ++next) {
                ContractPlan& c = plan.contracts[static_cast<std::size_t>(eligible[next])];
                c.pattern = pattern;
                c.pattern_kpi = prng.between(0, static_cast<int>(c.kpis.size()) - 1);
                if (pattern == Pattern::kPersistent)
                    c.pattern_length =
                        prng.between(p.persistent_periods.low, p.persistent_periods.high);
                if (pattern == Pattern::kMissing)
                    c.pattern_length = q % 3 + 1;  // one, two or three missed: some escalate
            }
        }
        // A handful of amendments, on healthy contracts, for a period old enough that the
        // correction arrives well inside the window.
        const int amendments = m == 0 ? 0 : std::max(1, m / cat.returns.contracts_per_amendment);
        for (int a = 0; a < amendments && next < eligible.size(); ++next) {
            ContractPlan& c = plan.contracts[static_cast<std::size_t>(eligible[next])];
            if (c.pattern != Pattern::kHealthy)
                continue;
            c.amended_period = prng.between(0, static_cast<int>(c.periods.size()) - 3);
            ++a;
        }
    }
    return plan;
}

// ---------------------------------------------------------------------------------------
// Returns: the figures for one contract and period, from the plan and their own stream.

// The target level of every KPI of `c` in period index `k`; empty when no return is due
// because the pattern says the supplier missed it.
std::vector<int> target_levels(const DemoCatalogue& cat, const ContractPlan& c, int k, Rng& rng,
                               bool& controlled) {
    const int n = static_cast<int>(c.periods.size());
    const int pos = n - 1 - k;  // 0 = the latest period
    const int kpis = static_cast<int>(c.kpis.size());
    std::vector<int> levels(static_cast<std::size_t>(kpis), kGoodLevel);
    controlled = true;

    // KPIs by weight, heaviest first (ties by position), for patterns that need weight.
    std::vector<int> by_weight(static_cast<std::size_t>(kpis));
    for (int i = 0; i < kpis; ++i)
        by_weight[static_cast<std::size_t>(i)] = i;
    std::stable_sort(by_weight.begin(), by_weight.end(), [&](int a, int b) {
        return c.kpis[static_cast<std::size_t>(a)].definition.weight >
               c.kpis[static_cast<std::size_t>(b)].definition.weight;
    });
    auto set = [&](int rank, int level) {
        if (rank < kpis)
            levels[static_cast<std::size_t>(by_weight[static_cast<std::size_t>(rank)])] = level;
    };

    switch (c.pattern) {
        case Pattern::kDeclining:
            // Four strictly falling scores: all good, then the heaviest KPIs slip one after
            // another. With A, B, C the three heaviest, the fall is at least 145/8 points.
            if (pos <= 3) {
                const int step = 3 - pos;
                if (kpis == 1) {
                    set(0, step);
                } else if (kpis == 2) {
                    const int a[] = {0, 1, 2, 3}, b[] = {0, 0, 1, 2};
                    set(0, a[step]);
                    set(1, b[step]);
                } else {
                    const int a[] = {0, 1, 2, 2}, b[] = {0, 0, 1, 2}, cc[] = {0, 0, 0, 1};
                    set(0, a[step]);
                    set(1, b[step]);
                    set(2, cc[step]);
                }
                return levels;
            }
            break;
        case Pattern::kPersistent:
            if (pos < c.pattern_length) {
                levels[static_cast<std::size_t>(c.pattern_kpi)] = kRequiresImprovementLevel;
                return levels;
            }
            break;
        case Pattern::kInadequate:
            if (pos == 0)
                levels[static_cast<std::size_t>(c.pattern_kpi)] = kInadequateLevel;
            if (pos <= 1)
                return levels;  // the period before is all good: no accidental trend
            break;
        case Pattern::kLowScore:
            if (pos == 0) {
                // Requires improvement on the heaviest half of the weight, approaching on the
                // rest: the score is at most (40 + 75) / 2 = 57.5.
                double total = 0, ri = 0;
                for (const KpiPlan& kp : c.kpis)
                    total += kp.definition.weight;
                for (int r = 0; r < kpis; ++r) {
                    const int i = by_weight[static_cast<std::size_t>(r)];
                    if (ri * 2 < total) {
                        levels[static_cast<std::size_t>(i)] = kRequiresImprovementLevel;
                        ri += c.kpis[static_cast<std::size_t>(i)].definition.weight;
                    } else {
                        levels[static_cast<std::size_t>(i)] = kApproachingLevel;
                    }
                }
                return levels;
            }
            if (pos == 1)
                return levels;
            break;
        case Pattern::kMissing:
            if (pos < c.pattern_length)
                return {};
            break;
        case Pattern::kHealthy:
            break;
    }

    controlled = false;
    const auto& p = cat.performance;
    const double approaching_below = chance_of(p.otherwise_approaching);
    const double requires_improvement_below =
        chance_of(p.otherwise_approaching + p.otherwise_requires_improvement);
    for (int i = 0; i < kpis; ++i) {
        if (rng.uniform() < c.quality)
            continue;
        const double u = rng.uniform();
        int level = u < approaching_below            ? kApproachingLevel
                    : u < requires_improvement_below ? kRequiresImprovementLevel
                                                     : kInadequateLevel;
        // Healthy contracts end their history without an inadequate KPI.
        if (pos == 0 && level == kInadequateLevel)
            level = kRequiresImprovementLevel;
        levels[static_cast<std::size_t>(i)] = level;
    }
    return levels;
}

Rating rating_of(int level) {
    const Rating r[] = {Rating::kGood, Rating::kApproaching, Rating::kRequiresImprovement,
                        Rating::kInadequate};
    return r[level];
}

// A value that the KPI's definition rates at `level`, as the supplier reports it (rounded to
// the template's decimals) and as the importer will read it.
double value_for(const DemoKpiTemplate& kp, const KpiDefinition& def, int level, Rng& rng) {
    const double step = kp.decimals == 0 ? 1 : kp.decimals == 1 ? 0.1 : 0.01;
    const auto& t = def.thresholds;
    const bool higher = def.direction == Direction::kHigher;
    const double spread = std::max(std::abs(t.good - t.minimum), 2 * step);
    double v = 0;
    double fallback = 0;
    switch (level) {
        case kGoodLevel:
            v = higher ? t.good + std::abs(rng.normal()) * spread * 0.3
                       : t.good - std::abs(rng.normal()) * spread * 0.3;
            fallback = t.good;
            break;
        case kApproachingLevel:
            v = higher ? rng.real(t.approaching, t.good - step)
                       : rng.real(t.good + step, t.approaching);
            fallback = t.approaching;
            break;
        case kRequiresImprovementLevel:
            v = higher ? rng.real(t.minimum, t.approaching - step)
                       : rng.real(t.approaching + step, t.minimum);
            fallback = t.minimum;
            break;
        default:
            v = higher ? rng.real(t.minimum - spread, t.minimum - step)
                       : rng.real(t.minimum + step, t.minimum + spread);
            fallback = higher ? t.minimum - step : t.minimum + step;
            break;
    }
    v = std::clamp(v, kp.low, kp.high);
    double reported = parse_number(fixed(std::round(v / step) * step, kp.decimals));
    if (rate_value(def, reported) != rating_of(level))
        reported = parse_number(fixed(std::clamp(fallback, kp.low, kp.high), kp.decimals));
    return reported;
}

// The correct figures of one return (before any mis-keying), or nullopt if it is missed.
std::optional<KpiReturn> true_return(const Plan& plan, const ContractPlan& c, int k) {
    const DemoCatalogue& cat = *plan.catalogue;
    const auto contract_index = static_cast<std::uint64_t>(&c - plan.contracts.data());
    Rng rng(derive(plan.options.seed, 5, contract_index, static_cast<std::uint64_t>(k)));
    bool controlled = false;
    const std::vector<int> levels = target_levels(cat, c, k, rng, controlled);
    if (levels.empty())
        return std::nullopt;

    KpiReturn r;
    r.contract_id = c.contract.id;
    r.period = c.periods[static_cast<std::size_t>(k)];
    // Submitted some days after the period ends, in office hours.
    const auto& when = cat.returns;
    const Date day = add_days(
        r.period.last_day(),
        rng.between(when.submitted_days_after_period.low, when.submitted_days_after_period.high));
    r.submitted = start_of(day) +
                  std::chrono::hours{rng.between(when.office_hours.low, when.office_hours.high)} +
                  std::chrono::minutes{rng.between(0, 59)} +
                  std::chrono::seconds{rng.between(0, 59)};

    // A few measures are not applicable, at most one per return.
    int not_applicable = -1;
    if (!controlled && c.kpis.size() >= 2 &&
        rng.chance(chance_of(when.percent_not_applicable_per_kpi) *
                   static_cast<double>(c.kpis.size())))
        not_applicable = rng.between(0, static_cast<int>(c.kpis.size()) - 1);

    for (std::size_t i = 0; i < c.kpis.size(); ++i) {
        const KpiPlan& kp = c.kpis[i];
        const KpiDefinition& def = kp.in_force(r.period);
        Measure m;
        m.kpi_code = def.code;
        if (static_cast<int>(i) == not_applicable) {
            m.status = MeasureStatus::kNotApplicable;
            m.comment = def.category == KpiCategory::kUserSatisfaction
                            ? cat.reasons.survey_not_run
                            : rng.pick(cat.reasons.not_applicable);
            r.measures.push_back(std::move(m));
            continue;
        }
        const int level = levels[i];
        m.value = value_for(*kp.from, def, level, rng);
        // Volumes as evidence for a share of the percentages that are counted.
        if (kp.from->volume_high > 0 && rng.chance(chance_of(when.percent_with_evidence))) {
            const long long den = rng.between(kp.from->volume_low, kp.from->volume_high);
            const long long num = std::llround(*m.value / 100 * static_cast<double>(den));
            const double value = parse_number(fixed(
                std::round(1000.0 * static_cast<double>(num) / static_cast<double>(den)) / 10, 1));
            if (num >= 0 && num <= den && rate_value(def, value) == rating_of(level)) {
                m.value = value;
                m.numerator = static_cast<double>(num);
                m.denominator = static_cast<double>(den);
            }
        }
        if (level >= kRequiresImprovementLevel &&
            rng.chance(chance_of(when.percent_shortfalls_explained)))
            m.comment = rng.pick(cat.reasons.shortfall);
        r.measures.push_back(std::move(m));
    }
    return r;
}

// The figure as first (wrongly) keyed: the first two digits swapped where that gives a
// different valid figure, else the middle of the plausible range.
double mis_keyed(const DemoKpiTemplate& kp, double value) {
    const std::string right = fixed(value, kp.decimals);
    std::string wrong = right;
    if (wrong.size() >= 2 && wrong[0] != wrong[1] && std::isdigit(wrong[0]) != 0 &&
        std::isdigit(wrong[1]) != 0 && wrong[1] != '0')
        std::swap(wrong[0], wrong[1]);
    const double v = parse_number(wrong);
    if (wrong == right || v < kp.low || v > kp.high)
        wrong = fixed(std::round((kp.low + kp.high) / 2), kp.decimals);
    if (wrong == right)
        wrong = fixed(kp.low, kp.decimals);
    return parse_number(wrong);
}

// The return as it was submitted (with the mis-keyed figure, when it is later amended),
// and the amendment if there is one.
struct ReturnWithAmendment {
    std::optional<KpiReturn> original;
    std::optional<KpiReturn> amendment;
};

ReturnWithAmendment make_return(const Plan& plan, const ContractPlan& c, int k) {
    ReturnWithAmendment out;
    out.original = true_return(plan, c, k);
    if (!out.original || k != c.amended_period)
        return out;
    KpiReturn corrected = *out.original;
    for (std::size_t i = 0; i < corrected.measures.size(); ++i) {
        Measure& m = corrected.measures[i];
        if (m.status == MeasureStatus::kNotApplicable)
            continue;
        m.numerator.reset();
        m.denominator.reset();
        m.comment = plan.catalogue->reasons.correction;
        Measure& first = out.original->measures[i];
        first.numerator.reset();
        first.denominator.reset();
        first.value = mis_keyed(*c.kpis[i].from, *m.value);
        break;
    }
    // Corrected early in the month after the original was submitted.
    const auto& hours = plan.catalogue->returns.office_hours;
    const int month = month_ordinal(date_of(out.original->submitted)) + 1;
    Rng rng(derive(plan.options.seed, 6, static_cast<std::uint64_t>(&c - plan.contracts.data())));
    corrected.submitted = start_of(add_days(first_of_month(month), rng.between(0, 9))) +
                          std::chrono::hours{rng.between(hours.low, hours.high)} +
                          std::chrono::minutes{rng.between(0, 59)};
    out.amendment = std::move(corrected);
    return out;
}

// ---------------------------------------------------------------------------------------
// Documents, written by the one writer of our formats (importers/xml_writer.h).

// `revised`: the contract as re-sent after its KPI review, with the new definitions.
importers::ParsedContract feed_contract(const Plan& plan, const ContractPlan& c, bool revised) {
    importers::ParsedContract out{c.contract, {}, {}};
    // The KPIs apply from the first period of the window: the department adopted the
    // scorecard then, so earlier periods are not due (and raise no missing_return).
    const Period first = Period::containing(c.contract.frequency, plan.window_start);
    for (const KpiPlan& kp : c.kpis) {
        if (revised && kp.revised)
            out.kpis.push_back({*kp.revised, kp.revised_from, {}});
        else
            out.kpis.push_back({kp.definition, first, {}});
    }
    return out;
}

importers::ContractFeedDocument feed_of(Timestamp generated, const Authority& a) {
    importers::ContractFeedDocument feed;
    feed.generated = generated;
    feed.authorities.push_back({a, {}});
    return feed;
}

DemoDocument authority_feed(const Plan& plan, const AuthorityPlan& a) {
    const Timestamp generated = start_of(add_days(plan.window_start, -14)) + std::chrono::hours{9};
    importers::ContractFeedDocument feed = feed_of(generated, a.authority);
    std::vector<int> suppliers;
    for (int ci : a.contracts)
        suppliers.push_back(plan.contracts[static_cast<std::size_t>(ci)].supplier);
    std::stable_sort(suppliers.begin(), suppliers.end(), [&](int x, int y) {
        return plan.suppliers[static_cast<std::size_t>(x)].supplier.id <
               plan.suppliers[static_cast<std::size_t>(y)].supplier.id;
    });
    suppliers.erase(std::unique(suppliers.begin(), suppliers.end()), suppliers.end());
    for (int s : suppliers)
        feed.suppliers.push_back({plan.suppliers[static_cast<std::size_t>(s)].supplier, {}});
    for (int ci : a.contracts)
        feed.contracts.push_back(
            feed_contract(plan, plan.contracts[static_cast<std::size_t>(ci)], false));
    return {"feeds/" + a.authority.id + ".xml", importers::write_contract_feed(feed)};
}

DemoDocument revision_feed(const Plan& plan) {
    const ContractPlan& c = plan.contracts[static_cast<std::size_t>(plan.revised_contract)];
    const AuthorityPlan& a = plan.authorities[static_cast<std::size_t>(c.authority)];
    // Sent during the period before the new thresholds take effect.
    const Timestamp generated =
        start_of(add_days(plan.revised_from.previous().first_day(), 14)) + std::chrono::hours{9};
    importers::ContractFeedDocument feed = feed_of(generated, a.authority);
    feed.suppliers.push_back({plan.suppliers[static_cast<std::size_t>(c.supplier)].supplier, {}});
    feed.contracts.push_back(feed_contract(plan, c, true));
    return {"feeds/" + a.authority.id + "-" + plan.revised_from.to_string() + ".xml",
            importers::write_contract_feed(feed)};
}

// Every return of one authority submitted in one calendar month, in submission order.
std::optional<DemoDocument> returns_batch(const Plan& plan, const AuthorityPlan& a, int month) {
    std::vector<KpiReturn> batch;
    for (int ci : a.contracts) {
        const ContractPlan& c = plan.contracts[static_cast<std::size_t>(ci)];
        if (c.periods.empty())
            continue;
        const int step = c.contract.frequency == Frequency::kMonthly ? 1 : 3;
        const int n = static_cast<int>(c.periods.size());
        // Originals for the period that ended last month; amendments for the one before.
        for (int lag = 1; lag <= 2; ++lag) {
            const int d = month - lag - c.first_end_month;
            if (d < 0 || d % step != 0 || d / step >= n)
                continue;
            const int k = d / step;
            if (lag == 2 && k != c.amended_period)
                continue;
            ReturnWithAmendment r = make_return(plan, c, k);
            std::optional<KpiReturn>& wanted = lag == 1 ? r.original : r.amendment;
            if (wanted && month_ordinal(date_of(wanted->submitted)) == month)
                batch.push_back(std::move(*wanted));
        }
    }
    if (batch.empty())
        return std::nullopt;
    std::stable_sort(batch.begin(), batch.end(), [](const KpiReturn& x, const KpiReturn& y) {
        if (x.submitted != y.submitted)
            return x.submitted < y.submitted;
        return x.contract_id < y.contract_id;
    });
    return DemoDocument{"returns/" + a.authority.id + "/" + month_name(month) + ".xml",
                        importers::write_kpi_returns(batch)};
}

std::vector<DemoAccount> accounts_for(const Plan& plan) {
    std::vector<DemoAccount> out;
    out.push_back({"admin", Role::kAdmin, "", ""});
    out.push_back({"minister", Role::kMinister, "", ""});
    for (const AuthorityPlan& a : plan.authorities)
        out.push_back({"commercial." + lower(a.code), Role::kCommercial, a.authority.id, ""});
    // Strategic suppliers first, then SMEs and other large ones evenly spread.
    std::vector<int> chosen;
    for (std::size_t i = 0; i < plan.suppliers.size(); ++i) {
        if (plan.suppliers[i].supplier.strategic)
            chosen.push_back(static_cast<int>(i));
    }
    const int wanted =
        std::min<int>(plan.catalogue->supplier_accounts, static_cast<int>(plan.suppliers.size()));
    const int others = static_cast<int>(plan.suppliers.size()) - static_cast<int>(chosen.size());
    const int room = wanted - static_cast<int>(chosen.size());
    for (int j = 0; j < room && others > 0; ++j) {
        // The j-th of `room` evenly spaced non-strategic suppliers.
        int target = static_cast<int>(static_cast<long long>(j) * others / room);
        for (std::size_t i = 0; i < plan.suppliers.size(); ++i) {
            if (plan.suppliers[i].supplier.strategic)
                continue;
            if (target-- == 0) {
                chosen.push_back(static_cast<int>(i));
                break;
            }
        }
    }
    std::sort(chosen.begin(), chosen.end());
    for (int i : chosen) {
        const Supplier& s = plan.suppliers[static_cast<std::size_t>(i)].supplier;
        out.push_back({"supplier." + lower(s.id), Role::kSupplier, "", s.id});
    }
    return out;
}

}  // namespace

void generate_demo_data(const DemoOptions& options,
                        const std::function<void(const DemoDocument&)>& sink) {
    const Plan plan = make_plan(options);
    for (const AuthorityPlan& a : plan.authorities)
        sink(authority_feed(plan, a));
    if (plan.revised_contract >= 0)
        sink(revision_feed(plan));
    // Submissions run from the month after the window opens to two months after the
    // reference month (returns for the last periods arrive in the reference month).
    const int first = month_ordinal(plan.window_start) + 1;
    const int last = month_ordinal(plan.options.reference) + 2;
    for (int month = first; month <= last; ++month) {
        for (const AuthorityPlan& a : plan.authorities) {
            if (auto doc = returns_batch(plan, a, month))
                sink(*doc);
        }
    }
}

DemoDataSet generate_demo_data(const DemoOptions& options) {
    DemoDataSet out;
    generate_demo_data(options, [&](const DemoDocument& doc) {
        (doc.name.starts_with("feeds/") ? out.feeds : out.returns).push_back(doc);
    });
    out.accounts = demo_accounts(options);
    return out;
}

std::vector<DemoAccount> demo_accounts(const DemoOptions& options) {
    return accounts_for(make_plan(options));
}

}  // namespace scorecard::services
