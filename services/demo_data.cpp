#include "services/demo_data.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "importers/documents.h"
#include "model/domain.h"
#include "model/rating.h"
#include "reports/charts.h"

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

// Numbers in documents never depend on the locale.
std::string fixed(double v, int decimals) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return {buf, r.ptr};
}
std::string shortest(double v) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    return {buf, r.ptr};
}
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

// Markup escaping is the same for XML text and attributes as for HTML (&#39; is valid XML).
std::string xml_escape(std::string_view text) {
    return reports::escape_html(text);
}

void attribute(std::string& out, std::string_view name, std::string_view value) {
    out += ' ';
    out += name;
    out += "=\"";
    out += xml_escape(value);
    out += '"';
}

// ---------------------------------------------------------------------------------------
// Catalogues: who buys, who supplies, what services and which KPIs measure them.

struct AuthoritySeed {
    std::string_view code;  // the org id's last part, also the contract id prefix
    std::string_view name;
    int weight;  // relative share of contracts
};

constexpr std::array kRealAuthorities{
    AuthoritySeed{"DWP", "Department for Work and Pensions", 14},
    AuthoritySeed{"HMRC", "HM Revenue and Customs", 12},
    AuthoritySeed{"MOJ", "Ministry of Justice", 10},
    AuthoritySeed{"DFE", "Department for Education", 7},
    AuthoritySeed{"DHSC", "Department of Health and Social Care", 8},
    AuthoritySeed{"HO", "Home Office", 10},
    AuthoritySeed{"MOD", "Ministry of Defence", 12},
    AuthoritySeed{"DFT", "Department for Transport", 6},
    AuthoritySeed{"DEFRA", "Department for Environment, Food and Rural Affairs", 5},
    AuthoritySeed{"CO", "Cabinet Office", 5},
    AuthoritySeed{"HMT", "HM Treasury", 3},
    AuthoritySeed{"FCDO", "Foreign, Commonwealth and Development Office", 4},
    AuthoritySeed{"DBT", "Department for Business and Trade", 3},
    AuthoritySeed{"DESNZ", "Department for Energy Security and Net Zero", 3},
    AuthoritySeed{"DSIT", "Department for Science, Innovation and Technology", 3},
    AuthoritySeed{"MHCLG", "Ministry of Housing, Communities and Local Government", 4},
    AuthoritySeed{"DCMS", "Department for Culture, Media and Sport", 3},
    AuthoritySeed{"NIO", "Northern Ireland Office", 2},
    AuthoritySeed{"SO", "Scotland Office", 2},
    AuthoritySeed{"WO", "Wales Office", 2},
    AuthoritySeed{"DVLA", "Driver and Vehicle Licensing Agency", 3},
    AuthoritySeed{"HMLR", "HM Land Registry", 2},
    AuthoritySeed{"ONS", "Office for National Statistics", 2},
    AuthoritySeed{"HMCTS", "HM Courts and Tribunals Service", 4},
    AuthoritySeed{"HMPPS", "HM Prison and Probation Service", 5},
};

// For more authorities than the real list: "National Records Agency" and the like.
const std::vector<std::string> kAgencyAdjectives{"National", "Regional", "Central",  "Public",
                                                 "Royal",    "Joint",    "Northern", "Southern"};
const std::vector<std::string> kAgencySubjects{
    "Records",  "Licensing", "Land",      "Water",  "Marine",     "Forestry", "Heritage",
    "Pensions", "Courts",    "Highways",  "Rail",   "Standards",  "Skills",   "Housing",
    "Digital",  "Science",   "Fisheries", "Grants", "Statistics", "Estates"};
const std::vector<std::string> kAgencyBodies{"Agency",  "Office",    "Authority",
                                             "Service", "Executive", "Commission"};

enum class Sector {
    kFacilities,
    kDigital,
    kContact,
    kSecurity,
    kCatering,
    kCleaning,
    kLegal,
    kLanguage,
    kHealth,
    kTraining,
    kLogistics,
    kEmployment,
    kBusiness,
};
constexpr int kSectorCount = 13;

// Words a supplier in each sector might carry in its name.
const std::array<std::vector<std::string>, kSectorCount> kSectorWords{{
    {"Facilities", "Property Services", "Estates"},
    {"Digital", "Technology", "Systems", "Data"},
    {"Contact", "Customer Services", "Communications"},
    {"Security", "Guarding"},
    {"Catering", "Food Services", "Kitchens"},
    {"Cleaning", "Hygiene Services"},
    {"Legal", "Law"},
    {"Language Services", "Translation", "Interpreting"},
    {"Occupational Health", "Health Partners", "Wellbeing"},
    {"Training", "Learning", "Skills"},
    {"Logistics", "Fleet Services", "Couriers"},
    {"Employment Services", "Recruitment", "Careers"},
    {"Payroll Services", "Business Services", "Consulting"},
}};

const std::vector<std::string> kNamePrefixes{
    "Northgate", "Meridian",   "Hollybank",   "Ashford",     "Kestrel",     "Beacon",
    "Riverside", "Pennine",    "Castlefield", "Harbour",     "Thornbury",   "Oakwood",
    "Millbrook", "Greystone",  "Fenwick",     "Larkspur",    "Redbridge",   "Westmoor",
    "Eastfield", "Southdown",  "Brightwater", "Copperfield", "Elmstead",    "Foxglove",
    "Granite",   "Ironbridge", "Juniper",     "Kingsway",    "Lindale",     "Marlow",
    "Newhaven",  "Orchard",    "Parkside",    "Quayside",    "Ravenscroft", "Saxon",
    "Tamar",     "Upland",     "Wessex",      "Yarrow",      "Albion",      "Britannic",
    "Cardinal",  "Dovetail",   "Evergreen",   "Fairway",     "Greenline",   "Highgate",
    "Kelso",     "Lomond",     "Mercia",      "Northumbria", "Osprey",      "Pinnacle",
    "Sterling",  "Trident",    "Vanguard",    "Whitecliff",  "Cobalt",      "Harrier",
    "Summit",    "Clearwater", "Bramble",     "Chiltern",    "Cotswold",    "Solent",
    "Severn",    "Heron",      "Lantern",     "Peregrine",   "Rowan",       "Willow"};
const std::vector<std::string> kRegions{
    "North West",    "North East",    "Yorkshire and the Humber",
    "East Midlands", "West Midlands", "East of England",
    "London",        "South East",    "South West",
    "Wales",         "Scotland",      "Northern Ireland"};
