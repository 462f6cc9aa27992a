// Repositories for what suppliers send and what is computed from it: KPI return versions
// with their measures, received documents, and stored scores.
#include <map>
#include <unordered_map>

#include "model/rating.h"
#include "store/json_text.h"
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

// Fills in the measures of `versions` in as few queries as the IN lists allow.
void load_measures(Connection& conn, std::vector<ReturnVersion>& versions) {
    std::unordered_map<std::int64_t, ReturnVersion*> by_id;
    for (auto& v : versions)
        by_id[v.id] = &v;
    for (std::size_t first = 0; first < versions.size(); first += kRowsPerInsert) {
        const std::size_t count = std::min(kRowsPerInsert, versions.size() - first);
        Params ids;
        for (std::size_t i = first; i < first + count; ++i)
            ids.push_back(Value(versions[i].id));
        conn.query(
            "SELECT return_version_id, kpi_code, status, measured_value, numerator, denominator, "
            "note FROM measures WHERE return_version_id IN " +
                placeholders(count) + " ORDER BY return_version_id, seq",
            ids, [&](const Row& r) {
                Measure m;
                m.kpi_code = r[1].as_text();
                m.status = enum_from<MeasureStatus>(r[2]);
                m.value = r[3].as_optional_double();
                m.numerator = r[4].as_optional_double();
                m.denominator = r[5].as_optional_double();
                m.comment = r[6].as_text();
                by_id.at(r[0].as_int())->figures.measures.push_back(std::move(m));
            });
    }
}

std::string return_json(const ReturnVersion& v) {
    std::vector<std::string> measures;
    for (const Measure& m : v.figures.measures) {
        measures.push_back(JsonObject()
                               .add("kpi", m.kpi_code)
                               .add("status", text(m.status))
                               .add("value", m.value)
                               .add("numerator", m.numerator)
                               .add("denominator", m.denominator)
                               .add("comment", m.comment)
                               .str());
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

constexpr std::string_view kDocumentColumns =
    "d.id, d.sha256, d.kind, d.sender, d.channel, d.source, d.received_at, d.outcome, "
    "d.errors_json";

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
        values.insert(values.end(),
                      {Value(version.id), seq++, m.kpi_code, text(m.status), Value(m.value),
                       Value(m.numerator), Value(m.denominator), m.comment});
    }
    insert_rows(conn_,
                "measures (return_version_id, seq, kpi_code, status, measured_value, numerator, "
                "denominator, note)",
                8, values);

    audit(conn_, change, previous ? "amend" : "create", "return", f.contract_id + "/" + period,
          previous ? return_json(*previous) : "", return_json(version));
    return version;
}

std::vector<ReturnVersion> ReturnRepository::current_versions(
    const std::string& contract_id, std::optional<Date> submitted_by_end_of) {
    std::vector<ReturnVersion> out;
    auto collect = [&](const Row& r) { out.push_back(return_version_from(r)); };
    if (!submitted_by_end_of) {
        conn_.query("SELECT " + std::string(kReturnColumns) +
                        " FROM return_versions r WHERE r.contract_id = ? AND r.is_current = 1 "
                        "ORDER BY r.period_start",
                    {contract_id}, collect);
    } else {
        // The latest version of each period submitted before the next day began.
        const std::string before = text(start_of(add_days(*submitted_by_end_of, 1)));
        conn_.query("SELECT " + std::string(kReturnColumns) +
                        " FROM return_versions r WHERE r.contract_id = ? AND r.submitted_at < ? "
                        "AND r.version = (SELECT MAX(r2.version) FROM return_versions r2 "
                        "WHERE r2.contract_id = r.contract_id AND r2.period = r.period "
                        "AND r2.submitted_at < ?) ORDER BY r.period_start",
                    {contract_id, before, before}, collect);
    }
    load_measures(conn_, out);
    return out;
}

std::optional<ReturnVersion> ReturnRepository::current(const std::string& contract_id,
                                                       const Period& period) {
    std::vector<ReturnVersion> found;
    conn_.query("SELECT " + std::string(kReturnColumns) +
                    " FROM return_versions r WHERE r.contract_id = ? AND r.period = ? "
                    "AND r.is_current = 1",
                {contract_id, period.to_string()},
                [&](const Row& r) { found.push_back(return_version_from(r)); });
    if (found.empty())
        return std::nullopt;
    load_measures(conn_, found);
    return found.front();
}

