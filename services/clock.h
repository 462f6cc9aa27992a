// The application's "now" and "today" (issue 19): every service, page, report and command
// asks one Clock rather than the system clock, so that tests and demonstrations can run as
// of a chosen moment (the `clock.start` setting, docs/operations.md "Clock").
//
// A clock set to start at a moment runs on from it at the wall clock's pace: leases, session
// lifetimes and the rescoring queue's settle time keep working as they do on the wall clock,
// only shifted. Every process given the same setting at about the same time agrees.
//
// Thread safety: a value; now() only reads the system clock.
#pragma once

#include <chrono>

#include "model/calendar.h"

namespace scorecard::services {

class Clock {
  public:
    // The system's clock (the default).
    Clock() = default;
    // A clock that reads `start` now and runs on from there.
    static Clock starting_at(Timestamp start);

    Timestamp now() const;
    // The day of now() in UTC.
    Date today() const { return date_of(now()); }
    // Whether this clock is the system's.
    bool is_wall_clock() const { return offset_ == std::chrono::seconds{0}; }

  private:
    explicit Clock(std::chrono::seconds offset) : offset_(offset) {}
    std::chrono::seconds offset_{0};  // added to the system clock
};

}  // namespace scorecard::services
