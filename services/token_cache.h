// The bearer tokens a server has recently found valid, remembered by their SHA-256 with the
// data version they were found at (store/database.h data_version(), which every committed
// change moves, revoking a token, changing a role or removing an account included) and the
// token's expiry. A token is answered from here only at that same data version and before
// it expires, so that revoking, expiring or changing an account takes effect at once, as
// reading the token's row would; the request reads the data version instead of the row
// (a scorecard answer then trusts its cached bytes at that version without reading it again:
// reports/prepared_scorecards.h).
//
// Bounded: at most kMaxEntries tokens; when full, what is remembered is forgotten at once
// (entries of an older version are useless anyway). Only valid tokens are remembered.
//
// Thread safety: shared by all request threads; every member locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "model/access.h"
#include "model/calendar.h"

namespace scorecard::services {

class TokenCache {
  public:
    static constexpr std::size_t kMaxEntries = 4096;

    // The principal of the token whose SHA-256 (hex) is `token_sha256`, when it was found
    // valid at `data_version` and has not expired by `now`.
    std::optional<Principal> find(const std::string& token_sha256, std::int64_t data_version,
                                  Timestamp now) const;
    // Remembers a token found valid at `data_version` (read before the token's row was).
    void keep(const std::string& token_sha256, const Principal& who,
              std::optional<Timestamp> expires, std::int64_t data_version);
    std::size_t size() const;

  private:
    struct Entry {
        Principal who;
        std::optional<Timestamp> expires;
        std::int64_t data_version = 0;
    };
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace scorecard::services
