#include "reports/report_support.h"

#include <cmath>
#include <iterator>
#include <numeric>

namespace scorecard::reports::detail {

std::optional<double> mean_of(const std::vector<double>& values) {
    if (values.empty())
        return std::nullopt;
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double shown(double score) {
    return std::round(score * 10) / 10;
}

Rendered json_document(std::string body) {
    return {kJsonType, std::move(body)};
}

Rendered csv_document(std::string body) {
    return {kCsvType, std::move(body)};
}

namespace {

constexpr int kPageLimit = 1000;

// Pages through `fetch` until a short page says there is no more.
template <class T, class Filter, class Fetch>
std::vector<T> every_page(Filter filter, Fetch fetch) {
    std::vector<T> out;
    filter.page.limit = kPageLimit;
    filter.page.offset = 0;
    for (;;) {
        std::vector<T> batch = fetch(filter);
        const std::size_t got = batch.size();
        out.insert(out.end(), std::make_move_iterator(batch.begin()),
                   std::make_move_iterator(batch.end()));
        if (got < static_cast<std::size_t>(kPageLimit))
            return out;
        filter.page.offset += kPageLimit;
    }
}

}  // namespace

std::vector<Contract> all_contracts(store::Connection& conn, store::ContractFilter filter) {
    store::ContractRepository repo(conn);
    return every_page<Contract>(std::move(filter),
                                [&](const store::ContractFilter& f) { return repo.list(f); });
}

std::vector<Supplier> all_suppliers(store::Connection& conn, store::SupplierFilter filter) {
    store::SupplierRepository repo(conn);
    return every_page<Supplier>(std::move(filter),
                                [&](const store::SupplierFilter& f) { return repo.list(f); });
}

std::vector<Flag> all_flags(store::Connection& conn, store::FlagFilter filter) {
    store::FlagRepository repo(conn);
    return every_page<Flag>(std::move(filter),
                            [&](const store::FlagFilter& f) { return repo.list(f); });
}

// SPEC §1 "may see", for flags: flags belong to contracts, so the contract rule decides.
bool scope_flags(store::FlagFilter& filter, const Principal& who) {
    return narrow_to_scope(who, filter.authority_id, filter.supplier_id);
}

}  // namespace scorecard::reports::detail
