#include "reports/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace scorecard::reports {
namespace {

constexpr const char* kAxisColour = "#505a5f";
constexpr const char* kGridColour = "#b1b4b6";
constexpr const char* kFont = "font-family=\"GDS Transport, arial, sans-serif\"";

// <svg …> with its accessible name and description.
std::string open_svg(const ChartText& text, double width, double height) {
    std::string id = escape_html(text.id);
    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"app-chart\" role=\"img\"";
    out += " viewBox=\"0 0 " + svg_number(width) + " " + svg_number(height) + "\"";
    out += " width=\"" + svg_number(width) + "\" height=\"" + svg_number(height) + "\"";
    out += " aria-labelledby=\"" + id + "-title " + id + "-desc\" " + kFont + ">";
    out += "<title id=\"" + id + "-title\">" + escape_html(text.title) + "</title>";
    out += "<desc id=\"" + id + "-desc\">" + escape_html(text.desc) + "</desc>";
    return out;
}

std::string text_at(double x, double y, std::string_view anchor, std::string_view content,
                    int size = 12) {
    return "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" text-anchor=\"" +
           std::string(anchor) + "\" font-size=\"" + std::to_string(size) + "\" fill=\"#0b0c0c\">" +
           escape_html(content) + "</text>";
}

std::string line(double x1, double y1, double x2, double y2, const char* colour) {
    return "<line x1=\"" + svg_number(x1) + "\" y1=\"" + svg_number(y1) + "\" x2=\"" +
           svg_number(x2) + "\" y2=\"" + svg_number(y2) + "\" stroke=\"" + colour +
           "\" stroke-width=\"1\"/>";
}

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
    if (max_value <= 0) {
        max_value = 0;
        for (const auto& bar : bars)
            max_value = std::max(max_value, bar.value);
        if (max_value <= 0)
            max_value = 1;
    }
    const double width = kBarLeft + kBarPlotWidth + 16;
    const double height = kBarTop + kBarPlotHeight + 40;
    const double bottom = kBarTop + kBarPlotHeight;
    std::string out = open_svg(text, width, height);
    for (int i = 0; i <= 4; ++i) {
        double y = bottom - kBarPlotHeight * i / 4;
        out += line(kBarLeft, y, kBarLeft + kBarPlotWidth, y, i == 0 ? kAxisColour : kGridColour);
        out += text_at(kBarLeft - 6, y + 4, "end", svg_number(max_value * i / 4), 11);
    }
    if (!bars.empty()) {
        const double slot = kBarPlotWidth / static_cast<double>(bars.size());
        const std::size_t max_label = static_cast<std::size_t>(std::max(3.0, slot / 7));
        for (std::size_t i = 0; i < bars.size(); ++i) {
            const auto& bar = bars[i];
            double h = std::clamp(bar.value, 0.0, max_value) / max_value * kBarPlotHeight;
            double x = kBarLeft + slot * static_cast<double>(i) + slot * 0.2;
            out += "<rect class=\"app-chart__bar\" x=\"" + svg_number(x) + "\" y=\"" +
                   svg_number(bottom - h) + "\" width=\"" + svg_number(slot * 0.6) +
                   "\" height=\"" + svg_number(h) + "\" fill=\"" + escape_html(bar.colour) +
                   "\"><title>" + escape_html(bar.label) + ": " + svg_number(bar.value) +
                   "</title></rect>";
            double centre = x + slot * 0.3;
            out += text_at(centre, bottom - h - 4, "middle", svg_number(bar.value), 11);
            out += text_at(centre, bottom + 16, "middle", shorten(bar.label, max_label), 11);
        }
    }
    out += "</svg>";
    return out;
}

