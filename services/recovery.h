// Recovery from a process that died in the middle of the import pipeline (issue 15 item 2;
// docs/operations.md "Recovery"):
//
//   - a document still `pending` documents.abandoned_after_seconds after it was received
//     was never applied (the import transaction records the outcome with the data): it is
//     recorded as rejected with problem "interrupted", so that nothing is left pending and
//     its sender learns to send it again. (It is not applied later on the sender's behalf:
//     the sender may have sent it, or a correction, again meanwhile.)
//   - contracts left on the rescoring queue (store/rescore_queue.h) are rescored, with
//     their suppliers' scores and reviews.
//
// recover_at_start() runs once before `scorecard import`, `score` and `demo` do anything,
// and in the background as soon as `scorecard serve` listens: it takes every queued
// contract, whoever claimed it (rescoring is idempotent and contracts take turns under
// their locks, so at worst a live process's work is done twice). A RescoringWorker then
// makes a pass every rescoring.interval_seconds on every server, claiming settled entries
// with a lease, so that several servers on one database share what a dead one left.
//
// Thread safety: the functions may run on any thread and in several processes at once. A
// RescoringWorker owns one thread (start/stop from one thread).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "model/calendar.h"
#include "services/scoring_run.h"
#include "services/settings.h"
#include "store/database.h"

namespace scorecard::services {

struct RecoveryReport {
    int documents_rejected = 0;  // abandoned pending documents recorded as rejected
    ScoringStats rescored;       // what the queued contracts' rescoring did
};

// Every abandoned document, and every queued contract rescored as of date_of(now).
RecoveryReport recover_at_start(store::Database& db, const Settings& settings, Timestamp now);

// Its two halves, for a bulk load (`scorecard import`, docs/operations.md "Loading a
// history"), which settles abandoned documents first and rescores what is queued once, at
// its end, with what it queued itself. Returns the documents recorded as rejected.
int reject_abandoned_documents(store::Database& db, const Settings& settings, Timestamp now);
// Every queued contract (and `also`, e.g. contracts a load touched that another process has
// already taken off the queue) rescored as of date_of(now).
ScoringStats rescore_queued(store::Database& db, const Settings& settings, Timestamp now,
                            const std::vector<std::string>& also = {},
                            const Progress& progress = {},
                            const store::KnownMeasures* known = nullptr);

// One background pass: abandoned documents, then batches of settled, unclaimed entries
// claimed by `claimer` and rescored, until none is left or `stopping` is set.
RecoveryReport recover_pass(store::Database& db, const Settings& settings, Timestamp now,
                            const std::string& claimer, const std::atomic<bool>& stopping);

// What is waiting: GET /readyz and GET /metrics show it.
struct PendingWork {
    std::int64_t queued_contracts = 0;
    std::optional<Timestamp> oldest_queued;  // when the longest-waiting entry was queued
    std::int64_t pending_documents = 0;      // documents without an outcome yet
};
PendingWork pending_work(store::Database& db);

// "host:pid": who holds a claim on the queue, for operators reading the table.
std::string process_identity();

class RescoringWorker {
  public:
    using Clock = std::function<Timestamp()>;

    // `clock` defaults to settings.clock; `log`, when given, gets a line per pass that did
    // something, and every failure.
    RescoringWorker(store::Database& db, Settings settings, Clock clock = {},
                    std::ostream* log = nullptr);
    ~RescoringWorker();  // stops the thread
    RescoringWorker(const RescoringWorker&) = delete;
    RescoringWorker& operator=(const RescoringWorker&) = delete;

    // Starts the thread: recover_at_start() first, then recover_pass() every
    // rescoring.interval_seconds.
    void start();
    // Wakes the thread and joins it; a batch being rescored finishes first.
    void stop();

  private:
    void run();

    store::Database& db_;
    Settings settings_;
    Clock clock_;
    std::ostream* log_;
    std::string identity_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> started_up_{false};
    std::thread thread_;
};

}  // namespace scorecard::services