const std::vector<std::string> kSmeSuffixes{"Ltd", "Services Ltd", "Solutions Ltd", "Partners Ltd",
                                            "Associates Ltd"};
const std::vector<std::string> kLargeWords{"Outsourcing",    "Support Services", "Public Services",
                                           "Infrastructure", "Technology",       "Consulting",
                                           "Facilities",     "Business Services"};
const std::vector<std::string> kLargeSuffixes{"Group plc", "UK Ltd", "plc", "Holdings plc"};
const std::vector<std::string> kCharityForms{"Community Trust", "Foundation", "Trust",
                                             "Community Interest Company", "Charitable Trust"};
// Sectors in which charities and social enterprises commonly deliver public services.
const std::vector<Sector> kCharitySectors{Sector::kEmployment, Sector::kTraining, Sector::kHealth,
                                          Sector::kLanguage, Sector::kCatering};

struct KpiSpec {
    std::string_view code;
    std::string_view name;
    Unit unit;
    Direction direction;
    double good, approaching, minimum;  // strictly ordered, so every band can be reached
    KpiCategory category;
    double lo, hi;               // the plausible range of a value
    int decimals;                // how the supplier reports it
    int weight;                  // the usual weight before a department's own adjustment
    int den_lo = 0, den_hi = 0;  // volumes, for percent KPIs that carry evidence
};

constexpr auto H = Direction::kHigher;
constexpr auto L = Direction::kLower;
constexpr auto kPct = Unit::kPercent;
using C = KpiCategory;

struct ServiceSpec {
    std::string_view title;
    Sector sector;
    std::vector<KpiSpec> kpis;  // the service's own; kGenericKpis can be added to any
};

const std::vector<KpiSpec> kGenericKpis{
    {"APPR", "Apprenticeships created", Unit::kCount, H, 3, 2, 1, C::kSocialValue, 0, 8, 0, 10},
    {"SMESPEND", "Supply chain spend with SMEs", kPct, H, 33, 25, 15, C::kSocialValue, 0, 70, 1,
     10},
    {"INVOICE", "Invoices accurate first time", kPct, H, 98, 95, 90, C::kFinancial, 60, 100, 1, 10},
    {"MI", "Management information delivered on time", kPct, H, 100, 95, 90, C::kTimeliness, 60,
     100, 1, 10},
    {"CARBON", "Reduction in carbon emissions against baseline", kPct, H, 10, 5, 2, C::kSocialValue,
     0, 25, 1, 10},
};

