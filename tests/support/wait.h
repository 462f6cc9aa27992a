// Waiting for an event a test can observe but not be told of (a file that grows, a port
// that stops accepting, a row that appears): the condition is polled until it holds or the
// time is up, so that a test waits as long as the event takes on a loaded machine and no
// longer, instead of sleeping for a guessed time.
//
// Thread safety: a free function; `done` runs on the calling thread.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace scorecard::testing {

// Calls `done` until it returns true (then true) or `timeout` has passed (then false),
// pausing `interval` between calls.
inline bool wait_until(std::chrono::milliseconds timeout, const std::function<bool()>& done,
                       std::chrono::milliseconds interval = std::chrono::milliseconds(10)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= until)
            return false;
        std::this_thread::sleep_for(interval);
    }
    return true;
}

}  // namespace scorecard::testing
