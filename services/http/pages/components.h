// The values the page templates' shared pieces draw (etc/templates/tag.mustache,
// error_summary.mustache, breadcrumbs.mustache, csrf.mustache): a page's View carries them
// under the names the partials read, and the words and colours are decided here once.
//
//   {{#rating_tag}}{{> tag}}{{/rating_tag}}     a tag_for() value: a coloured GOV.UK tag
//   {{> error_summary}}                          with View::set("has_errors"/"errors")
//   {{> breadcrumbs}}                            with "breadcrumbs": [{href, label}]
//   {{> csrf}}                                   with "csrf" (pages set it for every form)
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/enums.h"
#include "reports/templates.h"

namespace scorecard::services::pages {

// The words people read for a rating (the statutory words of reg 39(5) for the four
// ratings; "Not applicable" for other, "Missing" for missing).
std::string rating_words(Rating rating);
// {label, colour[, rating]}: a GOV.UK tag for {{> tag}}, its words and colour decided here.
reports::View tag_for(Rating rating);
reports::View tag_for(Severity severity);
reports::View tag_for(ReviewState state);
reports::View tag_for(FlagStatus status);
reports::View tag_for(DisputeStatus status);

// The words people read for a code ("Monthly", "Active", "Missing return", "SME").
std::string words(Frequency frequency);
std::string words(ContractStatus status);
std::string words(FlagRuleId rule);
std::string words(SizeClass size);
std::string words(Unit unit);

// The one number format of the pages: thousands grouped with commas.
// A score as shown (one decimal, SPEC §3.3), or "–" when there is none.
std::string score_text(std::optional<double> score);
// "£12,500,000" (GBP) or "12,500,000 EUR".
std::string money(double value, const std::string& currency);
// A count: "1,234".
std::string count_text(std::int64_t count);
// A figure as given, every digit kept: "1,234.56", "93.2", "-3"; "–" when there is none.
std::string figure_text(std::optional<double> figure);
// The list and the flag the error summary partial reads: each (field id, message); an empty
// id gives an unlinked line.
void set_errors(reports::View& view,
                const std::vector<std::pair<std::string, std::string>>& errors);
// [{href, label}] for the breadcrumbs partial.
reports::View breadcrumb_links(const std::vector<std::pair<std::string, std::string>>& links);

}  // namespace scorecard::services::pages
