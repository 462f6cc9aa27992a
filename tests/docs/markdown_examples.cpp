#include "tests/docs/markdown_examples.h"

#include <algorithm>
#include <regex>
#include <sstream>

namespace scorecard::docs_testing {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

namespace {

std::vector<std::string> split_words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

bool blank(const std::string& line) {
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

// "```" or "~~~" (three or more) after at most three spaces: the fence, else "".
std::string fence_of(const std::string& line) {
    const std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos || indent > 3)
        return "";
    const char c = line[indent];
    if (c != '`' && c != '~')
        return "";
    std::size_t end = indent;
    while (end < line.size() && line[end] == c)
        ++end;
    return end - indent >= 3 ? line.substr(indent, end - indent) : "";
}

}  // namespace

bool Fence::has(const std::string& word) const {
    for (const auto& w : words) {
        if (w == word)
            return true;
    }
    return false;
}

std::optional<std::string> Fence::value(const std::string& key) const {
    for (const auto& w : words) {
        if (w.rfind(key + "=", 0) == 0)
            return w.substr(key.size() + 1);
    }
    return std::nullopt;
}

std::vector<Fence> fenced_blocks(const std::string& markdown) {
    std::vector<Fence> out;
    const auto lines = lines_of(markdown);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string open = fence_of(lines[i]);
        if (open.empty())
            continue;
        Fence fence;
        fence.line = static_cast<int>(i) + 1;
        const std::string info = lines[i].substr(lines[i].find(open) + open.size());
        auto words = split_words(info);
        if (!words.empty()) {
            fence.language = words.front();
            fence.words.assign(words.begin() + 1, words.end());
        }
        std::size_t j = i + 1;
        for (; j < lines.size(); ++j) {
            const std::string close = fence_of(lines[j]);
            if (!close.empty() && close[0] == open[0] && close.size() >= open.size() &&
                blank(lines[j].substr(lines[j].find(close) + close.size())))
                break;
            fence.text += lines[j] + "\n";
        }
        out.push_back(std::move(fence));
        i = j;
    }
    return out;
}

std::vector<Step> steps_of(const std::string& markdown) {
    const auto lines = lines_of(markdown);
    const auto blocks = fenced_blocks(markdown);
    // The line after a block's closing fence (1-based).
    auto after = [&](const Fence& f) {
        return f.line + static_cast<int>(lines_of(f.text).size()) + 2;
    };
    std::vector<Step> out;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const Fence& block = blocks[i];
        if (block.value("file")) {
            out.push_back({std::nullopt, block});
            continue;
        }
        if (block.language != "sh" || block.has("not-run"))
            continue;
        Example example{block, std::nullopt};
        if (i + 1 < blocks.size() && blocks[i + 1].language != "sh" &&
            !blocks[i + 1].value("file")) {
            bool adjacent = true;
            for (int l = after(block); l < blocks[i + 1].line; ++l)
                adjacent = adjacent && blank(lines[static_cast<std::size_t>(l) - 1]);
            if (adjacent)
                example.output = blocks[++i];
        }
        out.push_back({std::move(example), std::nullopt});
    }
    return out;
}

namespace {

// The endpoints one heading line names (see endpoint_headings); none for other lines.
std::set<Endpoint> endpoints_of_heading(const std::string& line) {
    static const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    std::set<Endpoint> out;
    std::string text = line;
    for (char& c : text) {
        if (c == ',' || c == '`')
            c = ' ';
    }
    std::vector<std::string> methods;
    for (const auto& word : split_words(text)) {
        if (kMethods.contains(word)) {
            methods.push_back(word);
        } else if (word[0] == '/' && !methods.empty()) {
            std::string path = word.substr(0, word.find('?'));
            if (path != "/healthz" && path != "/readyz" && path != "/metrics")
                path = "/api/v1" + path;
            for (const auto& m : methods)
                out.emplace(m, path);
            methods.clear();
        }
    }
    return out;
}

// "/api/v1/reviews/{id}/actions/{action}/agree" -> a regex for the paths it matches.
std::regex path_pattern(const std::string& pattern) {
    std::string re;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{') {
            i = pattern.find('}', i);
            re += "[^/?\"' ]+";
        } else if (std::string(".+*?()[]^$|\\").find(pattern[i]) != std::string::npos) {
            re += std::string("\\") + pattern[i];
        } else {
            re += pattern[i];
        }
    }
    return std::regex(re);
}

// The method and path of each curl command in a block of commands.
std::vector<Endpoint> curl_requests(const std::string& block) {
    static const std::regex kMethod(R"(-X\s+([A-Z]+))");
    static const std::regex kUrl(
        R"((?:\$SC|\$\{SC\}|http://localhost:[0-9]+/api/v1)(/[^"?' ]*)|http://localhost:[0-9]+(/[^"?' ]*))");
    std::vector<Endpoint> out;
    std::string joined;
    std::istringstream in(block);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\\') {
            joined += line.substr(0, line.size() - 1);
            continue;
        }
        joined += line;
        if (joined.find("curl ") != std::string::npos) {
            std::smatch m, u;
            std::string method = "GET";
            if (std::regex_search(joined, m, kMethod))
                method = m[1];
            else if (std::regex_search(joined, std::regex(R"(\s(-d|--data|--data-binary)\s)")))
                method = "POST";
            if (std::regex_search(joined, u, kUrl))
                out.emplace_back(method, u[1].matched ? "/api/v1" + u[1].str() : u[2].str());
        }
        joined.clear();
    }
    return out;
}

}  // namespace

std::set<Endpoint> endpoints_with_examples(const std::string& markdown) {
    std::set<Endpoint> out;
    std::set<Endpoint> section;  // the endpoints of the current heading
    bool in_fence = false, runs = false;
    std::string block;
    for (const auto& line : lines_of(markdown)) {
        const std::string fence = fence_of(line);
        if (!fence.empty()) {
            if (!in_fence) {
                const auto words = split_words(line.substr(line.find(fence) + fence.size()));
                runs = !words.empty() && words[0] == "sh" &&
                       std::find(words.begin(), words.end(), "not-run") == words.end();
                block.clear();
            } else if (runs) {
                for (const auto& [method, path] : curl_requests(block)) {
                    for (const auto& e : section) {
                        if (e.first == method && std::regex_match(path, path_pattern(e.second)))
                            out.insert(e);
                    }
                }
            }
            in_fence = !in_fence;
            continue;
        }
        if (in_fence) {
            block += line + "\n";
        } else if (!line.empty() && line[0] == '#') {
            section = endpoints_of_heading(line);
        }
    }
    return out;
}

std::set<Endpoint> endpoint_headings(const std::string& markdown) {
    std::set<Endpoint> out;
    bool in_fence = false;
    for (const auto& line : lines_of(markdown)) {
        if (!fence_of(line).empty())
            in_fence = !in_fence;
        if (in_fence || line.empty() || line[0] != '#')
            continue;
        out.merge(endpoints_of_heading(line));
    }
    return out;
}

}  // namespace scorecard::docs_testing
