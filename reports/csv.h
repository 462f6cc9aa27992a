// CSV writing (RFC 4180) with protection against formula injection: a text field that starts
// with = + - @ or a tab/CR is prefixed with a single quote, so spreadsheets show it as text.
// Numbers are written as they are (csv_number), never through csv_field.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scorecard::reports {

std::string csv_field(std::string_view value);
// A number: shortest round-trip form ("64.5", "100"); "" for NaN.
std::string csv_number(double value);
// One line: the fields, already written by csv_field or csv_number (never escaped again,
// so numbers stay numbers), joined by commas and ending in CRLF.
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace scorecard::reports
