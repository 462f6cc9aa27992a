// Processes for the bench tests: run a program to the end with its output captured, and
// one `scorecard serve --port 0` process that learns its port from its start-up line.
// Shared by bench_tiny_test and load_test, which drive the real binaries as a user would.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace scorecard::bench_testing {

namespace fs = std::filesystem;

// A directory for one case's files, removed afterwards.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string read_text(const fs::path& path);

struct RunResult {
    int exit_code = 0;
    std::string out;
    std::string err;
    std::string command;  // for messages; mysql:// URLs shortened
};

// Runs `program args...` (PATH is searched) to the end, stdin from /dev/null, with `env`
// added to the environment.
RunResult run(const fs::path& dir, const std::string& program, const std::vector<std::string>& args,
              const std::map<std::string, std::string>& env = {});

// The key=value lines of `text` (wrk's Lua done() and the bench tools print them).
std::map<std::string, std::string> key_values(const std::string& text);

// The resident set size of a process in KiB (VmRSS in /proc/PID/status).
long rss_kib(pid_t pid);

// One `scorecard --db URL serve --port 0 --threads N`; killed if the test did not stop it.
class ServerProcess {
  public:
    ServerProcess(const fs::path& dir, const std::string& binary, const std::string& db_url,
                  int threads);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Waits (up to 60 s) for "serving on http://localhost:PORT" on stderr.
    int wait_for_port();
    // SIGTERM, then its exit status.
    int terminate();
    pid_t pid() const { return pid_; }
    std::string log() const { return read_text(err_); }

  private:
    fs::path err_;
    pid_t pid_ = 0;
};

}  // namespace scorecard::bench_testing
