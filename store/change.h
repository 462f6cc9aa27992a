// What every repository's writes and listings take: who is changing data and when (stamped
// on audit entries and history rows), the outcome of writing once-only data, and a page of
// a listing.
#pragma once

#include <string>

#include "model/calendar.h"

namespace scorecard::store {

// Who is changing data, and when: stamped on audit entries and history rows.
struct Change {
    std::string actor;  // account name, or "system"
    Timestamp at{};
};

// The outcome of writing an entity that may already exist (once-only data, SPEC §1).
enum class Upsert { kCreated, kUpdated, kUnchanged };

struct Page {
    int limit = 50;  // 1..1000
    int offset = 0;
};

}  // namespace scorecard::store
