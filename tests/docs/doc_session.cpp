#include "tests/docs/doc_session.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include "tests/support/http_client.h"

namespace scorecard::docs_testing {

namespace fs = std::filesystem;
using scorecard::testing::HttpCall;
using scorecard::testing::RunResult;
using scorecard::testing::SpawnOptions;

namespace {

bool is_name_char(char c, bool first) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
           (!first && std::isdigit(static_cast<unsigned char>(c)));
}

// "NAME=VALUE" -> NAME, or "" when the word is not an assignment.
std::string assigned_name(const std::string& word) {
    const std::size_t eq = word.find('=');
    if (eq == std::string::npos || eq == 0)
        return "";
    for (std::size_t i = 0; i < eq; ++i) {
        if (!is_name_char(word[i], i == 0))
            return "";
    }
    return word.substr(0, eq);
}

// The block's logical lines: `\` at the end of a line continues it on the next.
std::vector<std::string> logical_lines(const std::string& block) {
    std::vector<std::string> out;
    std::istringstream in(block);
    std::string pending;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\\') {
            pending += line.substr(0, line.size() - 1);
            continue;
        }
        out.push_back(pending + line);
        pending.clear();
    }
    if (!pending.empty())
        out.push_back(pending);
    return out;
}

std::string option_value(const std::vector<std::string>& args, const std::string& option) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == option)
            return args[i + 1];
    }
    return "";
}

std::string without_trailing_newlines(std::string text) {
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

}  // namespace

DocSession::DocSession(const fs::path& source_dir, std::string binary)
    : dir_("scorecard-docs"), binary_(std::move(binary)) {
    for (const char* top : {"docs", "etc", "tests"})
        fs::create_directory_symlink(source_dir / top, dir_.path() / top);
    vars_["PWD"] = dir_.path().string();
}

DocSession::~DocSession() = default;

void DocSession::write_file(const std::string& name, const std::string& text) {
    scorecard::testing::write_text(dir_.path() / name, text);
}

std::vector<CommandResult> DocSession::run(const std::string& block) {
    std::vector<CommandResult> out;
    for (const auto& line : logical_lines(block)) {
        auto result = execute(line);
        if (!result.command.empty())
            out.push_back(std::move(result));
    }
    return out;
}

std::string DocSession::quoted(const std::string& line, std::size_t& i) {
    std::string text;
    for (++i; i < line.size() && line[i] != '"';) {
        if (line[i] == '\\' && i + 1 < line.size() &&
            std::string("\"\\$`").find(line[i + 1]) != std::string::npos) {
            text += line[i + 1];
            i += 2;
        } else if (line[i] == '$') {
            text += dollar(line, i);
        } else {
            text += line[i++];
        }
    }
    if (i >= line.size())
        throw std::runtime_error("unclosed \" in: " + line);
    ++i;
    return text;
}

std::string DocSession::dollar(const std::string& line, std::size_t& i) {
    ++i;  // the '$'
    if (i < line.size() && line[i] == '(') {
        int depth = 1;
        const std::size_t from = ++i;
        for (; i < line.size() && depth > 0; ++i) {
            if (line[i] == '(')
                ++depth;
            else if (line[i] == ')')
                --depth;
        }
        if (depth != 0)
            throw std::runtime_error("unclosed $( in: " + line);
        ++substituting_;
        CommandResult result;
        try {
            result = execute(line.substr(from, i - 1 - from));
        } catch (...) {
            --substituting_;
            throw;
        }
        --substituting_;
        if (result.exit.value_or(0) != 0)
            throw std::runtime_error("$(" + result.command + ") failed: " + result.printed);
        return without_trailing_newlines(result.out);
    }
    std::string name;
    if (i < line.size() && line[i] == '{') {
        const std::size_t end = line.find('}', i);
        if (end == std::string::npos)
            throw std::runtime_error("unclosed ${ in: " + line);
        name = line.substr(i + 1, end - i - 1);
        i = end + 1;
    } else {
        while (i < line.size() && is_name_char(line[i], name.empty()))
            name += line[i++];
    }
    if (name.empty())
        return "$";
    auto found = vars_.find(name);
    if (found == vars_.end())
        throw std::runtime_error("$" + name + " is not set (in: " + line + ")");
    return found->second;
}

