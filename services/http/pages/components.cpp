#include "services/http/pages/components.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reports/json_writer.h"

namespace scorecard::services::pages {
namespace {

reports::View tag(std::string label, const char* colour) {
    reports::View v;
    v.set("label", std::move(label)).set("colour", colour);
    return v;
}

// A code for people: "action_plan_agreed" -> "Action plan agreed".
std::string sentence(std::string_view code) {
    std::string out(code);
    for (auto& c : out)
        if (c == '_')
            c = ' ';
    if (!out.empty())
        out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

// "-1234567.25" -> "-1,234,567.25": commas between the thousands of the whole part. Text
// in exponent form (beyond 1e21) is left as it is.
std::string grouped_digits(std::string_view number) {
    if (number.find_first_of("eE") != std::string_view::npos)
        return std::string(number);
    const std::size_t sign = !number.empty() && number[0] == '-' ? 1 : 0;
    const std::size_t point = std::min(number.find('.'), number.size());
    std::string out(number.substr(0, sign));
    for (std::size_t i = sign; i < point; ++i) {
        if (i > sign && (point - i) % 3 == 0)
            out += ',';
        out += number[i];
    }
    out += number.substr(point);
    return out;
}

}  // namespace

std::string rating_words(Rating rating) {
    if (rating == Rating::kOther)
        return "Not applicable";
    if (rating == Rating::kMissing)
        return "Missing";
    return std::string(*statutory_words(rating));
}

reports::View tag_for(Rating rating) {
    const char* colour = "grey";
    switch (rating) {
        case Rating::kGood:
            colour = "green";
            break;
        case Rating::kApproaching:
            colour = "blue";
            break;
        case Rating::kRequiresImprovement:
            colour = "orange";
            break;
        case Rating::kInadequate:
            colour = "red";
            break;
        case Rating::kOther:
            colour = "purple";
            break;
        case Rating::kMissing:
            break;
    }
    auto v = tag(rating_words(rating), colour);
    v.set("rating", to_string(rating));
    return v;
}

reports::View tag_for(Severity severity) {
    return tag(sentence(to_string(severity)), severity == Severity::kHigh     ? "red"
                                              : severity == Severity::kMedium ? "orange"
                                                                              : "grey");
}

reports::View tag_for(ReviewState state) {
    return tag(sentence(to_string(state)), state == ReviewState::kClosed ? "grey" : "blue");
}

reports::View tag_for(FlagStatus status) {
    return tag(sentence(to_string(status)), status == FlagStatus::kOpen ? "red" : "grey");
}

reports::View tag_for(DisputeStatus status) {
    return tag(sentence(to_string(status)), status == DisputeStatus::kOpen     ? "yellow"
                                            : status == DisputeStatus::kUpheld ? "green"
                                                                               : "grey");
}

std::string words(Frequency frequency) {
    return sentence(to_string(frequency));
}

std::string words(ContractStatus status) {
    return sentence(to_string(status));
}

std::string words(FlagRuleId rule) {
    // "KPI" is an abbreviation, written as such.
    return rule == FlagRuleId::kInadequateKpi ? "Inadequate KPI" : sentence(to_string(rule));
}

std::string words(SizeClass size) {
    return size == SizeClass::kSme ? "SME" : sentence(to_string(size));
}

std::string words(Unit unit) {
    return sentence(to_string(unit));
}

std::string score_text(std::optional<double> score) {
    if (!score)
        return "–";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", std::round(*score * 10) / 10);
    return buf;
}

std::string money(double value, const std::string& currency) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", std::round(value));
    std::string grouped = grouped_digits(buf);
    const bool negative = !grouped.empty() && grouped[0] == '-';
    if (negative)
        grouped.erase(0, 1);
    const std::string sign = negative ? "-" : "";
    return currency == "GBP" ? sign + "£" + grouped : sign + grouped + " " + currency;
}

std::string count_text(std::int64_t count) {
    return grouped_digits(std::to_string(count));
}

std::string figure_text(std::optional<double> figure) {
    if (!figure)
        return "–";
    return grouped_digits(reports::shortest_number(*figure));
}

void set_errors(reports::View& view,
                const std::vector<std::pair<std::string, std::string>>& errors) {
    reports::View list = reports::View::list();
    for (const auto& [field, message] : errors) {
        reports::View e;
        e.set("message", message);
        if (!field.empty())
            e.set("field", field);
        list.add(std::move(e));
    }
    view.set("has_errors", !errors.empty()).set("errors", std::move(list));
}

reports::View breadcrumb_links(const std::vector<std::pair<std::string, std::string>>& links) {
    reports::View list = reports::View::list();
    for (const auto& [href, label] : links)
        list.add(reports::View().set("href", href).set("label", label));
    return list;
}

}  // namespace scorecard::services::pages
