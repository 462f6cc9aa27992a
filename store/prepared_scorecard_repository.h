// Prepared scorecards (issue 18): each contract's and each supplier's scorecard kept as the
// JSON bytes that GET …/scorecard answers, with a version, so that a read is one keyed row
// instead of the whole computation (reports/prepared_scorecards.h makes and serves them).
//
// The rows are derived data, like scores: written with the scores they show, and never the
// only copy of anything. A change that may alter a scorecard without writing it anew marks
// the row stale (the repositories below do that for the records they change: flags,
// disputes, reviews, contracts, suppliers, authorities); a stale row is never served.
// Writing a row is conditional on the version read before its bytes were computed, so a
// marking that commits meanwhile is never overwritten by older bytes.
//
// Thread safety: a thin view over one Connection, like every repository.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "store/database.h"
#include "store/prepared_body.h"

namespace scorecard::store {

enum class PreparedKind { kContract, kSupplier };

// Everything about a prepared scorecard but its bytes (PreparedScorecard below).
struct PreparedScorecardHead {
    std::int64_t version = 0;  // grows with every write of other bytes, and every marking
    bool stale = false;        // a change since may have made the bytes wrong
    // A contract's: the days its bytes hold for, "FROM..UNTIL" (UNTIL exclusive; either empty
    // when unbounded) or, written before spans were kept, one day "YYYY-MM-DD"; a
    // supplier's: "" (reports/prepared_scorecards.cpp made_for).
    std::string as_of;
    std::string policy;        // the fingerprint of the ScoringPolicy they were made with
    std::string authority_id;  // a contract's authority (the access check); supplier: ""
    // A supplier's place in its size group is put in when read (it moves with every other
    // supplier's score): at byte class_split of body, in size_group, ranked as `ranked`
    // says by rank_score.
    enum class Ranked { kNoScore = 0, kByStoredScore = 1, kCountsItself = 2 };
    std::string size_group;
    Ranked ranked = Ranked::kNoScore;
    std::optional<double> rank_score;
    std::int64_t class_split = 0;
    // When these bytes were first written ("" for a row created stale): kept while rewrites
    // give the same bytes, so that with the version it names the bytes (the ETag).
    std::string prepared_at;
    // Read only: a contract it shows is queued for rescoring (store/rescore_queue.h), so its
    // data is ahead of its scores and of these bytes.
    bool pending = false;
    // Read only: the hash of the JSON and how the bytes are stored (what put() compares).
    std::string digest;
    int codec = 0;
};

struct PreparedScorecard : PreparedScorecardHead {
    // Written: the JSON, which put() stores packed (store/prepared_body.h). Read: empty.
    std::string body;
    // Read with the body: its bytes as stored (null when read without it), unpacked only
    // where they are sent. Written: made by seal() (then put() stores them as they are).
    std::shared_ptr<const StoredBody> stored;

    // A copy without the bytes (`body`, `stored`): a contract's JSON is ~45 kB.
    PreparedScorecard without_body() const {
        PreparedScorecard out;
        static_cast<PreparedScorecardHead&>(out) = *this;
        return out;
    }
};

// Hashes and packs the row's JSON (`digest` and `stored`, the body given up): put()'s own
// work on the bytes, done beforehand (on another thread than the writer's).
void seal(PreparedScorecard& row);

class PreparedScorecardRepository {
  public:
    explicit PreparedScorecardRepository(Connection& conn) : conn_(conn) {}

    // The row and whether a rescoring of what it shows is pending, in one query; the body
    // (as stored, in `stored`) only when asked for.
    std::optional<PreparedScorecard> find(PreparedKind kind, const std::string& id, bool with_body);
    // find() without the body for many contracts in few queries (a rescoring batch's).
    std::map<std::string, PreparedScorecard> find_contracts(const std::vector<std::string>& ids);
    // The same for rows of either kind.
    std::map<std::string, PreparedScorecard> find_all(PreparedKind kind,
                                                      const std::vector<std::string>& ids);
    // Writes `row` (its bytes, packed with kWrittenCodec, and stamps; stale cleared) if the
    // stored row is still at
    // `expected` (nullopt: there is none, and one is inserted). The version and prepared_at
    // stay when the served bytes are the same, else the version moves by one. Returns the
    // row as written without its body, or nothing when another writer or a marking got there
    // first (the row is then theirs, or stale). Bytes stored with an older codec are
    // written again packed, keeping their version and date (the same bytes, the same ETag).
    std::optional<PreparedScorecard> put(PreparedKind kind, const std::string& id,
                                         const PreparedScorecard& row,
                                         std::optional<std::int64_t> expected, Timestamp now);
    // The same over the row as find() read it in this transaction (nothing: there is none),
    // with the contract's lock held since, so that it is not read again: a marking committed
    // meanwhile still wins (the write is conditional on the version read).
    std::optional<PreparedScorecard> put(PreparedKind kind, const std::string& id,
                                         const PreparedScorecard& row,
                                         const std::optional<PreparedScorecard>& read,
                                         Timestamp now);

    // put() over the rows as read for many scorecards of one kind at once (a scoring
    // batch's): the new ones inserted in a few multi-row statements, the others written one by
    // one as put() writes them. Returns, in the order given, what put() would have.
    struct RowToPut {
        const std::string* id = nullptr;
        const PreparedScorecard* row = nullptr;
        const std::optional<PreparedScorecard>* read = nullptr;
    };
    std::vector<std::optional<PreparedScorecard>> put_all(PreparedKind kind,
                                                          const std::vector<RowToPut>& rows,
                                                          Timestamp now);

    // A change that may alter the scorecard: the row is not served until written again. A
    // row not made yet is created stale, so that a preparation computed before the change
    // cannot insert older bytes after it.
    void mark_stale(PreparedKind kind, const std::string& id);
    // mark_stale() of many rows of one kind in a few statements.
    void mark_stale_all(PreparedKind kind, const std::vector<std::string>& ids);
    // A supplier's record changed (its name, size): its scorecard and its contracts'.
    void mark_supplier_changed(const std::string& supplier_id);
    // An authority's record changed (its name): its contracts' scorecards and their
    // suppliers'.
    void mark_authority_changed(const std::string& authority_id);

  private:
    static PreparedScorecard from_row(const Row& r, bool with_body);
    // put() once the stored row is known (`stored`: null when there is none).
    std::optional<PreparedScorecard> write(PreparedKind kind, const std::string& id,
                                           const PreparedScorecard& row,
                                           std::optional<std::int64_t> expected,
                                           const PreparedScorecard* stored, Timestamp now);
    // write() of a row there is none of: its values appended to `values` (columns
    // kInsertColumns), to be inserted by the caller. Returns the row as it will be written.
    static PreparedScorecard insert_values(PreparedKind kind, const std::string& id,
                                           const PreparedScorecard& row, Timestamp now,
                                           Params& values);

    Connection& conn_;
};

}  // namespace scorecard::store
