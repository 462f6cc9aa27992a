#include "tests/robustness/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

extern char** environ;

namespace scorecard::robustness {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "scorecard-robust-XXXXXX").string();
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

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const fs::path& out,
            const fs::path& err) {
    std::vector<std::string> argv_text{program};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("cannot start " + program);
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

RunResult run(const fs::path& dir, const std::string& program,
              const std::vector<std::string>& args) {
    static std::atomic<int> counter{0};
    const std::string stem = "run" + std::to_string(++counter);
    const fs::path out = dir / (stem + ".out"), err = dir / (stem + ".err");
    RunResult result;
    result.exit_code = wait_exit(spawn(program, args, out, err));
    result.out = read_text(out);
    result.err = read_text(err);
    return result;
}

ServerProcess::ServerProcess(const fs::path& dir, const std::string& name,
                             const std::string& db_url, const std::string& config_file)
    : err_(dir / (name + ".err")) {
    std::vector<std::string> args;
    if (!config_file.empty())
        args = {"--config", config_file};
    args.insert(args.end(), {"--db", db_url, "serve", "--port", "0", "--threads", "8"});
    pid_ = spawn(SCORECARD_BINARY, args, dir / (name + ".out"), err_);
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0)
        kill_hard();
}

int ServerProcess::wait_for_port() {
    const std::string marker = "serving on http://localhost:";
    for (int i = 0; i < 300; ++i) {
        const std::string err = read_text(err_);
        if (auto at = err.find(marker); at != std::string::npos) {
            port_ = std::stoi(err.substr(at + marker.size()));
            return port_;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = 0;
            throw std::runtime_error("the server exited during start-up: " + err);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("the server did not start within 30 s: " + read_text(err_));
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGKILL);
    wait_exit(pid_);
    pid_ = 0;
}

int ServerProcess::terminate() {
    ::kill(pid_, SIGTERM);
    const int code = wait_exit(pid_);
    pid_ = 0;
    return code;
}

HttpReply http(int port, const std::string& method, const std::string& path,
               const std::string& token, const std::string& body, const std::string& content_type,
               int timeout_seconds) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(timeout_seconds, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty())
        request.set("Authorization", "Bearer " + token);
    if (!body.empty() || method == "POST") {
        request.setContentType(content_type);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.body);
    for (const auto& [name, value] : response) {
        std::string lower = name;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        reply.headers[lower] = value;
    }
    return reply;
}

bool wait_until_ok(int port, const std::string& path, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
        try {
            if (http(port, "GET", path, {}, {}, {}, 5).status == 200)
                return true;
        } catch (const std::exception&) {
            // Not listening yet.
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

}  // namespace scorecard::robustness
