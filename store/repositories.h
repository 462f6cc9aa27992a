// Repositories: the only code that knows the schema. Each takes a Connection (the caller
// owns the transaction) and speaks in model/ types. Every method that changes data also
// writes its audit entry (who, when, what, before/after) in the same transaction, using the
// Change it is given.
//
// Thread safety: a repository is a thin view over one Connection; use it from the thread
// that holds that connection.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "model/scoring.h"
#include "store/change.h"
#include "store/database.h"
#include "store/known_measures.h"

namespace scorecard::store {

class AuthorityRepository {
  public:
    explicit AuthorityRepository(Connection& conn) : conn_(conn) {}
    Upsert upsert(const Authority& authority, const Change& change);
    std::optional<Authority> find(const std::string& id);
    // find() of many authorities in few queries, by id (those that do not exist left out).
    std::map<std::string, Authority> find_all(const std::vector<std::string>& ids);
    std::vector<Authority> list();

  private:
    Connection& conn_;
};

// The orders a supplier listing can be sorted in (ties broken by name, then id).
enum class SupplierSort {
    kName,
    kId,
    kScore,  // best stored score first; suppliers without a score last
};

struct SupplierFilter {
    std::optional<SizeClass> size;
    std::optional<SizeGroup> size_group;
    std::string authority_id;     // suppliers holding a contract of this authority
    std::optional<bool> flagged;  // has open flags
    std::string q;                // case-insensitive substring of name or id
    std::string id;               // exactly this supplier (a supplier user's own listing)
    SupplierSort sort = SupplierSort::kName;  // Default: by name
    Page page;
};

// A supplier as listed (GET /suppliers): the record, its stored score (SPEC §3.6, over all
// its active contracts) and its open flags (on the filter's authority's contracts when the
// filter names one).
struct SupplierListing {
    Supplier supplier;
    std::optional<double> score;
    std::int64_t open_flags = 0;
    std::int64_t contracts = 0;  // of the filter's authority when it names one, else all
};

class SupplierRepository {
  public:
    explicit SupplierRepository(Connection& conn) : conn_(conn) {}
    Upsert upsert(const Supplier& supplier, const Change& change);
    // Creates suppliers that do not exist yet, each audited, in a few multi-row statements
    // (the create of upsert() for many).
    void create_all(const std::vector<Supplier>& suppliers, const Change& change);
    std::optional<Supplier> find(const std::string& id);
    // find() of many suppliers in few queries, by id (those that do not exist left out).
    std::map<std::string, Supplier> find_all(const std::vector<std::string>& ids);
    std::vector<Supplier> list(const SupplierFilter& filter);
    std::int64_t count(const SupplierFilter& filter);
    // One page of the filter's suppliers in the filter's order, with scores and flag counts.
    std::vector<SupplierListing> list_scored(const SupplierFilter& filter);
    // True if the supplier holds at least one contract of the authority.
    bool has_contract_with(const std::string& supplier_id, const std::string& authority_id);

