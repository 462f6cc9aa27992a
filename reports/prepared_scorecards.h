// Prepared scorecards (issue 18): the contract and supplier scorecards as ready JSON bytes,
// written when what they show is written, so that GET …/scorecard is one keyed read.
//
// Written: by the scoring run, in the transaction that stores a contract's scores (the
// contract's scorecard) and in the one that stores its supplier's score (the supplier's),
// and by a read that finds a row out of date (below). What is prepared is the whole view, as
// ministers and admin see it; a caller who sees less (a supplier, whose periods and disputes
// are its own; a commercial team looking at a supplier) is answered by the computation as
// before, never with the prepared bytes (model/access.h sees_whole_contract,
// sees_whole_supplier).
//
// A row is served only while it is what a fresh computation would give:
//   - not stale: the repositories mark it when they change what it shows outside a
//     rescoring (store/prepared_scorecard_repository.h);
//   - nothing it shows is queued for rescoring (store/rescore_queue.h): an import queues
//     the contracts it changed in its own transaction, and the rescoring writes the rows;
//   - made with the configured ScoringPolicy (its fingerprint);
//   - a contract's: made for a span of days that holds today. Which periods are due, and so
//     listed as missing, moves with the date (due_periods), but only on the days a period
//     without a return falls due: the bytes name the days on which they stay the same
//     (ContractScorecard::same_on), so a new day leaves them current until then.
// A supplier's place in its size group moves with every other supplier's score: it is not
// kept in the bytes but counted and put in when read.
//
// When the whole-view caller finds the row out of date but nothing is queued, the bytes
// are made again and written (conditional on the row's version, under the contract's lock),
// so after a new day, a workflow change or a changed policy the first read pays once. A
// scorecard with no row at all (a database upgraded to migration 8 and not rescored since)
// is computed on every read until `scorecard score` prepares it.
//
// Thread safety: functions over the caller's Database or Connection.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/access.h"
#include "model/calendar.h"
#include "model/domain.h"
#include "model/scoring.h"
#include "model/scoring_policy.h"
#include "reports/scorecards.h"
#include "store/database.h"
#include "store/prepared_body.h"
#include "store/prepared_scorecard_repository.h"

