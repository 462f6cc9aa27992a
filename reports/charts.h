// SVG charts for the web pages and printable reports: a bar chart, a horizontal bar chart, a
// stacked distribution bar and a line (trend) chart. The geometry is worked out here, from
// numbers, so that it can be checked by hand in tests; the markup is drawn by
// etc/templates/chart.mustache (reports/templates.h), which escapes every text. No database,
// no Poco.
//
// Every chart is an <svg role="img"> with a <title> and a <desc> referenced by
// aria-labelledby, so that a screen reader announces what it shows; the pages put the same
// figures in a table next to it. Colours are given as presentation attributes (the server's
// Content-Security-Policy forbids inline styles). Values are labelled with Bar::value_text
// and Series::value_texts when the caller gives them (the pages' one number format), else
// with svg_number().
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scorecard::reports {

// The one escaping function of every HTML and SVG page: & < > " ' become entities.
std::string escape_html(std::string_view text);

// A number as drawn in SVG coordinates and labels: at most one decimal, no trailing ".0"
// ("12.5", "100", "-3.2").
std::string svg_number(double value);

// The colours of the rating scale (SPEC §3), also used by the pages' tags.
std::string rating_colour(std::string_view rating);

struct ChartText {
    std::string id;     // unique on the page: prefixes the ids of <title> and <desc>
    std::string title;  // short: what the chart is
    std::string desc;   // one or two sentences: what it shows, for screen readers
};

struct Bar {
    std::string label;
    double value = 0;
    std::string colour = "#1d70b8";
    std::string value_text = {};  // the value as people read it; "" for svg_number(value)
};

// Vertical bars over a plot area kBarPlotHeight high: a bar of value v is drawn
// v / max_value * kBarPlotHeight high (max_value <= 0: the largest value, or 1 if all are
// 0). Negative values are drawn as 0. Bars share the plot width kBarPlotWidth equally; each
// takes 60% of its slot.
inline constexpr double kBarPlotHeight = 200;
inline constexpr double kBarPlotWidth = 560;
inline constexpr double kBarLeft = 48;  // room for the value axis
inline constexpr double kBarTop = 16;
std::string bar_chart(const ChartText& text, const std::vector<Bar>& bars, double max_value = 0);

// One row per bar, its label on the left (names too long to stand under a vertical bar), its
// bar from kRowLeft, v / max_value * kRowPlotWidth long (max_value as for bar_chart), and its
// value after it. Rows are kRowHeight apart; the chart is as tall as its rows. Labels longer
// than kRowLabelLength characters are shortened with an ellipsis (the table beside the chart
// has them whole).
inline constexpr double kRowHeight = 24;
inline constexpr double kRowLeft = 264;
inline constexpr double kRowPlotWidth = 300;
inline constexpr std::size_t kRowLabelLength = 40;
std::string horizontal_bar_chart(const ChartText& text, const std::vector<Bar>& bars,
                                 double max_value = 0);

// One horizontal bar kStackWidth wide split into segments in proportion to their values
// (a distribution, e.g. contracts by rating); segments of value 0 are left out; all zero
// gives an empty grey bar. A legend with each label and count follows.
inline constexpr double kStackWidth = 600;
std::string stacked_bar(const ChartText& text, const std::vector<Bar>& segments);

struct Series {
    std::string name;
    std::vector<std::optional<double>> values;  // one per x label; nullopt: a gap
    std::string colour = "#1d70b8";
    std::vector<std::string> value_texts = {};  // per value, as people read it; "" or none:
                                                // svg_number(value)
    std::vector<bool> provisional = {};         // per value: figures that may still change
};

// Lines over x labels spaced equally across kLinePlotWidth (one label: in the middle), on a
// y scale from y_min (bottom) to y_max (top) kLinePlotHeight high. A gap (nullopt) breaks the
// line; each point is a circle with a <title> giving its label and value. A provisional
// point is drawn hollow and the line into it dashed, with a key saying so under the chart.
inline constexpr double kLinePlotHeight = 200;
inline constexpr double kLinePlotWidth = 560;
inline constexpr double kLineLeft = 48;
inline constexpr double kLineTop = 16;
std::string line_chart(const ChartText& text, const std::vector<std::string>& x_labels,
                       const std::vector<Series>& series, double y_min = 0, double y_max = 100);

}  // namespace scorecard::reports
