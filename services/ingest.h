// The import pipeline every document goes through, whatever its channel (API upload, CLI
// import, feed poll, web form, demo):
//
//   0. refuse it unread (429) when the sender has used up its rejected-documents quota
//      (settings documents.*; API, web and polled documents only): recorded as rejected with
//      its SHA-256, its size and only a prefix of its bytes (docs/operations.md "Limits");
//   1. archive the bytes as received (committed on its own: nothing submitted is lost);
//   2. parse and check the document alone (importers/), then against the database and the
//      sender's rights (importers/*_rules), collecting every problem;
//   3. apply it in one transaction (all or nothing), or record it as rejected with its
//      problems; the same bytes accepted before are `unchanged`. The same transaction
//      records what the document defined or changed (who may read it: model/access.h),
//      keeps a feed's differing supplier values as discrepancies instead of applying them
//      (model/supplier_records.h) and queues the contracts it touched for rescoring
//      (store/rescore_queue.h);
//   4. rescore the contracts it touched (unless the caller defers scoring, e.g. bulk import),
//      which takes them off the queue. A process that dies before that leaves them queued
//      for the recovery of services/recovery.h.
//
// Thread safety: ingest_document may be called from many threads (and processes) at once;
// the store serialises writers and retries conflicting transactions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "importers/documents.h"
#include "model/access.h"
#include "model/domain.h"
#include "services/settings.h"
#include "store/database.h"

namespace scorecard::services {

// What step 2 can work out from the bytes alone, before the database is touched: their
// SHA-256 and their parse. `scorecard import` prepares the next files on another thread
// while the database applies the current one; ingest_document does it itself otherwise.
// The bytes are still archived before anything from the parse is used.
struct PreparedDocument {
    std::size_t size = 0;  // of the bytes prepared: a request with other bytes is refused
    std::string sha256;
    importers::ParseResult parsed;  // problems name the request's `source`
};
PreparedDocument prepare_document(std::string_view bytes, const std::string& source);

struct IngestRequest {
    std::string bytes;
    // prepare_document(bytes, source), when the caller made it (a `source` is then needed:
    // without one, problems name the document's id, known once it is archived).
    std::shared_ptr<const PreparedDocument> prepared;
    Principal sender;
    Channel channel = Channel::kApiUpload;
    std::string source;  // file name or URL, used in problem locations
    Timestamp received{};
    bool defer_scoring = false;
    // The kinds this channel takes (e.g. POST /returns takes KpiReturn and KpiReturns);
    // another kind is rejected with problem "wrong_kind". Empty: any kind.
    std::vector<importers::DocumentKind> allowed_kinds;
    Date as_of{};  // for rescoring; ignored when scoring is deferred
};

struct IngestCounts {
    int authorities = 0;  // created or updated
    int suppliers = 0;
    int contracts = 0;
    int kpi_versions = 0;
    int returns = 0;  // return versions stored (new or amendments)
    int amendments = 0;
    // Differing values for existing suppliers kept for an admin, not applied.
    int supplier_discrepancies = 0;
};

struct IngestResult {
    std::int64_t document_id = 0;
    DocumentOutcome outcome = DocumentOutcome::kPending;
    importers::DocumentKind kind = importers::DocumentKind::kUnknown;
    bool malformed = false;  // rejected because it was not well-formed XML (400, not 422)
    // Refused unread because the sender is over its rejected-documents quota (429);
    // retry_after_seconds says when the quota has room again at the earliest.
    bool refused = false;
    std::int64_t retry_after_seconds = 0;
    std::vector<Problem> problems;
    IngestCounts counts;
    std::vector<std::string> touched_contracts;  // sorted, unique
    // With scoring deferred, the return versions the document stored (ids set), accepted and
    // committed: for a caller that rescores their contracts next (RescoringBehind), so that
    // their measures need not be read back (store::KnownMeasures).
    std::vector<ReturnVersion> stored_returns;

    // Rejected only because the sender may not send it: every problem is "forbidden" (the
    // access rules of model/access.h, asked by the importers' checks).
    bool forbidden() const;
};

// How many documents this process has taken through the pipeline (any channel), by kind
// ("unknown" when it could not be told) and outcome; GET /metrics shows them. Thread-safe.
using DocumentCounts = std::map<std::pair<std::string, std::string>, std::uint64_t>;
DocumentCounts documents_processed();

// `settings` gives the scoring policy and the rejected-documents quota (settings.documents).
IngestResult ingest_document(store::Database& db, const IngestRequest& request,
                             const Settings& settings);

// ingest_document in two halves, for a caller that archives the next document while the
// current one is applied (`scorecard import`: the archive is its own transaction, so the
// two can run on two connections). receive_document does steps 0 and 1: the bytes are
// archived and committed, pending (or recorded as refused over quota, which is final);
// apply_received does the rest. ingest_document(db, request, settings) is
// apply_received(db, request, settings, receive_document(db, request, settings)).
// A document received and never applied (the caller stopped) stays pending until the
// recovery of services/recovery.h records it as interrupted, as if its process had died.
struct ReceivedDocument {
    IngestResult result;  // document_id set; when refused, the final result
    std::string sha256;   // of the bytes
};
ReceivedDocument receive_document(store::Database& db, const IngestRequest& request,
                                  const Settings& settings);
IngestResult apply_received(store::Database& db, const IngestRequest& request,
                            const Settings& settings, ReceivedDocument received);

}  // namespace scorecard::services
