// The contracts whose scores, flags and reviews are behind their data (issue 15 item 2): a
// durable queue, so that a process that dies between an import's commit and the end of its
// rescoring leaves the work written down rather than lost.
//
//   - an import (or a novation, or an accepted supplier discrepancy) adds the contracts it
//     changed in its own transaction: they are queued exactly when the change commits;
//   - every rescoring of a contract (services/scoring_run.h) reads the entry's version in
//     its transaction before it reads the contract's data, and removes the entry at that
//     version once the contract and its suppliers are done. An import that queues the
//     contract again meanwhile raises the version, so its entry stays for the next run; an
//     entry removed (by another run) and queued again starts at a version drawn at random,
//     so a run that read the old entry does not remove the new one either;
//   - background rescorers on every `scorecard serve` claim entries with a lease
//     (claimed_until), as feed pollers claim sources (store/feed_source_repository.h), so
//     that several processes on one database share the work rather than repeat it.
//
// Thread safety: a thin view over one Connection, like every repository.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "store/database.h"

namespace scorecard::store {

class RescoreQueue {
  public:
    explicit RescoreQueue(Connection& conn) : conn_(conn) {}

    // Queues each contract, or raises its version when it is queued already.
    void add(const std::vector<std::string>& contract_ids, Timestamp now);
    // The version of each of `contract_ids` that is queued (those not queued left out).
    std::map<std::string, std::int64_t> versions(const std::vector<std::string>& contract_ids);
    // Removes each entry that is still at the version given.
    void remove(const std::map<std::string, std::int64_t>& done);

    // Claims up to `limit` entries that nobody holds (no lease, or an expired one) and that
    // were last queued at or before `settled_before` (an import in this or another process
    // is likely still rescoring newer ones itself), oldest first, and returns their
    // contracts. The lease lasts until `lease_until`.
    std::vector<std::string> claim(Timestamp now, Timestamp settled_before, Timestamp lease_until,
                                   const std::string& claimer, int limit);
    // Gives up the claims on entries still queued (after a failed rescoring).
    void release(const std::vector<std::string>& contract_ids);
    // Every queued contract, claimed or not, oldest first (start-up: the work of a process
    // that died).
    std::vector<std::string> all();

    struct Backlog {
        std::int64_t contracts = 0;
        std::optional<Timestamp> oldest;  // when the longest-waiting entry was first queued
    };
    Backlog backlog();

  private:
    Connection& conn_;
};

// The last full scoring run (`scorecard score`) that completed: the day it scored as of, the
// policy it used (reports::policy_fingerprint) and the data version it left behind. A full
// run whose day and policy are the same, with nothing queued and the data version unmoved
// since, would change nothing (services/scoring_run.h score_everything).
struct FullRun {
    std::string as_of;  // YYYY-MM-DD
    std::string policy;
    std::int64_t data_version = 0;
    std::string finished_at;  // timestamp text
};

class ScoringRuns {
  public:
    explicit ScoringRuns(Connection& conn) : conn_(conn) {}
    std::optional<FullRun> last();
    // Remembers `run` as the last one. Not a change of the data: the version stays.
    void record(const FullRun& run);

  private:
    Connection& conn_;
};

}  // namespace scorecard::store
