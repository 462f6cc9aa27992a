#include "tests/support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/wait.h"

extern char** environ;

namespace scorecard::testing {

namespace fs = std::filesystem;

namespace {

// The test's environment with `overrides` set in it, as posix_spawn wants it.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides) {
    std::vector<std::string> out;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry = *e;
        if (!overrides.count(entry.substr(0, entry.find('='))))
            out.push_back(std::move(entry));
    }
    for (const auto& [name, value] : overrides)
        out.push_back(name + "=" + value);
    return out;
}

std::vector<char*> pointers_to(std::vector<std::string>& words) {
    std::vector<char*> out;
    for (auto& w : words)
        out.push_back(w.data());
    out.push_back(nullptr);
    return out;
}

std::string command_line(const std::string& program, const std::vector<std::string>& args) {
    std::string text = program;
    for (const auto& a : args)  // a mysql:// URL carries a password
        text += " " + (a.starts_with("mysql://") ? std::string("mysql://…") : a);
    return text;
}

}  // namespace

TempDir::TempDir(const std::string& prefix) {
    std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("cannot create a temporary directory " + pattern);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const fs::path& out,
            const fs::path& err, const SpawnOptions& options) {
    std::vector<std::string> argv_text{program};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv = pointers_to(argv_text);
    std::vector<std::string> env_text = environment_with(options.env);
    std::vector<char*> envp = pointers_to(env_text);

    const std::string in = options.stdin_file.empty() ? "/dev/null" : options.stdin_file.string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    // The output files are opened before the change of directory: relative paths are the
    // test's.
    if (!options.cwd.empty())
        posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc) +
                                 " (is it built, or installed by scripts/install-deps.sh?)");
    return pid;
}

int wait_exit(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1000;
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? -WTERMSIG(status) : -1000;
}

std::ostream& operator<<(std::ostream& os, const RunResult& r) {
    return os << r.command << " → exit " << r.exit_code << "\n--- stdout\n"
              << r.out << "\n--- stderr\n"
              << r.err;
}

RunResult run(const fs::path& dir, const std::string& program, const std::vector<std::string>& args,
              const SpawnOptions& options, const std::string& input) {
    static std::atomic<int> counter{0};
    const std::string stem = "run" + std::to_string(++counter);
    const fs::path out = dir / (stem + ".out"), err = dir / (stem + ".err");
    SpawnOptions with_input = options;
    if (!input.empty()) {
        with_input.stdin_file = dir / (stem + ".in");
        write_text(with_input.stdin_file, input);
    }
    RunResult result;
    result.command = command_line(program, args);
    result.exit_code = wait_exit(spawn(program, args, out, err, with_input));
    result.out = read_text(out);
    result.err = read_text(err);
    return result;
}

std::string run_ok(const fs::path& dir, const std::string& program,
                   const std::vector<std::string>& args, const SpawnOptions& options) {
    RunResult r = run(dir, program, args, options);
    if (r.exit_code != 0) {
        std::ostringstream message;
        message << r;
        throw std::runtime_error(message.str());
    }
    return r.out;
}

ServerProcess::ServerProcess(const fs::path& dir, const std::string& name,
                             const std::string& binary, const std::string& db_url, int threads,
                             const std::string& config_file)
    : err_(dir / (name + ".err")) {
    std::vector<std::string> args;
    if (!config_file.empty())
        args = {"--config", config_file};
    args.insert(args.end(),
                {"--db", db_url, "serve", "--port", "0", "--threads", std::to_string(threads)});
    pid_ = spawn(binary, args, dir / (name + ".out"), err_);
}

ServerProcess::~ServerProcess() {
    kill_hard();
}

int ServerProcess::wait_for_port() {
    const std::string marker = "serving on http://localhost:";
    for (int i = 0; i < 600; ++i) {
        const std::string err = read_text(err_);
        // The whole line: the file may hold the marker before the port is written.
        if (auto at = err.find(marker); at != std::string::npos) {
            const auto end = err.find('\n', at);
            if (end != std::string::npos) {
                const std::string digits = err.substr(at + marker.size(), end - at - marker.size());
                if (digits.empty() || digits[0] < '0' || digits[0] > '9')
                    throw std::runtime_error("unexpected start-up line: " +
                                             err.substr(at, end - at));
                port_ = std::stoi(digits);
                return port_;
            }
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = 0;
            throw std::runtime_error("the server exited during start-up: " + err);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("the server did not start within 60 s: " + read_text(err_));
}

std::string ServerProcess::wait_for_log(const std::string& text, int seconds) const {
    std::string log;
    wait_until(std::chrono::seconds(seconds), [&] {
        log = read_text(err_);
        return log.find(text) != std::string::npos;
    });
    return log;
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGKILL);
    testing::wait_exit(pid_);
    pid_ = 0;
}

int ServerProcess::wait_exit() {
    if (pid_ <= 0)
        throw std::runtime_error("the server is not running");
    const int code = testing::wait_exit(pid_);
    pid_ = 0;
    return code;
}

int ServerProcess::terminate() {
    if (pid_ <= 0)
        throw std::runtime_error("the server is not running");
    ::kill(pid_, SIGTERM);
    const int code = testing::wait_exit(pid_);
    pid_ = 0;
    return code;
}

}  // namespace scorecard::testing
