#include "reports/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reports/templates.h"

namespace scorecard::reports {
namespace {

constexpr const char* kAxisColour = "#505a5f";
constexpr const char* kGridColour = "#b1b4b6";

// A chart being drawn: its accessible name and size, and the shapes that chart.mustache
// draws in order. Each shape is a map with one member named after its kind.
class Drawing {
  public:
    Drawing(const ChartText& text, double width, double height) {
        view_.set("id", text.id)
            .set("title", text.title)
            .set("desc", text.desc)
            .set("width", svg_number(width))
            .set("height", svg_number(height));
    }

    void line(double x1, double y1, double x2, double y2, const char* colour) {
        shape("line", View()
                          .set("x1", svg_number(x1))
                          .set("y1", svg_number(y1))
                          .set("x2", svg_number(x2))
                          .set("y2", svg_number(y2))
                          .set("colour", colour));
    }
    void text(double x, double y, std::string_view anchor, std::string content, int size = 12) {
        shape("text", View()
                          .set("x", svg_number(x))
                          .set("y", svg_number(y))
                          .set("anchor", anchor)
                          .set("size", size)
                          .set("content", std::move(content)));
    }
    // A rectangle; `tip` (when not empty) is its tooltip, `stroke` its outline.
    void rect(const char* css_class, double x, double y, double w, double h,
              const std::string& colour, std::string tip = {}, std::string stroke = {}) {
        View r;
        r.set("class", css_class)
            .set("x", svg_number(x))
            .set("y", svg_number(y))
            .set("w", svg_number(w))
            .set("h", svg_number(h))
            .set("colour", colour)
            .set("has_tip", !tip.empty())
            .set("tip", std::move(tip))
            .set("has_stroke", !stroke.empty())
            .set("stroke", std::move(stroke));
        shape("rect", std::move(r));
    }
    // A point: filled, or hollow (white inside its coloured ring).
    void point(double x, double y, const std::string& colour, bool hollow, std::string tip) {
        shape("circle", View()
                            .set("cx", svg_number(x))
                            .set("cy", svg_number(y))
                            .set("fill", hollow ? std::string("#ffffff") : colour)
                            .set("colour", colour)
                            .set("stroke_width", hollow ? "2" : "0")
                            .set("tip", std::move(tip)));
    }
    void path(std::string d, const std::string& colour, bool dashed) {
        shape("path", View().set("d", std::move(d)).set("colour", colour).set("dashed", dashed));
    }

    std::string render() {
        view_.set("shapes", std::move(shapes_));
        return render_template("chart", view_);
    }

  private:
    void shape(const char* kind, View fields) { shapes_.add(View().set(kind, std::move(fields))); }

    View view_;
    View shapes_ = View::list();
};

// A label shortened to `max` characters (whole UTF-8 sequences) with an ellipsis.
std::string shorten(const std::string& label, std::size_t max) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < label.size(); ++i) {
        if ((static_cast<unsigned char>(label[i]) & 0xC0) == 0x80)
            continue;
        if (++count > max)
            return label.substr(0, i) + "…";
    }
    return label;
}

std::string value_text(const Bar& bar) {
    return bar.value_text.empty() ? svg_number(bar.value) : bar.value_text;
}

// The largest value, or `max_value` when it is given (> 0); 1 when everything is 0.
double scale_of(const std::vector<Bar>& bars, double max_value) {
    if (max_value > 0)
        return max_value;
    max_value = 0;
    for (const auto& bar : bars)
        max_value = std::max(max_value, bar.value);
    return max_value > 0 ? max_value : 1;
}

}  // namespace

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string svg_number(double value) {
    if (!std::isfinite(value))
        return "0";
    double rounded = std::round(value * 10) / 10;
    if (rounded == 0)
        rounded = 0;  // no "-0"
    char buf[64];
    if (rounded == std::floor(rounded))
        std::snprintf(buf, sizeof buf, "%.0f", rounded);
    else
        std::snprintf(buf, sizeof buf, "%.1f", rounded);
    return buf;
}

std::string rating_colour(std::string_view rating) {
    if (rating == "good")
        return "#00703c";
    if (rating == "approaching")
        return "#1d70b8";
    if (rating == "requires_improvement")
        return "#f47738";
    if (rating == "inadequate")
        return "#d4351c";
    if (rating == "other")
        return "#6f72af";
    return "#b1b4b6";  // missing, unknown
}

