// <KpiReturn> (SPEC §5): what can be checked from the document alone. The rules that need
// the contract and the sender are in return_rules.cpp.
#include <map>
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
    for (const auto& element : our_children(measure, sink, {"Comment"})) {
        AttributeReader no_attributes(element, sink, {});
        our_children(element, sink, {});
        if (seen) {
            sink.add(element, "duplicate", "a <Measure> has at most one <Comment>");
            continue;
        }
        seen = true;
        comment = text_of(element);
        if (utf8_length(comment) > kMaxCommentChars) {
            sink.add(element, "too_long",
                     "the comment is " + std::to_string(utf8_length(comment)) +
                         " characters long; at most " + std::to_string(kMaxCommentChars) +
                         " are allowed");
        }
    }
    return comment;
}

Measure read_measure(const pugi::xml_node& element, ProblemSink& sink) {
    AttributeReader a(element, sink, {"kpi", "value", "status", "numerator", "denominator"});
    Measure m;
    if (auto kpi = a.identifier("kpi", Need::kRequired))
        m.kpi_code = *kpi;
    auto status = a.enumeration<MeasureStatus>("status", Need::kOptional);
    m.status = status.value_or(MeasureStatus::kMeasured);
    m.value = a.number("value", Need::kOptional);
    m.numerator = a.number("numerator", Need::kOptional);
    m.denominator = a.number("denominator", Need::kOptional);
    if (m.denominator && *m.denominator == 0)
        a.problem("denominator", "range", a.describe("denominator") + " must not be 0");
    m.comment = read_comment(element, sink);

    const std::string code = m.kpi_code.empty() ? "?" : m.kpi_code;
    // SPEC §5: a measure has a value, or instead says status="not_applicable".
    if (m.status == MeasureStatus::kNotApplicable && a.has("value")) {
        sink.add(element, "measure",
                 "measure " + code +
                     " has both a value and status=\"not_applicable\"; give one or the other");
    } else if (m.status == MeasureStatus::kMeasured && !a.has("value") && !status) {
        sink.add(element, "measure",
                 "measure " + code + " needs a value, or status=\"not_applicable\" with a reason");
    } else if (m.status == MeasureStatus::kMeasured && !a.has("value")) {
        sink.add(element, "measure", "measure " + code + " is \"measured\" but has no value");
    }
    // SPEC §5: not applicable "with a Comment giving the reason".
    if (m.status == MeasureStatus::kNotApplicable && m.comment.empty()) {
        sink.add(element, "reason_required",
                 "measure " + code + " is not applicable: a <Comment> must give the reason");
    }
    return m;
}

}  // namespace

ReadReturn parse_kpi_return(const pugi::xml_node& element, ProblemSink& sink,
                            const std::string* enclosing_contract) {
    ReadReturn out;
    ParsedReturn& ret = out.parsed;
    ret.where = sink.where(element);
    AttributeReader a(element, sink, {"contract", "period", "submitted"});

    auto contract =
        a.identifier("contract", enclosing_contract ? Need::kOptional : Need::kRequired);
    if (enclosing_contract != nullptr) {
        if (contract && *contract != *enclosing_contract)
            a.problem("contract", "contract_mismatch",
                      "a <KpiReturn> inside <Contract id=\"" + *enclosing_contract +
                          "\"> names contract '" + *contract + "'");
        ret.figures.contract_id = *enclosing_contract;
    } else if (contract) {
        ret.figures.contract_id = *contract;
    }
    auto period = a.period("period", Need::kRequired);
    if (period)
        ret.figures.period = *period;
    if (auto submitted = a.timestamp("submitted", Need::kRequired))
        ret.figures.submitted = *submitted;
    out.identified = !ret.figures.contract_id.empty() && period.has_value();

    // SPEC §5: every kpi "appears once".
    std::map<std::string, Location> seen;
    for (const auto& child : our_children(element, sink, {"Measure"})) {
        Measure m = read_measure(child, sink);
        if (!m.kpi_code.empty()) {
            auto [it, inserted] = seen.emplace(m.kpi_code, sink.where(child));
            if (!inserted) {
                sink.add(sink.where(child.attribute("kpi"), child), "duplicate",
                         "KPI " + m.kpi_code + " is measured twice in this return (first at line " +
                             std::to_string(it->second.line) + ")");
            }
        }
        ret.figures.measures.push_back(std::move(m));
        ret.measure_where.push_back(sink.where(child));
    }
    return out;
}

void check_unique_returns(const std::vector<ReadReturn>& returns, ProblemSink& sink) {
    std::map<std::pair<std::string, std::string>, Location> seen;
    for (const auto& r : returns) {
        if (!r.identified)
            continue;
        const auto& f = r.parsed.figures;
        auto [it, inserted] =
            seen.emplace(std::make_pair(f.contract_id, f.period.to_string()), r.parsed.where);
        if (!inserted) {
            sink.add(r.parsed.where, "duplicate",
                     "a second return for contract " + f.contract_id + " and period " +
                         f.period.to_string() + " in one document (first at line " +
                         std::to_string(it->second.line) + "); send amendments separately");
        }
    }
}

}  // namespace scorecard::importers::detail
