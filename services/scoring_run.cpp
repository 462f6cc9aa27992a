#include "services/scoring_run.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include <sys/resource.h>
#include <unistd.h>

#include "model/flag_lifecycle.h"
#include "model/flag_rules.h"
#include "model/notices.h"
#include "model/review_rules.h"
#include "model/scoring.h"
#include "reports/prepared_scorecards.h"
#include "services/fault_injection.h"
#include "store/notice_repository.h"
#include "store/prepared_scorecard_repository.h"
#include "store/repositories.h"
#include "store/rescore_queue.h"

namespace scorecard::services {
namespace {

// Contracts rescored per transaction: few commits, while a batch holds the write lock
// (SQLite's, or the contracts' rows on MySQL) for well under a second.
constexpr std::size_t kContractsPerTransaction = 200;
// Suppliers whose scores and reviews are updated per transaction.
constexpr std::size_t kSuppliersPerTransaction = 100;
// Connections that update suppliers at once where writers work side by side (MySQL):
// a supplier's update waits on the server about half its time.
constexpr std::size_t kSupplierWorkers = 4;

const store::Change system_change(Timestamp now) {
    return {"system", now};
}

struct ContractOutcome {
    std::vector<std::string> suppliers;  // its supplier and any former ones
    int periods = 0;
    int raised = 0;
    int resolved = 0;
    int failure_notices = 0;
    // Whether anything its scorecards show may have changed: its scores or flags were
    // written, or it was queued (an import changed its data), or its prepared scorecard was
    // out of date.
    bool changed = false;
};

// What a batch of contracts' rescoring reads in a few set queries, after taking their locks.
struct BatchReads {
    std::map<std::string, std::vector<ReturnVersion>> returns;
    std::map<std::string, std::vector<PeriodScore>> stored;
    std::map<std::string, Supplier> suppliers;
    std::map<std::string, std::vector<ImprovementNotice>> improvements;  // open ones
    // Whether `returns` are also the current versions (none was submitted after the day
    // scored on), so that the prepared scorecards can show them without reading them again.
    bool returns_are_current = false;
    std::set<std::string> queued;  // the batch's contracts in the rescore queue
    // The contracts' open and dismissed flags and their prepared scorecards' rows (without
    // the bytes). A batch writes only its own contracts' flags and rows, each after it has
    // read them, and read ahead they serve only when nothing else was committed since.
    std::map<std::string, std::vector<Flag>> flags;
    std::map<std::string, store::PreparedScorecard> prepared;
};

// Makes a batch's contract scorecards (the second step of
// reports::read_contract_scorecard_rows: the model and its JSON, hashed and packed) on a
// thread of its own and on the batch's, as they are added; the rows are then written, in
// the batch's transaction and in the order added.
class ScorecardMaker {
  public:
    ScorecardMaker() = default;
    ScorecardMaker(const ScorecardMaker&) = delete;
    ScorecardMaker& operator=(const ScorecardMaker&) = delete;
    ~ScorecardMaker() {
        // Unwinding (the batch failed): what is not made yet is not needed, and a failure of
        // the maker itself (a lock or an allocation) must not end the process here.
        try {
            {
                std::lock_guard lock(mutex_);
                next_ = jobs_.size();
            }
            finish();
        } catch (...) {
        }
    }

    void add(std::string contract_id, std::optional<store::PreparedScorecard> current,
             reports::MakeScorecardRow make) {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back({std::move(contract_id), std::move(current), std::move(make), {}, {}});
        }
        if (!worker_.valid())
            worker_ = std::async(std::launch::async, [this] { work(); });
        else
            ready_.notify_one();
    }

    void write_all(store::Connection& conn, Timestamp now) {
        finish();
        std::vector<store::PreparedScorecardRepository::RowToPut> rows;
        rows.reserve(jobs_.size());
        for (const Job& job : jobs_) {
            if (job.error)
                std::rethrow_exception(job.error);
            rows.push_back({&job.contract_id, &job.row, &job.current});
        }
        reports::put_contract_scorecard_rows(conn, rows, now);
    }

  private:
    struct Job {
        std::string contract_id;
        std::optional<store::PreparedScorecard> current;  // as read in the transaction
        reports::MakeScorecardRow make;
        store::PreparedScorecard row;
        std::exception_ptr error;
    };

    // Makes jobs in the order added until none is left and no more will come.
    void work() {
        std::unique_lock lock(mutex_);
        for (;;) {
            ready_.wait(lock, [&] { return next_ < jobs_.size() || closed_; });
            if (next_ >= jobs_.size())
                return;
            const std::size_t at = next_++;
            reports::MakeScorecardRow make = std::move(jobs_[at].make);
            lock.unlock();
            store::PreparedScorecard row;
            std::exception_ptr error;
            try {
                row = make();
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            jobs_[at].row = std::move(row);
            jobs_[at].error = error;
        }
    }

    // No more jobs: makes what is left here too, and waits for the other thread.
    void finish() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        ready_.notify_all();
        work();
        if (worker_.valid())
            worker_.get();
    }

