#include "store/publication_repository.h"

#include <algorithm>
#include <set>

#include "store/repository_support.h"

namespace scorecard::store {

using namespace detail;

namespace {

// Reads the recorded dates of `ids` into `out`, a bounded IN list at a time.
void read_dates(Connection& conn, const std::vector<std::string>& ids,
                std::map<std::string, Timestamp>& out) {
    for (std::size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
        const std::size_t last = std::min(ids.size(), first + kIdsPerQuery);
        Params params(ids.begin() + static_cast<std::ptrdiff_t>(first),
                      ids.begin() + static_cast<std::ptrdiff_t>(last));
        conn.query("SELECT release_id, first_published FROM ocds_releases WHERE release_id IN " +
                       placeholders(last - first),
                   params, [&](const Row& r) { out[r[0].as_text()] = timestamp_from(r[1]); });
    }
}

}  // namespace

std::map<std::string, Timestamp> PublicationRepository::first_published(
    const std::vector<ReleaseKey>& releases, Timestamp now) {
    std::vector<std::string> ids;
    ids.reserve(releases.size());
    for (const ReleaseKey& r : releases)
        ids.push_back(r.release_id);
    std::map<std::string, Timestamp> dates;
    read_dates(conn_, ids, dates);

    std::vector<std::string> new_ids;
    std::set<std::string> seen;
    Params rows;
    for (const ReleaseKey& r : releases) {
        if (dates.count(r.release_id) != 0 || !seen.insert(r.release_id).second)
            continue;
        new_ids.push_back(r.release_id);
        rows.insert(rows.end(), {r.release_id, r.ocid, text(now)});
    }
    if (new_ids.empty())
        return dates;
    constexpr std::string_view kInsert = "ocds_releases (release_id, ocid, first_published)";
    try {
        Transaction tx(conn_, TxMode::kWrite);
        insert_rows(conn_, kInsert, 3, rows);
        tx.commit();
    } catch (const Error& e) {
        if (e.code() != ErrorCode::kConflict)
            throw;
        // Another server recorded some of them first: record the rest one by one; theirs
        // stand.
        for (std::size_t i = 0; i < rows.size(); i += 3) {
            try {
                insert_rows(conn_, kInsert, 3, {rows[i], rows[i + 1], rows[i + 2]});
            } catch (const Error& again) {
                if (again.code() != ErrorCode::kConflict)
                    throw;
            }
        }
    }
    // Read back what was recorded (ours, or a date another server recorded first).
    read_dates(conn_, new_ids, dates);
    return dates;
}

}  // namespace scorecard::store
