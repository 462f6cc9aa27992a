#include "services/demo_catalogue.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>
#include <stdexcept>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

// etc/demo/catalogue.json as kDemoCatalogueJson (services/CMakeLists.txt).
#include "demo_catalogue_json.h"

namespace scorecard::services {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

using Keys = std::initializer_list<std::string_view>;

// Reads one JSON object of the catalogue, naming the field ("services[3].kpis[0].unit") in
// every error. `keys` lists the fields the object has, "name?" for an optional one; any
// other is an error, so that a typo in the data is not silently ignored.
class Fields {
  public:
    Fields(Object::Ptr object, std::string path, Keys keys)
        : object_(std::move(object)), path_(std::move(path)) {
        for (const auto& [key, value] : *object_) {
            (void)value;
            if (std::none_of(keys.begin(), keys.end(), [&](std::string_view k) {
                    return k == key || (k.ends_with('?') && k.substr(0, k.size() - 1) == key);
                }))
                fail(key, "is not a field of this object");
        }
        for (std::string_view key : keys) {
            if (!key.ends_with('?') && !object_->has(std::string(key)))
                fail(key, "is missing");
        }
    }

    bool has(const std::string& key) const { return object_->has(key); }

    Fields object(const std::string& key, Keys keys) const {
        auto value = object_->getObject(key);
        if (!value)
            fail(key, "must be an object");
        return Fields(value, name(key), keys);
    }
    // Each element of an array of objects.
    std::vector<Fields> objects(const std::string& key, Keys keys) const {
        std::vector<Fields> out;
        auto items = array(key);
        for (std::size_t i = 0; i < items->size(); ++i) {
            auto item = items->getObject(static_cast<unsigned>(i));
            if (!item)
                fail(key, "must hold objects only");
            out.emplace_back(item, name(key) + "[" + std::to_string(i) + "]", keys);
        }
        return out;
    }
    std::string text(const std::string& key) const {
        const Poco::Dynamic::Var value = object_->get(key);
        if (!value.isString() || value.toString().empty())
            fail(key, "must be a non-empty string");
        return value.toString();
    }
    std::vector<std::string> texts(const std::string& key) const {
        std::vector<std::string> out;
        auto items = array(key);
        for (std::size_t i = 0; i < items->size(); ++i) {
            const Poco::Dynamic::Var value = items->get(static_cast<unsigned>(i));
            if (!value.isString() || value.toString().empty())
                fail(key, "must hold non-empty strings only");
            out.push_back(value.toString());
        }
        if (out.empty())
            fail(key, "must not be empty");
        return out;
    }
    double number(const std::string& key) const { return number_of(object_->get(key), key); }
    std::vector<double> numbers(const std::string& key) const {
        std::vector<double> out;
        auto items = array(key);
        for (std::size_t i = 0; i < items->size(); ++i)
            out.push_back(number_of(items->get(static_cast<unsigned>(i)), key));
        if (out.empty())
            fail(key, "must not be empty");
        return out;
    }
    // A whole number within [low, high].
    int whole(const std::string& key, int low, int high) const {
        const double v = number(key);
        if (!is_whole(v, low, high))
            fail(key, "must be a whole number from " + std::to_string(low) + " to " +
                          std::to_string(high));
        return static_cast<int>(v);
    }
    int percent(const std::string& key) const { return whole(key, 0, 100); }
    // [low, high] of whole numbers within [min, max].
    DemoRange range(const std::string& key, int min, int max) const {
        const auto v = numbers(key);
        if (v.size() != 2 || !is_whole(v[0], min, max) || !is_whole(v[1], min, max) || v[0] > v[1])
            fail(key, "must be [low, high], whole numbers from " + std::to_string(min) + " to " +
                          std::to_string(max) + " with low <= high");
        return {static_cast<int>(v[0]), static_cast<int>(v[1])};
    }
    DemoAmount amount(const std::string& key) const {
        const auto v = numbers(key);
        if (v.size() != 2 || v[0] < 0 || v[0] > v[1])
            fail(key, "must be [low, high] with 0 <= low <= high");
        return {v[0], v[1]};
    }
    template <class E>
    E enumeration(const std::string& key) const {
        if (auto e = parse_enum<E>(text(key)))
            return *e;
        fail(key, "must be one of " + allowed_values<E>());
    }

    [[noreturn]] void fail(std::string_view key, const std::string& why) const {
        throw std::invalid_argument("demo catalogue: " + name(std::string(key)) + " " + why);
    }
    const std::string& path() const { return path_; }