    std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<Job> jobs_;
    std::size_t next_ = 0;  // the first job not taken
    bool closed_ = false;
    std::future<void> worker_;
};

// SPEC §7.3: the contract's open improvement notices against its returns; each that a
// return after its deadline falls short of fails, and proposes a performance failure notice
// (s71(5)) that follows the path of every notice. Returns the number proposed.
int check_improvements(store::Connection& conn, const Contract& contract,
                       const std::vector<KpiReturn>& returns,
                       const std::vector<ImprovementNotice>& open, Timestamp now) {
    int proposed = 0;
    const auto change = system_change(now);
    for (const ImprovementNotice& notice : open) {
        const std::vector<Shortfall> found = improvement_shortfalls(contract, notice, returns);
        if (found.empty())
            continue;
        const std::int64_t failure = store::NoticeRepository(conn).create(
            proposed_failure_notice(contract, notice, found, now), change);
        store::ImprovementRepository(conn).fail(notice, describe_shortfalls(contract, found),
                                                failure, change);
        ++proposed;
    }
    return proposed;
}

// A contract of the batch with its scores computed from its returns (SPEC §3.3-3.5).
struct Scored {
    Contract contract;
    std::vector<KpiReturn> figures;    // its current returns as of the day scored on
    std::vector<PeriodScore> periods;  // score_contract of them
    // Whether they may differ from the scores stored: their digests differ (or none is
    // stored), so the stored ones are read and compared row by row.
    bool may_differ = true;
};

Scored score_of(std::map<std::string, Contract>& contracts, const std::string& contract_id,
                const ScoringPolicy& policy, const BatchReads& reads) {
    auto contract = contracts.find(contract_id);
    if (contract == contracts.end())
        throw Error::NotFound("contract " + contract_id + " does not exist");
    Scored out;
    out.contract = std::move(contract->second);
    if (const auto it = reads.returns.find(contract_id); it != reads.returns.end()) {
        out.figures.reserve(it->second.size());
        for (const ReturnVersion& version : it->second)
            out.figures.push_back(version.figures);
    }
    out.periods = score_contract(out.contract, out.figures, policy);
    return out;
}

// A contract of the batch as its rescoring decided it, before the batch writes its scores,
// flags and scorecards for all its contracts at once (a few statements per batch, not per
// contract).
struct Decided {
    Scored scored;
    const Supplier* supplier = nullptr;
    ContractOutcome outcome;
    std::vector<Flag> raised;
    std::vector<Flag> resolve;
    bool flags_changed = false;  // raised, refreshed or resolved any
    std::optional<store::PreparedScorecard> prepared;
};

// The contract's flags as its scores now find them, and its open improvement notices checked
// (SPEC §7.3). Writes only what is rare (a refreshed flag, a failed improvement notice); the
// flags to raise and resolve are left to the batch.
Decided decide_contract(store::Connection& conn, Scored scored, Date as_of,
                        const ScoringPolicy& policy, Timestamp now, BatchReads& reads) {
    Decided out;
    out.scored = std::move(scored);
    const Contract* contract = &out.scored.contract;
    const std::string& contract_id = contract->id;
    auto supplier_it = reads.suppliers.find(contract->supplier_id);
    if (supplier_it == reads.suppliers.end()) {
        auto found = store::SupplierRepository(conn).find(contract->supplier_id);
        if (!found)
            throw Error::Internal("contract " + contract_id + " has no supplier record");
        supplier_it = reads.suppliers.emplace(contract->supplier_id, std::move(*found)).first;
    }
    out.supplier = &supplier_it->second;

    const std::vector<PeriodScore>& periods = out.scored.periods;
    int failure_notices = 0;
    if (auto open = reads.improvements.find(contract_id); open != reads.improvements.end())
        failure_notices =
            check_improvements(conn, *contract, out.scored.figures, open->second, now);

    out.outcome = ContractOutcome{
        {contract->supplier_id}, static_cast<int>(periods.size()), 0, 0, failure_notices};
    for (const SupplierChange& former : contract->former_suppliers)
        out.outcome.suppliers.push_back(former.from_supplier);
    std::vector<FlagFinding> findings;
    // A terminated contract is no longer managed: its open flags resolve.
    if (contract->status != ContractStatus::kTerminated)
        findings = evaluate_flags(*contract, out.supplier->size, periods, as_of, policy.flags);

    // A flag is the supplier's that held its period (docs/formats.md "Novation"). An open
    // flag whose period a novation has since given to another supplier is resolved, and a
    // finding that still holds is raised again for the supplier it now concerns.
    const ContractScope scope = scope_of(*contract);
    const auto holder = [&](const Period& p) { return scope.supplier_of_period(p.first_day()); };
    std::vector<Flag> existing;
    if (auto it = reads.flags.find(contract_id); it != reads.flags.end())
        existing = std::move(it->second);
    std::vector<Flag> moved;
    std::erase_if(existing, [&](const Flag& f) {
        if (f.status != FlagStatus::kOpen || f.supplier_id == holder(f.period))
            return false;
        moved.push_back(f);
        return true;
    });

    // SPEC §2 "Flag": raise, refresh and resolve as model/flag_lifecycle.h decides.
    FlagChanges changes = reconcile_flags(existing, findings);
    std::erase_if(changes.refresh, [&](const FlagRefresh& r) {
        auto it = std::find_if(existing.begin(), existing.end(),
                               [&](const Flag& f) { return f.id == r.flag_id; });
        if (it == existing.end() || it->supplier_id == holder(r.finding.period))
            return false;
        moved.push_back(*it);
        changes.raise.push_back(r.finding);
        return true;
    });
    changes.resolve.insert(changes.resolve.end(), moved.begin(), moved.end());
    const auto change = system_change(now);
    store::FlagRepository flags(conn);
    for (const FlagRefresh& r : changes.refresh)
        flags.refresh(r.flag_id, r.finding.severity, r.finding.period, r.finding.detail, change);
    out.raised.reserve(changes.raise.size());
    for (const FlagFinding& finding : changes.raise) {
        Flag& flag = out.raised.emplace_back();
        flag.rule = finding.rule;
        flag.severity = finding.severity;
        flag.status = FlagStatus::kOpen;
        flag.supplier_id = holder(finding.period);
        flag.contract_id = contract_id;
        flag.authority_id = contract->authority_id;
        flag.kpi_code = finding.kpi_code;
        flag.period = finding.period;
        flag.detail = finding.detail;
        flag.raised = now;
    }
    out.resolve = std::move(changes.resolve);
    out.flags_changed = !changes.raise.empty() || !changes.refresh.empty() || !out.resolve.empty();
    out.outcome.raised = static_cast<int>(changes.raise.size());
    out.outcome.resolved = static_cast<int>(out.resolve.size());
    if (auto it = reads.prepared.find(contract_id); it != reads.prepared.end())
        out.prepared = std::move(it->second);
    return out;
}

// Rescores the batch's contracts (their input read, their locks held): each decided, then
// the scores, flags and scorecards of all written in a few statements. Returns their
// outcomes in the batch's order.
std::vector<ContractOutcome> rescore_batch(store::Connection& conn, std::vector<Scored> scored,
                                           Date as_of, const ScoringPolicy& policy, Timestamp now,
                                           BatchReads& reads) {
    std::vector<Decided> decided;
    decided.reserve(scored.size());
    for (Scored& s : scored)
        decided.push_back(decide_contract(conn, std::move(s), as_of, policy, now, reads));

    // Scores: those whose digests said they may differ, compared with the stored rows.
    static const std::vector<PeriodScore> kNone;
    std::vector<store::ScoreRepository::ScoresToWrite> score_writes;
    std::vector<Decided*> score_written;
    for (Decided& d : decided) {
        if (!d.scored.may_differ)
            continue;
        auto stored = reads.stored.find(d.scored.contract.id);
        score_writes.push_back({&d.scored.contract.id, &d.scored.periods,
                                stored == reads.stored.end() ? &kNone : &stored->second});
        score_written.push_back(&d);
    }
    const std::vector<bool> scores_changed =
        store::ScoreRepository(conn).replace_scores_of(score_writes);

    // Flags: raised in the batch's order (their ids ascend with it), then resolved.
    std::vector<Flag> raised;
    std::vector<Flag> resolve;
    for (Decided& d : decided) {
        std::move(d.raised.begin(), d.raised.end(), std::back_inserter(raised));
        std::move(d.resolve.begin(), d.resolve.end(), std::back_inserter(resolve));
    }
    const auto change = system_change(now);
    store::FlagRepository flags(conn);
    flags.insert_all(raised, change);
    flags.resolve_all(resolve, change);

    // Scorecards as GET answers them, written with the scores and flags they show; when
    // nothing one shows changed and the one prepared is current, it stands.
    std::set<const Decided*> rescored;
    for (std::size_t i = 0; i < score_written.size(); ++i) {
        if (scores_changed[i])
            rescored.insert(score_written[i]);
    }
    std::vector<ContractOutcome> outcomes;
    outcomes.reserve(decided.size());
    std::vector<reports::ScorecardRowInput> inputs;
    std::vector<Decided*> remade;
    std::vector<std::string> remade_ids;
    for (Decided& d : decided) {
        const std::string contract_id = d.scored.contract.id;  // before the contract is moved
        d.outcome.changed = rescored.contains(&d) || d.outcome.failure_notices > 0 ||
                            d.flags_changed || reads.queued.contains(contract_id) ||
                            !reports::prepared_contract_current(d.prepared, policy, as_of);
        outcomes.push_back(d.outcome);
        if (!d.outcome.changed)
            continue;
        static const std::vector<ReturnVersion> kNoReturns;
        const auto returns = reads.returns.find(contract_id);
        inputs.push_back({std::move(d.scored.contract), *d.supplier, std::move(d.scored.periods),
                          !reads.returns_are_current       ? nullptr
                          : returns == reads.returns.end() ? &kNoReturns
                                                           : &returns->second});
        remade.push_back(&d);
        remade_ids.push_back(contract_id);
    }
    // Read now, after the flags are written; made on two threads, written with the batch
    // (`reads` outlives the batch's transaction).
    std::vector<reports::MakeScorecardRow> makes =
        reports::read_contract_scorecard_rows(conn, std::move(inputs), policy, as_of);
    ScorecardMaker scorecards;
    for (std::size_t i = 0; i < makes.size(); ++i)
        scorecards.add(std::move(remade_ids[i]), std::move(remade[i]->prepared),
                       std::move(makes[i]));
    scorecards.write_all(conn, now);
    return outcomes;
}

// What a batch's rescoring reads before it writes anything, and its contracts' scores:
// read in one transaction at data version `data_version`.
struct BatchInput {
    std::int64_t data_version = 0;
    std::map<std::string, std::int64_t> queue_versions;  // store/rescore_queue.h versions
    BatchReads reads;
    std::vector<Scored> scored;  // in the batch's order
};

BatchInput read_batch(store::Connection& conn, const std::vector<std::string>& batch, Date as_of,
                      const ScoringPolicy& policy, std::int64_t data_version,
                      const store::KnownMeasures* known) {
    BatchInput in;
    in.data_version = data_version;
    // Read before the data: an import that queues a contract again after this read
    // commits data this batch may not see, and its higher version keeps the entry.
    in.queue_versions = store::RescoreQueue(conn).versions(batch);
    BatchReads& reads = in.reads;
    store::ReturnRepository returns(conn);
    // When every current version was submitted by the day scored on, the versions as of
    // that day are the current ones: read as such (no search for each period's latest
    // version by date).
    reads.returns_are_current = returns.all_current_submitted_by(batch, as_of);
    reads.returns = returns.current_versions_of(
        batch, reads.returns_are_current ? std::nullopt : std::optional<Date>(as_of), known);
    // Every contract's scores first; the stored ones are read only for those whose digest
    // says they may differ.
    in.scored.reserve(batch.size());
    std::map<std::string, Contract> contracts = store::ContractRepository(conn).find_all(batch);
    for (const auto& id : batch)
        in.scored.push_back(score_of(contracts, id, policy, reads));
    store::ScoreRepository scores(conn);
    const auto digests = scores.score_digests_of(batch);
    std::vector<std::string> differing;
    for (Scored& s : in.scored) {
        const auto digest = digests.find(s.contract.id);
        s.may_differ = digest == digests.end() || digest->second != scores_digest(s.periods);
        if (s.may_differ)
            differing.push_back(s.contract.id);
    }
    reads.stored = scores.period_scores_of(differing);
    reads.improvements = store::ImprovementRepository(conn).open_for(batch);
    reads.flags = store::FlagRepository(conn).for_contracts(batch);
    reads.prepared = store::PreparedScorecardRepository(conn).find_contracts(batch);
    for (const auto& [id, version] : in.queue_versions)
        reads.queued.insert(id);
    return in;
}

// SPEC §3.6 and §4 (last paragraph): each supplier's score, then whether its open flags
// warrant a partnership review; then its scorecard as GET answers it, written with the score
// and review it shows (it stands when none of this changed and the one prepared is current).
// The suppliers' scorecards tell both (their score is the supplier score, over their active
// contracts: one computation), read for all of them in a few queries. Returns the reviews
// opened.
int update_suppliers(store::Connection& conn, const std::vector<std::string>& supplier_ids,
                     const ScoringPolicy& policy, Timestamp now,
                     const std::set<std::string>& contracts_changed) {
    const std::map<std::string, reports::SupplierScorecard> cards =
        reports::whole_supplier_scorecards(conn, supplier_ids, policy);
    std::map<std::string, std::optional<double>> supplier_scores;
    for (const auto& [supplier_id, card] : cards)
        supplier_scores.emplace(supplier_id, card.score);
    std::set<std::string> changed =  // its score or its review
        store::ScoreRepository(conn).put_supplier_scores(supplier_scores, policy.bands);
    std::vector<Review> proposed;
    for (const auto& [supplier_id, card] : cards) {
        std::vector<OpenFlag> open;
        for (const Flag& f : card.flags)
            open.push_back({f.contract_id, f.severity});
        if (review_warranted(card.supplier, open) && !card.review) {
            Review& review = proposed.emplace_back();
            review.supplier_id = supplier_id;
            review.state = ReviewState::kProposed;
            review.opened = now;
            review.reason = review_reason(card.flags);
            changed.insert(supplier_id);
        }
    }
    store::ReviewRepository(conn).create_all(proposed, system_change(now));
    const int opened = static_cast<int>(proposed.size());
    // The rows as they stand after those writes (which may mark them).
    const std::map<std::string, store::PreparedScorecard> prepared =
        store::PreparedScorecardRepository(conn).find_all(store::PreparedKind::kSupplier,
                                                          supplier_ids);
    std::vector<std::string> rewrite;
    for (const auto& [supplier_id, card] : cards) {
        const auto row = prepared.find(supplier_id);
        if (contracts_changed.contains(supplier_id) || changed.contains(supplier_id) ||
            !reports::prepared_supplier_current(
                row == prepared.end() ? std::nullopt : std::optional(row->second), policy))
            rewrite.push_back(supplier_id);
    }
    // What they show now: the scorecards read above with what the writes changed in them,
    // their stored scores and open reviews (read_supplier_scorecards reads them so).
    const auto stored_scores = store::ScoreRepository(conn).supplier_scores_of(rewrite);
    auto open_reviews = store::ReviewRepository(conn).open_for_suppliers(rewrite);
    std::vector<reports::SupplierScorecard> now_shown;
    now_shown.reserve(rewrite.size());
    for (const std::string& id : rewrite) {
        reports::SupplierScorecard& card = now_shown.emplace_back(cards.at(id));
        const auto score = stored_scores.find(id);
        card.rank_score = score == stored_scores.end() ? std::nullopt : score->second;
        const auto review = open_reviews.find(id);
        card.review =
            review == open_reviews.end() ? std::nullopt : std::optional(std::move(review->second));
    }
    std::vector<const reports::SupplierScorecard*> written;
    for (const reports::SupplierScorecard& card : now_shown)
        written.push_back(&card);
    reports::put_supplier_scorecards(conn, written, prepared, policy, now);
    return opened;
}

// What a rescoring of contracts leaves to do once they are rescored: their suppliers'
// scores and reviews, then taking the contracts off the queue (store/rescore_queue.h) at the
// versions read before their data was — once everything derived from them, their
// suppliers included, is written.
struct SuppliersLeft {
    std::set<std::string> suppliers;
    std::set<std::string> changed;  // of contracts whose outcome changed
    std::map<std::string, std::int64_t> queued;
};

// rescore_contracts without its last step (finish_suppliers), which it adds to `left`.
ScoringStats rescore_contracts_only(store::Database& db,
                                    const std::vector<std::string>& contract_ids, Date as_of,
                                    const ScoringPolicy& policy, Timestamp now,
                                    const Progress& progress, SuppliersLeft& left,
                                    const store::KnownMeasures* known) {
    ScoringStats stats;
    std::set<std::string>& suppliers = left.suppliers;
    std::set<std::string>& changed_suppliers = left.changed;
    std::map<std::string, std::int64_t>& queued = left.queued;
    std::size_t done = 0;
    // Contracts are rescored in batches, one transaction each, in id order: each contract's
    // lock is taken (in that order, as imports take them, so that two writers cannot
    // deadlock) before anything derived from it is read.
    std::vector<std::string> ids(contract_ids);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const auto batch_at = [&](std::size_t first) {
        return std::vector<std::string>(
            ids.begin() + static_cast<std::ptrdiff_t>(first),
            ids.begin() + static_cast<std::ptrdiff_t>(
                              std::min(first + kContractsPerTransaction, ids.size())));
    };
    // The next batches' input, read on other connections while this one is rescored (two
    // ahead: the reads are the longer side). It serves when every commit since it was read
    // is one of this run's own batches — they write only their own contracts' scores, flags
    // and scorecards, none of which a later batch reads — so in a run over unchanged data
    // (the common case of `scorecard score`) and in the rescoring that ends an import alike;
    // a commit by anyone else (an import, a decision) makes the batch read again under its
    // locks.
    constexpr std::size_t kBatchesAhead = 2;
    std::deque<std::future<BatchInput>> next;  // for the batches from `first` on, in order
    std::size_t launched = 0;                  // the first batch not read ahead yet
    std::set<std::int64_t> own_versions;       // the data versions this run's commits made
    const auto serves = [&](const BatchInput& in, std::int64_t version_now) {
        if (version_now < in.data_version ||
            version_now - in.data_version > static_cast<std::int64_t>(own_versions.size()))
            return false;
        for (std::int64_t v = in.data_version + 1; v <= version_now; ++v) {
            if (!own_versions.contains(v))
                return false;
        }
        return true;
    };
    const auto read_later = [&](std::size_t at) {
        return std::async(std::launch::async, [&db, batch = batch_at(at), as_of, &policy, known] {
            BatchInput out;
            store::with_transaction(db, store::TxMode::kRead, [&](store::Connection& conn) {
                out = read_batch(conn, batch, as_of, policy, store::data_version(conn), known);
            });
            return out;
        });
    };
    for (std::size_t first = 0; first < ids.size(); first += kContractsPerTransaction) {
        const std::vector<std::string> batch = batch_at(first);
        std::optional<BatchInput> ahead;
        if (!next.empty()) {
            try {
                ahead = next.front().get();
            } catch (const std::exception&) {
                ahead.reset();  // read again under the locks below
            }
            next.pop_front();
        }
        launched = std::max(launched, first + kContractsPerTransaction);
        while (next.size() < kBatchesAhead && launched < ids.size()) {
            next.push_back(read_later(launched));
            launched += kContractsPerTransaction;
        }
        std::vector<ContractOutcome> outcomes;
        std::map<std::string, std::int64_t> versions;
        std::optional<std::int64_t> committed;
        bool used_ahead = false;
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            outcomes.clear();
            // Two rescorings of one contract at once (two servers, or an import and a
            // scoring run) would both find no open flag and both insert it: the contract's
            // lock makes the second wait and then read the first one's flags.
            store::ContractRepository(conn).lock_all(batch);
            // The batch's input read ahead on another connection serves if nothing but this
            // run was committed since it was read (the data version says so, read after the
            // locks); otherwise it is read now, under them.
            const std::int64_t version_now = store::data_version(conn);
            BatchInput input;
            used_ahead = ahead && serves(*ahead, version_now);
            if (used_ahead)
                input = std::move(*ahead);
            else
                input = read_batch(conn, batch, as_of, policy, version_now, known);
            ahead.reset();
            versions = input.queue_versions;
            outcomes =
                rescore_batch(conn, std::move(input.scored), as_of, policy, now, input.reads);
            committed = store::move_data_version(conn);
        });
        if (committed)
            own_versions.insert(*committed);
        if (used_ahead)
            ++stats.batches_read_ahead;
        queued.insert(versions.begin(), versions.end());
        for (const ContractOutcome& outcome : outcomes) {
            suppliers.insert(outcome.suppliers.begin(), outcome.suppliers.end());
            if (outcome.changed)
                changed_suppliers.insert(outcome.suppliers.begin(), outcome.suppliers.end());
            ++stats.contracts;
            stats.periods += outcome.periods;
            stats.flags_raised += outcome.raised;
            stats.flags_resolved += outcome.resolved;
            stats.failure_notices_proposed += outcome.failure_notices;
            if (progress)
                progress(++done, ids.size());
        }
        crash_point("after_rescore_batch");
    }
    return stats;
}

