#include "services/ingest.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <mutex>
#include <set>

#include "importers/feed_rules.h"
#include "importers/return_rules.h"
#include "model/kpi_versions.h"
#include "services/scoring_run.h"
#include "services/secrets.h"
#include "store/repositories.h"
#include "store/user_repository.h"

namespace scorecard::services {
namespace {

std::mutex& tally_mutex() {
    static std::mutex mutex;
    return mutex;
}
DocumentCounts& tally() {
    static DocumentCounts counts;
    return counts;
}

// Counts a document's outcome when the pipeline is done with it, whichever way it left.
class OutcomeCount {
  public:
    explicit OutcomeCount(const IngestResult& result) : result_(result) {}
    ~OutcomeCount() {
        if (result_.outcome == DocumentOutcome::kPending)
            return;  // it never got an outcome (the database went away)
        std::string kind(importers::to_string(result_.kind));
        std::lock_guard lock(tally_mutex());
        ++tally()[{kind.empty() ? "unknown" : kind, std::string(to_string(result_.outcome))}];
    }
    OutcomeCount(const OutcomeCount&) = delete;
    OutcomeCount& operator=(const OutcomeCount&) = delete;

  private:
    const IngestResult& result_;
};

using importers::DocumentKind;

// Senders racing to store the same rows (the same feed or return posted to two servers)
// conflict and retry; the back-off doubles from 5 ms, so this allows about 0.6 s of it.
constexpr int kApplyAttempts = 8;

// Thrown inside the import transaction to roll it back when the document breaks a rule.
struct Rejected {};

bool is_malformed(const std::vector<Problem>& problems) {
    static const std::set<std::string> kSyntax = {"malformed", "encoding", "doctype", "too_deep"};
    return std::any_of(problems.begin(), problems.end(),
                       [](const Problem& p) { return kSyntax.count(p.code) > 0; });
}

std::vector<Measure> sorted_measures(std::vector<Measure> measures) {
    std::sort(measures.begin(), measures.end(),
              [](const Measure& a, const Measure& b) { return a.kpi_code < b.kpi_code; });
    return measures;
}

// Applies one checked document inside the import transaction.
class DocumentApplier {
  public:
    DocumentApplier(store::Connection& conn, const IngestRequest& request, std::int64_t document_id,
                    const std::string& document_name, IngestResult& result)
        : conn_(conn),
          request_(request),
          document_id_(document_id),
          name_(document_name),
          result_(result),
          change_{request.sender.user, request.received} {}

    void apply(const importers::ParseResult& parsed) {
        switch (parsed.kind) {
            case DocumentKind::kContractFeed:
                apply_feed(parsed.feed);
                break;
            case DocumentKind::kKpiReturn:
            case DocumentKind::kKpiReturns:
                apply_returns(parsed.returns);
                break;
            case DocumentKind::kContractAwardNotice:
                apply_notice(parsed.notice);
                break;
            case DocumentKind::kUnknown:
                throw Error::Internal("cannot apply a document of unknown kind");
        }
    }

    bool changed() const {
        const auto& c = result_.counts;
        return c.authorities + c.suppliers + c.contracts + c.kpi_versions + c.returns > 0;
    }

  private:
    void touch(const std::string& contract_id) { touched_.insert(contract_id); }

    void count(store::Upsert outcome, int& counter) {
        if (outcome != store::Upsert::kUnchanged)
            ++counter;
    }

    std::optional<Contract> find_contract(const std::string& id) {
        return store::ContractRepository(conn_).find(id);
    }

