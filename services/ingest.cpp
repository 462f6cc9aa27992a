#include "services/ingest.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "importers/feed_rules.h"
#include "importers/return_rules.h"
#include "model/kpi_versions.h"
#include "model/supplier_records.h"
#include "services/fault_injection.h"
#include "services/scoring_run.h"
#include "services/secrets.h"
#include "store/discrepancy_repository.h"
#include "store/repositories.h"
#include "store/rescore_queue.h"
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
// Thrown inside the import transaction when the document is no longer pending: the recovery
// of services/recovery.h took it for abandoned and recorded it as rejected.
struct Settled {};

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
        return c.authorities + c.suppliers + c.contracts + c.kpi_versions + c.returns +
                   c.supplier_discrepancies >
               0;
    }

    // Records what the document defined or changed and queues the contracts to rescore, in
    // the import transaction, after everything else it writes. `now` is the application's
    // clock (the queue's bookkeeping; the data's times are the request's).
    void finish(Timestamp now) {
        store::DocumentRepository(conn_).record_entities(document_id_,
                                                         {entities_.begin(), entities_.end()});
        std::set<std::string> queue = touched_;
        queue.insert(also_rescore_.begin(), also_rescore_.end());
        store::RescoreQueue(conn_).add({queue.begin(), queue.end()}, now);
    }

  private:
    void touch(const std::string& contract_id) { touched_.insert(contract_id); }

    void record(std::string entity, std::string id, std::string period = {}) {
        entities_.insert({std::move(entity), std::move(id), std::move(period)});
    }

    // SPEC §2 "one record per real organisation": a new supplier is created; a differing
    // value for an existing one is applied only when the sender may change the record
    // (model/access.h), and otherwise kept as a discrepancy for an admin.
    void put_supplier(const Supplier& proposed) {
        put_supplier(proposed, store::SupplierRepository(conn_).find(proposed.id), nullptr);
    }

    // put_supplier with the record as stored, read beforehand; a new supplier goes to
    // `creating`, when given, for the caller to create with others.
    void put_supplier(const Supplier& proposed, const std::optional<Supplier>& stored,
                      std::vector<Supplier>* creating) {
        record("supplier", proposed.id);
        store::SupplierRepository suppliers(conn_);
        if (!stored && creating) {
            creating->push_back(proposed);
            ++result_.counts.suppliers;
            return;
        }
        if (!stored || may_change_supplier_record(request_.sender, proposed.id)) {
            if (stored && *stored == proposed)
                return;  // unchanged
            const store::Upsert outcome = suppliers.upsert(proposed, change_);
            count(outcome, result_.counts.suppliers);
            // Its size class and strategic flag decide flags and reviews of all its contracts.
            if (outcome == store::Upsert::kUpdated) {
                for (auto& id : store::ContractRepository(conn_).ids_for_supplier(proposed.id))
                    also_rescore_.insert(std::move(id));
            }
            return;
        }
        store::DiscrepancyRepository discrepancies(conn_);
        for (const SupplierFieldChange& diff : supplier_differences(*stored, proposed)) {
            SupplierDiscrepancy d;
            d.supplier_id = proposed.id;
            d.field = diff.field;
            d.stored_value = diff.stored;
            d.proposed_value = diff.proposed;
            d.document_id = document_id_;
            d.proposed_by = request_.sender.user;
            d.proposed = request_.received;
            if (discrepancies.add(d, change_))
                ++result_.counts.supplier_discrepancies;
        }
    }

    void count(store::Upsert outcome, int& counter) {
        if (outcome != store::Upsert::kUnchanged)
            ++counter;
    }

    void apply_feed(const importers::ContractFeedDocument& feed) {
        // What the feed's rules and writes read, in a few queries for the whole feed: a feed
        // lists up to thousands of contracts, and a round trip for each of their reads and
        // writes was nearly all of a feed's load on MySQL.
        std::set<std::string> authority_ids, supplier_ids, contract_ids;
        for (const auto& a : feed.authorities)
            authority_ids.insert(a.authority.id);
        for (const auto& s : feed.suppliers)
            supplier_ids.insert(s.supplier.id);
        for (const auto& c : feed.contracts) {
            authority_ids.insert(c.contract.authority_id);
            supplier_ids.insert(c.contract.supplier_id);
            contract_ids.insert(c.contract.id);
        }
        for (const auto& r : feed.returns)
            contract_ids.insert(r.figures.contract_id);
        const auto authorities_known = store::AuthorityRepository(conn_).find_all(
            {authority_ids.begin(), authority_ids.end()});
        const auto suppliers_known =
            store::SupplierRepository(conn_).find_all({supplier_ids.begin(), supplier_ids.end()});
        const auto contracts_known =
            store::ContractRepository(conn_).find_all({contract_ids.begin(), contract_ids.end()});

        importers::FeedLookups lookups{
            [&](const std::string& id) { return authorities_known.contains(id); },
            [&](const std::string& id) { return suppliers_known.contains(id); },
            [&](const std::string& id) -> std::optional<Contract> {
                auto it = contracts_known.find(id);
                return it == contracts_known.end() ? std::nullopt
                                                   : std::optional<Contract>(it->second);
            },
        };
        result_.problems = importers::check_feed(feed, lookups, request_.sender, name_);
        if (!result_.problems.empty())
            throw Rejected{};

        store::AuthorityRepository authorities(conn_);
        for (const auto& a : feed.authorities) {
            count(authorities.upsert(a.authority, change_), result_.counts.authorities);
            record("authority", a.authority.id);
        }
        // The parser refuses a feed that defines a record twice (importers "duplicate"), so
        // each supplier and contract below is written once, together with the others.
        std::vector<Supplier> creating;
        for (const auto& s : feed.suppliers) {
            auto it = suppliers_known.find(s.supplier.id);
            put_supplier(
                s.supplier,
                it == suppliers_known.end() ? std::nullopt : std::optional<Supplier>(it->second),
                &creating);
        }
        store::SupplierRepository(conn_).create_all(creating, change_);
        apply_contracts(feed.contracts, contracts_known);
        store_returns(feed.returns);
    }

    // A feed's contracts (each listed once), `known` as stored before: their own fields
    // written (new ones created together), then the KPI versions model/kpi_versions.h says
    // to record, read and written together for all of them.
    void apply_contracts(const std::vector<importers::ParsedContract>& parsed,
                         const std::map<std::string, Contract>& known) {
        store::ContractRepository contracts(conn_);
        std::vector<Contract> creating;
        std::vector<std::string> ids;
        for (const auto& pc : parsed) {
            ids.push_back(pc.contract.id);
            auto it = known.find(pc.contract.id);
            if (it == known.end()) {
                creating.push_back(pc.contract);
                ++result_.counts.contracts;
                continue;
            }
            // Unchanged when its own fields are (upsert's comparison, without a read).
            Contract stored = it->second;
            Contract fed = pc.contract;
            for (Contract* c : {&stored, &fed}) {
                c->kpis.clear();
                c->former_suppliers.clear();
            }
            if (stored != fed)
                count(contracts.upsert(pc.contract, change_), result_.counts.contracts);
        }
        contracts.create_all(creating, change_);

        // As stored now, with their KPI versions and former suppliers, and the latest period
        // each has returned: what model/kpi_versions.h decides from.
        const auto stored = contracts.find_all(ids);
        const auto last = store::ReturnRepository(conn_).last_returned_periods(ids);
        std::map<std::string, std::vector<KpiVersion>> to_record;
        for (const auto& pc : parsed) {
            auto it = stored.find(pc.contract.id);
            if (it == stored.end())
                throw Error::Internal("contract vanished during import: " + pc.contract.id);
            auto returned = last.find(pc.contract.id);
            const Period next = next_period_to_report(
                it->second,
                returned == last.end() ? std::nullopt : std::optional<Period>(returned->second));
            to_record[pc.contract.id] = kpi_versions_to_record(it->second, listed_kpis(pc), next);
        }
        for (const auto& [id, outcomes] : contracts.put_kpi_versions_of(to_record, change_)) {
            for (const store::Upsert outcome : outcomes)
                count(outcome, result_.counts.kpi_versions);
        }
        for (const auto& pc : parsed) {
            touch(pc.contract.id);
            record("contract", pc.contract.id);
        }
    }

    static std::vector<ListedKpi> listed_kpis(const importers::ParsedContract& parsed) {
        std::vector<ListedKpi> listed;
        listed.reserve(parsed.kpis.size());
        for (const auto& kpi : parsed.kpis)
            listed.push_back({kpi.definition, kpi.effective});
        return listed;
    }

    void apply_returns(const std::vector<importers::ParsedReturn>& returns) {
        // The document's contracts in a few queries (not three for each of them).
        std::set<std::string> ids;
        for (const auto& r : returns)
            ids.insert(r.figures.contract_id);
        const auto contracts = store::ContractRepository(conn_).find_all({ids.begin(), ids.end()});
        for (const auto& r : returns) {
            auto it = contracts.find(r.figures.contract_id);
            auto problems = importers::check_return(
                r, it == contracts.end() ? nullptr : &it->second, request_.sender, name_);
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
        store::ContractRepository(conn_).lock_all({contract_ids.begin(), contract_ids.end()});

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
            // Unchanged figures are defined by the document all the same.
            record("return", r.figures.contract_id, r.figures.period.to_string());
            // A period twice in one document: the second compares with the first.
            if (!in_document.insert({r.figures.contract_id, r.figures.period}).second) {
                for (ReturnVersion& stored : repo.add_versions(std::move(versions), change_)) {
                    stored_.push_back(stored);
                    currents[{stored.figures.contract_id, stored.figures.period}] =
                        std::move(stored);
                }
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
        for (ReturnVersion& stored : repo.add_versions(std::move(versions), change_))
            stored_.push_back(std::move(stored));
    }

    void apply_notice(const importers::EformsNotice& notice) {
        if (!may_load_feed_for(request_.sender, notice.buyer.id)) {
            result_.problems.push_back({"forbidden",
                                        "sender " + request_.sender.user +
                                            " may not load notices for buyer " + notice.buyer.id,
                                        0, 0, name_});
            throw Rejected{};
        }
        store::ContractRepository contracts(conn_);
        // A contract keeps its supplier: moving it is a novation (docs/formats.md).
        for (const Contract& c : notice.contracts) {
            auto stored = contracts.find(c.id);
            if (stored && stored->supplier_id != c.supplier_id)
                result_.problems.push_back(supplier_change_problem(
                    c.id, stored->supplier_id, c.supplier_id, name_, importers::Location{}));
        }
        if (!result_.problems.empty())
            throw Rejected{};
        count(store::AuthorityRepository(conn_).upsert(notice.buyer, change_),
              result_.counts.authorities);
        record("authority", notice.buyer.id);
        for (const auto& s : notice.winners)
            put_supplier(s);
        for (Contract c : notice.contracts) {
            // A notice knows nothing of reporting: keep what a ContractFeed already said.
            if (auto stored = contracts.find(c.id)) {
                c.frequency = stored->frequency;
                c.status = stored->status;
                c.regime = stored->regime;
            }
            count(contracts.upsert(c, change_), result_.counts.contracts);
            touch(c.id);
            record("contract", c.id);
        }
    }

  public:
    std::vector<std::string> touched() const { return {touched_.begin(), touched_.end()}; }
    std::vector<ReturnVersion> take_stored_returns() { return std::move(stored_); }

  private:
    store::Connection& conn_;
    const IngestRequest& request_;
    std::int64_t document_id_;
    std::string name_;
    IngestResult& result_;
    store::Change change_;
    std::set<std::string> touched_;
    std::set<std::string> also_rescore_;  // contracts of suppliers whose record changed
    std::vector<ReturnVersion> stored_;   // the return versions stored, with their ids
    std::set<store::DocumentEntity> entities_;
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

namespace {

// SPEC §2 keeps "every XML document received"; the quota keeps that honest for what an
// account sends that cannot be used: documents from the network (not the operator's
// `scorecard import` or the demo) once the account's rejected documents reach a limit.
bool quota_applies(Channel channel) {
    return channel == Channel::kApiUpload || channel == Channel::kWebForm ||
           channel == Channel::kFeedPoll;
}

// The refusal when `sender` is over its rejected-documents quota at `now`; nullopt if not.
struct Refusal {
    std::string message;
    std::int64_t retry_after_seconds = 0;
};

std::optional<Refusal> over_quota(store::Database& db, const IngestRequest& request,
                                  const DocumentSettings& limits) {
    if (!quota_applies(request.channel) ||
        (limits.rejected_per_hour == 0 && limits.rejected_bytes_per_day == 0))
        return std::nullopt;
    const Timestamp now = request.received;
    auto conn = db.acquire();
    store::DocumentRepository documents(*conn);
    const auto seconds_until = [&](std::optional<Timestamp> oldest, std::chrono::seconds window) {
        return oldest ? std::max<std::int64_t>(1, (*oldest + window - now).count()) : 1;
    };
    if (limits.rejected_per_hour > 0) {
        const auto hour =
            documents.rejected_since(request.sender.user, now - std::chrono::hours(1));
        if (hour.documents >= limits.rejected_per_hour)
            return Refusal{"'" + request.sender.user + "' sent " + std::to_string(hour.documents) +
                               " rejected documents in the last hour (the limit is " +
                               std::to_string(limits.rejected_per_hour) +
                               "): this document was refused unread; check your documents "
                               "against docs/formats.md and send it again later",
                           seconds_until(hour.oldest, std::chrono::hours(1))};
    }
    if (limits.rejected_bytes_per_day > 0) {
        const auto day =
            documents.rejected_since(request.sender.user, now - std::chrono::hours(24));
        if (day.bytes >= limits.rejected_bytes_per_day)
            return Refusal{"'" + request.sender.user + "' sent " + std::to_string(day.bytes) +
                               " bytes of rejected documents in the last 24 hours (the limit is " +
                               std::to_string(limits.rejected_bytes_per_day) +
                               "): this document was refused unread; send it again later",
                           seconds_until(day.oldest, std::chrono::hours(24))};
    }
    return std::nullopt;
}

}  // namespace

PreparedDocument prepare_document(std::string_view bytes, const std::string& source) {
    PreparedDocument out;
    out.size = bytes.size();
    out.sha256 = sha256_hex(bytes);
    out.parsed = importers::parse_document(bytes, source);
    return out;
}

IngestResult ingest_document(store::Database& db, const IngestRequest& request,
                             const Settings& settings) {
    return apply_received(db, request, settings, receive_document(db, request, settings));
}

ReceivedDocument receive_document(store::Database& db, const IngestRequest& request,
                                  const Settings& settings) {
    ReceivedDocument received;
    IngestResult& result = received.result;
    const PreparedDocument* prepared = request.prepared.get();
    if (prepared && (prepared->size != request.bytes.size() || request.source.empty()))
        throw Error::Internal("a document was prepared from other bytes or without a source");
    DocumentRecord record;
    record.sha256 = prepared ? prepared->sha256 : sha256_hex(request.bytes);
    record.sender = request.sender.user;
    record.channel = request.channel;
    record.source = request.source;
    record.received = request.received;
    record.size = static_cast<std::int64_t>(request.bytes.size());

    if (auto refusal = over_quota(db, request, settings.documents)) {
        // Recorded as received and rejected, with what identifies the bytes (their SHA-256
        // and size) and their first bytes: the sender was told it was refused, not taken.
        record.refused = true;
        record.content = request.bytes.substr(0, settings.documents.refused_prefix_bytes);
        record.content_state = record.content.size() == request.bytes.size()
                                   ? ContentState::kComplete
                                   : ContentState::kPrefix;
        record.outcome = DocumentOutcome::kRejected;
        record.errors = {{"quota_exceeded", refusal->message, 0, 0, request.source}};
        store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
            result.document_id = store::DocumentRepository(conn).archive(record);
        });
        result.outcome = DocumentOutcome::kRejected;
        result.refused = true;
        result.retry_after_seconds = refusal->retry_after_seconds;
        result.problems = record.errors;
        received.sha256 = std::move(record.sha256);
        return received;
    }

    record.content = request.bytes;
    store::with_transaction(db, store::TxMode::kWrite, [&](store::Connection& conn) {
        result.document_id = store::DocumentRepository(conn).archive(record);
    });
    received.sha256 = std::move(record.sha256);
    return received;
}