// The suppliers' scores and reviews, then the queue entries off. Returns the reviews opened.
// On a database whose writers work side by side (MySQL) the suppliers' transactions run on
// kSupplierWorkers connections at once: each supplier's rows are its own (its score, its
// review, its prepared scorecard), and a conflict is retried as any is.
int finish_suppliers(store::Database& db, const SuppliersLeft& left, const ScoringPolicy& policy,
                     Timestamp now) {
    const std::vector<std::string> supplier_ids(left.suppliers.begin(), left.suppliers.end());
    const std::size_t batches =
        (supplier_ids.size() + kSuppliersPerTransaction - 1) / kSuppliersPerTransaction;
    std::atomic<std::size_t> next_batch{0};
    std::atomic<int> reviews_opened{0};
    std::atomic<bool> failed{false};
    const auto work = [&] {
        for (std::size_t b = next_batch++; b < batches && !failed; b = next_batch++) {
            const std::size_t first = b * kSuppliersPerTransaction;
            const std::size_t last =
                std::min(first + kSuppliersPerTransaction, supplier_ids.size());
            int opened = 0;
            try {
                store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
                    opened = update_suppliers(
                        conn,
                        std::vector<std::string>(
                            supplier_ids.begin() + static_cast<std::ptrdiff_t>(first),
                            supplier_ids.begin() + static_cast<std::ptrdiff_t>(last)),
                        policy, now, left.changed);
                });
            } catch (...) {
                failed = true;
                throw;
            }
            reviews_opened += opened;
        }
    };
    const std::size_t workers =
        db.dialect().name() == "mysql" ? std::min(kSupplierWorkers, batches) : 1;
    std::vector<std::future<void>> others;
    for (std::size_t w = 1; w < workers; ++w)
        others.push_back(std::async(std::launch::async, work));
    std::exception_ptr error;
    try {
        work();
    } catch (...) {
        error = std::current_exception();
    }
    for (std::future<void>& other : others) {
        try {
            other.get();
        } catch (...) {
            if (!error)
                error = std::current_exception();
        }
    }
    if (error)
        std::rethrow_exception(error);
    if (!left.queued.empty()) {
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::RescoreQueue(conn).remove(left.queued);
        });
    }
    return reviews_opened;
}

}  // namespace