    void apply_feed(const importers::ContractFeedDocument& feed) {
        importers::FeedLookups lookups{
            [this](const std::string& id) {
                return store::AuthorityRepository(conn_).find(id).has_value();
            },
            [this](const std::string& id) {
                return store::SupplierRepository(conn_).find(id).has_value();
            },
            [this](const std::string& id) { return find_contract(id); },
        };
        result_.problems = importers::check_feed(feed, lookups, request_.sender, name_);
        if (!result_.problems.empty())
            throw Rejected{};

        store::AuthorityRepository authorities(conn_);
        for (const auto& a : feed.authorities)
            count(authorities.upsert(a.authority, change_), result_.counts.authorities);
        store::SupplierRepository suppliers(conn_);
        for (const auto& s : feed.suppliers)
            count(suppliers.upsert(s.supplier, change_), result_.counts.suppliers);
        for (const auto& c : feed.contracts)
            apply_contract(c);
        store_returns(feed.returns);
    }

    void apply_contract(const importers::ParsedContract& parsed) {
        store::ContractRepository contracts(conn_);
        count(contracts.upsert(parsed.contract, change_), result_.counts.contracts);
        auto stored = contracts.find(parsed.contract.id);
        if (!stored)
            throw Error::Internal("contract vanished during import: " + parsed.contract.id);

        // SPEC §2: which versions the feed starts and withdraws is model/kpi_versions.h's.
        auto returned = store::ReturnRepository(conn_).current_versions(stored->id);
        const Period next = next_period_to_report(
            *stored, returned.empty() ? std::nullopt
                                      : std::optional<Period>(returned.back().figures.period));
        std::vector<ListedKpi> listed;
        listed.reserve(parsed.kpis.size());
        for (const auto& kpi : parsed.kpis)
            listed.push_back({kpi.definition, kpi.effective});
        for (const KpiVersion& version : kpi_versions_to_record(*stored, listed, next))
            count(contracts.put_kpi_version(stored->id, version, change_),
                  result_.counts.kpi_versions);
        touch(stored->id);
    }

    void apply_returns(const std::vector<importers::ParsedReturn>& returns) {
        std::map<std::string, std::optional<Contract>> contracts;
        for (const auto& r : returns) {
            auto [it, fresh] = contracts.try_emplace(r.figures.contract_id);
            if (fresh)
                it->second = find_contract(r.figures.contract_id);
            auto problems = importers::check_return(r, it->second ? &*it->second : nullptr,
                                                    request_.sender, name_);
            result_.problems.insert(result_.problems.end(), problems.begin(), problems.end());
        }
        if (!result_.problems.empty())
            throw Rejected{};
        store_returns(returns);
    }

    // Stores returns already checked; one identical to the current version is skipped.
    void store_returns(const std::vector<importers::ParsedReturn>& returns) {
        // Two documents with the same figures for one contract and period, arriving at two
        // servers at once, must store one version: each would otherwise compare with the
        // current version before the other committed and both would append. The
        // contracts' locks make them take turns (taken in id order, so that two batches
        // cannot deadlock); the reads below then see what the other committed.
        std::set<std::string> contract_ids;
        for (const auto& r : returns)
            contract_ids.insert(r.figures.contract_id);
        store::ContractRepository contracts(conn_);
        for (const auto& id : contract_ids)
            contracts.lock(id);

        // The current versions of the document's contracts, read in a few queries, and the
        // new versions written together (multi-row statements, every audit entry kept).
        store::ReturnRepository repo(conn_);
        std::map<std::pair<std::string, Period>, ReturnVersion> currents;
        for (auto& [id, list] :
             repo.current_versions_of({contract_ids.begin(), contract_ids.end()})) {
            for (ReturnVersion& v : list)
                currents.emplace(std::pair{id, v.figures.period}, std::move(v));
        }
        std::vector<ReturnVersion> versions;
        std::set<std::pair<std::string, Period>> in_document;
        for (const auto& r : returns) {
            // A period twice in one document: the second compares with the first.
            if (!in_document.insert({r.figures.contract_id, r.figures.period}).second) {
                for (ReturnVersion& stored : repo.add_versions(std::move(versions), change_))
                    currents[{stored.figures.contract_id, stored.figures.period}] =
                        std::move(stored);
                versions.clear();
                in_document = {{r.figures.contract_id, r.figures.period}};
            }
            auto it = currents.find({r.figures.contract_id, r.figures.period});
            const ReturnVersion* current = it == currents.end() ? nullptr : &it->second;
            if (current &&
                sorted_measures(current->figures.measures) == sorted_measures(r.figures.measures))
                continue;
            ReturnVersion version;
            version.figures = r.figures;
            version.document_id = document_id_;
            version.submitted_by = request_.sender.user;
            version.received = request_.received;
            if (current) {
                version.reason = "amended by document " + std::to_string(document_id_);
                ++result_.counts.amendments;
            }
            versions.push_back(std::move(version));
            ++result_.counts.returns;
            touch(r.figures.contract_id);
        }
        repo.add_versions(std::move(versions), change_);
    }

