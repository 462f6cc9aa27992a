#include "services/clock.h"

namespace scorecard::services {
namespace {

Timestamp system_now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

Clock Clock::starting_at(Timestamp start) {
    return Clock(start - system_now());
}

Timestamp Clock::now() const {
    return system_now() + offset_;
}

}  // namespace scorecard::services
