// Helpers for the importers' tests: fixture files and looking for a located problem.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "importers/documents.h"

namespace scorecard::importers::testing {

// The source tree: the SCORECARD_SOURCE_DIR environment variable (set by CTest), else the
// compile definition.
inline std::string source_dir() {
    if (const char* env = std::getenv("SCORECARD_SOURCE_DIR"); env != nullptr && *env != 0)
        return env;
    return SCORECARD_SOURCE_DIR;
}

inline std::string fixture_path(const std::string& relative) {
    return source_dir() + "/tests/fixtures/" + relative;
}

inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline ParseResult parse_fixture(const std::string& relative) {
    return parse_document(read_bytes(fixture_path(relative)), relative);
}

// "code@line:col" for every problem, for failure messages.
inline std::string listing(const std::vector<Problem>& problems) {
    std::string out;
    for (const auto& p : problems)
        out += "\n  " + p.code + "@" + std::to_string(p.line) + ":" + std::to_string(p.column) +
               " " + p.message;
    return out.empty() ? " (none)" : out;
}

inline bool has_problem(const std::vector<Problem>& problems, const std::string& code, int line,
                        int column) {
    for (const auto& p : problems) {
        if (p.code == code && p.line == line && p.column == column)
            return true;
    }
    return false;
}

}  // namespace scorecard::importers::testing
