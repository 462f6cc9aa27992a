#include "reports/csv.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace scorecard::reports {
namespace {

// Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection").
bool starts_formula(std::string_view value) {
    if (value.empty())
        return false;
    switch (value.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            return false;
    }
}

bool is_edge_space(char c) {
    return c == ' ' || c == '\t';
}

// RFC 4180 §2.6: fields with commas, quotes or line breaks are quoted; spaces at either
// end are quoted too, since many readers trim them otherwise.
bool needs_quotes(std::string_view value) {
    if (value.empty())
        return false;
    if (is_edge_space(value.front()) || is_edge_space(value.back()))
        return true;
    return value.find_first_of(",\"\r\n") != std::string_view::npos;
}

}  // namespace

std::string csv_field(std::string_view value) {
    std::string text;
    text.reserve(value.size() + 3);
    if (starts_formula(value))
        text += '\'';
    text += value;
    if (!needs_quotes(text))
        return text;
    std::string quoted;
    quoted.reserve(text.size() + 2);
    quoted += '"';
    for (char c : text) {
        if (c == '"')
            quoted += '"';  // RFC 4180 §2.7: a quote inside is doubled
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string csv_number(double value) {
    if (!std::isfinite(value))
        return "";
    if (value == 0)
        return "0";  // never "-0"
    // Fixed notation, shortest digits that read back as the same double: spreadsheets and
    // people both read "125000000" more reliably than "1.25e+08". The largest double
    // needs 309 digits before the point, the smallest denormal 767 after it.
    char buffer[1100];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (ec != std::errc())
        return "";
    return std::string(buffer, end);
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += ',';
        line += fields[i];
    }
    line += "\r\n";
    return line;
}

}  // namespace scorecard::reports