DocSession::Words DocSession::split(const std::string& line) {
    Words out;
    std::string word;
    bool in_word = false;
    auto end_word = [&] {
        if (in_word)
            out.words.push_back(word);
        word.clear();
        in_word = false;
    };
    for (std::size_t i = 0; i < line.size();) {
        const char c = line[i];
        if (c == ' ' || c == '\t') {
            end_word();
            ++i;
        } else if (c == '#' && !in_word) {
            break;
        } else if (c == '&' && line.find_first_not_of(" \t", i + 1) == std::string::npos) {
            out.background = true;
            break;
        } else if (std::string("|;<>&`").find(c) != std::string::npos) {
            throw std::runtime_error(std::string("the doc tests' shell has no '") + c +
                                     "' (docs/doc-tests.md): " + line);
        } else if (c == '\'') {
            const std::size_t end = line.find('\'', i + 1);
            if (end == std::string::npos)
                throw std::runtime_error("unclosed ' in: " + line);
            word += line.substr(i + 1, end - i - 1);
            in_word = true;
            i = end + 1;
        } else if (c == '"') {
            word += quoted(line, i);
            in_word = true;
        } else if (c == '\\' && i + 1 < line.size()) {
            word += line[i + 1];
            in_word = true;
            i += 2;
        } else if (c == '$') {
            word += dollar(line, i);
            in_word = true;
        } else {
            word += c;
            in_word = true;
            ++i;
        }
    }
    end_word();
    return out;
}

CommandResult DocSession::execute(const std::string& line) {
    const Words w = split(line);
    CommandResult result;
    if (w.words.empty())
        return result;
    const std::string& program = w.words[0];
    const std::vector<std::string> args(w.words.begin() + 1, w.words.end());
    if (w.words.size() == 1 && !assigned_name(program).empty()) {
        vars_[assigned_name(program)] = program.substr(program.find('=') + 1);
        result.command = line;
        return result;
    }
    if (program == "export" || program == "alias") {
        for (const auto& a : args) {
            const std::string name = assigned_name(a);
            if (name.empty())
                throw std::runtime_error(program + " needs NAME=VALUE: " + line);
            const std::string value = a.substr(a.find('=') + 1);
            if (program == "export") {
                vars_[name] = value;
            } else if (name == "scorecard") {
                std::istringstream in(value);
                alias_args_.clear();
                std::string word;
                in >> word;  // the binary: the one this build made
                while (in >> word)
                    alias_args_.push_back(word);
            } else {
                throw std::runtime_error("only `alias scorecard=…` is understood: " + line);
            }
        }
        result.command = line;
        return result;
    }
    if (program == "scorecard") {
        result = scorecard(args, w.background);
    } else if (w.background) {
        throw std::runtime_error("only `scorecard serve` runs in the background: " + line);
    } else if (program == "curl") {
        result = curl(args);
    } else if (program == "kill") {
        if (args != std::vector<std::string>{"%1"} || !server_)
            throw std::runtime_error("only `kill %1` stops the server started with &: " + line);
        result.exit = server_->terminate();
        server_.reset();
        ports_.clear();
    } else {
        result = program_result(program, args);
    }
    result.command = line;
    return result;
}

std::string DocSession::absolute(const std::string& path) const {
    if (path.rfind("sqlite:", 0) == 0)
        return "sqlite:" + absolute(path.substr(7));
    return fs::path(path).is_absolute() ? path : (dir_.path() / path).string();
}

CommandResult DocSession::scorecard(const std::vector<std::string>& args, bool background) {
    std::vector<std::string> all = alias_args_;
    all.insert(all.end(), args.begin(), args.end());
    CommandResult result;
    if (background) {
        const std::string db = option_value(all, "--db");
        if (db.empty() || std::find(all.begin(), all.end(), "serve") == all.end())
            throw std::runtime_error("in the background: only `scorecard --db URL serve`");
        const std::string config = option_value(all, "--config");
        const std::string port = option_value(all, "--port");
        if (server_)
            throw std::runtime_error("a second server: stop the first with `kill %1`");
        server_ = std::make_unique<scorecard::testing::ServerProcess>(
            dir_.path(), "server", binary_, absolute(db), 2,
            config.empty() ? std::string() : absolute(config));
        ports_[port.empty() ? 8080 : std::stoi(port)] = server_->wait_for_port();
        return result;
    }
    return program_result(binary_, all);
}

