#include "services/recovery.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <iostream>

#include "store/repositories.h"
#include "store/rescore_queue.h"

namespace scorecard::services {
namespace {

// Contracts claimed and rescored per step of a background pass: one rescoring transaction.
constexpr int kClaimBatch = 200;

int reject_abandoned(store::Database& db, const DocumentSettings& limits, Timestamp now) {
    std::vector<std::int64_t> abandoned;
    {
        auto conn = db.acquire();
        abandoned = store::DocumentRepository(*conn).pending_before(
            now - std::chrono::seconds(limits.abandoned_after_seconds));
    }
    int rejected = 0;
    for (const std::int64_t id : abandoned) {
        const std::vector<Problem> problems{
            {"interrupted",
             "the import of this document was interrupted (the process stopped) before it was "
             "applied; nothing from it was stored: send it again",
             0, 0, "document " + std::to_string(id)}};
        // One at a time: an import still running holds the row's lock (lock_pending) and
        // settles it first; then this finds it no longer pending.
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            if (store::DocumentRepository(conn).reject_if_pending(id, problems))
                ++rejected;
        });
    }
    return rejected;
}

}  // namespace

int reject_abandoned_documents(store::Database& db, const Settings& settings, Timestamp now) {
    return reject_abandoned(db, settings.documents, now);
}

ScoringStats rescore_queued(store::Database& db, const Settings& settings, Timestamp now,
                            const std::vector<std::string>& also, const Progress& progress,
                            const store::KnownMeasures* known) {
    std::vector<std::string> queued;
    {
        auto conn = db.acquire();
        queued = store::RescoreQueue(*conn).all();
    }
    queued.insert(queued.end(), also.begin(), also.end());
    std::sort(queued.begin(), queued.end());
    queued.erase(std::unique(queued.begin(), queued.end()), queued.end());
    if (queued.empty())
        return {};
    return rescore_contracts(db, queued, date_of(now), settings.scoring, now, progress, known);
}

RecoveryReport recover_at_start(store::Database& db, const Settings& settings, Timestamp now) {
    RecoveryReport report;
    report.documents_rejected = reject_abandoned_documents(db, settings, now);
    report.rescored = rescore_queued(db, settings, now);
    return report;
}

RecoveryReport recover_pass(store::Database& db, const Settings& settings, Timestamp now,
                            const std::string& claimer, const std::atomic<bool>& stopping) {
    RecoveryReport report;
    report.documents_rejected = reject_abandoned(db, settings.documents, now);
    const RescoringSettings& r = settings.rescoring;
    while (!stopping) {
        std::vector<std::string> claimed;
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            claimed = store::RescoreQueue(conn).claim(
                now, now - std::chrono::seconds(r.settle_seconds),
                now + std::chrono::seconds(r.lease_seconds), claimer, kClaimBatch);
        });
        if (claimed.empty())
            break;
        try {
            report.rescored += rescore_contracts(db, claimed, date_of(now), settings.scoring, now);
        } catch (...) {
            // Let another pass (or process) take them up without waiting for the lease.
            store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
                store::RescoreQueue(conn).release(claimed);
            });
            throw;
        }
        // Entries queued again while they were rescored stay, claimed: free them for the
        // next pass.
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            store::RescoreQueue(conn).release(claimed);
        });
        if (claimed.size() < static_cast<std::size_t>(kClaimBatch))
            break;
    }
    return report;
}

PendingWork pending_work(store::Database& db) {
    auto conn = db.acquire();
    PendingWork work;
    const auto backlog = store::RescoreQueue(*conn).backlog();
    work.queued_contracts = backlog.contracts;
    work.oldest_queued = backlog.oldest;
    work.pending_documents = store::DocumentRepository(*conn).count_pending();
    return work;
}

std::string process_identity() {
    std::array<char, 256> host{};
    if (gethostname(host.data(), host.size() - 1) != 0)
        host[0] = '\0';
    return std::string(host.data()) + ":" + std::to_string(getpid());
}

RescoringWorker::RescoringWorker(store::Database& db, Settings settings, Clock clock,
                                 std::ostream* log)
    : db_(db),
      settings_(std::move(settings)),
      clock_(clock ? std::move(clock) : Clock([c = settings_.clock] { return c.now(); })),
      log_(log),
      identity_(process_identity()) {}

RescoringWorker::~RescoringWorker() {
    stop();
}

void RescoringWorker::start() {
    if (thread_.joinable())
        return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void RescoringWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void RescoringWorker::run() {
    const auto report = [this](const char* what, const RecoveryReport& r) {
        if (log_ && (r.documents_rejected > 0 || r.rescored.contracts > 0))
            *log_ << "scorecard: " << what << ": " << r.documents_rejected
                  << " interrupted document(s) recorded as rejected, " << r.rescored.contracts
                  << " queued contract(s) rescored\n";
    };
    while (!stopping_ && !started_up_) {
        try {
            report("recovery at start-up", recover_at_start(db_, settings_, clock_()));
            started_up_ = true;
        } catch (const std::exception& e) {
            // The database is away or busy: try again after the interval.
            if (log_)
                *log_ << "scorecard: recovery at start-up failed: " << e.what() << "\n";
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, std::chrono::seconds(settings_.rescoring.interval_seconds),
                           [this] { return stopping_.load(); });
        }
    }
    while (!stopping_) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, std::chrono::seconds(settings_.rescoring.interval_seconds),
                           [this] { return stopping_.load(); });
        }
        if (stopping_)
            break;
        try {
            report("background rescoring",
                   recover_pass(db_, settings_, clock_(), identity_, stopping_));
        } catch (const std::exception& e) {
            if (log_)
                *log_ << "scorecard: background rescoring failed: " << e.what() << "\n";
        }
    }
}

}  // namespace scorecard::services