ScoringStats rescore_contracts(store::Database& db, const std::vector<std::string>& contract_ids,
                               Date as_of, const ScoringPolicy& policy, Timestamp now,
                               const Progress& progress, const store::KnownMeasures* known) {
    SuppliersLeft left;
    ScoringStats stats =
        rescore_contracts_only(db, contract_ids, as_of, policy, now, progress, left, known);
    stats.reviews_opened += finish_suppliers(db, left, policy, now);
    return stats;
}

struct RescoringBehind::State {
    State(store::Database& d, const ScoringPolicy& p, std::function<Timestamp()> c,
          std::size_t after)
        : db(d), policy(p), clock(std::move(c)), settle(after) {}

    store::Database& db;
    ScoringPolicy policy;
    std::function<Timestamp()> clock;
    std::size_t settle;
    // The main thread's: the document count and the last document that touched each contract
    // not handed over yet, and each document's contracts in the order applied.
    std::size_t documents = 0;
    std::map<std::string, std::size_t> last_touched;
    std::deque<std::pair<std::size_t, std::vector<std::string>>> recent;
    // Shared with the worker, under `mutex`.
    std::mutex mutex;
    std::condition_variable ready;
    std::condition_variable progressed;
    std::vector<std::string> handed;  // to rescore, not taken yet
    std::size_t taken = 0;            // of all handed over, taken by the worker
    std::size_t done = 0;             // of those, rescored (or failed)
    std::size_t total = 0;            // handed over in all
    bool closed = false;
    ScoringStats stats;
    SuppliersLeft left;                     // of every contract rescored: finished once all are
    std::map<std::string, Date> scored_on;  // the day each was last rescored as of
    // The return versions the load stored, by contract, until the contract is taken to be
    // rescored: their measures are then not read back.
    std::map<std::string, std::vector<ReturnVersion>> stored;
    std::future<void> worker;