std::string bar_chart(const ChartText& text, const std::vector<Bar>& bars, double max_value) {
    max_value = scale_of(bars, max_value);
    const double width = kBarLeft + kBarPlotWidth + 16;
    const double height = kBarTop + kBarPlotHeight + 40;
    const double bottom = kBarTop + kBarPlotHeight;
    Drawing chart(text, width, height);
    for (int i = 0; i <= 4; ++i) {
        double y = bottom - kBarPlotHeight * i / 4;
        chart.line(kBarLeft, y, kBarLeft + kBarPlotWidth, y, i == 0 ? kAxisColour : kGridColour);
        chart.text(kBarLeft - 6, y + 4, "end", svg_number(max_value * i / 4), 11);
    }
    if (!bars.empty()) {
        const double slot = kBarPlotWidth / static_cast<double>(bars.size());
        const std::size_t max_label = static_cast<std::size_t>(std::max(3.0, slot / 7));
        for (std::size_t i = 0; i < bars.size(); ++i) {
            const auto& bar = bars[i];
            double h = std::clamp(bar.value, 0.0, max_value) / max_value * kBarPlotHeight;
            double x = kBarLeft + slot * static_cast<double>(i) + slot * 0.2;
            chart.rect("app-chart__bar", x, bottom - h, slot * 0.6, h, bar.colour,
                       bar.label + ": " + value_text(bar));
            double centre = x + slot * 0.3;
            chart.text(centre, bottom - h - 4, "middle", value_text(bar), 11);
            chart.text(centre, bottom + 16, "middle", shorten(bar.label, max_label), 11);
        }
    }
    return chart.render();
}

std::string horizontal_bar_chart(const ChartText& text, const std::vector<Bar>& bars,
                                 double max_value) {
    max_value = scale_of(bars, max_value);
    const double width = kRowLeft + kRowPlotWidth + 56;
    const double height = kRowHeight * static_cast<double>(bars.size()) + 8;
    Drawing chart(text, width, height);
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const auto& bar = bars[i];
        const double top = kRowHeight * static_cast<double>(i) + 4;
        const double w = std::clamp(bar.value, 0.0, max_value) / max_value * kRowPlotWidth;
        chart.text(kRowLeft - 8, top + 12, "end", shorten(bar.label, kRowLabelLength), 12);
        chart.rect("app-chart__bar", kRowLeft, top, w, kRowHeight - 8, bar.colour,
                   bar.label + ": " + value_text(bar));
        chart.text(kRowLeft + w + 6, top + 12, "start", value_text(bar), 12);
    }
    chart.line(kRowLeft, 0, kRowLeft, height, kAxisColour);
    return chart.render();
}

std::string stacked_bar(const ChartText& text, const std::vector<Bar>& segments) {
    double total = 0;
    for (const auto& s : segments)
        total += std::max(0.0, s.value);
    const double bar_height = 40;
    const std::size_t rows = (segments.size() + 2) / 3;
    const double height = bar_height + 12 + 24 * static_cast<double>(rows);
    Drawing chart(text, kStackWidth, height);
    if (total <= 0) {
        chart.rect("app-chart__segment", 0, 0, kStackWidth, bar_height, "#f3f2f1", {}, kGridColour);
    } else {
        double x = 0;
        for (const auto& s : segments) {
            if (s.value <= 0)
                continue;
            double w = s.value / total * kStackWidth;
            chart.rect("app-chart__segment", x, 0, w, bar_height, s.colour,
                       s.label + ": " + value_text(s));
            x += w;
        }
    }
    for (std::size_t i = 0; i < segments.size(); ++i) {
        double lx = 200 * static_cast<double>(i % 3);
        double ly = bar_height + 12 + 24 * static_cast<double>(i / 3);
        chart.rect("app-chart__key", lx, ly, 14, 14, segments[i].colour);
        chart.text(lx + 20, ly + 12, "start",
                   segments[i].label + " (" + value_text(segments[i]) + ")", 13);
    }
    return chart.render();
}

