// The import pipeline every document goes through, whatever its channel (API upload, CLI
// import, feed poll, web form, demo):
//
//   1. archive the bytes as received (committed on its own: nothing submitted is lost);
//   2. parse and check the document alone (importers/), then against the database and the
//      sender's rights (importers/*_rules), collecting every problem;
//   3. apply it in one transaction (all or nothing), or record it as rejected with its
//      problems; the same bytes accepted before are `unchanged`;
//   4. rescore the contracts it touched (unless the caller defers scoring, e.g. bulk import).
//
// Thread safety: ingest_document may be called from many threads (and processes) at once;
// the store serialises writers and retries conflicting transactions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "importers/documents.h"
#include "model/access.h"
#include "services/settings.h"
#include "store/database.h"

namespace scorecard::services {

struct IngestRequest {
    std::string bytes;
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
};

struct IngestResult {
    std::int64_t document_id = 0;
    DocumentOutcome outcome = DocumentOutcome::kPending;
    importers::DocumentKind kind = importers::DocumentKind::kUnknown;
    bool malformed = false;  // rejected because it was not well-formed XML (400, not 422)
    std::vector<Problem> problems;
    IngestCounts counts;
    std::vector<std::string> touched_contracts;  // sorted, unique

    // Rejected only because the sender may not send it: every problem is "forbidden" (the
    // access rules of model/access.h, asked by the importers' checks).
    bool forbidden() const;
};

// How many documents this process has taken through the pipeline (any channel), by kind
// ("unknown" when it could not be told) and outcome; GET /metrics shows them. Thread-safe.
using DocumentCounts = std::map<std::pair<std::string, std::string>, std::uint64_t>;
DocumentCounts documents_processed();

IngestResult ingest_document(store::Database& db, const IngestRequest& request,
                             const ScoringPolicy& policy);

}  // namespace scorecard::services
