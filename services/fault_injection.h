// A test hook for crash tests (docs/security.md "Faults survived"): the process kills itself
// with SIGKILL, exactly as `kill -9` would (nothing flushed, no destructors, no rollback of
// what is committed), when it reaches the point named by the environment variable
// SCORECARD_TEST_CRASH_AT. Unset in production; setting it there only makes the process
// die at that point, which the recovery it tests repairs.
//
// Points: after_import_commit (an import committed, before its rescoring),
// after_rescore_batch (a batch of contracts rescored and committed, before the rest).
//
// Thread safety: the variable is read once, on the first call.
#pragma once

#include <string_view>

namespace scorecard::services {

// Kills the process with SIGKILL when `point` is the one named by SCORECARD_TEST_CRASH_AT;
// returns otherwise.
void crash_point(std::string_view point);

// How a process killed at a crash point ends, as tests/support/process.h reports it (-N for
// signal N): SIGKILL.
inline constexpr int kCrashExitStatus = -9;

}  // namespace scorecard::services