const std::vector<ServiceSpec>& services() {
    static const std::vector<ServiceSpec> kServices{
        {"Contact centre services",
         Sector::kContact,
         {{"CALLS", "Calls answered within 60 seconds", kPct, H, 95, 90, 85, C::kService, 60, 100,
           1, 40, 20000, 400000},
          {"ABANDON", "Calls abandoned before answer", kPct, L, 3, 5, 8, C::kService, 0, 20, 1, 15},
          {"COMPLAINTS", "Complaints per 1,000 contacts", Unit::kRatio, L, 2, 4, 6, C::kQuality, 0,
           12, 1, 20},
          {"FCR", "Enquiries resolved at first contact", kPct, H, 80, 75, 70, C::kQuality, 40, 100,
           1, 20},
          {"LETTERS", "Correspondence answered within 10 working days", kPct, H, 95, 90, 85,
           C::kTimeliness, 60, 100, 1, 15},
          {"CSAT", "User satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100, 1,
           20}}},
        {"Facilities management",
         Sector::kFacilities,
         {{"HELPDESK", "Helpdesk requests resolved within SLA", kPct, H, 95, 92, 88, C::kService,
           60, 100, 1, 30, 500, 8000},
          {"PPM", "Planned maintenance completed on schedule", kPct, H, 98, 95, 90, C::kTimeliness,
           60, 100, 1, 25},
          {"REPAIRS", "Average days to complete reactive repairs", Unit::kDays, L, 3, 5, 7,
           C::kTimeliness, 0.5, 15, 1, 20},
          {"COMPLIANCE", "Statutory compliance checks passed", kPct, H, 100, 98, 95, C::kQuality,
           80, 100, 1, 25},
          {"FAILURES", "Critical building failures", Unit::kCount, L, 0, 1, 2, C::kService, 0, 5, 0,
           15},
          {"CSAT", "Building user satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100,
           1, 15}}},
        {"Grounds maintenance",
         Sector::kFacilities,
         {{"SCHEDULE", "Grounds visits completed as scheduled", kPct, H, 98, 95, 90, C::kService,
           60, 100, 1, 30},
          {"AUDIT", "Grounds inspection score", Unit::kScore, H, 85, 80, 75, C::kQuality, 50, 100,
           1, 25},
          {"URGENT", "Urgent call-outs attended within 4 hours", kPct, H, 95, 90, 85, C::kService,
           60, 100, 1, 20},
          {"BIODIV", "Sites with a biodiversity plan in place", kPct, H, 80, 60, 40,
           C::kSocialValue, 0, 100, 1, 10},
          {"CSAT", "Site user satisfaction", kPct, H, 80, 75, 70, C::kUserSatisfaction, 50, 100, 1,
           15}}},
        {"Cleaning services",
         Sector::kCleaning,
         {{"AUDIT", "Cleaning audit score", Unit::kScore, H, 90, 85, 80, C::kQuality, 50, 100, 1,
           35},
          {"URGENT", "Urgent requests attended within 1 hour", kPct, H, 95, 90, 85, C::kService, 60,
           100, 1, 20},
          {"SHIFTS", "Scheduled shifts covered", kPct, H, 99, 97, 95, C::kService, 80, 100, 1, 20},
          {"WAGE", "Staff paid at least the Real Living Wage", kPct, H, 100, 95, 90,
           C::kSocialValue, 70, 100, 1, 10},
          {"COMPLAINTS", "Complaints per 1,000 cleaning hours", Unit::kRatio, L, 1, 2, 3,
           C::kQuality, 0, 6, 1, 10},
          {"CSAT", "Building user satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100,
           1, 15}}},
        {"Catering services",
         Sector::kCatering,
         {{"HYGIENE", "Food hygiene rating", Unit::kScore, H, 5, 4, 3, C::kQuality, 0, 5, 0, 30},
          {"MEALS", "Meals served to schedule", kPct, H, 98, 95, 90, C::kTimeliness, 70, 100, 1,
           20},
          {"WASTE", "Food wasted", kPct, L, 5, 8, 10, C::kSocialValue, 0, 20, 1, 15},
          {"LOCAL", "Food sourced from UK producers", kPct, H, 40, 30, 20, C::kSocialValue, 0, 80,
           1, 10},
          {"COMPLAINTS", "Complaints per 1,000 meals", Unit::kRatio, L, 1, 2, 3, C::kQuality, 0, 6,
           1, 10},
          {"CSAT", "Customer satisfaction", kPct, H, 80, 75, 70, C::kUserSatisfaction, 40, 100, 1,
           25}}},
        {"Security guarding",
         Sector::kSecurity,
         {{"PATROLS", "Patrols completed as scheduled", kPct, H, 99, 97, 95, C::kService, 80, 100,
           1, 30, 1000, 20000},
          {"REPORTS", "Incident reports issued within 24 hours", kPct, H, 98, 95, 90,
           C::kTimeliness, 60, 100, 1, 20},
          {"VETTING", "Officers holding current vetting", kPct, H, 100, 98, 95, C::kQuality, 80,
           100, 1, 25},
          {"ALARMS", "Average hours to resolve alarm faults", Unit::kHours, L, 4, 8, 12,
           C::kService, 0.5, 24, 1, 15},
          {"POSTS", "Posts covered", kPct, H, 99.5, 99, 98, C::kService, 90, 100, 1, 20},
          {"CSAT", "Staff satisfaction with the security service", kPct, H, 80, 75, 70,
           C::kUserSatisfaction, 40, 100, 1, 10}}},
        {"IT service desk",
         Sector::kDigital,
         {{"INCIDENTS", "Incidents resolved within SLA", kPct, H, 95, 90, 85, C::kService, 60, 100,
           1, 30, 2000, 60000},
          {"P1", "Priority 1 incidents resolved within 4 hours", kPct, H, 100, 95, 90, C::kService,
           60, 100, 1, 20},
          {"DAYS", "Average days to resolve", Unit::kDays, L, 2, 3, 5, C::kTimeliness, 0.2, 10, 1,
           15},
          {"AVAIL", "Service availability", kPct, H, 99.5, 99, 98, C::kService, 90, 100, 1, 25},
          {"FIRSTFIX", "Resolved at first contact", kPct, H, 75, 70, 65, C::kQuality, 40, 100, 1,
           10},
          {"CSAT", "User satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100, 1,
           20}}},
        {"Software development",
         Sector::kDigital,
         {{"RELEASES", "Releases delivered to agreed schedule", kPct, H, 90, 80, 70, C::kTimeliness,
           30, 100, 1, 25},
          {"DEFECTS", "Critical defects found after release", Unit::kCount, L, 0, 1, 3, C::kQuality,
           0, 8, 0, 25},
          {"ACCESS", "Accessibility issues outstanding", Unit::kCount, L, 0, 2, 5, C::kQuality, 0,
           12, 0, 15},
          {"AVAIL", "Service availability", kPct, H, 99.9, 99.5, 99, C::kService, 95, 100, 1, 20},
          {"PLANNED", "Planned work delivered", kPct, H, 90, 80, 70, C::kService, 30, 100, 1, 15},
          {"CSAT", "User satisfaction", kPct, H, 80, 75, 70, C::kUserSatisfaction, 40, 100, 1,
           20}}},
        {"Cloud hosting",
         Sector::kDigital,
         {{"AVAIL", "Platform availability", kPct, H, 99.9, 99.5, 99, C::kService, 95, 100, 1, 35},
          {"RESTORE", "Average hours to restore service after an outage", Unit::kHours, L, 1, 2, 4,
           C::kService, 0.1, 12, 1, 20},
          {"PATCH", "Critical security patches applied within 14 days", kPct, H, 100, 95, 90,
           C::kQuality, 60, 100, 1, 25},
          {"CHANGES", "Changes implemented without incident", kPct, H, 98, 95, 90, C::kQuality, 70,
           100, 1, 15},
          {"CSAT", "User satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100, 1,
           10}}},
        {"Legal advice",
         Sector::kLegal,
         {{"TIMELY", "Advice delivered within agreed timescale", kPct, H, 95, 90, 85,
           C::kTimeliness, 60, 100, 1, 30},
          {"RESPONSE", "Average days to first response", Unit::kDays, L, 2, 3, 5, C::kTimeliness,
           0.5, 10, 1, 15},
          {"BUDGET", "Matters delivered within budget", kPct, H, 95, 90, 85, C::kFinancial, 60, 100,
           1, 25},
          {"QUALITY", "Advice quality review score", Unit::kScore, H, 4.5, 4, 3.5, C::kQuality, 1,
           5, 1, 20},
          {"PROBONO", "Pro bono hours", Unit::kHours, H, 20, 15, 10, C::kSocialValue, 0, 60, 0, 5},
          {"CSAT", "Client satisfaction", kPct, H, 90, 85, 80, C::kUserSatisfaction, 50, 100, 1,
           15}}},
        {"Translation and interpreting",
         Sector::kLanguage,
         {{"FULFIL", "Bookings fulfilled", kPct, H, 98, 95, 90, C::kService, 60, 100, 1, 30, 200,
           6000},
          {"ONTIME", "Interpreters arriving on time", kPct, H, 97, 94, 90, C::kTimeliness, 60, 100,
           1, 20},
          {"RETURNED", "Translations returned for correction", kPct, L, 1, 2, 4, C::kQuality, 0, 10,
           1, 20},
          {"COMPLAINTS", "Complaints per 1,000 bookings", Unit::kRatio, L, 2, 4, 6, C::kQuality, 0,
           12, 1, 15},
          {"TURNAROUND", "Average days to return written translations", Unit::kDays, L, 3, 5, 7,
           C::kTimeliness, 0.5, 14, 1, 10},
          {"CSAT", "User satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100, 1,
           15}}},
        {"Occupational health services",
         Sector::kHealth,
         {{"REFERRALS", "Referrals seen within 10 working days", kPct, H, 90, 85, 80,
           C::kTimeliness, 50, 100, 1, 30, 50, 3000},
          {"REPORTS", "Reports issued within 2 working days", kPct, H, 95, 90, 85, C::kTimeliness,
           60, 100, 1, 20},
          {"WAIT", "Average days to first appointment", Unit::kDays, L, 5, 8, 10, C::kTimeliness, 1,
           20, 1, 20},
          {"DNA", "Appointments not attended", kPct, L, 5, 8, 12, C::kService, 0, 25, 1, 10},
          {"CLINICAL", "Clinical audit score", Unit::kScore, H, 90, 85, 80, C::kQuality, 50, 100, 1,
           15},
          {"CSAT", "Employee satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100, 1,
           20}}},
        {"Training delivery",
         Sector::kTraining,
         {{"COMPLETE", "Learners completing their course", kPct, H, 90, 85, 80, C::kService, 50,
           100, 1, 30, 50, 2000},
          {"PASS", "Learners passing assessment first time", kPct, H, 85, 80, 75, C::kQuality, 40,
           100, 1, 25},
          {"COURSES", "Courses delivered as scheduled", kPct, H, 98, 95, 90, C::kTimeliness, 60,
           100, 1, 20},
          {"CANCEL", "Courses cancelled at short notice", Unit::kCount, L, 0, 1, 3, C::kService, 0,
           8, 0, 10},
          {"CSAT", "Learner satisfaction", Unit::kScore, H, 4.5, 4, 3.5, C::kUserSatisfaction, 1, 5,
           1, 20}}},
        {"Fleet management",
         Sector::kLogistics,
         {{"AVAILABLE", "Vehicle availability", kPct, H, 97, 95, 92, C::kService, 70, 100, 1, 30},
          {"OFFROAD", "Average days off road for repairs", Unit::kDays, L, 2, 4, 6, C::kTimeliness,
           0.2, 12, 1, 20},
          {"SERVICING", "Vehicles serviced on schedule", kPct, H, 98, 95, 90, C::kTimeliness, 60,
           100, 1, 20},
          {"ZEV", "Zero-emission vehicles in the fleet", kPct, H, 30, 20, 10, C::kSocialValue, 0,
           60, 1, 10},
          {"BREAKDOWN", "Breakdowns attended within 2 hours", kPct, H, 95, 90, 85, C::kService, 60,
           100, 1, 15},
          {"CSAT", "Driver satisfaction", kPct, H, 80, 75, 70, C::kUserSatisfaction, 40, 100, 1,
           10}}},
        {"Courier services",
         Sector::kLogistics,
         {{"DELIVERED", "Items delivered by the agreed time", kPct, H, 98, 96, 93, C::kService, 80,
           100, 1, 35, 5000, 200000},
          {"LOST", "Items lost or damaged per 10,000", Unit::kRatio, L, 1, 3, 5, C::kQuality, 0, 10,
           1, 25},
          {"COLLECT", "Collections made as scheduled", kPct, H, 99, 97, 95, C::kTimeliness, 80, 100,
           1, 20},
          {"TRACK", "Items with a complete tracking record", kPct, H, 99, 97, 95, C::kQuality, 80,
           100, 1, 10},
          {"CSAT", "Customer satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100, 1,
           15}}},
        {"Employment support programme",
         Sector::kEmployment,
         {{"STARTS", "Referrals starting within 15 days", kPct, H, 90, 85, 80, C::kTimeliness, 50,
           100, 1, 20, 100, 10000},
          {"JOBS", "Participants moving into work", kPct, H, 30, 25, 20, C::kService, 0, 60, 1, 35},
          {"SUSTAINED", "Job outcomes sustained for 6 months", kPct, H, 60, 50, 40, C::kQuality, 0,
           90, 1, 25},
          {"PLANS", "Participants with an agreed action plan", kPct, H, 98, 95, 90, C::kQuality, 60,
           100, 1, 10},
          {"COMPLAINTS", "Complaints per 1,000 participants", Unit::kRatio, L, 3, 5, 8, C::kQuality,
           0, 15, 1, 10},
          {"CSAT", "Participant satisfaction", kPct, H, 80, 75, 70, C::kUserSatisfaction, 40, 100,
           1, 20}}},
        {"Recruitment services",
         Sector::kEmployment,
         {{"TIMETOHIRE", "Average days from vacancy to offer", Unit::kDays, L, 30, 40, 50,
           C::kTimeliness, 10, 80, 0, 30},
          {"SHORTLIST", "Shortlists delivered within 10 working days", kPct, H, 95, 90, 85,
           C::kTimeliness, 60, 100, 1, 20},
          {"RETENTION", "Hires still in post after 6 months", kPct, H, 90, 85, 80, C::kQuality, 50,
           100, 1, 20},
          {"DIVERSE", "Shortlists meeting diversity commitments", kPct, H, 90, 80, 70,
           C::kSocialValue, 30, 100, 1, 10},
          {"CSAT", "Hiring manager satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50,
           100, 1, 20}}},
        {"Payroll services",
         Sector::kBusiness,
         {{"ACCURACY", "Payments made accurately", kPct, H, 99.9, 99.5, 99, C::kQuality, 97, 100, 1,
           35},
          {"ONTIME", "Payments made on the scheduled date", kPct, H, 100, 99.5, 99, C::kTimeliness,
           97, 100, 1, 30},
          {"QUERIES", "Queries resolved within 5 working days", kPct, H, 95, 90, 85, C::kService,
           60, 100, 1, 15, 200, 20000},
          {"STARTERS", "Average days to process starters and leavers", Unit::kDays, L, 2, 3, 5,
           C::kTimeliness, 0.2, 10, 1, 10},
          {"CSAT", "User satisfaction", kPct, H, 80, 75, 70, C::kUserSatisfaction, 40, 100, 1,
           15}}},
        {"Management consultancy",
         Sector::kBusiness,
         {{"MILESTONES", "Milestones delivered on time", kPct, H, 90, 80, 70, C::kTimeliness, 30,
           100, 1, 30},
          {"BUDGET", "Work delivered within budget", kPct, H, 95, 90, 85, C::kFinancial, 60, 100, 1,
           25},
          {"SKILLS", "Civil servants trained in transferred skills", Unit::kCount, H, 10, 6, 3,
           C::kSocialValue, 0, 25, 0, 15},
          {"QUALITY", "Deliverable quality score", Unit::kScore, H, 4.5, 4, 3.5, C::kQuality, 1, 5,
           1, 20},
          {"CSAT", "Client satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100, 1,
           15}}},
        {"Print and mail services",
         Sector::kContact,
         {{"DESPATCH", "Mail despatched on the day of receipt", kPct, H, 99, 97, 95, C::kTimeliness,
           80, 100, 1, 30, 10000, 500000},
          {"ERRORS", "Print errors per 10,000 items", Unit::kRatio, L, 2, 4, 6, C::kQuality, 0, 12,
           1, 25},
          {"SCAN", "Incoming post scanned within 1 working day", kPct, H, 98, 95, 90,
           C::kTimeliness, 60, 100, 1, 25},
          {"CSAT", "User satisfaction", kPct, H, 85, 80, 75, C::kUserSatisfaction, 50, 100, 1,
           15}}},
    };
    return kServices;
}

