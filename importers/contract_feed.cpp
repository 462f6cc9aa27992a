// <ContractFeed> (SPEC §2, §5): what can be checked from the document alone. The rules
// that need the database or the sender are in feed_rules.cpp.
#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>

#include "importers/parsers.h"

namespace scorecard::importers::detail {
namespace {

using Need = AttributeReader::Need;

// Ids seen so far of one kind of element, to report the second of two ("duplicate").
class SeenIds {
  public:
    explicit SeenIds(std::string what) : what_(std::move(what)) {}

    // `id` is a view of the document's tree; `where` is the id attribute of the element
    // that defines it.
    void add(std::string_view id, Location where, ProblemSink& sink) {
        if (const Location* first = first_.add(id, where))
            sink.add(where, "duplicate",
                     what_ + " " + std::string(id) + " is defined twice (first at line " +
                         std::to_string(first->line) + ")");
    }

  private:
    std::string what_;
    FirstSeen<std::string_view> first_;
};

// SPEC §2: three upper-case letters (ISO 4217).
bool is_currency_code(std::string_view s) {
    return s.size() == 3 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

Authority read_authority(const pugi::xml_node& element, ProblemSink& sink, SeenIds& seen) {
    AttributeReader a(element, sink, {"id", "name"});
    for_each_child(element, sink, {}, [](const pugi::xml_node&, std::size_t) {});
    Authority authority;
    if (auto id = a.identifier_view("id", Need::kRequired)) {
        authority.id = *id;
        seen.add(*id, a.at("id"), sink);
    }
    authority.name = a.text("name", Need::kRequired).value_or("");
    return authority;
}

Supplier read_supplier(const pugi::xml_node& element, ProblemSink& sink, SeenIds& seen) {
    AttributeReader a(element, sink, {"id", "name", "size", "strategic"});
    for_each_child(element, sink, {}, [](const pugi::xml_node&, std::size_t) {});
    Supplier supplier;
    if (auto id = a.identifier_view("id", Need::kRequired)) {
        supplier.id = *id;
        seen.add(*id, a.at("id"), sink);
    }
    supplier.name = a.text("name", Need::kRequired).value_or("");
    supplier.size = a.enumeration<SizeClass>("size", Need::kRequired).value_or(SizeClass::kLarge);
    supplier.strategic = a.boolean("strategic", Need::kOptional).value_or(false);
    return supplier;
}

// SPEC §2: for `higher`, good >= approaching >= minimum; for `lower`, the reverse.
void check_threshold_order(const KpiDefinition& kpi, ProblemSink& sink,
                           const pugi::xml_node& element) {
    const auto& t = kpi.thresholds;
    bool ordered = kpi.direction == Direction::kHigher
                       ? t.good >= t.approaching && t.approaching >= t.minimum
                       : t.good <= t.approaching && t.approaching <= t.minimum;
    if (ordered)
        return;
    auto n = format_decimal;
    std::string rel = kpi.direction == Direction::kHigher ? " >= " : " <= ";
    sink.add(element, "threshold_order",
             "KPI " + kpi.code + " (" + std::string(to_string(kpi.direction)) +
                 " is better) needs good" + rel + "approaching" + rel + "minimum; it has " +
                 n(t.good) + ", " + n(t.approaching) + ", " + n(t.minimum));
}

ParsedKpi read_kpi(const pugi::xml_node& element, ProblemSink& sink,
                   std::optional<Frequency> frequency) {
    AttributeReader a(element, sink,
                      {"code", "name", "unit", "direction", "weight", "good", "approaching",
                       "minimum", "category", "effective"});
    for_each_child(element, sink, {}, [](const pugi::xml_node&, std::size_t) {});
    ParsedKpi out;
    out.where = sink.where(element);
    KpiDefinition& kpi = out.definition;
    kpi.code = a.identifier("code", Need::kRequired).value_or("");
    kpi.name = a.text("name", Need::kRequired).value_or("");
    auto unit = a.enumeration<Unit>("unit", Need::kRequired);
    auto direction = a.enumeration<Direction>("direction", Need::kRequired);
    auto weight = a.number("weight", Need::kRequired);
    auto good = a.number("good", Need::kRequired);
    auto approaching = a.number("approaching", Need::kRequired);
    auto minimum = a.number("minimum", Need::kRequired);
    kpi.category = a.enumeration<KpiCategory>("category", Need::kOptional);
    out.effective = a.period("effective", Need::kOptional);

    kpi.unit = unit.value_or(Unit::kPercent);
    kpi.direction = direction.value_or(Direction::kHigher);
    kpi.weight = weight.value_or(1);
    kpi.thresholds = {good.value_or(0), approaching.value_or(0), minimum.value_or(0)};

    // SPEC §2: weight is a positive number.
    if (weight && *weight <= 0)
        a.problem("weight", "range", a.describe("weight") + " must be greater than 0");
    // Percent thresholds are percentages, like the values they are compared with (SPEC §5).
    if (unit == Unit::kPercent) {
        for (auto [name, value] : {std::pair{"good", good}, std::pair{"approaching", approaching},
                                   std::pair{"minimum", minimum}}) {
            if (value && (*value < 0 || *value > 100))
                a.problem(name, "range",
                          a.describe(name) + " is a percentage and must be within 0-100");
        }
    }
    if (direction && good && approaching && minimum)
        check_threshold_order(kpi, sink, element);
    // SPEC §2: `effective` is a period of the contract's own kind (effective="2026-10").
    if (out.effective && frequency && out.effective->frequency() != *frequency)
        a.problem("effective", "period",
                  a.describe("effective") + " '" + out.effective->to_string() + "' is not a " +
                      std::string(to_string(*frequency)) + " period like the contract's (" +
                      (*frequency == Frequency::kMonthly ? "YYYY-MM" : "YYYY-Qn") + ")");
    return out;
}

ParsedContract read_contract(const pugi::xml_node& element, ProblemSink& sink, SeenIds& seen,
                             std::vector<ReadReturn>& returns) {
    AttributeReader a(element, sink,
                      {"id", "authority", "supplier", "title", "start", "end", "value", "currency",
                       "frequency", "status", "regime"});
    ParsedContract out;
    out.where = sink.where(element);
    Contract& c = out.contract;
    if (auto id = a.identifier_view("id", Need::kRequired)) {
        c.id = *id;
        seen.add(*id, a.at("id"), sink);
    }
    c.authority_id = a.identifier("authority", Need::kRequired).value_or("");
    c.supplier_id = a.identifier("supplier", Need::kRequired).value_or("");
    c.title = a.text("title", Need::kRequired).value_or("");
    auto start = a.date("start", Need::kRequired);
    auto end = a.date("end", Need::kRequired);
    auto value = a.number("value", Need::kRequired);
    auto currency = a.text("currency", Need::kRequired);
    auto frequency = a.enumeration<Frequency>("frequency", Need::kRequired);
    auto status = a.enumeration<ContractStatus>("status", Need::kOptional);
    // SPEC §7.1: the procurement regime; absent, the start date decides (model/notices.h).
    c.regime = a.enumeration<Regime>("regime", Need::kOptional);

    if (start)
        c.start = *start;
    if (end)
        c.end = *end;
    // SPEC §2: a contract runs from its start to its end date.
    if (start && end && *start > *end)
        a.problem("end", "date_order",
                  "contract " + c.id + " ends (" + format_date(*end) + ") before it starts (" +
                      format_date(*start) + ")");
    c.value = value.value_or(0);
    if (value && *value < 0)
        a.problem("value", "range", a.describe("value") + " must not be negative");
    if (currency) {
        if (is_currency_code(*currency))
            c.currency = *currency;
        else
            a.problem("currency", "currency",
                      a.describe("currency") + " '" + *currency +
                          "' is not an ISO 4217 code (three upper-case letters, e.g. GBP)");
    }
    c.frequency = frequency.value_or(Frequency::kMonthly);
    c.status = status.value_or(ContractStatus::kActive);

    // SPEC §2: a KPI code is unique within the contract.
    SeenIds codes("KPI code");
    enum { kKpi, kKpiReturn };
    for_each_child(element, sink, {"Kpi", "KpiReturn"},
                   [&](const pugi::xml_node& child, std::size_t kind) {
                       if (kind == kKpi) {
                           ParsedKpi kpi = read_kpi(child, sink, frequency);
                           if (!kpi.definition.code.empty()) {
                               // The code as the document spells it: the same text.
                               auto code = child.attribute("code");
                               codes.add(code.value(), sink.where(code, child), sink);
                           }
                           out.kpis.push_back(std::move(kpi));
                       } else {
                           returns.push_back(parse_kpi_return(child, sink, &c.id));
                       }
                   });
    return out;
}

}  // namespace

void parse_contract_feed(const pugi::xml_node& root, ProblemSink& sink, ContractFeedDocument& out) {
    AttributeReader a(root, sink, {"generated"});
    out.generated = a.timestamp("generated", Need::kOptional);

    SeenIds authorities("authority"), suppliers("supplier"), contracts("contract");
    std::vector<ReadReturn> returns;
    enum { kAuthority, kSupplier, kContract, kKpiReturn };
    for_each_child(
        root, sink, {"Authority", "Supplier", "Contract", "KpiReturn"},
        [&](const pugi::xml_node& child, std::size_t kind) {
            switch (kind) {
                case kAuthority:
                    out.authorities.push_back(
                        {read_authority(child, sink, authorities), sink.where(child)});
                    break;
                case kSupplier:
                    out.suppliers.push_back(
                        {read_supplier(child, sink, suppliers), sink.where(child)});
                    break;
                case kContract:
                    out.contracts.push_back(read_contract(child, sink, contracts, returns));
                    break;
                default:
                    returns.push_back(parse_kpi_return(child, sink));
                    break;
            }
        });
    check_unique_returns(returns, sink);
    for (auto& r : returns)
        out.returns.push_back(std::move(r.parsed));
}

}  // namespace scorecard::importers::detail