  private:
    Connection& conn_;
};

// The orders a contract listing can be sorted in (ties broken by id).
enum class ContractSort {
    kId,
    kTitle,
    kScore,  // best current score first; contracts without a score last
    kValue,  // largest total value first
};

struct ContractFilter {
    std::string authority_id;
    std::string supplier_id;
    std::optional<ContractStatus> status;
    std::string q;                          // case-insensitive substring of id or title
    ContractSort sort = ContractSort::kId;  // Default: by id (what list() always uses)
    Page page;
};

// A contract as listed (GET /contracts): its own fields, the names of its authority and
// supplier, and its stored current score (SPEC §3.5), if it has one.
struct ContractListing {
    Contract contract;  // without KPI versions
    std::string authority_name;
    std::string supplier_name;
    SizeClass supplier_size = SizeClass::kLarge;
    std::optional<Period> current_period;
    std::optional<double> current_score;
};

// One KPI of one scored period, as published (SPEC §6 GET /exports/…): what the stored
// scores say, in the order contract id, period, KPI code.
struct PerformanceRow {
    std::string contract_id;
    Period period;
    std::optional<double> period_score;
    Rating period_rating = Rating::kMissing;
    MeasureScore measure;
};

class ContractRepository {
  public:
    explicit ContractRepository(Connection& conn) : conn_(conn) {}
    // Writes the contract's own fields (not its KPIs).
    Upsert upsert(const Contract& contract, const Change& change);
    // Creates contracts that do not exist yet (their own fields, not their KPIs), each
    // audited, in a few multi-row statements (the create of upsert() for many).
    void create_all(const std::vector<Contract>& contracts, const Change& change);
    // Appends a KPI version unless the latest version of that code with the same effective
    // period is equal; replaces a version with the same code and effective period.
    Upsert put_kpi_version(const std::string& contract_id, const KpiVersion& version,
                           const Change& change);
    // put_kpi_version for each of `versions` in order, in a few statements: the contract's
    // stored versions read once, the new ones and their audit entries written in multi-row
    // INSERTs (a feed's contract: three statements, not three per KPI). One outcome each.
    std::vector<Upsert> put_kpi_versions(const std::string& contract_id,
                                         const std::vector<KpiVersion>& versions,
                                         const Change& change);
    // put_kpi_versions for many contracts, in a few statements for all of them (a feed's
    // thousand contracts: a few dozen statements, not three per contract). The outcomes of
    // each contract's versions, in order.
    std::map<std::string, std::vector<Upsert>> put_kpi_versions_of(
        const std::map<std::string, std::vector<KpiVersion>>& versions, const Change& change);
    // The contract with every KPI version (ordered by code, then effective period).
    std::optional<Contract> find(const std::string& id);
    // find() of many contracts in few queries, by id (those that do not exist are left out).
    std::map<std::string, Contract> find_all(const std::vector<std::string>& ids);
    std::vector<Contract> list(const ContractFilter& filter);  // without KPI versions
    // list() of each of many suppliers' contracts (those it holds now), by id, in a few
    // queries (suppliers without contracts left out).
    std::map<std::string, std::vector<Contract>> of_suppliers(const std::vector<std::string>& ids);
    std::int64_t count(const ContractFilter& filter);
    // One page of the filter's contracts in the filter's order, with names and scores.
    std::vector<ContractListing> list_scored(const ContractFilter& filter);
    // One contract as listed (without KPI versions).
    std::optional<ContractListing> find_listing(const std::string& id);
    // Every contract (as listed, unpaged, by id) with a scored period starting in `year`.
    std::vector<ContractListing> scored_in_year(int year);
    // Every KPI version of each of `ids` (ordered by code, then effective period).
    std::map<std::string, std::vector<KpiVersion>> kpi_versions(
        const std::vector<std::string>& ids);
    // Streams the stored measure scores of `ids`' periods that start in `year`, ordered by
    // contract id, period and KPI code.
    void performance_rows(const std::vector<std::string>& ids, int year,
                          const std::function<void(const PerformanceRow&)>& on_row);
    std::vector<std::string> ids_for_supplier(const std::string& supplier_id);
    std::vector<std::string> all_ids();
    // The former suppliers (Contract::former_suppliers) of each of `ids` that was novated.
    std::map<std::string, std::vector<SupplierChange>> former_suppliers_of(
        const std::vector<std::string>& ids);
    // The same for every novated contract.
    std::map<std::string, std::vector<SupplierChange>> all_former_suppliers();
    // Records a novation and moves the contract to novation.to_supplier (audited, with the
    // novation as before/after). The caller checks it (model/supplier_records.h).
    std::int64_t novate(const Novation& novation, const Change& change);
    // Every novation of the contract, oldest first.
    std::vector<Novation> novations(const std::string& id);
    // Takes the contract row's write lock until the transaction ends, so that writers of
    // what is derived from one contract (its scores and flags) take turns, across
    // processes too.
    void lock(const std::string& id);
    // lock() of many contracts, `ids` in ascending order (the order every writer takes
    // them in, so that two cannot deadlock), in few statements.
    void lock_all(const std::vector<std::string>& ids);

