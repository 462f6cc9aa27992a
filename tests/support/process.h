// Child processes for the suites that drive the built binaries as a user or an operator
// would (the CLI, several servers on one database, kill -9, bench/run.sh, wrk): temporary
// directories, running a program to the end with its output captured, and one
// `scorecard serve --port 0` process that learns its port from its start-up line. Nothing is
// shared with the child but files, the environment and the database.
//
// Thread safety: run() and spawn() may be called from several threads; a ServerProcess
// belongs to one thread.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace scorecard::testing {

// A new directory under $TMPDIR (or the system's temporary directory) whose name starts
// with `prefix`; removed with everything in it by the destructor.
class TempDir {
  public:
    explicit TempDir(const std::string& prefix = "scorecard-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// The whole file ("" when it cannot be read), and writing one (replacing it).
std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

// How a child starts besides its program and arguments.
struct SpawnOptions {
    std::map<std::string, std::string> env;  // set in (or replaced in) the test's environment
    std::filesystem::path cwd;               // "": the test's working directory
    std::filesystem::path stdin_file;        // "": /dev/null
};

// Starts `program ARGS...` (PATH is searched for a name without '/') with stdout and stderr
// into the files `out` and `err`. Throws std::runtime_error when it cannot start.
pid_t spawn(const std::string& program, const std::vector<std::string>& args,
            const std::filesystem::path& out, const std::filesystem::path& err,
            const SpawnOptions& options = {});
// Waits for a child: its exit status, -N when signal N ended it.
int wait_exit(pid_t pid);

struct RunResult {
    int exit_code = 0;
    std::string out;
    std::string err;
    std::string command;  // the command line for messages; mysql:// URLs shortened
};
// "COMMAND → exit N", then stdout and stderr: for a failed check's message.
std::ostream& operator<<(std::ostream& os, const RunResult& r);

// Runs `program ARGS...` to the end; its output goes through files in `dir`. `input`, when
// given, is its standard input (else /dev/null).
RunResult run(const std::filesystem::path& dir, const std::string& program,
              const std::vector<std::string>& args, const SpawnOptions& options = {},
              const std::string& input = {});

// As run(), for a step that must succeed: its stdout; throws std::runtime_error naming the
// command, its exit status and its output when it exits with anything but 0.
std::string run_ok(const std::filesystem::path& dir, const std::string& program,
                   const std::vector<std::string>& args, const SpawnOptions& options = {});

// One `BINARY [--config FILE] --db URL serve --port 0 --threads N`; stdout and stderr (the
// access log) go to DIR/NAME.out and DIR/NAME.err. The destructor kills (SIGKILL) a server
// the test did not stop.
class ServerProcess {
  public:
    ServerProcess(const std::filesystem::path& dir, const std::string& name,
                  const std::string& binary, const std::string& db_url, int threads,
                  const std::string& config_file = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Waits (up to 60 s) for "serving on http://localhost:PORT" on stderr; returns the
    // port. Throws when the server exits first or does not start in time.
    int wait_for_port();
    void kill_hard();  // SIGKILL and reap: a crash
    int terminate();   // SIGTERM, then the exit status
    // Waits for the server to exit by itself (e.g. at a crash point of
    // services/fault_injection.h); its exit status, -N when signal N ended it.
    int wait_exit();
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string log() const { return read_text(err_); }
    // Waits (up to `seconds`) until the log holds `text`; returns the log as it then is
    // (without `text` when the time ran out).
    std::string wait_for_log(const std::string& text, int seconds = 10) const;

  private:
    std::filesystem::path err_;
    pid_t pid_ = 0;
    int port_ = 0;
};

}  // namespace scorecard::testing
