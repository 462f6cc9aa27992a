// Partnership reviews as people and tools read them (SPEC §2 "Partnership review",
// docs/reviews.md): a page of the reviews a caller may see (GET /api/v1/reviews, the
// /reviews page, /reviews.csv) and one review with its history, action plan and comments
// (GET /api/v1/reviews/{id}, the /reviews/{id} page), each with the supplier's name.
//
// Lists are narrowed by model/access.h's narrow_to_scope() before they reach the database,
// so a page and its total count only what the caller may see. One review is loaded by
// services::Workflow::review(), which decides whether the caller may see it
// (model/review_rules.h); review_record() adds what is shown beside it.
//
// The writers are pure functions of the structs (no database inside them).
//
// Thread safety: the load functions use one Connection the caller holds; the writers are
// pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/access.h"
#include "model/domain.h"
#include "store/database.h"
#include "store/repositories.h"

namespace scorecard::reports {

// One review in a list.
struct ReviewListEntry {
    Review review;              // with transitions and actions, without comments
    std::string supplier_name;  // "" when the supplier is not in the directory
};

// One page of the reviews a caller may see, newest first.
struct ReviewList {
    std::vector<ReviewListEntry> reviews;
    std::int64_t total = 0;  // every review the filter matches, on this page or not
    store::Page page;        // the part of them this list holds
};

// One review with everything it has.
struct ReviewRecord {
    Review review;              // with transitions, comments and actions
    std::string supplier_name;  // "" when the supplier is not in the directory
};

// The filter's page of the reviews `who` may see.
ReviewList load_review_list(store::Connection& conn, const Principal& who,
                            store::ReviewFilter filter);
// Every review the filter matches that `who` may see (the filter's page is not used), read a
// thousand at a time: what a CSV download holds.
ReviewList load_every_review(store::Connection& conn, const Principal& who,
                             store::ReviewFilter filter);
// `review`, as services::Workflow::review() let the caller have it, with the supplier's name.
ReviewRecord review_record(store::Connection& conn, Review review);

// {"reviews": [{"id","supplier","state","opened","reason","transitions","actions",
//  "supplier_name"}], "total","limit","offset"} (reports/entity_json.h writes a review's
// fields; supplier_name is null when unknown).
std::string to_json(const ReviewList& list);
// {"id","supplier","state","opened","reason","transitions","actions","comments",
//  "supplier_name"}
std::string to_json(const ReviewRecord& record);
// id,supplier,state,opened,reason: a header and one row per review of the list.
std::string to_csv(const ReviewList& list);

}  // namespace scorecard::reports