  private:
    static bool is_whole(double v, int low, int high) {
        return v >= low && v <= high && v == std::floor(v);
    }
    std::string name(const std::string& key) const {
        return path_.empty() ? key : path_ + "." + key;
    }
    Array::Ptr array(const std::string& key) const {
        auto items = object_->getArray(key);
        if (!items)
            fail(key, "must be an array");
        return items;
    }
    double number_of(const Poco::Dynamic::Var& value, const std::string& key) const {
        if (!value.isNumeric())
            fail(key, "must be a number");
        return value.convert<double>();
    }

    Object::Ptr object_;
    std::string path_;
};

// SPEC §2 ordering, strict so that a value can be drawn in every band.
bool strictly_ordered(const KpiDefinition& k) {
    const KpiThresholds& t = k.thresholds;
    return k.direction == Direction::kHigher ? t.good > t.approaching && t.approaching > t.minimum
                                             : t.good < t.approaching && t.approaching < t.minimum;
}

DemoKpiTemplate read_kpi(const Fields& f) {
    DemoKpiTemplate k;
    KpiDefinition& d = k.definition;
    d.code = f.text("code");
    if (d.code.size() > 100 || d.code.find_first_of(" \t\r\n") != std::string::npos)
        f.fail("code", "must be an identifier (no spaces, at most 100 characters)");
    d.name = f.text("name");
    d.unit = f.enumeration<Unit>("unit");
    d.direction = f.enumeration<Direction>("direction");
    d.weight = f.number("weight");
    if (d.weight <= 0)
        f.fail("weight", "must be greater than 0");
    const auto t = f.numbers("thresholds");
    if (t.size() != 3)
        f.fail("thresholds", "must be [good, approaching, minimum]");
    d.thresholds = {t[0], t[1], t[2]};
    if (!strictly_ordered(d))
        f.fail("thresholds",
               "must be strictly ordered (higher: good > approaching > minimum; lower: the "
               "reverse), so that a value can be drawn in every rating");
    d.category = f.enumeration<KpiCategory>("category");
    const auto values = f.numbers("values");
    if (values.size() != 2 || !(values[0] < values[1]))
        f.fail("values", "must be [low, high] with low < high");
    k.low = values[0];
    k.high = values[1];
    k.decimals = f.whole("decimals", 0, 2);
    if (f.has("volumes")) {
        if (d.unit != Unit::kPercent)
            f.fail("volumes", "are for counted percentages only");
        const DemoRange v = f.range("volumes", 1, 1000000000);
        k.volume_low = v.low;
        k.volume_high = v.high;
    }
    return k;
}

std::vector<DemoKpiTemplate> read_kpis(const Fields& f, const std::string& key) {
    std::vector<DemoKpiTemplate> out;
    for (const Fields& k :
         f.objects(key, {"code", "name", "unit", "direction", "weight", "thresholds", "category",
                         "values", "decimals", "volumes?"}))
        out.push_back(read_kpi(k));
    if (out.empty())
        f.fail(key, "must not be empty");
    return out;
}

std::size_t sector_index(const DemoCatalogue& c, const Fields& f, const std::string& key,
                         const std::string& name) {
    for (std::size_t i = 0; i < c.sectors.size(); ++i) {
        if (c.sectors[i].name == name)
            return i;
    }
    f.fail(key, "names the sector '" + name + "', which is not in sectors");
}

void read_authorities(const Fields& root, DemoCatalogue& c) {
    std::set<std::string> codes;
    for (const Fields& a : root.objects("authorities", {"code", "name", "weight"})) {
        DemoAuthority authority{a.text("code"), a.text("name"), a.whole("weight", 1, 1000)};
        if (authority.code.find_first_of(" \t\r\n") != std::string::npos)
            a.fail("code", "must not contain spaces");
        if (!codes.insert(authority.code).second)
            a.fail("code", "'" + authority.code + "' is given twice");
        c.authorities.push_back(std::move(authority));
    }
    const Fields invented =
        root.object("invented_authorities", {"weight", "adjectives", "subjects", "bodies"});
    c.invented_authorities.weight = invented.whole("weight", 1, 1000);
    c.invented_authorities.adjectives = invented.texts("adjectives");
    c.invented_authorities.subjects = invented.texts("subjects");
    c.invented_authorities.bodies = invented.texts("bodies");
}

void read_suppliers(const Fields& root, DemoCatalogue& c) {
    for (const Fields& s : root.objects("sectors", {"name", "supplier_words"})) {
        DemoSector sector{s.text("name"), s.texts("supplier_words")};
        for (const DemoSector& other : c.sectors) {
            if (other.name == sector.name)
                s.fail("name", "'" + sector.name + "' is given twice");
        }
        c.sectors.push_back(std::move(sector));
    }
    const int sectors = static_cast<int>(c.sectors.size());
    if (sectors == 0)
        root.fail("sectors", "must not be empty");

    const Fields f =
        root.object("suppliers", {"percent_large", "percent_medium", "percent_small",
                                  "percent_of_large_strategic", "percent_charities_among_smes",
                                  "charity_sectors", "sectors_of_large", "sectors_of_strategic",
                                  "contract_draw_weight", "contract_value", "names"});
    auto& s = c.suppliers;
    s.percent_large = f.percent("percent_large");
    s.percent_medium = f.percent("percent_medium");
    s.percent_small = f.percent("percent_small");
    if (s.percent_large + s.percent_medium + s.percent_small > 100)
        f.fail("percent_small", "and the other two add up to more than 100");
    s.percent_of_large_strategic = f.percent("percent_of_large_strategic");
    s.percent_charities_among_smes = f.percent("percent_charities_among_smes");
    for (const std::string& name : f.texts("charity_sectors"))
        s.charity_sectors.push_back(sector_index(c, f, "charity_sectors", name));
    s.sectors_of_large = f.whole("sectors_of_large", 1, sectors);
    s.sectors_of_strategic = f.whole("sectors_of_strategic", 1, sectors);

    // The order of size_index().
    const std::array<const char*, 5> sizes = {"strategic", "large", "medium", "small", "micro"};
    const Fields weights =
        f.object("contract_draw_weight", {"strategic", "large", "medium", "small", "micro"});
    const Fields values =
        f.object("contract_value", {"strategic", "large", "medium", "small", "micro"});
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        s.contract_draw_weight[i] = weights.whole(sizes[i], 1, 1000);
        s.contract_value[i] = values.amount(sizes[i]);
    }

