#include "tests/bench/bench_test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace scorecard::bench_testing {

namespace {

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const fs::path& out,
            const fs::path& err, const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv_text{program};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> env_text;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry = *e;
        if (!env.count(entry.substr(0, entry.find('='))))
            env_text.push_back(entry);
    }
    for (const auto& [k, v] : env)
        env_text.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_text)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("cannot start " + program + " (is it installed? " +
                                 "scripts/install-deps.sh)");
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

}  // namespace

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "scorecard-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::runtime_error("cannot create a temporary directory");
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

RunResult run(const fs::path& dir, const std::string& program, const std::vector<std::string>& args,
              const std::map<std::string, std::string>& env) {
    static std::atomic<int> counter{0};
    const std::string stem = "run" + std::to_string(++counter);
    const fs::path out = dir / (stem + ".out"), err = dir / (stem + ".err");
    RunResult result;
    result.command = program;
    for (const auto& a : args)
        result.command += " " + (a.starts_with("mysql://") ? std::string("mysql://…") : a);
    result.exit_code = wait_exit(spawn(program, args, out, err, env));
    result.out = read_text(out);
    result.err = read_text(err);
    return result;
}

std::map<std::string, std::string> key_values(const std::string& text) {
    std::map<std::string, std::string> values;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos && eq > 0)
            values[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return values;
}

long rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    }
    throw std::runtime_error("no VmRSS for process " + std::to_string(pid));
}

ServerProcess::ServerProcess(const fs::path& dir, const std::string& binary,
                             const std::string& db_url, int threads)
    : err_(dir / "serve.err") {
    pid_ = spawn(binary,
                 {"--db", db_url, "serve", "--port", "0", "--threads", std::to_string(threads)},
                 dir / "serve.out", err_, {});
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait_exit(pid_);
    }
}

int ServerProcess::wait_for_port() {
    const std::string marker = "serving on http://localhost:";
    for (int i = 0; i < 600; ++i) {
        const std::string err = read_text(err_);
        if (auto at = err.find(marker); at != std::string::npos)
            return std::stoi(err.substr(at + marker.size()));
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = 0;
            throw std::runtime_error("the server exited during start-up: " + err);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("the server did not start within 60 s: " + read_text(err_));
}

int ServerProcess::terminate() {
    ::kill(pid_, SIGTERM);
    const int code = wait_exit(pid_);
    pid_ = 0;
    return code;
}

}  // namespace scorecard::bench_testing