  private:
    Connection& conn_;
};

class ReturnRepository {
  public:
    explicit ReturnRepository(Connection& conn) : conn_(conn) {}
    // Stores a new version for (contract, period): version = previous + 1; it becomes
    // current. Returns the stored version (id and version set).
    ReturnVersion add_version(ReturnVersion version, const Change& change);
    // add_version for many returns at once (one document's), in a few multi-row statements,
    // each with its audit entry. Returns the stored versions in the given order.
    std::vector<ReturnVersion> add_versions(std::vector<ReturnVersion> versions,
                                            const Change& change);
    // The current version of every returned period of a contract, ascending by period.
    // With `submitted_by_end_of`, only versions submitted on or before that day count.
    std::vector<ReturnVersion> current_versions(const std::string& contract_id,
                                                std::optional<Date> submitted_by_end_of = {});
    // current_versions of each of `contract_ids` (those without returns are left out), in a
    // few queries: for rescoring many contracts. The measures of versions in `known` are
    // taken from it, not read.
    std::map<std::string, std::vector<ReturnVersion>> current_versions_of(
        const std::vector<std::string>& contract_ids, std::optional<Date> submitted_by_end_of = {},
        const KnownMeasures* known = nullptr);
    // Whether every current version of these contracts was submitted on or before that day:
    // then current_versions_of with and without `submitted_by_end_of` give the same.
    bool all_current_submitted_by(const std::vector<std::string>& contract_ids, Date end_of);
    // The latest period with a current version of each of `contract_ids` (those without
    // returns left out): what current_versions(id).back() says of the period, without the
    // versions and their measures.
    std::map<std::string, Period> last_returned_periods(
        const std::vector<std::string>& contract_ids);
    std::optional<ReturnVersion> current(const std::string& contract_id, const Period& period);
    // Every version, oldest first.
    std::vector<ReturnVersion> history(const std::string& contract_id, const Period& period);

  private:
    Connection& conn_;
};

// One thing an applied document defined or changed (model/access.h DocumentScope), as
// recorded in its import transaction.
struct DocumentEntity {
    std::string entity;     // "authority", "supplier", "contract" or "return"
    std::string entity_id;  // a return's is its contract's id
    std::string period;     // a return's period ("2026-09"), "" otherwise
    auto operator<=>(const DocumentEntity&) const = default;
};

class DocumentRepository {
  public:
    explicit DocumentRepository(Connection& conn) : conn_(conn) {}
    // Archives the document as received (outcome pending) and returns its id: its bytes, or,
    // for one `refused` unread, the prefix in `content` (content_state kPrefix) with `size`
    // and `sha256` those of every byte received. The bytes are kept whatever happens next;
    // archiving the whole of bytes that were kept only in part before completes them.
    std::int64_t archive(const DocumentRecord& document);
    void set_outcome(std::int64_t id, DocumentOutcome outcome, const std::vector<Problem>& errors,
                     const std::string& kind);
    std::optional<DocumentRecord> find(std::int64_t id);
    // An earlier document with the same SHA-256 whose outcome was accepted or unchanged.
    std::optional<std::int64_t> find_accepted(const std::string& sha256, std::int64_t except_id);

    // Records what an applied document defined or changed (in its import transaction).
    void record_entities(std::int64_t id, const std::vector<DocumentEntity>& entities);
    // Records for `to` what was recorded for `from` (the same bytes applied before).
    void copy_entities(std::int64_t from, std::int64_t to);
    // What was recorded for the document, sorted.
    std::vector<DocumentEntity> entities(std::int64_t id);