namespace scorecard::reports {

class ScorecardCache;  // reports/scorecard_cache.h

// A short text that changes when any value of the policy changes.
std::string policy_fingerprint(const ScoringPolicy& policy);

// Writes the contract's prepared scorecard as of `as_of`, in the caller's transaction (which
// holds the contract's lock, as the scoring run does). False when a change committed
// meanwhile marked it (it is then made again when next read).
bool prepare_contract_scorecard(store::Connection& conn, const std::string& contract_id,
                                const ScoringPolicy& policy, Date as_of, Timestamp now);
// The same with the contract, its supplier and the period scores just stored for it in hand
// (the scoring run's), and its current return versions when the run has them (else null),
// so that they are not read back; `current` is its row as read in this transaction under the
// contract's lock (PreparedScorecardRepository::find or find_contracts), not read again.
bool prepare_contract_scorecard(store::Connection& conn, const Contract& contract,
                                const Supplier& supplier, const std::vector<PeriodScore>& stored,
                                const std::vector<ReturnVersion>* returns,
                                const std::optional<store::PreparedScorecard>& current,
                                const ScoringPolicy& policy, Date as_of, Timestamp now);
// That in three steps, for a scoring run that makes the bytes on another thread while it
// goes on with the next contract. read_contract_scorecard_row reads, in the caller's
// transaction, what the scorecard shows besides what is in hand, and returns the rest of the
// work, which reads nothing: called on any thread, it makes the row (its JSON hashed and
// packed: store::seal). `returns` (may be null: then read now) must outlive that call.
// put_contract_scorecard_row then writes the row in the transaction, as above.
using MakeScorecardRow = std::function<store::PreparedScorecard()>;
MakeScorecardRow read_contract_scorecard_row(store::Connection& conn, Contract contract,
                                             Supplier supplier, std::vector<PeriodScore> stored,
                                             const std::vector<ReturnVersion>* returns,
                                             const ScoringPolicy& policy, Date as_of);
bool put_contract_scorecard_row(store::Connection& conn, const std::string& contract_id,
                                const store::PreparedScorecard& row,
                                const std::optional<store::PreparedScorecard>& current,
                                Timestamp now);
// Those two for many contracts at once (a scoring batch's), in a few statements: the rows'
// reads in a few set queries, the functions returned in the order given; the rows written
// (store::PreparedScorecardRepository::put_all), whether each was, in the order given.
struct ScorecardRowInput {
    Contract contract;
    Supplier supplier;
    std::vector<PeriodScore> stored;
    const std::vector<ReturnVersion>* returns = nullptr;  // as above
};
std::vector<MakeScorecardRow> read_contract_scorecard_rows(store::Connection& conn,
                                                           std::vector<ScorecardRowInput> inputs,
                                                           const ScoringPolicy& policy, Date as_of);
std::vector<bool> put_contract_scorecard_rows(
    store::Connection& conn, const std::vector<store::PreparedScorecardRepository::RowToPut>& rows,
    Timestamp now);
// The same for a supplier's scorecard.
bool prepare_supplier_scorecard(store::Connection& conn, const std::string& supplier_id,
                                const ScoringPolicy& policy, Timestamp now);

// Whether the contract's (supplier's) prepared scorecard is servable as it stands, made with
// `policy` for `as_of` (a supplier's: for any day): a rescoring that changed nothing it shows
// need not write it again.
bool prepared_contract_current(store::Connection& conn, const std::string& contract_id,
                               const ScoringPolicy& policy, Date as_of);
// The same for the contract's row as read (nothing: there is none).
bool prepared_contract_current(const std::optional<store::PreparedScorecard>& row,
                               const ScoringPolicy& policy, Date as_of);
bool prepared_supplier_current(store::Connection& conn, const std::string& supplier_id,
                               const ScoringPolicy& policy);
bool prepared_supplier_current(const std::optional<store::PreparedScorecard>& row,
                               const ScoringPolicy& policy);

// For a scoring run's batch of suppliers: their unranked scorecards as prepared (the whole
// view), read in a few queries (suppliers that do not exist left out); and
// prepare_supplier_scorecard's write of each, given the rows as read in this transaction
// (PreparedScorecardRepository::find_all; none: there is none): whether each was written.
std::map<std::string, SupplierScorecard> whole_supplier_scorecards(
    store::Connection& conn, const std::vector<std::string>& supplier_ids,
    const ScoringPolicy& policy);
std::vector<bool> put_supplier_scorecards(
    store::Connection& conn, const std::vector<const SupplierScorecard*>& cards,
    const std::map<std::string, store::PreparedScorecard>& current, const ScoringPolicy& policy,
    Timestamp now);

// The prepared scorecard if it may be served to a whole-view caller now, else nothing (for
// tests and `prepared == fresh` checks): the bytes as GET answers them.
std::optional<std::string> prepared_contract_json(store::Connection& conn,
                                                  const std::string& contract_id,
                                                  const ScoringPolicy& policy, Date as_of);
std::optional<std::string> prepared_supplier_json(store::Connection& conn,
                                                  const std::string& supplier_id,
                                                  const ScoringPolicy& policy);

// A scorecard's JSON as GET answers it, with its strong ETag.
struct ScorecardAnswer {
    std::string etag;           // quoted, e.g. "\"p12-20261204T101500Z\""
    bool not_modified = false;  // the caller holds these bytes already: no body
    std::string body;
    // Instead of `body`: the prepared row's bytes as stored (store/prepared_body.h), shared
    // with the server's cache (reports/scorecard_cache.h) and unpacked when sent, with
    // `insert` put in at byte `insert_at` of them (a supplier's place in its group).
    std::shared_ptr<const store::StoredBody> packed_body;
    std::size_t insert_at = 0;
    std::string insert;
    bool prepared = false;  // answered from the prepared row
};
// Whether the caller's If-None-Match names this ETag (HTTP's business: services/http).
using HoldsEtag = std::function<bool(std::string_view etag)>;

// GET /contracts/{id}/scorecard (JSON): the prepared bytes when the caller sees the whole
// scorecard and they are up to date, else load_contract_scorecard's. Throws as that does.
// With a cache (a server's), bytes kept in memory are served while the data version
// vouches for them (reports/scorecard_cache.h); `admitted_version`, when given, is the data
// version read as the request was admitted (before its credential was checked): checked
// against it, kept bytes answer without a connection or another read of the version.
ScorecardAnswer answer_contract_scorecard(store::Database& db, const std::string& contract_id,
                                          const Principal& who, const ScoringPolicy& policy,
                                          Date as_of, Timestamp now, const HoldsEtag& holds,
                                          ScorecardCache* cache,
                                          std::optional<std::int64_t> admitted_version = {});
// GET /suppliers/{id}/scorecard (JSON).
ScorecardAnswer answer_supplier_scorecard(store::Database& db, const std::string& supplier_id,
                                          const Principal& who, const ScoringPolicy& policy,
                                          Timestamp now, const HoldsEtag& holds,
                                          ScorecardCache* cache,
                                          std::optional<std::int64_t> admitted_version = {});

// The strong ETag of bytes computed for one request (a 64-bit hash of them).
std::string etag_of(std::string_view bytes);

}  // namespace scorecard::reports