std::vector<ReturnVersion> ReturnRepository::history(const std::string& contract_id,
                                                     const Period& period) {
    std::vector<ReturnVersion> out;
    conn_.query("SELECT " + std::string(kReturnColumns) +
                    " FROM return_versions r WHERE r.contract_id = ? AND r.period = ? "
                    "ORDER BY r.version",
                {contract_id, period.to_string()},
                [&](const Row& r) { out.push_back(return_version_from(r)); });
    load_measures(conn_, out);
    return out;
}

// ---- documents ----

std::int64_t DocumentRepository::archive(const DocumentRecord& document) {
    if (document.sha256.empty())
        throw Error::Internal("a document must be archived with its SHA-256");
    // Bytes are stored once per distinct content; every receipt is its own documents row.
    if (!conn_.query_one("SELECT 1 FROM document_contents WHERE sha256 = ?", {document.sha256})) {
        conn_.execute("INSERT INTO document_contents (sha256, content) VALUES (?, ?)",
                      {document.sha256, document.content});
    }
    conn_.execute(
        "INSERT INTO documents (sha256, kind, sender, channel, source, received_at, outcome, "
        "errors_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {document.sha256, document.kind, document.sender, text(document.channel), document.source,
         text(document.received), text(document.outcome), problems_to_json(document.errors)});
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
    d.content = r[9].as_text();
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

// ---- scores ----

void ScoreRepository::replace_contract_scores(const std::string& contract_id,
                                              const std::vector<PeriodScore>& periods) {
    conn_.execute("DELETE FROM measure_scores WHERE contract_id = ?", {contract_id});
    conn_.execute("DELETE FROM period_scores WHERE contract_id = ?", {contract_id});
    conn_.execute("DELETE FROM contract_scores WHERE contract_id = ?", {contract_id});

    Params period_rows;
    Params measure_rows;
    for (const PeriodScore& p : periods) {
        const std::string period = p.period.to_string();
        period_rows.insert(period_rows.end(), {contract_id, period, period_start(p.period),
                                               Value(p.score), text(p.rating)});
        for (const MeasureScore& m : p.measures) {
            measure_rows.insert(measure_rows.end(),
                                {contract_id, period, m.kpi_code, Value(m.value), text(m.rating),
                                 m.points, m.weight});
        }
    }
    insert_rows(conn_, "period_scores (contract_id, period, period_start, score, rating)", 5,
                period_rows);
    insert_rows(conn_,
                "measure_scores (contract_id, period, kpi_code, measured_value, rating, points, "
                "weight)",
                7, measure_rows);
    if (const PeriodScore* current = current_score(periods); current && current->score) {
        conn_.execute(
            "INSERT INTO contract_scores (contract_id, period, score, rating) VALUES (?, ?, ?, ?)",
            {contract_id, current->period.to_string(), *current->score, text(current->rating)});
    }
}

std::vector<PeriodScore> ScoreRepository::period_scores(const std::string& contract_id) {
    std::vector<PeriodScore> out;
    std::map<std::string, std::size_t> index;
    conn_.query(
        "SELECT period, score, rating FROM period_scores WHERE contract_id = ? "
        "ORDER BY period_start",
        {contract_id}, [&](const Row& r) {
            PeriodScore p;
            p.period = period_from(r[0]);
            p.score = r[1].as_optional_double();
            p.rating = enum_from<Rating>(r[2]);
            index[r[0].as_text()] = out.size();
            out.push_back(std::move(p));
        });
    conn_.query(
        "SELECT period, kpi_code, measured_value, rating, points, weight FROM measure_scores "
        "WHERE contract_id = ? ORDER BY period, kpi_code",
        {contract_id}, [&](const Row& r) {
            auto it = index.find(r[0].as_text());
            if (it == index.end())
                return;
            MeasureScore m;
            m.kpi_code = r[1].as_text();
            m.value = r[2].as_optional_double();
            m.rating = enum_from<Rating>(r[3]);
            m.points = static_cast<int>(r[4].as_int());
            m.weight = r[5].as_double();
            out[it->second].measures.push_back(std::move(m));
        });
    return out;
}

void ScoreRepository::put_supplier_score(const std::string& supplier_id,
                                         std::optional<double> score) {
    conn_.execute("DELETE FROM supplier_scores WHERE supplier_id = ?", {supplier_id});
    if (score) {
        conn_.execute("INSERT INTO supplier_scores (supplier_id, score, rating) VALUES (?, ?, ?)",
                      {supplier_id, *score, text(rating_for_score(*score))});
    }
}

std::optional<double> ScoreRepository::supplier_score(const std::string& supplier_id) {
    auto row =
        conn_.query_one("SELECT score FROM supplier_scores WHERE supplier_id = ?", {supplier_id});
    if (!row)
        return std::nullopt;
    return (*row)[0].as_optional_double();
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
