#include "services/fault_injection.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace scorecard::services {

void crash_point(std::string_view point) {
    // The one place SCORECARD_TEST_CRASH_AT is read.
    static const std::string wanted = [] {
        const char* value = std::getenv("SCORECARD_TEST_CRASH_AT");
        return std::string(value ? value : "");
    }();
    if (wanted.empty() || wanted != point)
        return;
    const std::string line = "scorecard: SCORECARD_TEST_CRASH_AT=" + wanted + ": killed\n";
    // write(2), not iostreams: nothing buffered is flushed, as after a kill.
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
    ::kill(::getpid(), SIGKILL);
    ::_exit(127);  // not reached: SIGKILL cannot be caught
}

}  // namespace scorecard::services
