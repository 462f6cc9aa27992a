// When each published OCDS release was first published (SPEC §7.4: "a release's id and date
// change only when its content changes"). A release's id is made from its content
// (reports/exports.h), so the first time an id is published is the date of that content:
// the same content keeps its id and date however often it is exported, and changed content
// gets a new id and today's date.
//
// Thread safety: a thin view over one Connection, like every repository. Several servers
// may record the same new ids at once: the first recorded date wins and every caller reads
// that one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "store/database.h"

namespace scorecard::store {

struct ReleaseKey {
    std::string release_id;  // unique across every ocid (it is made from the ocid too)
    std::string ocid;        // kept beside it for people reading the table
};

class PublicationRepository {
  public:
    explicit PublicationRepository(Connection& conn) : conn_(conn) {}

    // The first-published time of each release id, recording `now` for ids never published
    // before. Runs its own short write transaction: call it outside a transaction.
    std::map<std::string, Timestamp> first_published(const std::vector<ReleaseKey>& releases,
                                                     Timestamp now);

  private:
    Connection& conn_;
};

}  // namespace scorecard::store
