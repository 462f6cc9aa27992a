// Runs a document's commands as a reader would type them (docs/doc-tests.md "Commands"): a
// small part of the shell — words, quotes, variables, `NAME=$(command)`, `export`, `alias
// scorecard=…`, `\` continuations, comments, a trailing `&` — and three programs it knows:
// `scorecard` (the built binary, with the alias's options), `curl` (a real HTTP client
// against the server the document started; `-c`/`-b` keep a cookie in memory) and `kill %1` (stops
// that server). Any other program runs as it is, found on PATH.
//
// The document's directory is a new temporary one holding links to the repository's docs/,
// etc/ and tests/, so that the paths the docs name resolve and whatever they write is thrown
// away. `scorecard serve … --port N &` starts a real `scorecard serve --port 0` there and
// stands it in for port N.
//
// Thread safety: one session belongs to one thread.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace scorecard::docs_testing {

// What one command printed and how it ended.
struct CommandResult {
    std::string command;        // as written, for messages
    std::string printed;        // stdout and stderr as written (2>&1); an HTTP reply's body
    std::string out;            // stdout alone: what `$(command)` gives
    std::optional<int> exit;    // a program's exit status
    std::optional<int> status;  // an HTTP reply's status
};

class DocSession {
  public:
    DocSession(const std::filesystem::path& source_dir, std::string binary);
    ~DocSession();
    DocSession(const DocSession&) = delete;
    DocSession& operator=(const DocSession&) = delete;

    // Runs every command of a block in order. Throws std::runtime_error for what this shell
    // does not understand (a pipe, an unset variable, a request to a port nothing serves).
    std::vector<CommandResult> run(const std::string& block);

    // Writes a file the document shows (```xml file=NAME) into its directory.
    void write_file(const std::string& name, const std::string& text);

    const std::filesystem::path& dir() const { return dir_.path(); }

  private:
    struct Words {
        std::vector<std::string> words;
        bool background = false;
    };
    Words split(const std::string& line);
    std::string quoted(const std::string& line, std::size_t& i);
    std::string dollar(const std::string& line, std::size_t& i);
    CommandResult execute(const std::string& line);
    CommandResult scorecard(const std::vector<std::string>& args, bool background);
    CommandResult curl(const std::vector<std::string>& args);
    CommandResult program_result(const std::string& program, const std::vector<std::string>& args);
    std::string absolute(const std::string& path) const;

    scorecard::testing::TempDir dir_;
    std::string binary_;
    std::vector<std::string> alias_args_;  // `alias scorecard="… ARGS"`
    std::map<std::string, std::string> vars_;
    std::unique_ptr<scorecard::testing::ServerProcess> server_;
    std::map<int, int> ports_;  // the port a document names -> the server's real one
    std::map<std::string, std::string> jars_;
    int substituting_ =
        0;  // inside $(…): standard output alone  // curl's cookie jars: file name -> "name=value"
};

}  // namespace scorecard::docs_testing