IngestResult apply_received(store::Database& db, const IngestRequest& request,
                            const Settings& settings, ReceivedDocument received) {
    IngestResult result = std::move(received.result);
    const OutcomeCount counted(result);  // counts the outcome however this returns
    if (result.outcome != DocumentOutcome::kPending)
        return result;  // refused unread
    const PreparedDocument* prepared = request.prepared.get();
    const std::string name =
        request.source.empty() ? "document " + std::to_string(result.document_id) : request.source;

    std::optional<importers::ParseResult> parsed_here;
    const importers::ParseResult& parsed =
        prepared ? prepared->parsed
                 : parsed_here.emplace(importers::parse_document(request.bytes, name));
    result.kind = parsed.kind;
    if (!parsed.ok()) {
        result.problems = parsed.problems;
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
    std::vector<ReturnVersion> stored;
    try {
        store::with_transaction(
            db, store::TxMode::kWrite,
            [&](store::Connection& conn) {
                result.problems.clear();
                result.counts = {};
                touched.clear();
                stored.clear();
                store::DocumentRepository documents(conn);
                // Held to the commit: the recovery of an abandoned document (recovery.h)
                // and this import cannot both settle it.
                if (!documents.lock_pending(result.document_id))
                    throw Settled{};
                // The same bytes already accepted from the same organisation: a retry, and
                // nothing to do. From anyone else the document is applied like any other,
                // so that it meets the same access rules (a shortcut here would tell an
                // outsider that the bytes were accepted) and changes nothing if current.
                auto earlier = documents.find_accepted(received.sha256, result.document_id);
                if (earlier && sent_by_same_organisation(conn, *earlier, request.sender)) {
                    result.outcome = DocumentOutcome::kUnchanged;
                    documents.copy_entities(*earlier, result.document_id);
                } else {
                    DocumentApplier applier(conn, request, result.document_id, name, result);
                    applier.apply(parsed);
                    result.outcome = applier.changed() ? DocumentOutcome::kAccepted
                                                       : DocumentOutcome::kUnchanged;
                    touched = applier.touched();
                    stored = applier.take_stored_returns();
                    applier.finish(settings.clock.now());
                }
                documents.set_outcome(result.document_id, result.outcome, {},
                                      std::string(importers::to_string(result.kind)));
            },
            kApplyAttempts);
    } catch (const Rejected&) {
        result.outcome = DocumentOutcome::kRejected;
        record_outcome(db, result);
        return result;
    } catch (const Settled&) {
        // Another process recorded it as abandoned meanwhile: its outcome and problems stand.
        auto conn = db.acquire();
        if (auto stored = store::DocumentRepository(*conn).find(result.document_id)) {
            result.outcome = stored->outcome;
            result.problems = stored->errors;
        }
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
            // The database is gone; the receipt stays pending (recovery.h settles it) and
            // the caller gets 503.
        }
        // Two writers racing for the same rows past every retry is a busy database, not a
        // conflict the sender could resolve (409): answer 503 so that the sender retries.
        if (e.code() == ErrorCode::kConflict)
            throw Error::Busy("the database was busy applying document " +
                              std::to_string(result.document_id) + ": send it again");
        throw;
    }
    result.touched_contracts = touched;
    crash_point("after_import_commit");

    if (request.defer_scoring) {
        result.stored_returns = std::move(stored);
    } else if (!touched.empty()) {
        // The document is committed whatever happens here, and its contracts are queued in
        // the same transaction: a failed rescore is caught up by the background rescoring
        // (recovery.h), the next start-up, or `scorecard score`. The measures just stored
        // are not read back.
        store::KnownMeasures known;
        known.add(stored);
        try {
            rescore_contracts(db, touched, request.as_of, settings.scoring, request.received, {},
                              &known);
        } catch (const std::exception& e) {
            std::cerr << "scorecard: rescoring after document " << result.document_id
                      << " failed (its contracts stay queued): " << e.what() << "\n";
        }
    }
    return result;
}

}  // namespace scorecard::services