CommandResult DocSession::program_result(const std::string& program,
                                         const std::vector<std::string>& args) {
    SpawnOptions in_dir;
    in_dir.cwd = dir_.path();
    CommandResult result;
    if (substituting_ > 0) {  // $(…) takes standard output alone
        RunResult r = scorecard::testing::run(dir_.path(), program, args, in_dir);
        result.printed = r.out + r.err;
        result.out = r.out;
        result.exit = r.exit_code;
        return result;
    }
    // Standard error into standard output, in the order they were written, as a terminal
    // shows them.
    std::vector<std::string> shell_args = {"-c", "exec \"$0\" \"$@\" 2>&1", program};
    shell_args.insert(shell_args.end(), args.begin(), args.end());
    RunResult r = scorecard::testing::run(dir_.path(), "/bin/sh", shell_args, in_dir);
    result.printed = r.out + r.err;
    result.out = r.out;
    result.exit = r.exit_code;
    return result;
}

CommandResult DocSession::curl(const std::vector<std::string>& args) {
    HttpCall call;
    std::string method, url, output_file, save_jar;
    std::optional<std::string> data;
    bool has_content_type = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto next = [&]() -> const std::string& {
            if (i + 1 >= args.size())
                throw std::runtime_error("curl " + a + " needs a value");
            return args[++i];
        };
        if (a == "-s" || a == "-S" || a == "-sS" || a == "--silent") {
            continue;
        } else if (a == "-X" || a == "--request") {
            method = next();
        } else if (a == "-H" || a == "--header") {
            const std::string& header = next();
            const std::size_t colon = header.find(':');
            if (colon == std::string::npos)
                throw std::runtime_error("curl -H needs 'Name: value': " + header);
            std::string name = header.substr(0, colon);
            std::string value = header.substr(header.find_first_not_of(' ', colon + 1));
            std::string lower = name;
            for (char& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            has_content_type = has_content_type || lower == "content-type";
            call.headers.emplace_back(name, value);
        } else if (a == "-d" || a == "--data" || a == "--data-binary") {
            std::string value = next();
            if (!value.empty() && value[0] == '@') {
                const fs::path file = dir_.path() / value.substr(1);
                if (!fs::exists(file))
                    throw std::runtime_error("curl: no file " + value.substr(1));
                value = scorecard::testing::read_text(file);
                if (a != "--data-binary") {  // as curl: -d drops the file's line breaks
                    std::erase(value, '\n');
                    std::erase(value, '\r');
                }
            }
            data = value;
        } else if (a == "-o" || a == "--output") {
            output_file = next();
        } else if (a == "-c" || a == "--cookie-jar") {
            save_jar = next();
        } else if (a == "-b" || a == "--cookie") {
            auto jar = jars_.find(next());
            if (jar != jars_.end())
                call.headers.emplace_back("Cookie", jar->second);
        } else if (a.rfind("http://", 0) == 0) {
            url = a;
        } else {
            throw std::runtime_error("the doc tests' curl does not know " + a);
        }
    }
    const std::string rest = url.substr(7);
    const std::size_t slash = rest.find('/');
    const std::string host = rest.substr(0, slash);
    call.path = slash == std::string::npos ? "/" : rest.substr(slash);
    const std::size_t colon = host.find(':');
    const int port = colon == std::string::npos ? 80 : std::stoi(host.substr(colon + 1));
    auto served = ports_.find(port);
    if (served == ports_.end())
        throw std::runtime_error("no server was started on port " + std::to_string(port));
    if (data) {
        call.body = *data;
        if (!has_content_type)
            call.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    call.method = !method.empty() ? method : (data ? "POST" : "GET");
    const auto reply = scorecard::testing::http_request(served->second, call);
    CommandResult result;
    result.status = reply.status;
    if (const std::string cookie = reply.header("set-cookie"); !save_jar.empty() && !cookie.empty())
        jars_[save_jar] = cookie.substr(0, cookie.find(';'));
    if (output_file.empty())
        result.printed = result.out = reply.body;
    else
        scorecard::testing::write_text(dir_.path() / output_file, reply.body);
    return result;
}

}  // namespace scorecard::docs_testing