    void apply_notice(const importers::EformsNotice& notice) {
        if (!may_load_feed_for(request_.sender, notice.buyer.id)) {
            result_.problems.push_back({"forbidden",
                                        "sender " + request_.sender.user +
                                            " may not load notices for buyer " + notice.buyer.id,
                                        0, 0, name_});
            throw Rejected{};
        }
        count(store::AuthorityRepository(conn_).upsert(notice.buyer, change_),
              result_.counts.authorities);
        store::SupplierRepository suppliers(conn_);
        for (const auto& s : notice.winners)
            count(suppliers.upsert(s, change_), result_.counts.suppliers);
        store::ContractRepository contracts(conn_);
        for (Contract c : notice.contracts) {
            // A notice knows nothing of reporting: keep what a ContractFeed already said.
            if (auto stored = contracts.find(c.id)) {
                c.frequency = stored->frequency;
                c.status = stored->status;
                c.regime = stored->regime;
            }
            count(contracts.upsert(c, change_), result_.counts.contracts);
            touch(c.id);
        }
    }

  public:
    std::vector<std::string> touched() const { return {touched_.begin(), touched_.end()}; }

  private:
    store::Connection& conn_;
    const IngestRequest& request_;
    std::int64_t document_id_;
    std::string name_;
    IngestResult& result_;
    store::Change change_;
    std::set<std::string> touched_;
};

bool sent_by_same_organisation(store::Connection& conn, std::int64_t document_id,
                               const Principal& sender) {
    auto earlier = store::DocumentRepository(conn).find(document_id);
    if (!earlier)
        return false;
    if (earlier->sender == sender.user)
        return true;
    auto account = store::UserRepository(conn).find(earlier->sender);
    return account &&
           same_organisation(sender, Principal{account->name, account->role, account->authority_id,
                                               account->supplier_id});
}

void record_outcome(store::Database& db, const IngestResult& result) {
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        store::DocumentRepository(conn).set_outcome(result.document_id, result.outcome,
                                                    result.problems,
                                                    std::string(importers::to_string(result.kind)));
    });
}

}  // namespace

bool IngestResult::forbidden() const {
    return outcome == DocumentOutcome::kRejected && !problems.empty() &&
           std::all_of(problems.begin(), problems.end(),
                       [](const Problem& p) { return p.code == "forbidden"; });
}

DocumentCounts documents_processed() {
    std::lock_guard lock(tally_mutex());
    return tally();
}

