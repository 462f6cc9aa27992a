// Child processes and a plain HTTP client for the robustness suites: the built `scorecard`
// binary run as a user or an operator would (import, serve, kill -9), nothing shared with
// the test but files and the database. Modelled on tests/services/multi_server_test.cpp.
//
// Thread safety: a ServerProcess belongs to one thread; http() may be called from many.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace scorecard::robustness {

// A directory for one case's files, removed afterwards.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

// Starts `program ARGS...` with stdin from /dev/null and stdout/stderr into files.
pid_t spawn(const std::string& program, const std::vector<std::string>& args,
            const std::filesystem::path& out, const std::filesystem::path& err);
// The exit status of a finished child; -signal when a signal ended it.
int wait_exit(pid_t pid);

struct RunResult {
    int exit_code = 0;
    std::string out;
    std::string err;
};
// Runs `program ARGS...` to the end; output goes through files in `dir`.
RunResult run(const std::filesystem::path& dir, const std::string& program,
              const std::vector<std::string>& args);

// One `scorecard [--config FILE] --db URL serve --port 0` process; learns its port from the
// start-up line on stderr (which is also its access log). The destructor kills a server
// the test did not stop.
class ServerProcess {
  public:
    ServerProcess(const std::filesystem::path& dir, const std::string& name,
                  const std::string& db_url, const std::string& config_file = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Waits (up to 30 s) for "serving on http://localhost:PORT"; returns the port.
    int wait_for_port();
    void kill_hard();  // SIGKILL and reap: the crash under test
    int terminate();   // SIGTERM, then the exit status
    int port() const { return port_; }
    std::string log() const { return read_text(err_); }

  private:
    std::filesystem::path err_;
    pid_t pid_ = 0;
    int port_ = 0;
};

struct HttpReply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names lower-cased
};

// One request on a new connection; `timeout_seconds` bounds the whole exchange. Throws
// Poco exceptions when the server cannot be reached.
HttpReply http(int port, const std::string& method, const std::string& path,
               const std::string& token = {}, const std::string& body = {},
               const std::string& content_type = "application/xml", int timeout_seconds = 60);

// Waits (up to `seconds`) until GET path answers 200.
bool wait_until_ok(int port, const std::string& path, int seconds = 30);

}  // namespace scorecard::robustness