    // Takes the document row's write lock until the transaction ends; true if the document
    // is still pending (nobody has settled it meanwhile).
    bool lock_pending(std::int64_t id);
    // Documents pending since `received_at_or_before` or earlier, oldest first.
    std::vector<std::int64_t> pending_before(Timestamp received_at_or_before);
    std::int64_t count_pending();
    // Records a pending document as rejected with `errors`; false when it was not pending.
    bool reject_if_pending(std::int64_t id, const std::vector<Problem>& errors);

    // The documents of `sender` received since `since` that were rejected after being read
    // (refused ones not counted), and their bytes: what the rejected-documents quota counts.
    struct RejectedTally {
        std::int64_t documents = 0;
        std::int64_t bytes = 0;
        std::optional<Timestamp> oldest;  // when the earliest of them was received
    };
    RejectedTally rejected_since(const std::string& sender, Timestamp since);

    // Drops the bytes of rejected documents received before `received_before` (their rows,
    // hashes and problems stay): contents no other document needs are emptied and marked
    // purged. Returns how many documents lost their bytes and how many bytes were freed.
    struct Purged {
        std::int64_t documents = 0;
        std::int64_t bytes = 0;
    };
    Purged purge_rejected(Timestamp received_before);

  private:
    Connection& conn_;
};

class ScoreRepository {
  public:
    explicit ScoreRepository(Connection& conn) : conn_(conn) {}
    // Replaces every stored period score of the contract, and its current score. Returns
    // whether anything was written (the data version moves only then).
    bool replace_contract_scores(const std::string& contract_id,
                                 const std::vector<PeriodScore>& periods);
    // The same, given what is stored now (period_scores(contract_id), read after the
    // contract's lock was taken): writes only the rows that differ. Both store the scores'
    // digest beside them (score_digests_of).
    bool replace_contract_scores(const std::string& contract_id,
                                 const std::vector<PeriodScore>& periods,
                                 const std::vector<PeriodScore>& stored);
    // The second for many contracts at once (a scoring batch's): the rows of all in a few
    // statements. Returns, in the order given, whether anything was written for each.
    struct ScoresToWrite {
        const std::string* contract_id = nullptr;
        const std::vector<PeriodScore>* periods = nullptr;
        const std::vector<PeriodScore>* stored = nullptr;
    };
    std::vector<bool> replace_scores_of(const std::vector<ScoresToWrite>& contracts);
    // The scores_digest (model/scoring.h) of what is stored for each of `contract_ids`,
    // as replace_contract_scores wrote it (contracts without one are left out).
    std::map<std::string, std::string> score_digests_of(
        const std::vector<std::string>& contract_ids);
    // period_scores of each of `contract_ids` (those without scores are left out).
    std::map<std::string, std::vector<PeriodScore>> period_scores_of(
        const std::vector<std::string>& contract_ids);
    std::vector<PeriodScore> period_scores(const std::string& contract_id);  // with measures
    // period_scores_of without the measures (a contract's history of period scores), in one
    // query per chunk of ids.
    std::map<std::string, std::vector<PeriodScore>> period_history_of(
        const std::vector<std::string>& contract_ids);

