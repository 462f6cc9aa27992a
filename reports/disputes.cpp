// Disputes as read models (docs/reviews.md).
#include "reports/disputes.h"

#include "reports/csv.h"
#include "reports/entity_json.h"
#include "reports/json_writer.h"
#include "reports/paged_list.h"
#include "reports/report_support.h"
#include "reports/supplier_names.h"

namespace scorecard::reports {
namespace {

using detail::shown;

void write_current_return(JsonWriter& out, const std::optional<DisputedFigure>& figure) {
    if (!figure) {
        out.null();
        return;
    }
    out.begin_object().field("version", figure->version);
    out.key("status");
    if (figure->measure)
        out.value(to_string(figure->measure->status));
    else
        out.null();
    out.field("value", figure->measure ? figure->measure->value : std::nullopt).end_object();
}

void write_period_score(JsonWriter& out, const std::optional<DisputedPeriodScore>& score) {
    if (!score) {
        out.null();
        return;
    }
    out.begin_object();
    out.key("score");
    if (score->score)
        out.value(shown(*score->score));
    else
        out.null();
    out.field("rating", to_string(score->rating)).field("score_exact", score->score);
    out.end_object();
}

}  // namespace

DisputeList load_dispute_list(store::Connection& conn, const Principal& who,
                              store::DisputeFilter filter) {
    return paged::load_page<store::DisputeRepository>(conn, who, std::move(filter),
                                                      &DisputeList::disputes);
}

DisputeList load_every_dispute(store::Connection& conn, const Principal& who,
                               store::DisputeFilter filter) {
    return paged::load_every(
        std::move(filter), &DisputeList::disputes,
        [&](const store::DisputeFilter& f) { return load_dispute_list(conn, who, f); });
}

DisputeRecord dispute_record(store::Connection& conn, Dispute dispute) {
    DisputeRecord record;
    if (auto listing = store::ContractRepository(conn).find_listing(dispute.contract_id)) {
        record.contract_title = listing->contract.title;
        record.authority_id = listing->contract.authority_id;
        record.authority_name = listing->authority_name;
        record.supplier_name = listing->supplier_name;
    } else {
        record.supplier_name = SupplierNames(conn).of(dispute.supplier_id);
    }
    if (dispute.flag_id != 0) {
        record.flag = store::FlagRepository(conn).find(dispute.flag_id);
    } else if (dispute.period) {
        if (auto current =
                store::ReturnRepository(conn).current(dispute.contract_id, *dispute.period)) {
            DisputedFigure figure;
            figure.version = current->version;
            for (const Measure& m : current->figures.measures)
                if (m.kpi_code == dispute.kpi_code)
                    figure.measure = m;
            record.figure = figure;
        }
        for (const PeriodScore& ps :
             store::ScoreRepository(conn).period_scores(dispute.contract_id))
            if (ps.period == *dispute.period)
                record.period_score = DisputedPeriodScore{ps.score, ps.rating};
    }
    record.dispute = std::move(dispute);
    return record;
}

std::string to_json(const DisputeList& list) {
    return list_json("disputes", list.total, list.page, [&](JsonWriter& out) {
        for (const DisputeListEntry& entry : list.disputes) {
            out.begin_object();
            write_dispute_fields(out, entry.dispute);
            out.key("supplier_name").text_or_null(entry.supplier_name);
            out.end_object();
        }
    });
}

std::string to_json(const DisputeRecord& record) {
    JsonWriter out;
    out.begin_object();
    write_dispute_fields(out, record.dispute);
    out.key("contract_title").text_or_null(record.contract_title);
    out.key("authority").text_or_null(record.authority_id);
    out.key("authority_name").text_or_null(record.authority_name);
    out.key("supplier_name").text_or_null(record.supplier_name);
    out.key("current_return");
    write_current_return(out, record.figure);
    out.key("period_score");
    write_period_score(out, record.period_score);
    out.key("disputed_flag");
    if (record.flag)
        write_json(out, *record.flag);
    else
        out.null();
    out.end_object();
    return out.take();
}

std::string to_csv(const DisputeList& list) {
    std::string out =
        csv_row({"id", "supplier", "contract", "kpi", "period", "flag", "status", "reason",
                 "raised_by", "raised", "decided_by", "decided", "decision_reason"});
    for (const DisputeListEntry& entry : list.disputes) {
        const Dispute& d = entry.dispute;
        out += csv_row({csv_number(static_cast<double>(d.id)), csv_field(d.supplier_id),
                        csv_field(d.contract_id), csv_field(d.kpi_code),
                        d.period ? csv_field(d.period->to_string()) : "",
                        d.flag_id != 0 ? csv_number(static_cast<double>(d.flag_id)) : "",
                        csv_field(to_string(d.status)), csv_field(d.reason), csv_field(d.raised_by),
                        csv_field(format_timestamp(d.raised)), csv_field(d.decided_by),
                        d.decided ? csv_field(format_timestamp(*d.decided)) : "",
                        csv_field(d.decision_reason)});
    }
    return out;
}

}  // namespace scorecard::reports