    // Rescores contracts, leaving their suppliers to finish(); a failed batch stays queued.
    ScoringStats rescore(const std::vector<std::string>& batch) {
        SuppliersLeft more;
        ScoringStats out;
        store::KnownMeasures known;
        {
            std::lock_guard lock(mutex);
            for (const std::string& id : batch) {
                if (auto it = stored.find(id); it != stored.end()) {
                    known.add(it->second);
                    stored.erase(it);
                }
            }
        }
        const Timestamp now = clock();
        try {
            out = rescore_contracts_only(db, batch, date_of(now), policy, now, {}, more, &known);
        } catch (const std::exception& e) {
            std::cerr << "scorecard: rescoring " << batch.size()
                      << " contract(s) during the import failed (they stay queued and are "
                         "rescored at its end): "
                      << e.what() << "\n";
            return {};
        }
        std::lock_guard lock(mutex);
        for (const std::string& id : batch)
            scored_on[id] = date_of(now);
        left.suppliers.insert(more.suppliers.begin(), more.suppliers.end());
        left.changed.insert(more.changed.begin(), more.changed.end());
        for (const auto& [id, version] : more.queued)
            left.queued[id] = version;  // the latest rescoring's
        return out;
    }

    void hand_over(std::vector<std::string> ids) {
        if (ids.empty())
            return;
        {
            std::lock_guard lock(mutex);
            total += ids.size();
            handed.insert(handed.end(), std::make_move_iterator(ids.begin()),
                          std::make_move_iterator(ids.end()));
        }
        ready.notify_one();
    }

