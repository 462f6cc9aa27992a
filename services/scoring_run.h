// Recomputes scores, flags and partnership reviews from stored returns (SPEC §3.8, §4):
// after every accepted document for the contracts it touched, and for everything on
// demand (`scorecard score`). Deterministic: the same data and as-of date give the same
// scores and flags.
//
// Thread safety: may run concurrently with imports; contracts are rescored in batches of up
// to 200, one transaction each (taking the contracts' locks in id order, as imports do),
// retried on conflicts.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "model/scoring_policy.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::services {

struct ScoringStats {
    int contracts = 0;
    int periods = 0;
    int flags_raised = 0;
    int flags_resolved = 0;
    int reviews_opened = 0;
    // Improvement notices a later return fell short of: each proposes a performance failure
    // notice (SPEC §7.3).
    int failure_notices_proposed = 0;
    // Batches whose input was read ahead on another connection and served (nothing but this
    // run committed since it was read).
    int batches_read_ahead = 0;

    // The sum of two runs' (a run in parts: background passes, a load's batches).
    ScoringStats& operator+=(const ScoringStats& more) {
        contracts += more.contracts;
        periods += more.periods;
        flags_raised += more.flags_raised;
        flags_resolved += more.flags_resolved;
        reviews_opened += more.reviews_opened;
        failure_notices_proposed += more.failure_notices_proposed;
        batches_read_ahead += more.batches_read_ahead;
        return *this;
    }
};

// Called after each contract with (done, total).
using Progress = std::function<void(std::size_t, std::size_t)>;

// Rescores the given contracts as of `as_of` (only returns submitted on or before that day
// count), evaluates their flags and checks their open improvement notices, then the scores
// and reviews of their suppliers. The measures of return versions in `known` (those an
// import has just stored) are not read back.
ScoringStats rescore_contracts(store::Database& db, const std::vector<std::string>& contract_ids,
                               Date as_of, const ScoringPolicy& policy, Timestamp now,
                               const Progress& progress = {},
                               const store::KnownMeasures* known = nullptr);

// Every contract.
ScoringStats rescore_all(store::Database& db, Date as_of, const ScoringPolicy& policy,
                         Timestamp now, const Progress& progress = {});

// Rescores, on a thread of its own, the contracts a bulk load (`scorecard import`) has
// finished with while it goes on applying the next documents: on a database whose writers
// work side by side (MySQL; SQLite's take turns, so there the load rescores at its end). A
// contract is finished with once `settle` documents have been applied after the last one,
// of returns, that touched it; each is rescored as of the day it is rescored on, and again at
// the end if that day has passed (a load across midnight), as rescore_queued does.
// Their suppliers' scores and reviews are left to finish(), which rescores first what a
// document touched again after its rescoring: so the load ends as a rescoring of everything
// at its end would leave it (a review's reason names every flag in place at the end, not
// those of the contracts rescored first). The contracts stay queued (store/rescore_queue.h)
// until then, so a load that stops half-way leaves them for the recovery; a failed batch
// stays queued for the load's final rescore_queued (its error is printed).
class RescoringBehind {
  public:
    RescoringBehind(store::Database& db, const ScoringPolicy& policy,
                    std::function<Timestamp()> clock, std::size_t settle);
    ~RescoringBehind();  // stops after the batch in hand
    RescoringBehind(const RescoringBehind&) = delete;
    RescoringBehind& operator=(const RescoringBehind&) = delete;

    // A document was applied (committed) that touched these contracts. Only a document of
    // returns (`returns`) can settle a contract: a feed or a notice touches every contract
    // it lists, whether their returns have arrived or not, so a contract it touched last
    // waits for finish() (a feed and the returns after it in one import would otherwise
    // have every contract rescored before its returns: periods found missing, flags raised
    // and resolved, improvement notices failed). `stored`: the return versions it stored
    // (services/ingest.h IngestResult::stored_returns), kept until their contracts are
    // rescored so that their measures are not read back.
    void applied(const std::vector<std::string>& touched, bool returns,
                 std::vector<ReturnVersion> stored = {});
    // Hands over every contract not handed over yet and waits until all are rescored.
    // Its stats count a rescoring of each batch: a contract rescored during the load and
    // again at its end counts twice (rescored() names each once).
    ScoringStats finish(const Progress& progress = {});
    // The contracts rescored so far, each once.
    std::set<std::string> rescored() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// `scorecard score`: rescore_all, unless nothing has changed since the last full run that
// completed (store/rescore_queue.h ScoringRuns): the same day and the same policy, nothing
// queued for rescoring and the data version that run left behind. `force` rescores anyway.
// A completed run is remembered for the next.
struct FullScoring {
    ScoringStats stats;
    bool skipped = false;
    std::string last_finished;  // when skipped: when the run that stands finished
};
FullScoring score_everything(store::Database& db, Date as_of, const ScoringPolicy& policy,
                             Timestamp now, bool force, const Progress& progress = {});

}  // namespace scorecard::services