    const Fields names = f.object("names", {"prefixes", "regions", "sme_suffixes", "large_words",
                                            "large_suffixes", "charity_forms"});
    s.names.prefixes = names.texts("prefixes");
    s.names.regions = names.texts("regions");
    s.names.sme_suffixes = names.texts("sme_suffixes");
    s.names.large_words = names.texts("large_words");
    s.names.large_suffixes = names.texts("large_suffixes");
    s.names.charity_forms = names.texts("charity_forms");
}

void read_services(const Fields& root, DemoCatalogue& c) {
    c.generic_kpis = read_kpis(root, "generic_kpis");
    std::set<std::string> generic_codes;
    for (const DemoKpiTemplate& k : c.generic_kpis) {
        if (!generic_codes.insert(k.definition.code).second)
            root.fail("generic_kpis", "give the code " + k.definition.code + " twice");
    }
    for (const Fields& s : root.objects("services", {"title", "sector", "kpis"})) {
        DemoService service{s.text("title"), sector_index(c, s, "sector", s.text("sector")),
                            read_kpis(s, "kpis")};
        // The first KPI that is not user satisfaction is the service's primary one, always
        // chosen; one user satisfaction KPI at most (a contract has one survey).
        std::set<std::string> codes;
        int satisfaction = 0;
        for (const DemoKpiTemplate& k : service.kpis) {
            if (!codes.insert(k.definition.code).second || generic_codes.count(k.definition.code))
                s.fail("kpis",
                       "give the code " + k.definition.code + " twice (with the generic KPIs)");
            satisfaction += k.definition.category == KpiCategory::kUserSatisfaction ? 1 : 0;
        }
        if (satisfaction > 1)
            s.fail("kpis", "hold more than one user_satisfaction KPI");
        if (satisfaction == static_cast<int>(service.kpis.size()))
            s.fail("kpis", "need a KPI that is not user_satisfaction (the primary one)");
        c.services.push_back(std::move(service));
    }
    // A supplier works in its sectors: each needs a service to be let a contract for.
    for (std::size_t i = 0; i < c.sectors.size(); ++i) {
        if (std::none_of(c.services.begin(), c.services.end(),
                         [&](const DemoService& s) { return s.sector == i; }))
            root.fail("services", "offer nothing in the sector '" + c.sectors[i].name + "'");
    }
}

void read_contracts(const Fields& root, DemoCatalogue& c) {
    const Fields f = root.object(
        "contracts", {"percent_monthly", "percent_with_region_in_title",
                      "start_months_before_window", "term_years", "percent_expired",
                      "per_mille_terminated", "percent_with_user_satisfaction", "weight_factors"});
    auto& k = c.contracts;
    k.percent_monthly = f.percent("percent_monthly");
    k.percent_with_region_in_title = f.percent("percent_with_region_in_title");
    k.start_months_before_window = f.range("start_months_before_window", 1, 1200);
    k.term_years = f.range("term_years", 1, 100);
    k.percent_expired = f.percent("percent_expired");
    k.per_mille_terminated = f.whole("per_mille_terminated", 0, 1000);
    k.percent_with_user_satisfaction = f.percent("percent_with_user_satisfaction");
    k.weight_factors = f.numbers("weight_factors");
    for (double factor : k.weight_factors) {
        if (!(factor > 0))
            f.fail("weight_factors", "must all be greater than 0");
    }
}