    void work() {
        // The load's documents go first: on a busy machine (two cores: the load's client and
        // server threads, and this one's) the rescoring fills the gaps the load leaves rather
        // than slowing it, and finish() waits for what is left. The threads it starts (the
        // scorecards' maker, the suppliers' workers) inherit the lower priority.
        constexpr int kBehindNice = 10;
        if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kBehindNice) != 0)
            std::cerr << "scorecard: could not lower the rescoring's priority; it goes on\n";
        std::unique_lock lock(mutex);
        for (;;) {
            ready.wait(lock, [&] { return !handed.empty() || closed; });
            if (handed.empty())
                return;
            const std::size_t count = std::min(handed.size(), kContractsPerTransaction);
            std::vector<std::string> batch(
                std::make_move_iterator(handed.begin()),
                std::make_move_iterator(handed.begin() + static_cast<std::ptrdiff_t>(count)));
            handed.erase(handed.begin(), handed.begin() + static_cast<std::ptrdiff_t>(count));
            taken += count;
            lock.unlock();
            ScoringStats batch_stats;
            try {
                batch_stats = rescore(batch);
            } catch (...) {
                // rescore() reports what it can; anything else leaves the batch queued too,
                // and finish() must not wait for it for ever.
            }
            lock.lock();
            stats += batch_stats;
            done += count;
            progressed.notify_all();
        }
    }
};

