#include "store/measure_scores_text.h"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

#include "model/enums.h"
#include "model/errors.h"

namespace scorecard::store {
namespace {

void append_number(std::string& out, double v) {
    std::array<char, 32> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    if (ec != std::errc() || !std::isfinite(v))
        throw Error::Internal("a measure score is not a finite number");
    out.append(buf.data(), end);
}

Error not_written_here(std::string_view text, std::string_view why) {
    constexpr std::size_t kShown = 80;
    return Error::Internal("stored measure scores are not as scorecard writes them (" +
                           std::string(why) + "): '" + std::string(text.substr(0, kShown)) +
                           (text.size() > kShown ? "…'" : "'"));
}

// The next field of `line` up to a TAB (or its end), advancing past it.
std::string_view next_field(std::string_view& line) {
    const std::size_t tab = line.find('\t');
    const std::string_view field = line.substr(0, tab);
    line.remove_prefix(tab == std::string_view::npos ? line.size() : tab + 1);
    return field;
}

template <class Number>
bool read_number(std::string_view field, Number& out) {
    if (field.empty())
        return false;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
    return ec == std::errc() && end == field.data() + field.size();
}

std::string decoded_code(std::string_view field, std::string_view text) {
    std::string out;
    out.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '%') {
            out.push_back(field[i]);
            continue;
        }
        const std::string_view escape = field.substr(i, 3);
        if (escape == "%25")
            out.push_back('%');
        else if (escape == "%09")
            out.push_back('\t');
        else if (escape == "%0A")
            out.push_back('\n');
        else
            throw not_written_here(text, "an escape in a KPI code");
        i += 2;
    }
    return out;
}

}  // namespace

std::string measure_scores_text(const std::vector<MeasureScore>& measures) {
    std::string out;
    out.reserve(measures.size() * 32);
    for (const MeasureScore& m : measures) {
        for (const char c : m.kpi_code) {
            if (c == '%')
                out += "%25";
            else if (c == '\t')
                out += "%09";
            else if (c == '\n')
                out += "%0A";
            else
                out.push_back(c);
        }
        out.push_back('\t');
        if (m.value)
            append_number(out, *m.value);
        out.push_back('\t');
        out += to_string(m.rating);
        out.push_back('\t');
        out += std::to_string(m.points);
        out.push_back('\t');
        append_number(out, m.weight);
        out.push_back('\n');
    }
    return out;
}

std::vector<MeasureScore> measure_scores_from_text(std::string_view text) {
    std::vector<MeasureScore> out;
    std::string_view rest = text;
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        if (end == std::string_view::npos)
            throw not_written_here(text, "a line without its end");
        std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end + 1);
        MeasureScore& m = out.emplace_back();
        m.kpi_code = decoded_code(next_field(line), text);
        if (const std::string_view value = next_field(line); !value.empty()) {
            double v = 0;
            if (!read_number(value, v))
                throw not_written_here(text, "a value");
            m.value = v;
        }
        const auto rating = parse_enum<Rating>(next_field(line));
        if (!rating)
            throw not_written_here(text, "a rating");
        m.rating = *rating;
        if (!read_number(next_field(line), m.points))
            throw not_written_here(text, "points");
        if (!read_number(next_field(line), m.weight) || !line.empty())
            throw not_written_here(text, "a weight");
    }
    return out;
}

}  // namespace scorecard::store
