// How the workflow's read models (reports/reviews.h, reports/disputes.h) read a list of the
// records a caller may see: one page, or every page for a download. Internal to reports/.
//
// Thread safety: the functions use one Connection the caller holds.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/access.h"
#include "reports/supplier_names.h"
#include "store/database.h"

namespace scorecard::reports::paged {

// The largest page the store reads at once (store::Page).
inline constexpr int kMostAtOnce = 1000;

// The filter's page of the records `who` may see, each with its supplier's name: narrowed
// by model/access.h's narrow_to_scope() before the store is asked, so that the page and its
// total count only those. `List` has `total`, `page` and the vector `entries` points at, of
// {record, supplier name}; `Repository` has list(filter) and count(filter).
template <class Repository, class List, class Entry, class Filter>
List load_page(store::Connection& conn, const Principal& who, Filter filter,
               std::vector<Entry> List::*entries) {
    List list;
    list.page = filter.page;
    if (!narrow_to_scope(who, filter.authority_id, filter.supplier_id))
        return list;
    Repository repo(conn);
    SupplierNames names(conn);
    for (auto& record : repo.list(filter)) {
        std::string name = names.of(record.supplier_id);
        (list.*entries).push_back(Entry{std::move(record), std::move(name)});
    }
    list.total = repo.count(filter);
    return list;
}

// Every record the filter matches (its page is not used), read kMostAtOnce at a time with
// `load` (a load_page of the same list): what a CSV download holds. The list's page is all
// of it.
template <class List, class Entry, class Filter, class Load>
List load_every(Filter filter, std::vector<Entry> List::*entries, const Load& load) {
    List every;
    filter.page = {kMostAtOnce, 0};
    for (;;) {
        List part = load(filter);
        every.total = part.total;
        const std::size_t read = (part.*entries).size();
        for (Entry& entry : part.*entries)
            (every.*entries).push_back(std::move(entry));
        if (read < static_cast<std::size_t>(kMostAtOnce))
            break;
        filter.page.offset += kMostAtOnce;
    }
    every.page = {static_cast<int>((every.*entries).size()), 0};
    return every;
}

}  // namespace scorecard::reports::paged
