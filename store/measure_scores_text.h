// The measure scores of one scored period as period_scores.measures holds them (migration
// 13; docs/schema.md), in one place: written by ScoreRepository, read by every score query.
// One row per period carries its KPIs' scores instead of a row per KPI: after a history
// load those rows were the largest derived table (5.76 million at the bench's scale 1) and
// a tenth of the import's time.
//
// The text: one line per KPI, in the order given (score_period's: by code), each
//   code TAB value TAB rating TAB points TAB weight NEWLINE
// where code has '%', TAB and NEWLINE written as %25, %09 and %0A; value is empty when
// absent; numbers are the shortest text that reads back as the same double (std::to_chars),
// so a score read back equals the one computed, and rating is its spelling in model/enums.h.
// A period without measures is the empty text. Readable with SQL by a person, not meant to be
// queried with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/scoring.h"

namespace scorecard::store {

std::string measure_scores_text(const std::vector<MeasureScore>& measures);
// The inverse. Throws Error(kInternal) on text measure_scores_text did not write.
std::vector<MeasureScore> measure_scores_from_text(std::string_view text);

}  // namespace scorecard::store
