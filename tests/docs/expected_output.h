// Whether what a command printed is what its document shows (docs/doc-tests.md "Output").
// JSON is compared as values (members in any order, numbers by value, any spacing); other
// text line by line. In both, the placeholder `…` stands for a volatile value: a JSON
// string "…" matches any one value, `…` in a line of text any run of characters, and a line
// that is `…` alone any number of lines (for a text whose every line is volatile).
// Line ends are compared as LF (a CSV's CRLF included), trailing blank lines ignored.
//
// Thread safety: a pure function.
#pragma once

#include <string>

namespace scorecard::docs_testing {

// "" when `printed` is what `shown` shows; else where and how they first differ.
std::string output_difference(const std::string& shown, const std::string& printed);

}  // namespace scorecard::docs_testing
