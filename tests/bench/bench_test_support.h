// What the bench tests read besides a process's output: the key=value lines that wrk's Lua
// done() and the bench tools print, and a server's resident set size. Running programs and
// the server is tests/support/process.h's.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

namespace scorecard::bench_testing {

// The key=value lines of `text`.
std::map<std::string, std::string> key_values(const std::string& text);

// The resident set size of a process in KiB (VmRSS in /proc/PID/status).
long rss_kib(pid_t pid);

}  // namespace scorecard::bench_testing
