// Partnership reviews as read models (docs/reviews.md).
#include "reports/reviews.h"

#include "reports/csv.h"
#include "reports/entity_json.h"
#include "reports/json_writer.h"
#include "reports/paged_list.h"
#include "reports/supplier_names.h"

namespace scorecard::reports {
namespace {

void write_entry_fields(JsonWriter& out, const Review& review, bool with_comments,
                        const std::string& supplier_name) {
    write_review_fields(out, review, with_comments);
    out.key("supplier_name").text_or_null(supplier_name);
}

}  // namespace

ReviewList load_review_list(store::Connection& conn, const Principal& who,
                            store::ReviewFilter filter) {
    return paged::load_page<store::ReviewRepository>(conn, who, std::move(filter),
                                                     &ReviewList::reviews);
}

ReviewList load_every_review(store::Connection& conn, const Principal& who,
                             store::ReviewFilter filter) {
    return paged::load_every(
        std::move(filter), &ReviewList::reviews,
        [&](const store::ReviewFilter& f) { return load_review_list(conn, who, f); });
}

ReviewRecord review_record(store::Connection& conn, Review review) {
    std::string name = SupplierNames(conn).of(review.supplier_id);
    return {std::move(review), std::move(name)};
}

std::string to_json(const ReviewList& list) {
    return list_json("reviews", list.total, list.page, [&](JsonWriter& out) {
        for (const ReviewListEntry& entry : list.reviews) {
            out.begin_object();
            write_entry_fields(out, entry.review, false, entry.supplier_name);
            out.end_object();
        }
    });
}

std::string to_json(const ReviewRecord& record) {
    JsonWriter out;
    out.begin_object();
    write_entry_fields(out, record.review, true, record.supplier_name);
    out.end_object();
    return out.take();
}

std::string to_csv(const ReviewList& list) {
    std::string out = csv_row({"id", "supplier", "state", "opened", "reason"});
    for (const ReviewListEntry& entry : list.reviews) {
        const Review& r = entry.review;
        out += csv_row({csv_number(static_cast<double>(r.id)), csv_field(r.supplier_id),
                        csv_field(to_string(r.state)), csv_field(format_timestamp(r.opened)),
                        csv_field(r.reason)});
    }
    return out;
}

}  // namespace scorecard::reports
