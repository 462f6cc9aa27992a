// <KpiReturn> (SPEC §5): what can be checked from the document alone. The rules that need
// the contract and the sender are in return_rules.cpp.
#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

#include "importers/parsers.h"

namespace scorecard::importers::detail {
namespace {

using Need = AttributeReader::Need;

// The text of an element, CDATA included, with surrounding whitespace dropped.
std::string text_of(const pugi::xml_node& element) {
    std::string text;
    for (auto child : element.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
            text += child.value();
    }
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// The optional <Comment>: at most one, text only, at most kMaxCommentChars.
std::string read_comment(const pugi::xml_node& measure, ProblemSink& sink) {
    std::string comment;
    bool seen = false;
    for_each_child(measure, sink, {"Comment"}, [&](const pugi::xml_node& element, std::size_t) {
        AttributeReader no_attributes(element, sink, {});
        for_each_child(element, sink, {}, [](const pugi::xml_node&, std::size_t) {});
        if (seen) {
            sink.add(element, "duplicate", "a <Measure> has at most one <Comment>");
            return;
        }
        seen = true;
        comment = text_of(element);
        if (utf8_length(comment) > kMaxCommentChars) {
            sink.add(element, "too_long",
                     "the comment is " + std::to_string(utf8_length(comment)) +
                         " characters long; at most " + std::to_string(kMaxCommentChars) +
                         " are allowed");
        }
    });
    return comment;
}

// A measure as read, and its KPI code as the document spells it (empty when it could not be
// read), a view of the document's tree.
struct ReadMeasure {
    Measure measure;
    std::string_view code;
};

ReadMeasure read_measure(const pugi::xml_node& element, Location where, ProblemSink& sink) {
    AttributeReader a(element, sink, {"kpi", "value", "status", "numerator", "denominator"});
    ReadMeasure out;
    Measure& m = out.measure;
    if (auto kpi = a.identifier_view("kpi", Need::kRequired)) {
        out.code = *kpi;
        m.kpi_code = *kpi;
    }
    auto status = a.enumeration<MeasureStatus>("status", Need::kOptional);
    m.status = status.value_or(MeasureStatus::kMeasured);
    m.value = a.number("value", Need::kOptional);
    m.numerator = a.number("numerator", Need::kOptional);
    m.denominator = a.number("denominator", Need::kOptional);
    if (m.denominator && *m.denominator == 0)
        a.problem("denominator", "range", a.describe("denominator") + " must not be 0");
    m.comment = read_comment(element, sink);

    const bool has_value = a.has("value");
    const auto code = [&] { return m.kpi_code.empty() ? std::string("?") : m.kpi_code; };
    // SPEC §5: a measure has a value, or instead says status="not_applicable".
    if (m.status == MeasureStatus::kNotApplicable && has_value) {
        sink.add(where, "measure",
                 "measure " + code() +
                     " has both a value and status=\"not_applicable\"; give one or the other");
    } else if (m.status == MeasureStatus::kMeasured && !has_value && !status) {
        sink.add(
            where, "measure",
            "measure " + code() + " needs a value, or status=\"not_applicable\" with a reason");
    } else if (m.status == MeasureStatus::kMeasured && !has_value) {
        sink.add(where, "measure", "measure " + code() + " is \"measured\" but has no value");
    }
    // SPEC §5: not applicable "with a Comment giving the reason".
    if (m.status == MeasureStatus::kNotApplicable && m.comment.empty()) {
        sink.add(where, "reason_required",
                 "measure " + code() + " is not applicable: a <Comment> must give the reason");
    }
    return out;
}

// Whether the C string `c` is `s`.
bool is(const char* c, std::string_view s) {
    for (char ch : s) {
        if (*c != ch)
            return false;
        ++c;
    }
    return *c == '\0';
}

// A plain identifier, as AttributeReader::identifier_view() accepts it without a report.
bool is_plain_identifier(std::string_view value) {
    return !value.empty() && value.size() <= kMaxIdentifierChars && is_plain_ascii_token(value);
}

// A number read_measure() would accept without a report, or nullopt.
std::optional<double> plain_number(const char* text) {
    return plain_decimal_value(trim(text));
}

// read_measure() for a measure with nothing to report, read straight from the tree: an
// unprefixed <Measure> without element children whose attributes are known ones, each
// once, with a kpi that is a plain identifier, a valid value, valid optional numerator and
// denominator (not 0) and no status other than "measured". nullopt for anything else,
// which read_measure() then reads and reports, so that every message still comes from one
// place. Most measures of a return are like this.
// What read_plain_measure() found: the kpi code (a view of the tree) and the numbers, set
// into the measure it was given.
std::optional<std::string_view> read_plain_measure(tree::Node element, Measure& m) {
    if (!is(tree::name(element), "Measure") || tree::first_element_child(element) != nullptr)
        return std::nullopt;
    const char* kpi = nullptr;
    const char* value = nullptr;
    const char* status = nullptr;
    const char* numerator = nullptr;
    const char* denominator = nullptr;
    for (auto attr = tree::first_attribute(element); attr != nullptr;
         attr = tree::next_attribute(attr)) {
        const char* name = tree::attribute_name(attr);
        const char** slot = is(name, "kpi")           ? &kpi
                            : is(name, "value")       ? &value
                            : is(name, "status")      ? &status
                            : is(name, "numerator")   ? &numerator
                            : is(name, "denominator") ? &denominator
                                                      : nullptr;
        if (slot == nullptr || *slot != nullptr)
            return std::nullopt;  // unknown, a namespace declaration, or repeated
        *slot = tree::attribute_value(attr);
    }
    if (kpi == nullptr || value == nullptr)
        return std::nullopt;
    std::string_view code = kpi;
    if (!is_plain_identifier(code))
        return std::nullopt;
    if (status != nullptr &&
        parse_enum<MeasureStatus>(trim(status)) != std::optional(MeasureStatus::kMeasured))
        return std::nullopt;
    if (!(m.value = plain_number(value)))
        return std::nullopt;
    if (numerator != nullptr && !(m.numerator = plain_number(numerator)))
        return std::nullopt;
    if (denominator != nullptr &&
        (!(m.denominator = plain_number(denominator)) || *m.denominator == 0))
        return std::nullopt;
    m.kpi_code.assign(code.data(), code.size());
    return code;
}

// The attributes of a <KpiReturn> that is not inside a <Contract>, when there is nothing to
// report about them: contract, period and submitted, each once, valid, and no other.
struct PlainReturn {
    std::string_view contract;
    Period period;
    Timestamp submitted;
};

std::optional<PlainReturn> read_plain_return(tree::Node element) {
    const char* contract = nullptr;
    const char* period = nullptr;
    const char* submitted = nullptr;
    for (auto attr = tree::first_attribute(element); attr != nullptr;
         attr = tree::next_attribute(attr)) {
        const char* name = tree::attribute_name(attr);
        const char** slot = is(name, "contract")    ? &contract
                            : is(name, "period")    ? &period
                            : is(name, "submitted") ? &submitted
                                                    : nullptr;
        if (slot == nullptr || *slot != nullptr)
            return std::nullopt;
        *slot = tree::attribute_value(attr);
    }
    if (contract == nullptr || period == nullptr || submitted == nullptr ||
        !is_plain_identifier(contract))
        return std::nullopt;
    PlainReturn out{contract, {}, {}};
    auto p = Period::parse(trim(period));
    std::string_view when = trim(submitted);
    // AttributeReader::timestamp(): a bare date is not enough.
    auto ts = when.size() > 10 ? parse_timestamp(when) : std::nullopt;
    if (!p || !ts)
        return std::nullopt;
    out.period = *p;
    out.submitted = *ts;
    return out;
}

// The number of element children of `element`.
std::size_t element_children(const pugi::xml_node& element) {
    std::size_t n = 0;
    for (auto child = tree::first_element_child(tree::of(element)); child != nullptr;
         child = tree::next_element_sibling(child))
        ++n;
    return n;
}

// A return's contract and period: the key of check_unique_returns().
struct ReturnKey {
    std::string_view contract;
    Period period;
    bool operator==(const ReturnKey&) const = default;
};

struct ReturnKeyHash {
    std::size_t operator()(const ReturnKey& key) const {
        auto period = static_cast<std::size_t>(key.period.year()) * 64 +
                      static_cast<std::size_t>(key.period.index()) * 2 +
                      (key.period.frequency() == Frequency::kMonthly ? 1 : 0);
        return std::hash<std::string_view>{}(key.contract) ^ (period * 0x9E3779B97F4A7C15ULL);
    }
};

}  // namespace

ReadReturn parse_kpi_return(const pugi::xml_node& element, ProblemSink& sink,
                            const std::string* enclosing_contract) {
    ReadReturn out;
    ParsedReturn& ret = out.parsed;
    ret.where = sink.where(element);
    std::optional<Period> period;
    if (auto plain =
            enclosing_contract == nullptr ? read_plain_return(tree::of(element)) : std::nullopt) {
        ret.figures.contract_id = plain->contract;
        period = plain->period;
        ret.figures.period = plain->period;
        ret.figures.submitted = plain->submitted;
    } else {
        AttributeReader a(element, sink, {"contract", "period", "submitted"});
        auto contract =
            a.identifier_view("contract", enclosing_contract ? Need::kOptional : Need::kRequired);
        if (enclosing_contract != nullptr) {
            if (contract && *contract != *enclosing_contract)
                a.problem("contract", "contract_mismatch",
                          "a <KpiReturn> inside <Contract id=\"" + *enclosing_contract +
                              "\"> names contract '" + std::string(*contract) + "'");
            ret.figures.contract_id = *enclosing_contract;
        } else if (contract) {
            ret.figures.contract_id = *contract;
        }
        period = a.period("period", Need::kRequired);
        if (period)
            ret.figures.period = *period;
        if (auto submitted = a.timestamp("submitted", Need::kRequired))
            ret.figures.submitted = *submitted;
    }
    out.identified = !ret.figures.contract_id.empty() && period.has_value();

    // SPEC §5: every kpi "appears once".
    const std::size_t children = element_children(element);
    ret.figures.measures.reserve(children);
    ret.measure_where.reserve(children);
    FirstSeen<std::string_view> seen;
    const auto check_unique = [&](const pugi::xml_node& child, Location where,
                                  std::string_view code) {
        if (code.empty())
            return;
        if (const Location* first = seen.add(code, where)) {
            sink.add(sink.where(child.attribute("kpi"), child), "duplicate",
                     "KPI " + std::string(code) +
                         " is measured twice in this return (first at line " +
                         std::to_string(first->line) + ")");
        }
    };
    auto& measures = ret.figures.measures;
    for_each_child(
        element, sink, {"Measure"},
        [&](tree::Node child) {
            // Read in place (the vector has room for every child): a Measure built and then
            // moved is copied twice.
            auto code = read_plain_measure(child, measures.emplace_back());
            if (!code) {
                measures.pop_back();
                return false;
            }
            const Location where = sink.where(child);
            check_unique(tree::handle(child), where, *code);
            ret.measure_where.push_back(where);
            return true;
        },
        [&](const pugi::xml_node& child, std::size_t) {
            const Location where = sink.where(child);
            ReadMeasure m = read_measure(child, where, sink);
            check_unique(child, where, m.code);
            measures.push_back(std::move(m.measure));
            ret.measure_where.push_back(where);
        });
    return out;
}

namespace {

// check_unique_returns() of `count` returns: identified(i) is the i-th when it was
// identified, else nullptr.
template <class Identified>
void check_unique_returns(std::size_t count, Identified identified, ProblemSink& sink);

}  // namespace

void check_unique_returns(const std::vector<ReadReturn>& returns, ProblemSink& sink) {
    check_unique_returns(
        returns.size(),
        [&](std::size_t i) { return returns[i].identified ? &returns[i].parsed : nullptr; }, sink);
}

void check_unique_returns(std::span<const ParsedReturn> returns,
                          const std::vector<bool>& identified, ProblemSink& sink) {
    check_unique_returns(
        returns.size(), [&](std::size_t i) { return identified[i] ? &returns[i] : nullptr; }, sink);
}

namespace {

template <class Identified>
void check_unique_returns(std::size_t count, Identified identified, ProblemSink& sink) {
    // Returns in increasing order of contract and period (as a system exports them) are
    // all different without a lookup: that is checked first, pairwise.
    const auto before = [](const ParsedReturn& a, const ParsedReturn& b) {
        const auto& x = a.figures;
        const auto& y = b.figures;
        if (int c = x.contract_id.compare(y.contract_id); c != 0)
            return c < 0;
        return std::tuple(x.period.year(), x.period.index(),
                          static_cast<int>(x.period.frequency())) <
               std::tuple(y.period.year(), y.period.index(),
                          static_cast<int>(y.period.frequency()));
    };
    const ParsedReturn* previous = nullptr;
    bool increasing = true;
    for (std::size_t i = 0; i < count && increasing; ++i) {
        const ParsedReturn* r = identified(i);
        if (r == nullptr)
            continue;
        increasing = previous == nullptr || before(*previous, *r);
        previous = r;
    }
    if (increasing)
        return;
    FirstSeen<ReturnKey, ReturnKeyHash> seen;
    seen.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const ParsedReturn* r = identified(i);
        if (r == nullptr)
            continue;
        const auto& f = r->figures;
        if (const Location* first = seen.add({f.contract_id, f.period}, r->where)) {
            sink.add(r->where, "duplicate",
                     "a second return for contract " + f.contract_id + " and period " +
                         f.period.to_string() + " in one document (first at line " +
                         std::to_string(first->line) + "); send amendments separately");
        }
    }
}

}  // namespace

}  // namespace scorecard::importers::detail
