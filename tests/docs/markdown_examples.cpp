#include "tests/docs/markdown_examples.h"

#include <sstream>

namespace scorecard::docs_testing {

namespace {

std::vector<std::string> split_words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
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

std::set<Endpoint> endpoint_headings(const std::string& markdown) {
    static const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    std::set<Endpoint> out;
    bool in_fence = false;
    for (const auto& line : lines_of(markdown)) {
        if (!fence_of(line).empty())
            in_fence = !in_fence;
        if (in_fence || line.empty() || line[0] != '#')
            continue;
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
    }
    return out;
}

}  // namespace scorecard::docs_testing