IngestResult ingest_document(store::Database& db, const IngestRequest& request,
                             const ScoringPolicy& policy) {
    IngestResult result;
    const OutcomeCount counted(result);  // counts the outcome however this returns
    DocumentRecord record;
    record.sha256 = sha256_hex(request.bytes);
    record.sender = request.sender.user;
    record.channel = request.channel;
    record.source = request.source;
    record.received = request.received;
    record.content = request.bytes;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        result.document_id = store::DocumentRepository(conn).archive(record);
    });
    const std::string name =
        request.source.empty() ? "document " + std::to_string(result.document_id) : request.source;

    auto parsed = importers::parse_document(request.bytes, name);
    result.kind = parsed.kind;
    if (!parsed.ok()) {
        result.problems = std::move(parsed.problems);
        result.malformed = is_malformed(result.problems);
        result.outcome = DocumentOutcome::kRejected;
        record_outcome(db, result);
        return result;
    }

    if (!request.allowed_kinds.empty() &&
        std::find(request.allowed_kinds.begin(), request.allowed_kinds.end(), parsed.kind) ==
            request.allowed_kinds.end()) {
        std::string allowed;
        for (auto k : request.allowed_kinds)
            allowed += (allowed.empty() ? "" : ", ") + std::string(importers::to_string(k));
        result.problems.push_back({"wrong_kind",
                                   "a " + std::string(importers::to_string(parsed.kind)) +
                                       " cannot be sent here; this endpoint takes " + allowed,
                                   0, 0, name});
        result.outcome = DocumentOutcome::kRejected;
        record_outcome(db, result);
        return result;
    }

    std::vector<std::string> touched;
    try {
        store::with_transaction(
            db, store::TxMode::kWrite,
            [&](store::Connection& conn) {
                result.problems.clear();
                result.counts = {};
                touched.clear();
                store::DocumentRepository documents(conn);
                // The same bytes already accepted from the same organisation: a retry, and
                // nothing to do. From anyone else the document is applied like any other,
                // so that it meets the same access rules (a shortcut here would tell an
                // outsider that the bytes were accepted) and changes nothing if current.
                auto earlier = documents.find_accepted(record.sha256, result.document_id);
                if (earlier && sent_by_same_organisation(conn, *earlier, request.sender)) {
                    result.outcome = DocumentOutcome::kUnchanged;
                } else {
                    DocumentApplier applier(conn, request, result.document_id, name, result);
                    applier.apply(parsed);
                    result.outcome = applier.changed() ? DocumentOutcome::kAccepted
                                                       : DocumentOutcome::kUnchanged;
                    touched = applier.touched();
                }
                documents.set_outcome(result.document_id, result.outcome, {},
                                      std::string(importers::to_string(result.kind)));
            },
            kApplyAttempts);
    } catch (const Rejected&) {
        result.outcome = DocumentOutcome::kRejected;
        record_outcome(db, result);
        return result;
    } catch (const Error& e) {
        // Nothing from the document was applied. Its receipt must not stay `pending` for
        // ever (SPEC §2: every document has an outcome): it is recorded as rejected, saying
        // why, and the caller learns to send it again.
        const bool transient = e.code() == ErrorCode::kBusy || e.code() == ErrorCode::kConflict ||
                               e.code() == ErrorCode::kUnavailable;
        result.outcome = DocumentOutcome::kRejected;
        result.problems = {{transient ? "busy" : "internal",
                            std::string(transient ? "the database was busy" : "an internal error") +
                                " stopped this document from being applied; nothing from it was "
                                "stored: send it again (" +
                                e.what() + ")",
                            0, 0, name}};
        try {
            record_outcome(db, result);
        } catch (const std::exception&) {
            // The database is gone; the receipt stays pending and the caller gets 503.
        }
        // Two writers racing for the same rows past every retry is a busy database, not a
        // conflict the sender could resolve (409): answer 503 so that the sender retries.
        if (e.code() == ErrorCode::kConflict)
            throw Error::Busy("the database was busy applying document " +
                              std::to_string(result.document_id) + ": send it again");
        throw;
    }
    result.touched_contracts = touched;

    if (!request.defer_scoring && !touched.empty()) {
        // The document is committed whatever happens here; a failed rescore is repaired by
        // the next document for these contracts or by `scorecard score`.
        try {
            rescore_contracts(db, touched, request.as_of, policy, request.received);
        } catch (const std::exception& e) {
            std::cerr << "scorecard: rescoring after document " << result.document_id
                      << " failed: " << e.what() << "\n";
        }
    }
    return result;
}

}  // namespace scorecard::services