void read_performance(const Fields& root, DemoCatalogue& c) {
    const Fields f =
        root.object("performance", {"healthy_percent_good", "healthy_otherwise_percent",
                                    "patterns_percent", "persistent_periods", "revision"});
    auto& p = c.performance;
    p.healthy_percent_good = f.range("healthy_percent_good", 0, 100);
    const Fields otherwise = f.object("healthy_otherwise_percent",
                                      {"approaching", "requires_improvement", "inadequate"});
    p.otherwise_approaching = otherwise.percent("approaching");
    p.otherwise_requires_improvement = otherwise.percent("requires_improvement");
    p.otherwise_inadequate = otherwise.percent("inadequate");
    if (p.otherwise_approaching + p.otherwise_requires_improvement + p.otherwise_inadequate != 100)
        f.fail("healthy_otherwise_percent", "must add up to 100");
    const Fields patterns = f.object(
        "patterns_percent", {"declining", "persistent", "inadequate", "low_score", "missing"});
    p.declining = patterns.percent("declining");
    p.persistent = patterns.percent("persistent");
    p.inadequate = patterns.percent("inadequate");
    p.low_score = patterns.percent("low_score");
    p.missing = patterns.percent("missing");
    if (p.declining + p.persistent + p.inadequate + p.low_score + p.missing > 100)
        f.fail("patterns_percent", "add up to more than 100");
    // SPEC §4 looks at the 3 most recent periods; a pattern's contract has at least 6.
    p.persistent_periods = f.range("persistent_periods", 3, 6);
    const Fields revision = f.object("revision", {"tighten_by", "add_weight"});
    p.revision_tighten_by = revision.number("tighten_by");
    p.revision_add_weight = revision.number("add_weight");
    if (!(p.revision_tighten_by > 0) || p.revision_add_weight < 0)
        f.fail("revision", "must tighten by more than 0 and add a weight of at least 0");
}

void read_returns(const Fields& root, DemoCatalogue& c) {
    const Fields f =
        root.object("returns", {"submitted_days_after_period", "office_hours",
                                "percent_not_applicable_per_kpi", "percent_with_evidence",
                                "percent_shortfalls_explained", "contracts_per_amendment"});
    auto& r = c.returns;
    // SPEC §5: a return is submitted after its period has ended.
    r.submitted_days_after_period = f.range("submitted_days_after_period", 1, 60);
    r.office_hours = f.range("office_hours", 0, 23);
    r.percent_not_applicable_per_kpi = f.percent("percent_not_applicable_per_kpi");
    r.percent_with_evidence = f.percent("percent_with_evidence");
    r.percent_shortfalls_explained = f.percent("percent_shortfalls_explained");
    r.contracts_per_amendment = f.whole("contracts_per_amendment", 1, 1000000);

    const Fields reasons =
        root.object("reasons", {"not_applicable", "survey_not_run", "shortfall", "correction"});
    c.reasons.not_applicable = reasons.texts("not_applicable");
    c.reasons.survey_not_run = reasons.text("survey_not_run");
    c.reasons.shortfall = reasons.texts("shortfall");
    c.reasons.correction = reasons.text("correction");
}

}  // namespace

DemoCatalogue parse_demo_catalogue(std::string_view json) {
    Object::Ptr object;
    try {
        Poco::JSON::Parser parser;
        object = parser.parse(std::string(json)).extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        // A syntax error, or JSON whose top level is not an object (a bad cast).
        throw std::invalid_argument("demo catalogue: not a JSON object: " + e.displayText());
    }
    const Fields root(
        object, "",
        {"about?", "authorities", "invented_authorities", "sectors", "suppliers", "services",
         "generic_kpis", "contracts", "performance", "returns", "reasons", "accounts"});
    DemoCatalogue c;
    read_authorities(root, c);
    read_suppliers(root, c);
    read_services(root, c);
    read_contracts(root, c);
    read_performance(root, c);
    read_returns(root, c);
    c.supplier_accounts = root.object("accounts", {"suppliers"}).whole("suppliers", 0, 1000000);
    return c;
}

const DemoCatalogue& builtin_demo_catalogue() {
    static const DemoCatalogue catalogue = parse_demo_catalogue(kDemoCatalogueJson);
    return catalogue;
}

}  // namespace scorecard::services