RescoringBehind::RescoringBehind(store::Database& db, const ScoringPolicy& policy,
                                 std::function<Timestamp()> clock, std::size_t settle)
    : state_(std::make_unique<State>(db, policy, std::move(clock), settle)) {
    state_->worker = std::async(std::launch::async, [s = state_.get()] { s->work(); });
}

RescoringBehind::~RescoringBehind() {
    {
        std::lock_guard lock(state_->mutex);
        state_->closed = true;
        state_->handed.clear();
    }
    state_->ready.notify_all();
    if (state_->worker.valid())
        state_->worker.wait();
}

void RescoringBehind::applied(const std::vector<std::string>& touched, bool returns,
                              std::vector<ReturnVersion> stored) {
    State& s = *state_;
    if (!stored.empty()) {
        std::lock_guard lock(s.mutex);
        for (ReturnVersion& v : stored) {
            std::vector<ReturnVersion>& of = s.stored[v.figures.contract_id];
            of.push_back(std::move(v));
        }
    }
    const std::size_t document = ++s.documents;
    for (const std::string& id : touched)
        s.last_touched[id] = document;
    // Only what a document of returns touched last can settle (the header says why).
    s.recent.emplace_back(document, returns ? touched : std::vector<std::string>{});
    std::vector<std::string> settled;
    while (!s.recent.empty() && s.recent.front().first + s.settle <= document) {
        for (std::string& id : s.recent.front().second) {
            auto it = s.last_touched.find(id);
            if (it != s.last_touched.end() && it->second == s.recent.front().first) {
                s.last_touched.erase(it);
                settled.push_back(std::move(id));
            }
        }
        s.recent.pop_front();
    }
    std::sort(settled.begin(), settled.end());
    s.hand_over(std::move(settled));
}

