// Repositories for what suppliers send and what is computed from it: KPI return versions
// with their measures, received documents, and stored scores.
#include <algorithm>
#include <future>
#include <map>
#include <set>
#include <unordered_map>

#include "model/rating.h"
#include "store/json_text.h"
#include "store/measure_scores_text.h"
#include "store/repositories.h"
#include "store/repository_support.h"

namespace scorecard::store {

using namespace detail;

namespace {

constexpr std::string_view kReturnColumns =
    "r.id, r.contract_id, r.period, r.version, r.document_id, r.submitted_at, r.received_at, "
    "r.submitted_by, r.reason";

ReturnVersion return_version_from(const Row& r) {
    ReturnVersion v;
    v.id = r[0].as_int();
    v.figures.contract_id = r[1].as_text();
    v.figures.period = period_from(r[2]);
    v.version = static_cast<int>(r[3].as_int());
    v.document_id = r[4].as_int();  // NULL reads as 0: entered without a document
    v.figures.submitted = timestamp_from(r[5]);
    v.received = timestamp_from(r[6]);
    v.submitted_by = r[7].as_text();
    v.reason = r[8].as_text();
    return v;
}

// Appends the return versions (without their measures) that `condition`, over
// return_versions r with `params`, selects, in `order`.
void select_versions(Connection& conn, const std::string& condition, const Params& params,
                     const std::string& order, std::vector<ReturnVersion>& out) {
    conn.query("SELECT " + std::string(kReturnColumns) + " FROM return_versions r WHERE " +
                   condition + " ORDER BY " + order,
               params, [&](const Row& r) { out.push_back(return_version_from(r)); });
}

// Fills in the measures of `versions` in as few queries as the IN lists allow.
// Those in `known` are copied from it.
void load_measures(Connection& conn, std::vector<ReturnVersion>& versions,
                   const KnownMeasures* known = nullptr) {
    std::unordered_map<std::int64_t, ReturnVersion*> by_id;
    std::vector<std::int64_t> to_read;
    to_read.reserve(versions.size());
    for (auto& v : versions) {
        if (known && known->find(v.id, v.figures.measures))
            continue;
        by_id[v.id] = &v;
        to_read.push_back(v.id);
    }
    for (std::size_t first = 0; first < to_read.size(); first += kIdsPerQuery) {
        const std::size_t count = std::min(kIdsPerQuery, to_read.size() - first);
        Params ids;
        for (std::size_t i = first; i < first + count; ++i)
            ids.push_back(Value(to_read[i]));
        // In the primary key's order, which the IN list reads without sorting; each
        // version's measures are put in document order (seq) below.
        std::unordered_map<ReturnVersion*, std::vector<std::int64_t>> seqs;
        conn.query(
            "SELECT return_version_id, kpi_code, status, measured_value, numerator, denominator, "
            "note, seq FROM measures WHERE return_version_id IN " +
                placeholders(count),
            ids, [&](const Row& r) {
                Measure m;
                m.kpi_code = r[1].as_text();
                m.status = enum_from<MeasureStatus>(r[2]);
                m.value = r[3].as_optional_double();
                m.numerator = r[4].as_optional_double();
                m.denominator = r[5].as_optional_double();
                m.comment = r[6].as_text();
                ReturnVersion* version = by_id.at(r[0].as_int());
                version->figures.measures.push_back(std::move(m));
                seqs[version].push_back(r[7].as_int());
            });
        for (auto& [version, seq] : seqs) {
            if (std::is_sorted(seq.begin(), seq.end()))
                continue;
            std::vector<std::size_t> order(seq.size());
            for (std::size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::sort(order.begin(), order.end(),
                      [&](std::size_t a, std::size_t b) { return seq[a] < seq[b]; });
            std::vector<Measure> sorted;
            sorted.reserve(order.size());
            for (std::size_t i : order)
                sorted.push_back(std::move(version->figures.measures[i]));
            version->figures.measures = std::move(sorted);
        }
    }
}

// The return as its audit entries record it. A measure names only the fields it has (no
// null figures, no empty comment): a return is the most frequent entry, and with every
// absent field spelled out it took twice the bytes (the largest table after a history load).
std::string return_json(const ReturnVersion& v) {
    std::vector<std::string> measures;
    measures.reserve(v.figures.measures.size());
    for (const Measure& m : v.figures.measures) {
        JsonObject measure;
        measure.add("kpi", m.kpi_code).add("status", text(m.status));
        if (m.value)
            measure.add("value", *m.value);
        if (m.numerator)
            measure.add("numerator", *m.numerator);
        if (m.denominator)
            measure.add("denominator", *m.denominator);
        if (!m.comment.empty())
            measure.add("comment", m.comment);
        measures.push_back(measure.str());
    }
    return JsonObject()
        .add("contract", v.figures.contract_id)
        .add("period", v.figures.period.to_string())
        .add("version", v.version)
        .add("submitted", text(v.figures.submitted))
        .add("submitted_by", v.submitted_by)
        .add("document", v.document_id)
        .add("reason", v.reason)
        .add_raw("measures", json_array(measures))
        .str();
}

using PreviousVersions = std::map<std::pair<std::string, std::string>, ReturnVersion>;

// The audit entries of versions about to be stored: each "create", or "amend" with the
// version it replaces (in `previous`, by contract and period).
std::vector<AuditRow> return_audits(const std::vector<ReturnVersion>& versions,
                                    const PreviousVersions& previous) {
    std::vector<AuditRow> audits;
    audits.reserve(versions.size());
    for (const ReturnVersion& v : versions) {
        const KpiReturn& f = v.figures;
        const std::string period = f.period.to_string();
        auto prev = previous.find({f.contract_id, period});
        const bool amends = prev != previous.end();
        audits.push_back({amends ? "amend" : "create", "return", f.contract_id + "/" + period,
                          amends ? return_json(prev->second) : "", return_json(v)});
    }
    return audits;
}

constexpr std::string_view kDocumentColumns =
    "d.id, d.sha256, d.kind, d.sender, d.channel, d.source, d.received_at, d.outcome, "
    "d.errors_json, d.size, d.refused, c.state";

}  // namespace

// ---- returns ----

ReturnVersion ReturnRepository::add_version(ReturnVersion version, const Change& change) {
    const KpiReturn& f = version.figures;
    const std::string period = f.period.to_string();
    auto previous = current(f.contract_id, f.period);
    version.version = previous ? previous->version + 1 : 1;
    version.received = stamp(version.received, change);
    if (version.submitted_by.empty())
        version.submitted_by = change.actor;
    if (previous) {
        conn_.execute("UPDATE return_versions SET is_current = 0 WHERE id = ?",
                      {Value(previous->id)});
    }
    conn_.execute(
        "INSERT INTO return_versions (contract_id, period, period_start, version, is_current, "
        "document_id, submitted_at, received_at, submitted_by, reason) "
        "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
        {f.contract_id, period, period_start(f.period), version.version,
         null_if_zero(version.document_id), text(f.submitted), text(version.received),
         version.submitted_by, version.reason});
    version.id = conn_.last_insert_id();

    Params values;
    values.reserve(f.measures.size() * 8);
    int seq = 0;
    for (const Measure& m : f.measures) {
        append_row(values, version.id, seq++, m.kpi_code, text(m.status), m.value, m.numerator,
                   m.denominator, m.comment);
    }
    insert_rows(conn_,
                "measures (return_version_id, seq, kpi_code, status, measured_value, numerator, "
                "denominator, note)",
                8, values);

    audit(conn_, change, previous ? "amend" : "create", "return", f.contract_id + "/" + period,
          previous ? return_json(*previous) : "", return_json(version));
    return version;
}

std::vector<ReturnVersion> ReturnRepository::add_versions(std::vector<ReturnVersion> versions,
                                                          const Change& change) {
    // Two versions of one period in one call take turns (the second amends the first).
    std::set<std::pair<std::string, std::string>> keys;
    std::vector<std::string> contract_ids;
    for (const ReturnVersion& v : versions) {
        if (!keys.insert({v.figures.contract_id, v.figures.period.to_string()}).second) {
            for (ReturnVersion& each : versions)
                each = add_version(std::move(each), change);
            return versions;
        }
        contract_ids.push_back(v.figures.contract_id);
    }
    if (versions.empty())
        return versions;
    std::sort(contract_ids.begin(), contract_ids.end());
    contract_ids.erase(std::unique(contract_ids.begin(), contract_ids.end()), contract_ids.end());

    // The current versions these replace, with their measures (for the audit's "before"):
    // only the periods the call holds (a month's returns must not read every earlier month
    // of their contracts), unless they are too many to name.
    std::vector<std::string> periods;
    for (const auto& key : keys)
        periods.push_back(key.second);
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    constexpr std::size_t kPeriodsNamed = 48;
    const bool by_period = periods.size() <= kPeriodsNamed;
    std::vector<ReturnVersion> found;
    for_each_chunk(contract_ids, [&](Params params, const std::string& in_list) {
        std::string condition = "r.contract_id IN " + in_list + " AND r.is_current = 1";
        if (by_period) {
            condition += " AND r.period IN " + placeholders(periods.size());
            params.insert(params.end(), periods.begin(), periods.end());
        }
        select_versions(conn_, condition, params, "r.contract_id, r.period_start", found);
    });
    std::erase_if(found, [&](const ReturnVersion& v) {
        return !keys.contains({v.figures.contract_id, v.figures.period.to_string()});
    });
    load_measures(conn_, found);
    PreviousVersions previous;
    for (ReturnVersion& v : found) {
        std::pair<std::string, std::string> key{v.figures.contract_id,
                                                v.figures.period.to_string()};
        previous.emplace(std::move(key), std::move(v));
    }

    Params superseded;
    Params rows;
    rows.reserve(versions.size() * 10);
    for (ReturnVersion& v : versions) {
        const KpiReturn& f = v.figures;
        auto prev = previous.find({f.contract_id, f.period.to_string()});
        v.version = prev != previous.end() ? prev->second.version + 1 : 1;
        v.received = stamp(v.received, change);
        if (v.submitted_by.empty())
            v.submitted_by = change.actor;
        if (prev != previous.end())
            superseded.push_back(Value(prev->second.id));
        append_row(rows, f.contract_id, f.period.to_string(), period_start(f.period), v.version, 1,
                   null_if_zero(v.document_id), text(f.submitted), text(v.received), v.submitted_by,
                   v.reason);
    }
    // The audit entries (their JSON is most of this call's own work) are made on another
    // thread while the rows below are written: they read `versions` and `previous`, which
    // nothing changes until they are taken (the ids are set after). A few returns are not
    // worth a thread.
    constexpr std::size_t kAuditBesideFrom = 64;
    std::future<std::vector<AuditRow>> audits_made =
        std::async(versions.size() >= kAuditBesideFrom ? std::launch::async : std::launch::deferred,
                   [&versions, &previous] { return return_audits(versions, previous); });
    for (std::size_t first = 0; first < superseded.size(); first += kIdsPerQuery) {
        const std::size_t count = std::min(kIdsPerQuery, superseded.size() - first);
        Params ids(superseded.begin() + static_cast<std::ptrdiff_t>(first),
                   superseded.begin() + static_cast<std::ptrdiff_t>(first + count));
        conn_.execute(
            "UPDATE return_versions SET is_current = 0 WHERE id IN " + placeholders(count), ids);
    }
    insert_rows(conn_,
                "return_versions (contract_id, period, period_start, version, is_current, "
                "document_id, submitted_at, received_at, submitted_by, reason)",
                10, std::move(rows));

    // The ids the rows were given: the current version of each (contract, period) now.
    std::map<std::pair<std::string, std::string>, std::int64_t> ids;
    for_each_chunk(contract_ids, [&](const Params& params, const std::string& in_list) {
        conn_.query("SELECT id, contract_id, period FROM return_versions WHERE contract_id IN " +
                        in_list + " AND is_current = 1",
                    params, [&](const Row& r) {
                        ids[{r[1].as_text(), r[2].as_text()}] = r[0].as_int();
                    });
    });

    Params measures;
    std::size_t measure_count = 0;
    for (const ReturnVersion& v : versions)
        measure_count += v.figures.measures.size();
    measures.reserve(measure_count * 8);
    std::vector<std::int64_t> version_ids;
    version_ids.reserve(versions.size());
    for (const ReturnVersion& v : versions) {
        const KpiReturn& f = v.figures;
        const std::string period = f.period.to_string();
        auto id = ids.find({f.contract_id, period});
        if (id == ids.end())
            throw Error::Internal("the return " + f.contract_id + "/" + period +
                                  " just stored is not current");
        version_ids.push_back(id->second);
        int seq = 0;
        for (const Measure& m : f.measures) {
            append_row(measures, id->second, seq++, m.kpi_code, text(m.status), m.value,
                       m.numerator, m.denominator, m.comment);
        }
    }
    insert_rows(conn_,
                "measures (return_version_id, seq, kpi_code, status, measured_value, numerator, "
                "denominator, note)",
                8, std::move(measures));
    audit_all(conn_, change, audits_made.get());
    for (std::size_t i = 0; i < versions.size(); ++i)
        versions[i].id = version_ids[i];
    return versions;
}

std::vector<ReturnVersion> ReturnRepository::current_versions(
    const std::string& contract_id, std::optional<Date> submitted_by_end_of) {
    auto found = current_versions_of({contract_id}, submitted_by_end_of);
    return found.empty() ? std::vector<ReturnVersion>{} : std::move(found.begin()->second);
}

bool ReturnRepository::all_current_submitted_by(const std::vector<std::string>& contract_ids,
                                                Date end_of) {
    const std::string before = text(start_of(add_days(end_of, 1)));
    bool all = true;
    for_each_chunk(contract_ids, [&](Params chunk, const std::string& in_list) {
        if (!all)
            return;
        chunk.push_back(Value(before));
        all = !conn_.query_one("SELECT 1 FROM return_versions WHERE contract_id IN " + in_list +
                                   " AND is_current = 1 AND submitted_at >= ? LIMIT 1",
                               chunk);
    });
    return all;
}

std::map<std::string, Period> ReturnRepository::last_returned_periods(
    const std::vector<std::string>& contract_ids) {
    // Latest by period start, as current_versions orders them.
    std::map<std::string, std::pair<std::string, Period>> latest;
    for_each_chunk(contract_ids, [&](const Params& params, const std::string& in_list) {
        conn_.query(
            "SELECT contract_id, period_start, period FROM return_versions WHERE "
            "contract_id IN " +
                in_list + " AND is_current = 1",
            params, [&](const Row& r) {
                std::string start = r[1].as_text();
                auto [it, fresh] = latest.try_emplace(r[0].as_text(), start, period_from(r[2]));
                if (!fresh && start > it->second.first)
                    it->second = {std::move(start), period_from(r[2])};
            });
    });
    std::map<std::string, Period> out;
    for (auto& [id, found] : latest)
        out.emplace(id, found.second);
    return out;
}

std::map<std::string, std::vector<ReturnVersion>> ReturnRepository::current_versions_of(
    const std::vector<std::string>& contract_ids, std::optional<Date> submitted_by_end_of,
    const KnownMeasures* known) {
    std::vector<ReturnVersion> all;
    for_each_chunk(contract_ids, [&](Params params, const std::string& in_list) {
        std::string condition = "r.contract_id IN " + in_list;
        if (!submitted_by_end_of) {
            condition += " AND r.is_current = 1";
        } else {
            // The latest version of each period submitted before the next day began.
            const std::string before = text(start_of(add_days(*submitted_by_end_of, 1)));
            params.push_back(Value(before));
            params.push_back(Value(before));
            condition +=
                " AND r.submitted_at < ? AND r.version = (SELECT MAX(r2.version) "
                "FROM return_versions r2 WHERE r2.contract_id = r.contract_id AND "
                "r2.period = r.period AND r2.submitted_at < ?)";
        }
        select_versions(conn_, condition, params, "r.contract_id, r.period_start", all);
    });
    load_measures(conn_, all, known);
    std::map<std::string, std::vector<ReturnVersion>> out;
    for (ReturnVersion& v : all) {
        std::vector<ReturnVersion>& list = out[v.figures.contract_id];
        list.push_back(std::move(v));
    }
    return out;
}

std::optional<ReturnVersion> ReturnRepository::current(const std::string& contract_id,
                                                       const Period& period) {
    std::vector<ReturnVersion> found;
    select_versions(conn_, "r.contract_id = ? AND r.period = ? AND r.is_current = 1",
                    {contract_id, period.to_string()}, "r.version", found);
    if (found.empty())
        return std::nullopt;
    load_measures(conn_, found);
    return found.front();
}

std::vector<ReturnVersion> ReturnRepository::history(const std::string& contract_id,
                                                     const Period& period) {
    std::vector<ReturnVersion> out;
    select_versions(conn_, "r.contract_id = ? AND r.period = ?", {contract_id, period.to_string()},
                    "r.version", out);
    load_measures(conn_, out);
    return out;
}

// ---- documents ----

std::int64_t DocumentRepository::archive(const DocumentRecord& document) {
    if (document.sha256.empty())
        throw Error::Internal("a document must be archived with its SHA-256");
    // Bytes are stored once per distinct content; every receipt is its own documents row.
    const std::string state(to_string(document.content_state));
    auto stored =
        conn_.query_one("SELECT state FROM document_contents WHERE sha256 = ?", {document.sha256});
    if (!stored) {
        conn_.execute("INSERT INTO document_contents (sha256, content, state) VALUES (?, ?, ?)",
                      {document.sha256, document.content, state});
    } else if (document.content_state == ContentState::kComplete &&
               (*stored)[0].as_text() != state) {
        // The same bytes, kept only in part before (refused, or purged): now whole again.
        conn_.execute("UPDATE document_contents SET content = ?, state = ? WHERE sha256 = ?",
                      {document.content, state, document.sha256});
    }
    const std::int64_t size =
        document.size > 0 ? document.size : static_cast<std::int64_t>(document.content.size());
    conn_.execute(
        "INSERT INTO documents (sha256, kind, sender, channel, source, received_at, outcome, "
        "errors_json, size, refused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {document.sha256, document.kind, document.sender, text(document.channel), document.source,
         text(document.received), text(document.outcome), problems_to_json(document.errors),
         Value(static_cast<long long>(size)), document.refused});
    return conn_.last_insert_id();
}

void DocumentRepository::set_outcome(std::int64_t id, DocumentOutcome outcome,
                                     const std::vector<Problem>& errors, const std::string& kind) {
    if (!conn_.query_one("SELECT 1 FROM documents WHERE id = ?", {Value(id)}))
        throw Error::NotFound("no document with id " + std::to_string(id));
    conn_.execute("UPDATE documents SET outcome = ?, errors_json = ?, kind = ? WHERE id = ?",
                  {text(outcome), problems_to_json(errors), kind, Value(id)});
}

std::optional<DocumentRecord> DocumentRepository::find(std::int64_t id) {
    auto row = conn_.query_one("SELECT " + std::string(kDocumentColumns) +
                                   ", c.content FROM documents d JOIN document_contents c "
                                   "ON c.sha256 = d.sha256 WHERE d.id = ?",
                               {Value(id)});
    if (!row)
        return std::nullopt;
    const Row& r = *row;
    DocumentRecord d;
    d.id = r[0].as_int();
    d.sha256 = r[1].as_text();
    d.kind = r[2].as_text();
    d.sender = r[3].as_text();
    d.channel = enum_from<Channel>(r[4]);
    d.source = r[5].as_text();
    d.received = timestamp_from(r[6]);
    d.outcome = enum_from<DocumentOutcome>(r[7]);
    d.errors = problems_from_json(r[8].as_text());
    d.size = r[9].as_int();
    d.refused = r[10].as_bool();
    d.content_state = enum_from<ContentState>(r[11]);
    d.content = r[12].as_text();
    return d;
}

std::optional<std::int64_t> DocumentRepository::find_accepted(const std::string& sha256,
                                                              std::int64_t except_id) {
    auto row = conn_.query_one(
        "SELECT id FROM documents WHERE sha256 = ? AND id <> ? AND outcome IN (?, ?) "
        "ORDER BY id LIMIT 1",
        {sha256, Value(except_id), text(DocumentOutcome::kAccepted),
         text(DocumentOutcome::kUnchanged)});
    if (!row)
        return std::nullopt;
    return (*row)[0].as_int();
}

void DocumentRepository::record_entities(std::int64_t id,
                                         const std::vector<DocumentEntity>& entities) {
    Params rows;
    rows.reserve(entities.size() * 4);
    for (const DocumentEntity& e : entities)
        rows.insert(rows.end(),
                    {Value(static_cast<long long>(id)), e.entity, e.entity_id, e.period});
    insert_rows(conn_, "document_entities (document_id, entity, entity_id, period)", 4,
                std::move(rows));
}

void DocumentRepository::copy_entities(std::int64_t from, std::int64_t to) {
    conn_.execute(
        "INSERT INTO document_entities (document_id, entity, entity_id, period) "
        "SELECT ?, entity, entity_id, period FROM document_entities WHERE document_id = ?",
        {Value(static_cast<long long>(to)), Value(static_cast<long long>(from))});
}

std::vector<DocumentEntity> DocumentRepository::entities(std::int64_t id) {
    std::vector<DocumentEntity> out;
    conn_.query(
        "SELECT entity, entity_id, period FROM document_entities WHERE document_id = ? "
        "ORDER BY entity, entity_id, period",
        {Value(static_cast<long long>(id))}, [&](const Row& r) {
            out.push_back({r[0].as_text(), r[1].as_text(), r[2].as_text()});
        });
    return out;
}

bool DocumentRepository::lock_pending(std::int64_t id) {
    // A no-op UPDATE takes the row's lock on MySQL, as ContractRepository::lock does.
    return conn_.execute("UPDATE documents SET outcome = outcome WHERE id = ? AND outcome = ?",
                         {Value(static_cast<long long>(id)), text(DocumentOutcome::kPending)}) == 1;
}

std::vector<std::int64_t> DocumentRepository::pending_before(Timestamp received_before) {
    std::vector<std::int64_t> out;
    conn_.query("SELECT id FROM documents WHERE outcome = ? AND received_at <= ? ORDER BY id",
                {text(DocumentOutcome::kPending), text(received_before)},
                [&](const Row& r) { out.push_back(r[0].as_int()); });
    return out;
}

std::int64_t DocumentRepository::count_pending() {
    auto row = conn_.query_one("SELECT COUNT(*) FROM documents WHERE outcome = ?",
                               {text(DocumentOutcome::kPending)});
    return row ? (*row)[0].as_int() : 0;
}

bool DocumentRepository::reject_if_pending(std::int64_t id, const std::vector<Problem>& errors) {
    return conn_.execute(
               "UPDATE documents SET outcome = ?, errors_json = ? WHERE id = ? AND outcome = ?",
               {text(DocumentOutcome::kRejected), problems_to_json(errors),
                Value(static_cast<long long>(id)), text(DocumentOutcome::kPending)}) == 1;
}

DocumentRepository::RejectedTally DocumentRepository::rejected_since(const std::string& sender,
                                                                     Timestamp since) {
    RejectedTally out;
    auto row = conn_.query_one(
        "SELECT COUNT(*), COALESCE(SUM(size), 0), MIN(received_at) FROM documents WHERE sender = ? "
        "AND "
        "received_at >= ? AND outcome = ? AND refused = 0",
        {sender, text(since), text(DocumentOutcome::kRejected)});
    if (row) {
        out.documents = (*row)[0].as_int();
        out.bytes = (*row)[1].as_int();
        out.oldest = optional_timestamp_from((*row)[2]);
    }
    return out;
}

DocumentRepository::Purged DocumentRepository::purge_rejected(Timestamp received_before) {
    // The contents only old rejected documents refer to: bytes that any other document (an
    // accepted one, or a newer receipt) refers to stay.
    constexpr std::string_view kPurgeable =
        " FROM document_contents c WHERE c.state <> 'purged' AND c.sha256 IN (SELECT d.sha256 "
        "FROM documents d WHERE d.outcome = ? AND d.received_at < ?) AND c.sha256 NOT IN "
        "(SELECT e.sha256 FROM documents e WHERE e.outcome <> ? OR e.received_at >= ?)";
    const Params params{text(DocumentOutcome::kRejected), text(received_before),
                        text(DocumentOutcome::kRejected), text(received_before)};
    Purged out;
    std::vector<std::string> hashes;
    conn_.query("SELECT c.sha256, LENGTH(c.content)" + std::string(kPurgeable), params,
                [&](const Row& r) {
                    hashes.push_back(r[0].as_text());
                    out.bytes += r[1].as_int();
                });
    for_each_chunk(hashes, [&](Params chunk, const std::string& in_list) {
        auto row =
            conn_.query_one("SELECT COUNT(*) FROM documents WHERE sha256 IN " + in_list, chunk);
        out.documents += row ? (*row)[0].as_int() : 0;
        Params update{"", text(ContentState::kPurged)};
        update.insert(update.end(), chunk.begin(), chunk.end());
        conn_.execute(
            "UPDATE document_contents SET content = ?, state = ? WHERE sha256 IN " + in_list,
            update);
    });
    return out;
}

// ---- scores ----

bool ScoreRepository::replace_contract_scores(const std::string& contract_id,
                                              const std::vector<PeriodScore>& periods) {
    return replace_contract_scores(contract_id, periods, period_scores(contract_id));
}

namespace {

// A period score from (period, score, rating) at column `first`, without its measures.
PeriodScore period_score_from(const Row& r, std::size_t first) {
    PeriodScore p;
    p.period = period_from(r[first]);
    p.score = r[first + 1].as_optional_double();
    p.rating = enum_from<Rating>(r[first + 2]);
    return p;
}

// The same from (period, score, rating, measures) at column `first`, with its measures.
PeriodScore period_score_with_measures_from(const Row& r, std::size_t first) {
    PeriodScore p = period_score_from(r, first);
    if (!r[first + 3].is_null())
        p.measures = measure_scores_from_text(r[first + 3].as_text());
    return p;
}

bool same_row(const PeriodScore& a, const PeriodScore& b) {
    return a.period == b.period && a.score == b.score && a.rating == b.rating;
}

}  // namespace

bool ScoreRepository::replace_contract_scores(const std::string& contract_id,
                                              const std::vector<PeriodScore>& periods,
                                              const std::vector<PeriodScore>& stored) {
    return replace_scores_of({{&contract_id, &periods, &stored}}).front();
}

std::vector<bool> ScoreRepository::replace_scores_of(const std::vector<ScoresToWrite>& contracts) {
    // Scores are derived data, written without an audit entry; reports cached on the data
    // version must still see them move: every write below notes the change (a rescore that
    // changes nothing writes nothing and leaves the version).
    std::vector<bool> changed(contracts.size(), false);
    Params period_rows;
    std::vector<std::string> current_gone;  // contracts whose contract_scores row goes
    Params current_rows;
    std::vector<std::string> digested;
    Params digest_rows;
    for (std::size_t i = 0; i < contracts.size(); ++i) {
        const std::string& contract_id = *contracts[i].contract_id;
        const std::vector<PeriodScore>& periods = *contracts[i].periods;
        const std::vector<PeriodScore>& stored = *contracts[i].stored;
        std::map<Period, const PeriodScore*> before;
        for (const PeriodScore& p : stored)
            before.emplace(p.period, &p);
        const auto write = [&](std::string_view sql, const Params& params) {
            conn_.execute(sql, params);
            changed[i] = true;
        };
        for (const PeriodScore& p : periods) {
            auto it = before.find(p.period);
            const PeriodScore* old = it == before.end() ? nullptr : it->second;
            if (it != before.end())
                before.erase(it);
            if (old != nullptr && same_row(*old, p) && old->measures == p.measures)
                continue;
            const std::string period = p.period.to_string();
            if (old == nullptr) {
                append_row(period_rows, contract_id, period, period_start(p.period), p.score,
                           text(p.rating), measure_scores_text(p.measures));
                changed[i] = true;
            } else {
                write(
                    "UPDATE period_scores SET score = ?, rating = ?, measures = ? WHERE "
                    "contract_id = ? AND period = ?",
                    {Value(p.score), text(p.rating), measure_scores_text(p.measures), contract_id,
                     period});
            }
        }
        // Periods no longer scored.
        for (const auto& [period, p] : before) {
            write("DELETE FROM period_scores WHERE contract_id = ? AND period = ?",
                  {contract_id, period.to_string()});
        }
        const PeriodScore* current = current_score(periods);
        const PeriodScore* was = current_score(stored);
        const bool has = current && current->score;
        const bool had = was && was->score;
        if (has != had || (has && !same_row(*current, *was))) {
            changed[i] = true;
            current_gone.push_back(contract_id);
            if (has) {
                append_row(current_rows, contract_id, current->period.to_string(), *current->score,
                           text(current->rating));
            }
        }
        // The digest of what is stored now. Written every time (a caller that compared
        // digests calls this only when they differ); it is derived data like the scores, and
        // moves no version by itself.
        digested.push_back(contract_id);
        append_row(digest_rows, contract_id, scores_digest(periods));
    }
    insert_rows(conn_, "period_scores (contract_id, period, period_start, score, rating, measures)",
                6, std::move(period_rows));
    for_each_chunk(current_gone, [&](const Params& ids, const std::string& in_list) {
        conn_.execute("DELETE FROM contract_scores WHERE contract_id IN " + in_list, ids);
    });
    insert_rows(conn_, "contract_scores (contract_id, period, score, rating)", 4,
                std::move(current_rows));
    for_each_chunk(digested, [&](const Params& ids, const std::string& in_list) {
        conn_.execute("DELETE FROM score_digests WHERE contract_id IN " + in_list, ids);
    });
    insert_rows(conn_, "score_digests (contract_id, digest)", 2, std::move(digest_rows));
    if (std::find(changed.begin(), changed.end(), true) != changed.end())
        conn_.note_change();
    return changed;
}

std::map<std::string, std::vector<PeriodScore>> ScoreRepository::period_scores_of(
    const std::vector<std::string>& contract_ids) {
    std::map<std::string, std::vector<PeriodScore>> out;
    for_each_chunk(contract_ids, [&](const Params& ids, const std::string& in_list) {
        conn_.query(
            "SELECT contract_id, period, score, rating, measures FROM period_scores WHERE "
            "contract_id IN " +
                in_list + " ORDER BY contract_id, period_start",
            ids, [&](const Row& r) {
                out[r[0].as_text()].push_back(period_score_with_measures_from(r, 1));
            });
    });
    return out;
}

std::map<std::string, std::string> ScoreRepository::score_digests_of(
    const std::vector<std::string>& contract_ids) {
    std::map<std::string, std::string> out;
    for_each_chunk(contract_ids, [&](const Params& ids, const std::string& in_list) {
        conn_.query("SELECT contract_id, digest FROM score_digests WHERE contract_id IN " + in_list,
                    ids, [&](const Row& r) { out.emplace(r[0].as_text(), r[1].as_text()); });
    });
    return out;
}

std::map<std::string, std::vector<PeriodScore>> ScoreRepository::period_history_of(
    const std::vector<std::string>& contract_ids) {
    std::map<std::string, std::vector<PeriodScore>> out;
    for_each_chunk(contract_ids, [&](const Params& ids, const std::string& in_list) {
        conn_.query(
            "SELECT contract_id, period, score, rating FROM period_scores WHERE contract_id IN " +
                in_list + " ORDER BY contract_id, period_start",
            ids, [&](const Row& r) { out[r[0].as_text()].push_back(period_score_from(r, 1)); });
    });
    return out;
}

std::vector<PeriodScore> ScoreRepository::period_scores(const std::string& contract_id) {
    auto found = period_scores_of({contract_id});
    return found.empty() ? std::vector<PeriodScore>{} : std::move(found.begin()->second);
}

namespace {

// " JOIN contracts c ON c.id = <alias>.contract_id WHERE …" narrowing a score query to the
// scope's contracts (nothing when the scope is everything), with its parameters.
Where scope_where(const ContractFilter& scope) {
    Where where;
    if (!scope.authority_id.empty())
        where.add("c.authority_id = ?", {scope.authority_id});
    if (!scope.supplier_id.empty())
        where.add("c.supplier_id = ?", {scope.supplier_id});
    return where;
}

std::string scope_join(const ContractFilter& scope, std::string_view alias) {
    if (scope.authority_id.empty() && scope.supplier_id.empty())
        return "";
    return " JOIN contracts c ON c.id = " + std::string(alias) + ".contract_id";
}

}  // namespace

std::map<std::string, PeriodScore> ScoreRepository::current_scores(const ContractFilter& scope) {
    std::map<std::string, PeriodScore> out;
    const Where where = scope_where(scope);
    conn_.query("SELECT cs.contract_id, cs.period, cs.score, cs.rating FROM contract_scores cs" +
                    scope_join(scope, "cs") + where.sql(),
                where.params(), [&](const Row& r) {
                    PeriodScore p = period_score_from(r, 1);
                    out.emplace(r[0].as_text(), std::move(p));
                });
    return out;
}

std::map<std::string, PeriodScore> ScoreRepository::latest_period_scores(
    const ContractFilter& scope) {
    std::map<std::string, PeriodScore> out;
    // Periods of one contract share its frequency, so the latest start is one period. The
    // CROSS JOIN keeps SQLite's join order (latest periods first, then their rows by primary
    // key); MySQL reads it as an inner join.
    const std::string latest =
        " FROM (SELECT contract_id, MAX(period_start) AS latest FROM period_scores "
        "GROUP BY contract_id) l CROSS JOIN period_scores ps ON ps.contract_id = l.contract_id "
        "AND ps.period_start = l.latest";
    const Where where = scope_where(scope);
    conn_.query("SELECT ps.contract_id, ps.period, ps.score, ps.rating, ps.measures" + latest +
                    scope_join(scope, "ps") + where.sql(),
                where.params(), [&](const Row& r) {
                    out.emplace(r[0].as_text(), period_score_with_measures_from(r, 1));
                });
    return out;
}

void ScoreRepository::each_period_score(
    const ContractFilter& scope, Date first, Date last,
    const std::function<void(const std::string&, const PeriodScore&)>& on_period) {
    Where where = scope_where(scope);
    where.add("ps.period_start >= ?", {text(first)});
    where.add("ps.period_start <= ?", {text(last)});
    conn_.query("SELECT ps.contract_id, ps.period, ps.score, ps.rating FROM period_scores ps" +
                    scope_join(scope, "ps") + where.sql() +
                    " ORDER BY ps.contract_id, ps.period_start",
                where.params(), [&](const Row& r) {
                    PeriodScore p = period_score_from(r, 1);
                    on_period(r[0].as_text(), p);
                });
}

bool ScoreRepository::put_supplier_score(const std::string& supplier_id,
                                         std::optional<double> score, const RatingBands& bands) {
    return put_supplier_scores({{supplier_id, score}}, bands).contains(supplier_id);
}

std::set<std::string> ScoreRepository::put_supplier_scores(
    const std::map<std::string, std::optional<double>>& scores, const RatingBands& bands) {
    std::vector<std::string> ids;
    for (const auto& [id, score] : scores)
        ids.push_back(id);
    std::map<std::string, std::pair<std::optional<double>, std::string>> stored;
    for_each_chunk(ids, [&](const Params& chunk, const std::string& in_list) {
        conn_.query("SELECT supplier_id, score, rating FROM supplier_scores WHERE supplier_id IN " +
                        in_list,
                    chunk, [&](const Row& r) {
                        stored[r[0].as_text()] = {r[1].as_optional_double(), r[2].as_text()};
                    });
    });
    // Written, and the data version moved, only where it differs.
    std::set<std::string> changed;
    Params rows;
    for (const auto& [id, score] : scores) {
        const std::string rating = score ? text(rating_for_score(*score, bands)) : std::string();
        const auto was = stored.find(id);
        if (was != stored.end()
                ? score && was->second.first == score && was->second.second == rating
                : !score)
            continue;
        changed.insert(id);
        if (score)
            append_row(rows, id, *score, rating);
    }
    if (changed.empty())
        return changed;
    conn_.note_change();
    std::vector<std::string> replaced;  // the changed ones that had a row
    for (const std::string& id : changed) {
        if (stored.contains(id))
            replaced.push_back(id);
    }
    for_each_chunk(replaced, [&](const Params& chunk, const std::string& in_list) {
        conn_.execute("DELETE FROM supplier_scores WHERE supplier_id IN " + in_list, chunk);
    });
    insert_rows(conn_, "supplier_scores (supplier_id, score, rating)", 3, std::move(rows));
    return changed;
}

std::optional<double> ScoreRepository::supplier_score(const std::string& supplier_id) {
    auto row =
        conn_.query_one("SELECT score FROM supplier_scores WHERE supplier_id = ?", {supplier_id});
    if (!row)
        return std::nullopt;
    return (*row)[0].as_optional_double();
}

std::map<std::string, std::optional<double>> ScoreRepository::supplier_scores_of(
    const std::vector<std::string>& supplier_ids) {
    std::map<std::string, std::optional<double>> out;
    for_each_chunk(supplier_ids, [&](const Params& chunk, const std::string& in_list) {
        conn_.query(
            "SELECT supplier_id, score FROM supplier_scores WHERE supplier_id IN " + in_list, chunk,
            [&](const Row& r) { out[r[0].as_text()] = r[1].as_optional_double(); });
    });
    return out;
}

ScoreRepository::ClassCount ScoreRepository::class_count(SizeGroup group, double score) {
    auto row = conn_.query_one(
        std::string("SELECT COUNT(*), COALESCE(SUM(CASE WHEN ss.score <= ? THEN 1 ELSE 0 END), 0) "
                    "FROM supplier_scores ss JOIN suppliers s ON s.id = ss.supplier_id "
                    "WHERE s.size_class ") +
            (group == SizeGroup::kLarge ? "= ?" : "<> ?"),
        {score, text(SizeClass::kLarge)});
    if (!row)
        return {};
    return {(*row)[1].as_int(), (*row)[0].as_int()};
}

std::vector<double> ScoreRepository::supplier_scores(SizeGroup group) {
    // The group is the supplier's size now, read through the join rather than copied.
    std::vector<double> out;
    conn_.query(std::string("SELECT ss.score FROM supplier_scores ss JOIN suppliers s ON "
                            "s.id = ss.supplier_id WHERE s.size_class ") +
                    (group == SizeGroup::kLarge ? "= ?" : "<> ?") + " ORDER BY ss.score",
                {text(SizeClass::kLarge)}, [&](const Row& r) { out.push_back(r[0].as_double()); });
    return out;
}

}  // namespace scorecard::store
