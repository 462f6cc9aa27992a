// The state of each polled feed source (SPEC §5 "Feeds can also be polled") and the record
// of every poll: the validators for conditional requests (ETag, Last-Modified), the last
// outcome, the failure count that drives back-off, and when the next poll is due.
//
// `next_poll` doubles as a lease: a poller claims a due source by moving next_poll past the
// time its fetch may take, in one conditional UPDATE, so that several `scorecard serve`
// processes sharing a database poll each source once.
//
// Thread safety: a thin view over one Connection, like every repository.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "model/enums.h"
#include "store/database.h"

namespace scorecard::store {

struct FeedSourceState {
    std::string name;
    std::string url;   // as shown: any password already masked (no secrets in the database)
    std::string etag;  // "" when the server sent none
    std::string last_modified;  // the Last-Modified header as received, "" when none
    std::optional<Timestamp> last_polled;
    int last_status = 0;  // HTTP status of the last poll; 0 when no response came
    std::optional<FeedPollOutcome> last_outcome;  // nullopt: never polled
    std::optional<std::int64_t> last_document;    // the last document the feed produced
    std::string last_sha256;                      // of that document's bytes
    int failures = 0;                             // consecutive failed polls
    Timestamp next_poll{};
    std::string last_error;  // "" after a successful poll
    std::int64_t polls = 0;  // polls recorded so far
};

// One poll as it happened.
struct FeedPoll {
    std::int64_t id = 0;
    std::string source;
    Timestamp at{};
    int http_status = 0;
    FeedPollOutcome outcome = FeedPollOutcome::kError;
    std::optional<std::int64_t> document_id;
    std::string error;
    std::int64_t duration_ms = 0;
};

class FeedSourceRepository {
  public:
    explicit FeedSourceRepository(Connection& conn) : conn_(conn) {}

    // Makes a configured source known: a new one is due at `now`; one whose URL changed
    // forgets its validators, document and failures (it is another feed) and is due at `now`.
    void register_source(const std::string& name, const std::string& url, Timestamp now);
    std::optional<FeedSourceState> find(const std::string& name);

    // Takes a source for one poll: true when it was due at `now` and this call moved its
    // next_poll to `lease_until`; false when it is not due or another poller took it.
    bool claim(const std::string& name, Timestamp now, Timestamp lease_until);
    // Stores the state after a poll and appends the poll to the history, keeping the most
    // recent kPollsKept polls of each source.
    void record(const FeedSourceState& state, const FeedPoll& poll);
    // The most recent polls of a source, newest first.
    std::vector<FeedPoll> recent_polls(const std::string& name, int limit);

    static constexpr int kPollsKept = 500;

  private:
    Connection& conn_;
};

}  // namespace scorecard::store