ScoringStats RescoringBehind::finish(const Progress& progress) {
    State& s = *state_;
    std::vector<std::string> rest;
    for (auto& [id, document] : s.last_touched)
        rest.push_back(id);
    s.last_touched.clear();
    s.recent.clear();
    s.hand_over(std::move(rest));
    std::unique_lock lock(s.mutex);
    s.closed = true;
    s.ready.notify_all();
    const std::size_t total = s.total;
    s.progressed.wait(lock, [&] {
        if (progress)
            progress(s.done, total);
        return s.done == total;
    });
    lock.unlock();
    s.worker.get();
    // Contracts a document touched again after they were rescored, or rescored as of an
    // earlier day than today's: again, now. Then their suppliers, with every contract in
    // place (as a rescoring at the end would find them).
    std::vector<std::string> again;
    {
        const Date today = date_of(s.clock());
        std::vector<std::string> ids;
        for (const auto& [id, version] : s.left.queued)
            ids.push_back(id);
        auto conn = s.db.acquire();
        for (const auto& [id, version] : store::RescoreQueue(*conn).versions(ids)) {
            if (version != s.left.queued.at(id) || s.scored_on.at(id) != today)
                again.push_back(id);
        }
    }
    if (!again.empty())
        s.stats += s.rescore(again);
    s.stored.clear();
    const Timestamp now = s.clock();
    s.stats.reviews_opened += finish_suppliers(s.db, s.left, s.policy, now);
    return s.stats;
}

std::set<std::string> RescoringBehind::rescored() const {
    std::lock_guard lock(state_->mutex);
    std::set<std::string> out;
    for (const auto& [id, day] : state_->scored_on)
        out.insert(id);
    return out;
}

FullScoring score_everything(store::Database& db, Date as_of, const ScoringPolicy& policy,
                             Timestamp now, bool force, const Progress& progress) {
    const std::string day = format_date(as_of);
    const std::string fingerprint = reports::policy_fingerprint(policy);
    if (!force) {
        auto conn = db.acquire();
        const auto last = store::ScoringRuns(*conn).last();
        if (last && last->as_of == day && last->policy == fingerprint &&
            last->data_version == store::data_version(*conn) &&
            store::RescoreQueue(*conn).backlog().contracts == 0) {
            FullScoring out;
            out.skipped = true;
            out.last_finished = last->finished_at;
            return out;
        }
    }
    FullScoring out;
    out.stats = rescore_all(db, as_of, policy, now, progress);
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        store::ScoringRuns(conn).record(
            {day, fingerprint, store::data_version(conn), format_timestamp(now)});
    });
    return out;
}

ScoringStats rescore_all(store::Database& db, Date as_of, const ScoringPolicy& policy,
                         Timestamp now, const Progress& progress) {
    std::vector<std::string> ids;
    {
        auto conn = db.acquire();
        ids = store::ContractRepository(*conn).all_ids();
    }
    return rescore_contracts(db, ids, as_of, policy, now, progress);
}

}  // namespace scorecard::services
