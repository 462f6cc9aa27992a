// Repositories: the only code that knows the schema. Each takes a Connection (the caller
// owns the transaction) and speaks in model/ types. Every method that changes data also
// writes its audit entry (who, when, what, before/after) in the same transaction, using the
// Change it is given.
//
// Thread safety: a repository is a thin view over one Connection; use it from the thread
// that holds that connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/domain.h"
#include "model/scoring.h"
#include "store/database.h"

namespace scorecard::store {

// Who is changing data, and when: stamped on audit entries and history rows.
struct Change {
    std::string actor;  // account name, or "system"
    Timestamp at{};
};

// The outcome of writing an entity that may already exist (once-only data, SPEC §1).
enum class Upsert { kCreated, kUpdated, kUnchanged };

struct Page {
    int limit = 50;  // 1..1000
    int offset = 0;
};

class AuthorityRepository {
  public:
    explicit AuthorityRepository(Connection& conn) : conn_(conn) {}
    Upsert upsert(const Authority& authority, const Change& change);
    std::optional<Authority> find(const std::string& id);
    std::vector<Authority> list();

  private:
    Connection& conn_;
};

struct SupplierFilter {
    std::optional<SizeClass> size;
    std::optional<SizeGroup> size_group;
    std::string authority_id;     // suppliers holding a contract of this authority
    std::optional<bool> flagged;  // has open flags
    std::string q;                // case-insensitive substring of name or id
    Page page;
};

class SupplierRepository {
  public:
    explicit SupplierRepository(Connection& conn) : conn_(conn) {}
    Upsert upsert(const Supplier& supplier, const Change& change);
    std::optional<Supplier> find(const std::string& id);
    std::vector<Supplier> list(const SupplierFilter& filter);
    std::int64_t count(const SupplierFilter& filter);
    // True if the supplier holds at least one contract of the authority.
    bool has_contract_with(const std::string& supplier_id, const std::string& authority_id);

  private:
    Connection& conn_;
};

struct ContractFilter {
    std::string authority_id;
    std::string supplier_id;
    std::optional<ContractStatus> status;
    std::string q;  // case-insensitive substring of id or title
    Page page;
};

class ContractRepository {
  public:
    explicit ContractRepository(Connection& conn) : conn_(conn) {}
    // Writes the contract's own fields (not its KPIs).
    Upsert upsert(const Contract& contract, const Change& change);
    // Appends a KPI version unless the latest version of that code with the same effective
    // period is equal; replaces a version with the same code and effective period.
    Upsert put_kpi_version(const std::string& contract_id, const KpiVersion& version,
                           const Change& change);
    // The contract with every KPI version (ordered by code, then effective period).
    std::optional<Contract> find(const std::string& id);
    std::vector<Contract> list(const ContractFilter& filter);  // without KPI versions
    std::int64_t count(const ContractFilter& filter);
    std::vector<std::string> ids_for_supplier(const std::string& supplier_id);
    std::vector<std::string> all_ids();
    // Takes the contract row's write lock until the transaction ends, so that writers of
    // what is derived from one contract (its scores and flags) take turns, across
    // processes too.
    void lock(const std::string& id);

  private:
    Connection& conn_;
};

class ReturnRepository {
  public:
    explicit ReturnRepository(Connection& conn) : conn_(conn) {}
    // Stores a new version for (contract, period): version = previous + 1; it becomes
    // current. Returns the stored version (id and version set).
    ReturnVersion add_version(ReturnVersion version, const Change& change);
    // The current version of every returned period of a contract, ascending by period.
    // With `submitted_by_end_of`, only versions submitted on or before that day count.
    std::vector<ReturnVersion> current_versions(const std::string& contract_id,
                                                std::optional<Date> submitted_by_end_of = {});
    std::optional<ReturnVersion> current(const std::string& contract_id, const Period& period);
    // Every version, oldest first.
    std::vector<ReturnVersion> history(const std::string& contract_id, const Period& period);