std::string line_chart(const ChartText& text, const std::vector<std::string>& x_labels,
                       const std::vector<Series>& series, double y_min, double y_max) {
    if (y_max <= y_min)
        y_max = y_min + 1;
    const bool any_provisional = std::any_of(series.begin(), series.end(), [](const Series& s) {
        return std::find(s.provisional.begin(), s.provisional.end(), true) != s.provisional.end();
    });
    const std::size_t keys = series.size() + (any_provisional ? 1 : 0);
    const double bottom = kLineTop + kLinePlotHeight;
    const double width = kLineLeft + kLinePlotWidth + 24;
    const std::size_t legend_rows = (keys + 2) / 3;
    const double height = bottom + 32 + 22 * static_cast<double>(legend_rows);
    const std::size_t n = x_labels.size();
    auto x_of = [&](std::size_t i) {
        if (n <= 1)
            return kLineLeft + kLinePlotWidth / 2;
        return kLineLeft + kLinePlotWidth * static_cast<double>(i) / static_cast<double>(n - 1);
    };
    auto y_of = [&](double v) {
        double clamped = std::clamp(v, y_min, y_max);
        return bottom - (clamped - y_min) / (y_max - y_min) * kLinePlotHeight;
    };
    Drawing chart(text, width, height);
    for (int i = 0; i <= 4; ++i) {
        double value = y_min + (y_max - y_min) * i / 4;
        double y = y_of(value);
        chart.line(kLineLeft, y, kLineLeft + kLinePlotWidth, y, i == 0 ? kAxisColour : kGridColour);
        chart.text(kLineLeft - 6, y + 4, "end", svg_number(value), 11);
    }
    // At most about 12 x labels, so that they do not overlap.
    const std::size_t step = std::max<std::size_t>(1, (n + 11) / 12);
    for (std::size_t i = 0; i < n; i += step)
        chart.text(x_of(i), bottom + 16, "middle", x_labels[i], 11);
    for (const auto& s : series) {
        auto provisional = [&](std::size_t i) {
            return i < s.provisional.size() && s.provisional[i];
        };
        // The line through final figures; dashed lines to and from provisional ones.
        std::string solid, dashed;
        bool pen_down = false;  // the solid line's pen is at the previous point
        bool joined = false;    // the previous label has a value to join this one to
        std::size_t previous = 0;
        for (std::size_t i = 0; i < n && i < s.values.size(); ++i) {
            if (!s.values[i]) {
                joined = pen_down = false;
                continue;
            }
            const std::string at = svg_number(x_of(i)) + " " + svg_number(y_of(*s.values[i]));
            if (joined && (provisional(i) || provisional(previous))) {
                dashed += (dashed.empty() ? "M" : " M") + svg_number(x_of(previous)) + " " +
                          svg_number(y_of(*s.values[previous])) + " L" + at;
                pen_down = false;
            } else if (joined && pen_down) {
                solid += " L" + at;
            } else {
                solid += (solid.empty() ? "M" : " M") + at;
                pen_down = true;
            }
            previous = i;
            joined = true;
        }
        if (!solid.empty())
            chart.path(solid, s.colour, false);
        if (!dashed.empty())
            chart.path(dashed, s.colour, true);
        for (std::size_t i = 0; i < n && i < s.values.size(); ++i) {
            if (!s.values[i])
                continue;
            const std::string shown = i < s.value_texts.size() && !s.value_texts[i].empty()
                                          ? s.value_texts[i]
                                          : svg_number(*s.values[i]);
            chart.point(x_of(i), y_of(*s.values[i]), s.colour, provisional(i),
                        s.name + ", " + x_labels[i] + ": " + shown +
                            (provisional(i) ? " (provisional)" : ""));
        }
    }
    for (std::size_t i = 0; i < keys; ++i) {
        double lx = kLineLeft + 190 * static_cast<double>(i % 3);
        double ly = bottom + 28 + 22 * static_cast<double>(i / 3);
        if (i < series.size()) {
            chart.rect("app-chart__key", lx, ly, 14, 4, series[i].colour);
            chart.text(lx + 20, ly + 6, "start", shorten(series[i].name, 24), 12);
        } else {
            chart.point(lx + 7, ly + 2, kAxisColour, true, "Provisional");
            chart.text(lx + 20, ly + 6, "start", "Provisional: returns still due", 12);
        }
    }
    return chart.render();
}

}  // namespace scorecard::reports
