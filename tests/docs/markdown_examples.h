// The executable examples of a Markdown document (docs/doc-tests.md): its fenced blocks,
// which of them are commands to run and which block shows each one's output, and the
// endpoints its headings name. Pure functions over the text; no files, no processes.
//
// Thread safety: free functions.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace scorecard::docs_testing {

// The lines of a text, without their line ends.
std::vector<std::string> lines_of(const std::string& text);

// One fenced block: ```INFO … ```. `language` is the info string's first word (what a
// renderer highlights); `words` are the rest, which only the doc tests read
// (`status=201`, `exit=1`, `file=feed.xml`, `not-run`).
struct Fence {
    int line = 0;  // 1-based line of the opening fence
    std::string language;
    std::vector<std::string> words;
    std::string text;  // the lines between the fences, each ending in '\n'

    bool has(const std::string& word) const;
    // The value of `key=value` among the words; nullopt when absent.
    std::optional<std::string> value(const std::string& key) const;
};

std::vector<Fence> fenced_blocks(const std::string& markdown);

// A block of commands (language `sh`) and the block that follows it with nothing but blank
// lines between: what the commands print. Blocks marked `not-run` are not examples.
struct Example {
    Fence commands;
    std::optional<Fence> output;
};

// Every step of a document in order: examples, and blocks with `file=NAME` (written to
// NAME in the document's directory when reached).
struct Step {
    std::optional<Example> example;
    std::optional<Fence> file;
};
std::vector<Step> steps_of(const std::string& markdown);

// The endpoints the headings name: "## GET /authorities", "### GET, POST /reviews/{id}/x",
// "### GET /notices, GET /notices/{id}". A path is under /api/v1 unless it is one of
// /healthz, /readyz and /metrics; a query ("?year=YYYY") is not part of it. Methods upper
// case.
using Endpoint = std::pair<std::string, std::string>;  // method, path
std::set<Endpoint> endpoint_headings(const std::string& markdown);

// The endpoints whose heading's section (up to the next heading) has a block of commands
// that is run and makes a request to that endpoint with curl: its method (`-X`, else POST
// with a body, else GET) and a URL whose path (`$SC/…`, or `http://localhost:PORT/…`) fits
// the endpoint's pattern.
std::set<Endpoint> endpoints_with_examples(const std::string& markdown);

}  // namespace scorecard::docs_testing