  private:
    Connection& conn_;
};

class DocumentRepository {
  public:
    explicit DocumentRepository(Connection& conn) : conn_(conn) {}
    // Archives the bytes as received (outcome pending); returns its id. The bytes are kept
    // whatever happens next.
    std::int64_t archive(const DocumentRecord& document);
    void set_outcome(std::int64_t id, DocumentOutcome outcome, const std::vector<Problem>& errors,
                     const std::string& kind);
    std::optional<DocumentRecord> find(std::int64_t id);
    // An earlier document with the same SHA-256 whose outcome was accepted or unchanged.
    std::optional<std::int64_t> find_accepted(const std::string& sha256, std::int64_t except_id);

  private:
    Connection& conn_;
};

class ScoreRepository {
  public:
    explicit ScoreRepository(Connection& conn) : conn_(conn) {}
    // Replaces every stored period score of the contract, and its current score.
    void replace_contract_scores(const std::string& contract_id,
                                 const std::vector<PeriodScore>& periods);
    std::vector<PeriodScore> period_scores(const std::string& contract_id);  // with measures
    // Replaces the supplier's score (nullopt: it has none).
    void put_supplier_score(const std::string& supplier_id, std::optional<double> score);
    std::optional<double> supplier_score(const std::string& supplier_id);
    // Every supplier score of the group: for percentiles.
    std::vector<double> supplier_scores(SizeGroup group);

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
    // Updates severity, period and detail of an open flag whose condition still holds.
    void refresh(std::int64_t id, Severity severity, const Period& period,
                 const std::string& detail, const Change& change);
    void resolve(std::int64_t id, const Change& change);
    void dismiss(std::int64_t id, const std::string& reason, const Change& change);
    std::optional<Flag> find(std::int64_t id);
    // Open and dismissed flags of a contract (what an evaluation compares against).
    std::vector<Flag> for_contract(const std::string& contract_id);
    std::vector<Flag> list(const FlagFilter& filter);
    std::int64_t count(const FlagFilter& filter);

  private:
    Connection& conn_;
};

class ReviewRepository {
  public:
    explicit ReviewRepository(Connection& conn) : conn_(conn) {}
    std::optional<Review> open_for_supplier(const std::string& supplier_id);
    std::int64_t create(const Review& review, const Change& change);
    void transition(std::int64_t id, const ReviewTransition& transition, const Change& change);
    std::int64_t add_comment(std::int64_t id, const ReviewComment& comment, const Change& change);
    std::int64_t add_action(std::int64_t id, const ReviewAction& action, const Change& change);
    std::optional<Review> find(std::int64_t id);  // with transitions, comments, actions
    std::vector<Review> list(const std::string& supplier_id, std::optional<ReviewState> state,
                             const Page& page);  // without comments

  private:
    Connection& conn_;
};

class DisputeRepository {
  public:
    explicit DisputeRepository(Connection& conn) : conn_(conn) {}
    std::int64_t create(const Dispute& dispute, const Change& change);
    void decide(std::int64_t id, DisputeStatus status, const std::string& reason,
                const Change& change);
    std::optional<Dispute> find(std::int64_t id);
    std::vector<Dispute> open_for_contract(const std::string& contract_id);

  private:
    Connection& conn_;
};

class AuditRepository {
  public:
    explicit AuditRepository(Connection& conn) : conn_(conn) {}
    void record(const AuditEntry& entry);
    std::vector<AuditEntry> list(const std::string& entity, const std::string& entity_id,
                                 const Page& page);

  private:
    Connection& conn_;
};

class UserRepository {
  public:
    explicit UserRepository(Connection& conn) : conn_(conn) {}
    // kConflict if the name is taken.
    std::int64_t add(const User& user, const Change& change);
    std::optional<User> find(const std::string& name);
    std::optional<User> find(std::int64_t id);
    // Stores only the token's SHA-256 (hex); returns the token id.
    std::int64_t add_token(std::int64_t user_id, const std::string& token_sha256,
                           std::optional<Timestamp> expires, const Change& change);
    // The account of an unrevoked, unexpired token.
    std::optional<User> find_by_token(const std::string& token_sha256, Timestamp now);
    void revoke_token(std::int64_t token_id, const Change& change);

  private:
    Connection& conn_;
};

}  // namespace scorecard::store