std::string stacked_bar(const ChartText& text, const std::vector<Bar>& segments) {
    double total = 0;
    for (const auto& s : segments)
        total += std::max(0.0, s.value);
    const double bar_height = 40;
    const std::size_t rows = (segments.size() + 2) / 3;
    const double height = bar_height + 12 + 24 * static_cast<double>(rows);
    std::string out = open_svg(text, kStackWidth, height);
    if (total <= 0) {
        out += "<rect class=\"app-chart__segment\" x=\"0\" y=\"0\" width=\"" +
               svg_number(kStackWidth) + "\" height=\"" + svg_number(bar_height) +
               "\" fill=\"#f3f2f1\" stroke=\"" + kGridColour + "\"/>";
    } else {
        double x = 0;
        for (const auto& s : segments) {
            if (s.value <= 0)
                continue;
            double w = s.value / total * kStackWidth;
            out += "<rect class=\"app-chart__segment\" x=\"" + svg_number(x) +
                   "\" y=\"0\" width=\"" + svg_number(w) + "\" height=\"" + svg_number(bar_height) +
                   "\" fill=\"" + escape_html(s.colour) + "\"><title>" + escape_html(s.label) +
                   ": " + svg_number(s.value) + "</title></rect>";
            x += w;
        }
    }
    for (std::size_t i = 0; i < segments.size(); ++i) {
        double lx = 200 * static_cast<double>(i % 3);
        double ly = bar_height + 12 + 24 * static_cast<double>(i / 3);
        out += "<rect x=\"" + svg_number(lx) + "\" y=\"" + svg_number(ly) +
               "\" width=\"14\" height=\"14\" fill=\"" + escape_html(segments[i].colour) + "\"/>";
        out += text_at(lx + 20, ly + 12, "start",
                       segments[i].label + " (" + svg_number(segments[i].value) + ")", 13);
    }
    out += "</svg>";
    return out;
}

std::string line_chart(const ChartText& text, const std::vector<std::string>& x_labels,
                       const std::vector<Series>& series, double y_min, double y_max) {
    if (y_max <= y_min)
        y_max = y_min + 1;
    const double bottom = kLineTop + kLinePlotHeight;
    const double width = kLineLeft + kLinePlotWidth + 24;
    const std::size_t legend_rows = (series.size() + 2) / 3;
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
    std::string out = open_svg(text, width, height);
    for (int i = 0; i <= 4; ++i) {
        double value = y_min + (y_max - y_min) * i / 4;
        double y = y_of(value);
        out +=
            line(kLineLeft, y, kLineLeft + kLinePlotWidth, y, i == 0 ? kAxisColour : kGridColour);
        out += text_at(kLineLeft - 6, y + 4, "end", svg_number(value), 11);
    }
    // At most about 12 x labels, so that they do not overlap.
    const std::size_t step = std::max<std::size_t>(1, (n + 11) / 12);
    for (std::size_t i = 0; i < n; i += step)
        out += text_at(x_of(i), bottom + 16, "middle", x_labels[i], 11);
    for (const auto& s : series) {
        std::string path;
        bool pen_down = false;
        std::string points;
        for (std::size_t i = 0; i < n && i < s.values.size(); ++i) {
            if (!s.values[i]) {
                pen_down = false;
                continue;
            }
            double x = x_of(i), y = y_of(*s.values[i]);
            path += (pen_down ? " L" : (path.empty() ? "M" : " M")) + svg_number(x) + " " +
                    svg_number(y);
            pen_down = true;
            points += "<circle class=\"app-chart__point\" cx=\"" + svg_number(x) + "\" cy=\"" +
                      svg_number(y) + "\" r=\"3\" fill=\"" + escape_html(s.colour) + "\"><title>" +
                      escape_html(s.name) + ", " + escape_html(x_labels[i]) + ": " +
                      svg_number(*s.values[i]) + "</title></circle>";
        }
        if (!path.empty())
            out += "<path class=\"app-chart__line\" d=\"" + path + "\" fill=\"none\" stroke=\"" +
                   escape_html(s.colour) + "\" stroke-width=\"2\"/>";
        out += points;
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
        double lx = kLineLeft + 190 * static_cast<double>(i % 3);
        double ly = bottom + 28 + 22 * static_cast<double>(i / 3);
        out += "<rect x=\"" + svg_number(lx) + "\" y=\"" + svg_number(ly) +
               "\" width=\"14\" height=\"4\" fill=\"" + escape_html(series[i].colour) + "\"/>";
        out += text_at(lx + 20, ly + 6, "start", shorten(series[i].name, 24), 12);
    }
    out += "</svg>";
    return out;
}

}  // namespace scorecard::reports