const std::vector<std::string> kNotApplicableReasons{
    "No activity in the period: service suspended during building works",
    "No qualifying cases in the period",
    "Not measured: site closed for refurbishment",
    "Measure paused by agreement with the contract manager",
};
constexpr std::string_view kSurveyNotRun =
    "Survey not run this period while the reporting system was replaced";
const std::vector<std::string> kShortfallReasons{
    "Staff sickness absence above forecast",
    "Two vacancies unfilled while recruitment completed",
    "System outage on the 14th affected the service",
    "Demand above forecast following a policy change",
    "Subcontractor failed to attend scheduled visits",
    "Severe weather disrupted the service",
    "Backlog after migration to the new case management system",
};
constexpr std::string_view kCorrectionComment =
    "Corrected: the figure was mis-keyed in the original return";

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
    std::vector<Sector> sectors;
};

struct KpiPlan {
    KpiDefinition definition;
    double lo = 0, hi = 100;
    int decimals = 1;
    int den_lo = 0, den_hi = 0;
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
    std::size_t service = 0;
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

std::vector<AuthorityPlan> plan_authorities(int count, Rng& rng) {
    std::vector<AuthorityPlan> out;
    std::set<std::string> codes;
    std::set<std::string> names;
    for (int i = 0; i < count; ++i) {
        AuthorityPlan a;
        if (i < static_cast<int>(kRealAuthorities.size())) {
            const AuthoritySeed& seed = kRealAuthorities[static_cast<std::size_t>(i)];
            a.code = seed.code;
            a.authority.name = seed.name;
            a.weight = seed.weight;
        } else {
            std::string name;
            do {
                name = rng.pick(kAgencyAdjectives) + " " + rng.pick(kAgencySubjects) + " " +
                       rng.pick(kAgencyBodies);
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
            a.weight = 2;
        }
        a.authority.id = "GB-GOV-" + a.code;
        codes.insert(a.code);
        names.insert(a.authority.name);
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<SupplierPlan> plan_suppliers(int count, Rng& rng) {
    // About 15% large, the rest spread over the SME classes; every class present when
    // there are at least four suppliers.
    std::vector<SizeClass> sizes;
    if (count < 4) {
        const SizeClass order[] = {SizeClass::kLarge, SizeClass::kMedium, SizeClass::kSmall};
        for (int i = 0; i < count; ++i)
            sizes.push_back(order[i]);
    } else {
        const int large = std::max(1, (count * 15 + 50) / 100);
        const int medium = std::max(1, (count * 25 + 50) / 100);
        const int small = std::max(1, (count * 32 + 50) / 100);
        const int micro = std::max(1, count - large - medium - small);
        sizes.insert(sizes.end(), static_cast<std::size_t>(large), SizeClass::kLarge);
        sizes.insert(sizes.end(), static_cast<std::size_t>(medium), SizeClass::kMedium);
        sizes.insert(sizes.end(), static_cast<std::size_t>(small), SizeClass::kSmall);
        sizes.insert(sizes.end(), static_cast<std::size_t>(micro), SizeClass::kMicro);
        sizes.resize(static_cast<std::size_t>(count), SizeClass::kMicro);
    }
    const int large_count =
        static_cast<int>(std::count(sizes.begin(), sizes.end(), SizeClass::kLarge));
    // Government names about 8 strategic suppliers among some 23 large ones here.
    int strategic_left = std::max(1, (large_count * 35 + 50) / 100);
    rng.shuffle(sizes);

    std::vector<SupplierPlan> out;
    std::set<std::string> ids;
    std::set<std::string> names;
    for (int i = 0; i < count; ++i) {
        SupplierPlan s;
        s.supplier.size = sizes[static_cast<std::size_t>(i)];
        const bool large = s.supplier.size == SizeClass::kLarge;
        s.supplier.strategic = large && strategic_left-- > 0;
        const bool charity = !large && rng.chance(0.12);

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
            const int n = s.supplier.strategic ? 4 : 3;
            std::vector<int> all(kSectorCount);
            for (int k = 0; k < kSectorCount; ++k)
                all[static_cast<std::size_t>(k)] = k;
            rng.shuffle(all);
            for (int k = 0; k < n; ++k)
                s.sectors.push_back(static_cast<Sector>(all[static_cast<std::size_t>(k)]));
        } else if (charity) {
            s.sectors.push_back(rng.pick(kCharitySectors));
        } else {
            s.sectors.push_back(static_cast<Sector>(rng.between(0, kSectorCount - 1)));
        }

        std::string name;
        for (int attempt = 0; attempt < 40 && (name.empty() || names.count(name) != 0); ++attempt) {
            const std::string& prefix = rng.pick(kNamePrefixes);
            if (large) {
                name = prefix + " " + rng.pick(kLargeWords) + " " + rng.pick(kLargeSuffixes);
            } else if (charity) {
                name = prefix + " " + rng.pick(kCharityForms);
            } else {
                const std::string& word =
                    rng.pick(kSectorWords[static_cast<std::size_t>(s.sectors.front())]);
                // "Health Partners Services Ltd" reads wrong: such words take a plain "Ltd".
                const bool plain = word.ends_with("Services") || word.ends_with("Partners");
                name = prefix + " " + word + " " + (plain ? "Ltd" : rng.pick(kSmeSuffixes));
            }
            // A name space this small runs out at benchmark scales: add a region.
            if (attempt >= 20) {
                const std::size_t cut = name.rfind(' ');
                name = name.substr(0, cut) + " (" + rng.pick(kRegions) + ")" + name.substr(cut);
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

int supplier_weight(const Supplier& s) {
    if (s.strategic)
        return 14;
    switch (s.size) {
        case SizeClass::kLarge:
            return 8;
        case SizeClass::kMedium:
            return 3;
        case SizeClass::kSmall:
            return 2;
        default:
            return 1;
    }
}

// Contract values in pounds by size: micro tens of thousands, large millions. The cube
// skews values to the low end of each range, as real portfolios are.
double contract_value(const Supplier& s, Rng& rng) {
    double lo = 10000, hi = 150000;
    if (s.strategic) {
        lo = 5e6, hi = 250e6;
    } else if (s.size == SizeClass::kLarge) {
        lo = 1e6, hi = 50e6;
    } else if (s.size == SizeClass::kMedium) {
        lo = 250000, hi = 5e6;
    } else if (s.size == SizeClass::kSmall) {
        lo = 50000, hi = 1e6;
    }
    const double u = rng.uniform();
    const double v = lo + (hi - lo) * u * u * u;
    return std::round(v / 1000) * 1000;
}

std::vector<KpiPlan> plan_kpis(const ServiceSpec& service, int count, Rng& rng) {
    // The service's own KPIs first (the primary one always), user satisfaction on most
    // contracts, then generic social value and financial measures to make up the count.
    std::vector<const KpiSpec*> own;
    const KpiSpec* satisfaction = nullptr;
    for (const KpiSpec& k : service.kpis) {
        if (k.category == KpiCategory::kUserSatisfaction)
            satisfaction = &k;
        else
            own.push_back(&k);
    }
    std::vector<const KpiSpec*> chosen{own.front()};
    if (satisfaction != nullptr && count >= 2 && rng.chance(0.8))
        chosen.push_back(satisfaction);
    std::vector<const KpiSpec*> rest(own.begin() + 1, own.end());
    rng.shuffle(rest);
    std::vector<const KpiSpec*> generic;
    for (const KpiSpec& k : kGenericKpis)
        generic.push_back(&k);
    rng.shuffle(generic);
    if (satisfaction != nullptr &&
        std::find(chosen.begin(), chosen.end(), satisfaction) == chosen.end())
        generic.push_back(satisfaction);  // the last resort when more KPIs are needed
    rest.insert(rest.end(), generic.begin(), generic.end());
    for (const KpiSpec* k : rest) {
        if (static_cast<int>(chosen.size()) >= count)
            break;
        chosen.push_back(k);
    }

    std::vector<KpiPlan> out;
    for (const KpiSpec* k : chosen) {
        KpiPlan p;
        p.definition.code = std::string(k->code);
        p.definition.name = std::string(k->name);
        p.definition.unit = k->unit;
        p.definition.direction = k->direction;
        const double factor = rng.pick(std::vector<double>{0.5, 1.0, 1.0, 1.5});
        p.definition.weight = std::max(5.0, std::round(k->weight * factor / 5) * 5);
        p.definition.thresholds = {k->good, k->approaching, k->minimum};
        p.definition.category = k->category;
        p.lo = k->lo;
        p.hi = k->hi;
        p.decimals = k->decimals;
        p.den_lo = k->den_lo;
        p.den_hi = k->den_hi;
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
    plan.options = options;
    plan.options.size = sanitized(options.size);
    const DemoSize& size = plan.options.size;
    const Date reference = options.reference;
    const int reference_month = month_ordinal(reference);
    const int window_month = reference_month - size.months;
    plan.window_start = first_of_month(window_month);

    Rng rng(derive(options.seed, 1));
    plan.authorities = plan_authorities(size.authorities, rng);
    plan.suppliers = plan_suppliers(size.suppliers, rng);

    std::vector<int> authority_weights;
    for (const AuthorityPlan& a : plan.authorities)
        authority_weights.push_back(a.weight);
    std::vector<int> supplier_weights;
    for (const SupplierPlan& s : plan.suppliers)
        supplier_weights.push_back(supplier_weight(s.supplier));
    const WeightedChoice pick_authority(authority_weights);
    const WeightedChoice pick_supplier(supplier_weights);

    std::vector<std::size_t> services_in_sector[kSectorCount];
    for (std::size_t i = 0; i < services().size(); ++i)
        services_in_sector[static_cast<int>(services()[i].sector)].push_back(i);

    // Which contracts ended early: a few expired inside the window, one or two terminated.
    const int n = size.contracts;
    const int expired = n >= 20 ? std::max(1, (n * 3 + 50) / 100) : 0;
    const int terminated = n >= 20 ? std::max(1, (n * 4 + 500) / 1000) : 0;

    std::vector<ContractPlan> contracts;
    for (int i = 0; i < n; ++i) {
        Rng crng(derive(options.seed, 2, static_cast<std::uint64_t>(i)));
        ContractPlan c;
        // Every authority and every supplier gets a contract when there are enough.
        c.authority = i < size.authorities ? i : pick_authority.pick(crng);
        c.supplier = i < size.suppliers ? i : pick_supplier.pick(crng);
        const SupplierPlan& supplier = plan.suppliers[static_cast<std::size_t>(c.supplier)];
        const Sector sector = crng.pick(supplier.sectors);
        c.service = crng.pick(services_in_sector[static_cast<int>(sector)]);
        const ServiceSpec& service = services()[c.service];

        Contract& k = c.contract;
        k.authority_id = plan.authorities[static_cast<std::size_t>(c.authority)].authority.id;
        k.supplier_id = supplier.supplier.id;
        k.title = std::string(service.title);
        if (crng.chance(0.5))
            k.title += " (" + crng.pick(kRegions) + ")";
        k.frequency = crng.chance(0.7) ? Frequency::kMonthly : Frequency::kQuarterly;
        // Starts on the first of a month up to five years before the window opens.
        k.start = first_of_month(window_month - crng.between(1, 60));
        int years = crng.between(3, 7);
        auto end_after = [&](int y) {
            return add_days(
                Date{k.start.year() + std::chrono::years{y}, k.start.month(), k.start.day()}, -1);
        };
        while (end_after(years) <= add_days(reference, 90))
            ++years;
        k.end = end_after(years);
        k.value = contract_value(supplier.supplier, crng);
        k.currency = "GBP";
        c.quality = crng.real(0.80, 0.97);
        c.kpis = plan_kpis(service, crng.between(size.min_kpis, size.max_kpis), crng);
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
                    k.definition.direction == Direction::kHigher && t.good <= 98 &&
                    k.decimals == 1) {
                    KpiDefinition revised = k.definition;
                    revised.thresholds = {t.good + 2, t.approaching + 2, t.minimum + 2};
                    revised.weight = k.definition.weight + 5;
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
        const std::pair<Pattern, int> quotas[] = {
            {Pattern::kDeclining, share(8)},  {Pattern::kPersistent, share(5)},
            {Pattern::kInadequate, share(5)}, {Pattern::kLowScore, share(5)},
            {Pattern::kMissing, share(3)},
        };
        std::size_t next = 0;
        for (const auto& [pattern, quota] : quotas) {
            for (int q = 0; q < quota && next < eligible.size(); ++q, ++next) {
                ContractPlan& c = plan.contracts[static_cast<std::size_t>(eligible[next])];
                c.pattern = pattern;
                c.pattern_kpi = prng.between(0, static_cast<int>(c.kpis.size()) - 1);
                if (pattern == Pattern::kPersistent)
                    c.pattern_length = prng.between(3, 5);
                if (pattern == Pattern::kMissing)
                    c.pattern_length = q % 3 + 1;  // one, two or three missed: some escalate
            }
        }
        // A handful of amendments, on healthy contracts, for a period old enough that the
        // correction arrives well inside the window.
        const int amendments = m == 0 ? 0 : std::max(1, m / 50);
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

struct MeasureOut {
    std::string kpi;
    bool not_applicable = false;
    std::string value;  // formatted as reported
    std::string numerator, denominator;
    std::string comment;
};

struct ReturnOut {
    const ContractPlan* contract = nullptr;
    Period period;
    Timestamp submitted{};
    std::vector<MeasureOut> measures;
};

// The target level of every KPI of `c` in period index `k`; empty when no return is due
// because the pattern says the supplier missed it.
std::vector<int> target_levels(const ContractPlan& c, int k, Rng& rng, bool& controlled) {
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
    for (int i = 0; i < kpis; ++i) {
        if (rng.uniform() < c.quality)
            continue;
        const double u = rng.uniform();
        int level = u < 0.78   ? kApproachingLevel
                    : u < 0.97 ? kRequiresImprovementLevel
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

// A value that the KPI's definition rates at `level`, formatted as the supplier reports it.
std::string value_for(const KpiPlan& kp, const KpiDefinition& def, int level, Rng& rng) {
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
    v = std::clamp(v, kp.lo, kp.hi);
    std::string text = fixed(std::round(v / step) * step, kp.decimals);
    if (rate_value(def, parse_number(text)) != rating_of(level))
        text = fixed(std::clamp(fallback, kp.lo, kp.hi), kp.decimals);
    return text;
}

// The correct figures of one return (before any mis-keying), or nullopt if it is missed.
std::optional<ReturnOut> true_return(const Plan& plan, const ContractPlan& c, int k) {
    const auto contract_index = static_cast<std::uint64_t>(&c - plan.contracts.data());
    Rng rng(derive(plan.options.seed, 5, contract_index, static_cast<std::uint64_t>(k)));
    bool controlled = false;
    const std::vector<int> levels = target_levels(c, k, rng, controlled);
    if (levels.empty())
        return std::nullopt;

    ReturnOut r;
    r.contract = &c;
    r.period = c.periods[static_cast<std::size_t>(k)];
    // Submitted 3 to 12 days after the period ends, in office hours.
    const Date day = add_days(r.period.last_day(), rng.between(3, 12));
    r.submitted = start_of(day) + std::chrono::hours{rng.between(8, 17)} +
                  std::chrono::minutes{rng.between(0, 59)} +
                  std::chrono::seconds{rng.between(0, 59)};

    // About one measure in a hundred is not applicable, at most one per return.
    int not_applicable = -1;
    if (!controlled && c.kpis.size() >= 2 && rng.chance(0.01 * static_cast<double>(c.kpis.size())))
        not_applicable = rng.between(0, static_cast<int>(c.kpis.size()) - 1);

    for (std::size_t i = 0; i < c.kpis.size(); ++i) {
        const KpiPlan& kp = c.kpis[i];
        const KpiDefinition& def = kp.in_force(r.period);
        MeasureOut m;
        m.kpi = def.code;
        if (static_cast<int>(i) == not_applicable) {
            m.not_applicable = true;
            m.comment = def.category == KpiCategory::kUserSatisfaction
                            ? std::string(kSurveyNotRun)
                            : rng.pick(kNotApplicableReasons);
            r.measures.push_back(std::move(m));
            continue;
        }
        const int level = levels[i];
        m.value = value_for(kp, def, level, rng);
        // Volumes as evidence for a share of the percentages that are counted.
        if (kp.den_hi > 0 && rng.chance(0.3)) {
            const long long den = rng.between(kp.den_lo, kp.den_hi);
            const long long num =
                std::llround(parse_number(m.value) / 100 * static_cast<double>(den));
            const std::string value = fixed(
                std::round(1000.0 * static_cast<double>(num) / static_cast<double>(den)) / 10, 1);
            if (num >= 0 && num <= den &&
                rate_value(def, parse_number(value)) == rating_of(level)) {
                m.value = value;
                m.numerator = std::to_string(num);
                m.denominator = std::to_string(den);
            }
        }
        if (level >= kRequiresImprovementLevel && rng.chance(0.5))
            m.comment = rng.pick(kShortfallReasons);
        r.measures.push_back(std::move(m));
    }
    return r;
}

// The figure as first (wrongly) keyed: the first two digits swapped where that gives a
// different valid figure, else the middle of the plausible range.
std::string mis_keyed(const KpiPlan& kp, const std::string& value) {
    std::string wrong = value;
    if (wrong.size() >= 2 && wrong[0] != wrong[1] && std::isdigit(wrong[0]) != 0 &&
        std::isdigit(wrong[1]) != 0 && wrong[1] != '0')
        std::swap(wrong[0], wrong[1]);
    const double v = parse_number(wrong);
    if (wrong == value || v < kp.lo || v > kp.hi)
        wrong = fixed(std::round((kp.lo + kp.hi) / 2), kp.decimals);
    if (wrong == value)
        wrong = fixed(kp.lo, kp.decimals);
    return wrong;
}

// The return as it was submitted (with the mis-keyed figure, when it is later amended),
// and the amendment if there is one.
struct ReturnWithAmendment {
    std::optional<ReturnOut> original;
    std::optional<ReturnOut> amendment;
};

ReturnWithAmendment make_return(const Plan& plan, const ContractPlan& c, int k) {
    ReturnWithAmendment out;
    out.original = true_return(plan, c, k);
    if (!out.original || k != c.amended_period)
        return out;
    ReturnOut corrected = *out.original;
    for (std::size_t i = 0; i < corrected.measures.size(); ++i) {
        MeasureOut& m = corrected.measures[i];
        if (m.not_applicable)
            continue;
        m.numerator.clear();
        m.denominator.clear();
        m.comment = std::string(kCorrectionComment);
        MeasureOut& first = out.original->measures[i];
        first.numerator.clear();
        first.denominator.clear();
        first.value = mis_keyed(c.kpis[i], m.value);
        break;
    }
    // Corrected early in the month after the original was submitted.
    const int month = month_ordinal(date_of(out.original->submitted)) + 1;
    Rng rng(derive(plan.options.seed, 6, static_cast<std::uint64_t>(&c - plan.contracts.data())));
    corrected.submitted = start_of(add_days(first_of_month(month), rng.between(0, 9))) +
                          std::chrono::hours{rng.between(8, 17)} +
                          std::chrono::minutes{rng.between(0, 59)};
    out.amendment = std::move(corrected);
    return out;
}

// ---------------------------------------------------------------------------------------
// XML.

void write_kpi(std::string& out, const KpiDefinition& def, const Period& effective) {
    out += "    <Kpi";
    attribute(out, "code", def.code);
    attribute(out, "name", def.name);
    attribute(out, "unit", to_string(def.unit));
    attribute(out, "direction", to_string(def.direction));
    attribute(out, "weight", shortest(def.weight));
    attribute(out, "good", shortest(def.thresholds.good));
    attribute(out, "approaching", shortest(def.thresholds.approaching));
    attribute(out, "minimum", shortest(def.thresholds.minimum));
    if (def.category)
        attribute(out, "category", to_string(*def.category));
    attribute(out, "effective", effective.to_string());
    out += "/>\n";
}

// `revised`: write the contract as re-sent after its KPI review, with the new definitions.
void write_contract(std::string& out, const Plan& plan, const ContractPlan& c, bool revised) {
    const Contract& k = c.contract;
    out += "  <Contract";
    attribute(out, "id", k.id);
    attribute(out, "authority", k.authority_id);
    attribute(out, "supplier", k.supplier_id);
    attribute(out, "title", k.title);
    attribute(out, "start", format_date(k.start));
    attribute(out, "end", format_date(k.end));
    attribute(out, "value", fixed(k.value, 2));
    attribute(out, "currency", k.currency);
    attribute(out, "frequency", to_string(k.frequency));
    attribute(out, "status", to_string(k.status));
    out += ">\n";
    // The KPIs apply from the first period of the window: the department adopted the
    // scorecard then, so earlier periods are not due (and raise no missing_return).
    const Period first = Period::containing(k.frequency, plan.window_start);
    for (const KpiPlan& kp : c.kpis) {
        if (revised && kp.revised)
            write_kpi(out, *kp.revised, kp.revised_from);
        else
            write_kpi(out, kp.definition, first);
    }
    out += "  </Contract>\n";
}

void write_supplier(std::string& out, const Supplier& s) {
    out += "  <Supplier";
    attribute(out, "id", s.id);
    attribute(out, "name", s.name);
    attribute(out, "size", to_string(s.size));
    attribute(out, "strategic", s.strategic ? "true" : "false");
    out += "/>\n";
}

std::string feed_header(Timestamp generated, const Authority& a) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ContractFeed";
    attribute(out, "xmlns", importers::kNamespace);
    attribute(out, "generated", format_timestamp(generated));
    out += ">\n  <Authority";
    attribute(out, "id", a.id);
    attribute(out, "name", a.name);
    out += "/>\n";
    return out;
}

DemoDocument authority_feed(const Plan& plan, const AuthorityPlan& a) {
    const Timestamp generated = start_of(add_days(plan.window_start, -14)) + std::chrono::hours{9};
    std::string out = feed_header(generated, a.authority);
    std::vector<int> suppliers;
    for (int ci : a.contracts)
        suppliers.push_back(plan.contracts[static_cast<std::size_t>(ci)].supplier);
    std::stable_sort(suppliers.begin(), suppliers.end(), [&](int x, int y) {
        return plan.suppliers[static_cast<std::size_t>(x)].supplier.id <
               plan.suppliers[static_cast<std::size_t>(y)].supplier.id;
    });
    suppliers.erase(std::unique(suppliers.begin(), suppliers.end()), suppliers.end());
    for (int s : suppliers)
        write_supplier(out, plan.suppliers[static_cast<std::size_t>(s)].supplier);
    for (int ci : a.contracts)
        write_contract(out, plan, plan.contracts[static_cast<std::size_t>(ci)], false);
    out += "</ContractFeed>\n";
    return {"feeds/" + a.authority.id + ".xml", std::move(out)};
}

DemoDocument revision_feed(const Plan& plan) {
    const ContractPlan& c = plan.contracts[static_cast<std::size_t>(plan.revised_contract)];
    const AuthorityPlan& a = plan.authorities[static_cast<std::size_t>(c.authority)];
    // Sent during the period before the new thresholds take effect.
    const Timestamp generated =
        start_of(add_days(plan.revised_from.previous().first_day(), 14)) + std::chrono::hours{9};
    std::string out = feed_header(generated, a.authority);
    write_supplier(out, plan.suppliers[static_cast<std::size_t>(c.supplier)].supplier);
    write_contract(out, plan, c, true);
    out += "</ContractFeed>\n";
    return {"feeds/" + a.authority.id + "-" + plan.revised_from.to_string() + ".xml",
            std::move(out)};
}

void write_return(std::string& out, const ReturnOut& r) {
    out += "  <KpiReturn";
    attribute(out, "contract", r.contract->contract.id);
    attribute(out, "period", r.period.to_string());
    attribute(out, "submitted", format_timestamp(r.submitted));
    out += ">\n";
    for (const MeasureOut& m : r.measures) {
        out += "    <Measure";
        attribute(out, "kpi", m.kpi);
        if (m.not_applicable) {
            attribute(out, "status", "not_applicable");
        } else {
            attribute(out, "value", m.value);
            if (!m.numerator.empty()) {
                attribute(out, "numerator", m.numerator);
                attribute(out, "denominator", m.denominator);
            }
        }
        if (m.comment.empty()) {
            out += "/>\n";
        } else {
            out += "><Comment>" + xml_escape(m.comment) + "</Comment></Measure>\n";
        }
    }
    out += "  </KpiReturn>\n";
}

// Every return of one authority submitted in one calendar month, in submission order.
std::optional<DemoDocument> returns_batch(const Plan& plan, const AuthorityPlan& a, int month) {
    std::vector<ReturnOut> batch;
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
            std::optional<ReturnOut>& wanted = lag == 1 ? r.original : r.amendment;
            if (wanted && month_ordinal(date_of(wanted->submitted)) == month)
                batch.push_back(std::move(*wanted));
        }
    }
    if (batch.empty())
        return std::nullopt;
    std::stable_sort(batch.begin(), batch.end(), [](const ReturnOut& x, const ReturnOut& y) {
        if (x.submitted != y.submitted)
            return x.submitted < y.submitted;
        return x.contract->contract.id < y.contract->contract.id;
    });
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<KpiReturns";
    attribute(out, "xmlns", importers::kNamespace);
    out += ">\n";
    for (const ReturnOut& r : batch)
        write_return(out, r);
    out += "</KpiReturns>\n";
    return DemoDocument{"returns/" + a.authority.id + "/" + month_name(month) + ".xml",
                        std::move(out)};
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
    const int wanted = std::min<int>(20, static_cast<int>(plan.suppliers.size()));
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