    // Set queries for reports over many contracts. `scope` narrows them to the contracts of
    // its authority_id and supplier_id (when set); its other fields are ignored.
    //
    // The current score (SPEC §3.5) of every contract in scope that has one, without
    // measures: what replace_contract_scores stored in contract_scores.
    std::map<std::string, PeriodScore> current_scores(const ContractFilter& scope);
    // The latest stored period of every contract in scope that has one, with its measures
    // (by KPI code): what period_scores(id).back() gives, for all contracts at once.
    std::map<std::string, PeriodScore> latest_period_scores(const ContractFilter& scope);
    // Streams the stored period scores (without measures) of the contracts in scope whose
    // period starts between `first` and `last` (inclusive), ordered by contract id, then
    // period start.
    void each_period_score(const ContractFilter& scope, Date first, Date last,
                           const std::function<void(const std::string& contract_id,
                                                    const PeriodScore& period)>& on_period);
    // Replaces the supplier's score (nullopt: it has none), stored with its rating by the
    // configured `bands` (SPEC §3.6). Returns whether it changed (written only then).
    bool put_supplier_score(const std::string& supplier_id, std::optional<double> score,
                            const RatingBands& bands);
    // The same for many suppliers at once (a scoring batch's): returns those that changed.
    std::set<std::string> put_supplier_scores(
        const std::map<std::string, std::optional<double>>& scores, const RatingBands& bands);
    std::optional<double> supplier_score(const std::string& supplier_id);
    // supplier_score() of many suppliers (those without a stored score left out).
    std::map<std::string, std::optional<double>> supplier_scores_of(
        const std::vector<std::string>& supplier_ids);
    // Every supplier score of the group: for percentiles.
    std::vector<double> supplier_scores(SizeGroup group);
    // How many supplier scores the group holds, and how many of them are <= `score`:
    // counted by the database, so a scorecard does not read its whole class.
    struct ClassCount {
        std::int64_t at_or_below = 0;
        std::int64_t total = 0;
    };
    ClassCount class_count(SizeGroup group, double score);

  private:
    Connection& conn_;
};

struct FlagFilter {
    std::optional<FlagStatus> status;
    std::optional<FlagRuleId> rule;
    std::optional<Severity> severity;
    std::string supplier_id;
    std::string authority_id;
    std::string contract_id;
    Page page;
};

class FlagRepository {
  public:
    explicit FlagRepository(Connection& conn) : conn_(conn) {}
    std::int64_t insert(const Flag& flag, const Change& change);
    // insert() for many flags whose supplier and authority are set, in one multi-row INSERT
    // (and one audit INSERT) per 500 rather than three statements each; returns their ids in
    // order. The caller holds the locks of their contracts (no other writer adds flags to
    // them meanwhile).
    std::vector<std::int64_t> insert_all(const std::vector<Flag>& flags, const Change& change);
    // Updates severity, period and detail of an open flag whose condition still holds.
    void refresh(std::int64_t id, Severity severity, const Period& period,
                 const std::string& detail, const Change& change);
    void resolve(std::int64_t id, const Change& change);
    // Resolves open flags as read by for_contract() in the same transaction: one UPDATE and
    // one audit INSERT per 500 flags rather than three statements each (a catch-up import
    // resolves a missing_return flag for every period it fills). kConflict if one of them
    // is no longer open.
    void resolve_all(const std::vector<Flag>& open_flags, const Change& change);
    void dismiss(std::int64_t id, const std::string& reason, const Change& change);
    std::optional<Flag> find(std::int64_t id);
    // Open and dismissed flags of a contract (what an evaluation compares against).
    std::vector<Flag> for_contract(const std::string& contract_id);
    // for_contract() of many contracts in few queries (those with none are left out).
    std::map<std::string, std::vector<Flag>> for_contracts(const std::vector<std::string>& ids);
    std::vector<Flag> list(const FlagFilter& filter);
    // The open flags of each of many contracts (those with none are left out), each in
    // list()'s order: what list() gives for {contract, open}, for all at once.
    std::map<std::string, std::vector<Flag>> open_for_contracts(
        const std::vector<std::string>& ids);
    // The same by supplier: what list() gives for {supplier, open}, for each of many.
    std::map<std::string, std::vector<Flag>> open_for_suppliers(
        const std::vector<std::string>& ids);
    std::int64_t count(const FlagFilter& filter);

