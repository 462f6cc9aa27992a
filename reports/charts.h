// SVG charts for the web pages and printable reports: a bar chart, a stacked distribution
// bar and a line (trend) chart. Pure functions from numbers to SVG text, so that their
// geometry can be checked by hand in tests; no database, no Poco.
//
// Every chart is an <svg role="img"> with a <title> and a <desc> referenced by
// aria-labelledby, so that a screen reader announces what it shows; the pages put the same
// figures in a table next to it. Colours are given as presentation attributes (the server's
// Content-Security-Policy forbids inline styles). All text goes through escape_html().
//
// Thread safety: pure functions.
#pragma once

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

// One horizontal bar kStackWidth wide split into segments in proportion to their values
// (a distribution, e.g. contracts by rating); segments of value 0 are left out; all zero
// gives an empty grey bar. A legend with each label and count follows.
inline constexpr double kStackWidth = 600;
std::string stacked_bar(const ChartText& text, const std::vector<Bar>& segments);

struct Series {
    std::string name;
    std::vector<std::optional<double>> values;  // one per x label; nullopt: a gap
    std::string colour = "#1d70b8";
};

// Lines over x labels spaced equally across kLinePlotWidth (one label: in the middle), on a
// y scale from y_min (bottom) to y_max (top) kLinePlotHeight high. A gap (nullopt) breaks the
// line; each point is a circle with a <title> giving its label and value.
inline constexpr double kLinePlotHeight = 200;
inline constexpr double kLinePlotWidth = 560;
inline constexpr double kLineLeft = 48;
inline constexpr double kLineTop = 16;
std::string line_chart(const ChartText& text, const std::vector<std::string>& x_labels,
                       const std::vector<Series>& series, double y_min = 0, double y_max = 100);

}  // namespace scorecard::reports
