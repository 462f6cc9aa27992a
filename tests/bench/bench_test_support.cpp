#include "tests/bench/bench_test_support.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace scorecard::bench_testing {

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

}  // namespace scorecard::bench_testing