  private:
    // The open flags whose `column` is one of `ids`, in list()'s order, grouped by `key`.
    std::map<std::string, std::vector<Flag>> open_by(
        std::string_view column, const std::vector<std::string>& ids,
        const std::function<std::string(const Flag&)>& key);
    Connection& conn_;
};

// Which reviews a listing shows (GET /reviews), newest first.
struct ReviewFilter {
    std::string supplier_id;
    std::string authority_id;  // suppliers holding a contract of this authority
    std::optional<ReviewState> state;
    Page page;
};

class ReviewRepository {
  public:
    explicit ReviewRepository(Connection& conn) : conn_(conn) {}
    std::vector<Review> list(const ReviewFilter& filter);  // without comments
    std::int64_t count(const ReviewFilter& filter);
    // Marks a proposed action agreed (kNotFound if it is not one of the review's actions,
    // kConflict if it is agreed already); `note` goes into the audit entry.
    void agree_action(std::int64_t review_id, std::int64_t action_id, const std::string& note,
                      const Change& change);
    std::optional<Review> open_for_supplier(const std::string& supplier_id);
    // open_for_supplier() of many suppliers at once (those without one left out).
    std::map<std::string, Review> open_for_suppliers(const std::vector<std::string>& ids);
    std::int64_t create(const Review& review, const Change& change);
    // create() of many open reviews (of different suppliers) at once: returns their ids in
    // the order given.
    std::vector<std::int64_t> create_all(const std::vector<Review>& reviews, const Change& change);
    void transition(std::int64_t id, const ReviewTransition& transition, const Change& change);
    std::int64_t add_comment(std::int64_t id, const ReviewComment& comment, const Change& change);
    std::int64_t add_action(std::int64_t id, const ReviewAction& action, const Change& change);
    std::optional<Review> find(std::int64_t id);  // with transitions, comments, actions
    std::vector<Review> list(const std::string& supplier_id, std::optional<ReviewState> state,
                             const Page& page);  // without comments

  private:
    Connection& conn_;
};

// Which disputes a listing shows (GET /disputes), newest first.
struct DisputeFilter {
    std::optional<DisputeStatus> status;
    std::string contract_id;
    std::string supplier_id;
    std::string authority_id;  // disputes on contracts of this authority
    Page page;
};

class DisputeRepository {
  public:
    explicit DisputeRepository(Connection& conn) : conn_(conn) {}
    std::vector<Dispute> list(const DisputeFilter& filter);
    std::int64_t count(const DisputeFilter& filter);
    // An open dispute of the same rating (contract, KPI, period) or of the same flag.
    std::optional<Dispute> open_duplicate(const Dispute& dispute);
    std::int64_t create(const Dispute& dispute, const Change& change);
    void decide(std::int64_t id, DisputeStatus status, const std::string& reason,
                const Change& change);
    std::optional<Dispute> find(std::int64_t id);
    std::vector<Dispute> open_for_contract(const std::string& contract_id);
    // open_for_contract() of many contracts at once (those with none are left out).
    std::map<std::string, std::vector<Dispute>> open_for_contracts(
        const std::vector<std::string>& ids);

  private:
    Connection& conn_;
};

// Which audit entries to export (GET /audit, `scorecard report audit`), oldest first.
struct AuditFilter {
    std::string entity;  // "review", "flag", "dispute", "return", ...
    std::string entity_id;
    std::string actor;         // account name, or "system"
    std::optional<Date> from;  // entries on or after this day (UTC)
    std::optional<Date> to;    // entries on or before this day (UTC)
    Page page;
};

class AuditRepository {
  public:
    explicit AuditRepository(Connection& conn) : conn_(conn) {}
    std::vector<AuditEntry> search(const AuditFilter& filter);  // one page
    std::int64_t count(const AuditFilter& filter);
    // Every matching entry (the filter's page ignored), oldest first: for exports.
    void each(const AuditFilter& filter, const std::function<void(const AuditEntry&)>& on_entry);
    void record(const AuditEntry& entry);
    std::vector<AuditEntry> list(const std::string& entity, const std::string& entity_id,
                                 const Page& page);

  private:
    Connection& conn_;
};

}  // namespace scorecard::store
