#include "store/notice_repository.h"

#include "store/json_text.h"
#include "store/repository_support.h"

namespace scorecard::store {

using namespace detail;

namespace {

constexpr std::string_view kNoticeColumns =
    "n.id, n.kind, n.state, n.contract_id, n.authority_id, n.supplier_id, n.window_first, "
    "n.window_last, n.drafted_by, n.created_at, n.sent_by, n.sent_at, n.agreed_by, "
    "n.agreed_at, n.approved_by, n.approved_at, n.published_by, n.published_at, "
    "n.replaces_id, n.decided, n.requirement, n.description, n.review_id, n.improvement_id, "
    "n.supplier_name, n.supplier_address, n.supplier_email";

std::optional<Date> optional_date_from(const Value& v) {
    if (v.is_null())
        return std::nullopt;
    return date_from(v);
}

Notice notice_from(const Row& r) {
    Notice n;
    n.id = r[0].as_int();
    n.kind = enum_from<NoticeKind>(r[1]);
    n.state = enum_from<NoticeState>(r[2]);
    n.contract_id = r[3].as_text();
    n.authority_id = r[4].as_text();
    n.supplier_id = r[5].as_text();
    n.window = {period_from(r[6]), period_from(r[7])};
    n.drafted_by = r[8].as_text();
    n.created = timestamp_from(r[9]);
    n.sent_by = r[10].as_text();
    n.sent = optional_timestamp_from(r[11]);
    n.agreed_by = r[12].as_text();
    n.agreed = optional_timestamp_from(r[13]);
    n.approved_by = r[14].as_text();
    n.approved = optional_timestamp_from(r[15]);
    n.published_by = r[16].as_text();
    n.published = optional_timestamp_from(r[17]);
    n.replaces = r[18].as_int();
    n.decided = optional_date_from(r[19]);
    n.requirement = r[20].as_text();
    n.description = r[21].as_text();
    n.review_id = r[22].as_int();
    n.improvement_id = r[23].as_int();
    n.supplier_name = r[24].as_text();
    n.supplier_contact = {r[25].as_text(), r[26].as_text()};
    return n;
}

// "2026-01,2026-02": a list of periods as one column.
std::string periods_text(const std::vector<Period>& periods) {
    std::string out;
    for (const Period& p : periods)
        out += (out.empty() ? "" : ",") + p.to_string();
    return out;
}

std::vector<Period> periods_from(const Value& v) {
    std::vector<Period> out;
    const std::string s = v.as_text();
    std::size_t at = 0;
    while (at < s.size()) {
        std::size_t comma = s.find(',', at);
        if (comma == std::string::npos)
            comma = s.size();
        out.push_back(period_from(Value(s.substr(at, comma - at))));
        at = comma + 1;
    }
    return out;
}

constexpr std::string_view kKpiColumns =
    "notice_id, kpi_code, name, unit, direction, weight, good, approaching, minimum, "
    "mean_value, proposed, proposed_reason, rating, change_reason, returned_periods, "
    "due_periods, category";

NoticeKpi notice_kpi_from(const Row& r) {
    NoticeKpi k;
    KpiAssessment& a = k.assessment;
    a.definition.code = r[1].as_text();
    a.definition.name = r[2].as_text();
    a.definition.unit = enum_from<Unit>(r[3]);
    a.definition.direction = enum_from<Direction>(r[4]);
    a.definition.weight = r[5].as_double();
    a.definition.thresholds = {r[6].as_double(), r[7].as_double(), r[8].as_double()};
    a.mean = r[9].as_optional_double();
    a.proposed = enum_from<Rating>(r[10]);
    a.proposed_reason = r[11].as_text();
    k.rating = enum_from<Rating>(r[12]);
    k.change_reason = r[13].as_text();
    a.returned = periods_from(r[14]);
    a.due = periods_from(r[15]);
    if (!r[16].is_null())
        a.definition.category = enum_from<KpiCategory>(r[16]);
    return k;
}

std::optional<std::string> optional_text(const std::optional<Timestamp>& t) {
    return t ? std::optional(text(*t)) : std::nullopt;
}

// The notice as its audit entries record it: its fields and each KPI's ratings.
std::string notice_json(const Notice& n) {
    std::string kpis = "[";
    for (const NoticeKpi& k : n.kpis) {
        kpis += (kpis.size() > 1 ? "," : "") + JsonObject()
                                                   .add("kpi", k.assessment.definition.code)
                                                   .add("proposed", text(k.assessment.proposed))
                                                   .add("rating", text(k.rating))
                                                   .add("change_reason", k.change_reason)
                                                   .str();
    }
    kpis += "]";
    std::string out =
        JsonObject()
            .add("id", n.id)
            .add("kind", text(n.kind))
            .add("state", text(n.state))
            .add("contract", n.contract_id)
            .add("window", n.window.first.to_string() + ".." + n.window.last.to_string())
            .add("drafted_by", n.drafted_by)
            .add("sent_by", n.sent_by)
            .add("sent", optional_text(n.sent))
            .add("agreed_by", n.agreed_by)
            .add("agreed", optional_text(n.agreed))
            .add("approved_by", n.approved_by)
            .add("approved", optional_text(n.approved))
            .add("published_by", n.published_by)
            .add("published", optional_text(n.published))
            .add("replaces", n.replaces)
            .add("decided", n.decided ? std::optional(text(*n.decided)) : std::nullopt)
            .add("requirement", n.requirement)
            .add("description", n.description)
            .str();
    // The KPIs as a raw array after the object's fields.
    out.pop_back();
    return out + ",\"kpis\":" + kpis + "}";
}

Where notice_where(const NoticeFilter& f) {
    Where w;
    if (!f.authority_id.empty())
        w.add("n.authority_id = ?", {f.authority_id});
    if (!f.supplier_id.empty())
        w.add("n.supplier_id = ?", {f.supplier_id});
    if (!f.contract_id.empty())
        w.add("n.contract_id = ?", {f.contract_id});
    if (f.kind)
        w.add("n.kind = ?", {text(*f.kind)});
    if (f.state)
        w.add("n.state = ?", {text(*f.state)});
    if (f.without_drafts)
        w.add("n.state <> ?", {text(NoticeState::kDraft)});
    return w;
}

// Reads the KPIs of `notices` (in their order) into them.
void load_kpis(Connection& conn, std::vector<Notice>& notices) {
    if (notices.empty())
        return;
    std::map<std::int64_t, Notice*> by_id;
    Params ids;
    for (Notice& n : notices) {
        by_id.emplace(n.id, &n);
        ids.push_back(n.id);
    }
    conn.query("SELECT " + std::string(kKpiColumns) + " FROM notice_kpis WHERE notice_id IN " +
                   placeholders(ids.size()) + " ORDER BY notice_id, ordinal",
               ids,
               [&](const Row& r) { by_id.at(r[0].as_int())->kpis.push_back(notice_kpi_from(r)); });
}

std::vector<Notice> query_notices(Connection& conn, const std::string& sql, const Params& params) {
    std::vector<Notice> out;
    conn.query(sql, params, [&](const Row& r) { out.push_back(notice_from(r)); });
    load_kpis(conn, out);
    return out;
}

}  // namespace

// ---- notices ----

std::int64_t NoticeRepository::create(const Notice& n, const Change& change) {
    conn_.execute(
        "INSERT INTO notices (kind, state, contract_id, authority_id, supplier_id, window_first, "
        "window_last, window_end, drafted_by, created_at, sent_by, sent_at, agreed_by, "
        "agreed_at, approved_by, approved_at, published_by, published_at, replaces_id, decided, "
        "requirement, description, review_id, improvement_id, supplier_name, supplier_address, "
        "supplier_email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', NULL, '', NULL, '', NULL, '', "
        "NULL, ?, ?, ?, ?, ?, ?, '', '', '')",
        {text(n.kind), text(n.state), n.contract_id, n.authority_id, n.supplier_id,
         n.window.first.to_string(), n.window.last.to_string(), text(n.window.end()), n.drafted_by,
         text(stamp(n.created, change)), null_if_zero(n.replaces),
         n.decided ? Value(text(*n.decided)) : Value(), n.requirement, n.description,
         null_if_zero(n.review_id), null_if_zero(n.improvement_id)});
    const std::int64_t id = conn_.last_insert_id();
    Params rows;
    int ordinal = 0;
    for (const NoticeKpi& k : n.kpis) {
        const KpiAssessment& a = k.assessment;
        const KpiDefinition& d = a.definition;
        rows.insert(rows.end(),
                    {Value(id), ordinal++, d.code, d.name, text(d.unit), text(d.direction),
                     d.weight, d.thresholds.good, d.thresholds.approaching, d.thresholds.minimum,
                     Value(a.mean), text(a.proposed), a.proposed_reason, text(k.rating),
                     k.change_reason, periods_text(a.returned), periods_text(a.due),
                     d.category ? Value(text(*d.category)) : Value()});
    }
    if (!rows.empty()) {
        insert_rows(conn_,
                    "notice_kpis (notice_id, ordinal, kpi_code, name, unit, direction, weight, "
                    "good, approaching, minimum, mean_value, proposed, proposed_reason, rating, "
                    "change_reason, returned_periods, due_periods, category)",
                    18, rows);
    }
    Notice stored = n;
    stored.id = id;
    audit(conn_, change, "create", "notice", std::to_string(id), "", notice_json(stored));
    return id;
}

std::optional<Notice> NoticeRepository::find(std::int64_t id) {
    auto found = query_notices(
        conn_, "SELECT " + std::string(kNoticeColumns) + " FROM notices n WHERE n.id = ?", {id});
    if (found.empty())
        return std::nullopt;
    Notice n = std::move(found.front());
    conn_.query(
        "SELECT from_state, to_state, actor, at, note FROM notice_transitions WHERE notice_id = ? "
        "ORDER BY id",
        {id}, [&](const Row& r) {
            n.transitions.push_back({enum_from<NoticeState>(r[0]), enum_from<NoticeState>(r[1]),
                                     r[2].as_text(), timestamp_from(r[3]), r[4].as_text()});
        });
    conn_.query(
        "SELECT author, author_role, at, body FROM notice_comments WHERE notice_id = ? ORDER BY "
        "id",
        {id}, [&](const Row& r) {
            n.comments.push_back(
                {r[0].as_text(), enum_from<Role>(r[1]), timestamp_from(r[2]), r[3].as_text()});
        });
    return n;
}

std::vector<Notice> NoticeRepository::list(const NoticeFilter& filter) {
    const Where w = notice_where(filter);
    return query_notices(conn_,
                         "SELECT " + std::string(kNoticeColumns) + " FROM notices n" + w.sql() +
                             " ORDER BY n.id DESC LIMIT ? OFFSET ?",
                         with_page(w.params(), filter.page));
}

std::int64_t NoticeRepository::count(const NoticeFilter& filter) {
    const Where w = notice_where(filter);
    auto row = conn_.query_one("SELECT COUNT(*) FROM notices n" + w.sql(), w.params());
    return row ? (*row)[0].as_int() : 0;
}

void NoticeRepository::transition(const Notice& before, const Notice& after,
                                  const NoticeTransition& step, const Change& change) {
    const std::int64_t changed = conn_.execute(
        "UPDATE notices SET state = ?, sent_by = ?, sent_at = ?, agreed_by = ?, agreed_at = ?, "
        "approved_by = ?, approved_at = ?, published_by = ?, published_at = ?, decided = ?, "
        "supplier_name = ?, supplier_address = ?, supplier_email = ? WHERE id = ? AND state = ?",
        {text(after.state), after.sent_by, optional_text(after.sent), after.agreed_by,
         optional_text(after.agreed), after.approved_by, optional_text(after.approved),
         after.published_by, optional_text(after.published),
         after.decided ? Value(text(*after.decided)) : Value(), after.supplier_name,
         after.supplier_contact.postal_address, after.supplier_contact.email, Value(before.id),
         text(before.state)});
    if (changed == 0)
        throw Error::Conflict("notice " + std::to_string(before.id) + " has moved meanwhile");
    conn_.execute(
        "INSERT INTO notice_transitions (notice_id, from_state, to_state, actor, at, note) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {Value(before.id), text(step.from), text(step.to), step.by, text(stamp(step.at, change)),
         step.note});
    audit(conn_, change, "transition", "notice", std::to_string(before.id), notice_json(before),
          notice_json(after));
}

void NoticeRepository::agree(const Notice& before, const Notice& after, const Change& change) {
    const std::int64_t changed = conn_.execute(
        "UPDATE notices SET agreed_by = ?, agreed_at = ? WHERE id = ? AND state = ? AND "
        "agreed_at IS NULL",
        {after.agreed_by, optional_text(after.agreed), Value(before.id),
         text(NoticeState::kWithSupplier)});
    if (changed == 0)
        throw Error::Conflict("notice " + std::to_string(before.id) + " has moved meanwhile");
    audit(conn_, change, "agree", "notice", std::to_string(before.id), notice_json(before),
          notice_json(after));
}

void NoticeRepository::rate(const Notice& before, const std::string& kpi_code, Rating rating,
                            const std::string& reason, const Change& change) {
    // The state is part of the guard: a notice that left draft meanwhile keeps its ratings.
    const std::int64_t changed = conn_.execute(
        "UPDATE notice_kpis SET rating = ?, change_reason = ? WHERE notice_id = ? AND kpi_code = "
        "? AND EXISTS (SELECT 1 FROM notices n WHERE n.id = notice_kpis.notice_id AND n.state = "
        "?)",
        {text(rating), reason, Value(before.id), kpi_code, text(NoticeState::kDraft)});
    if (changed == 0)
        throw Error::Conflict("notice " + std::to_string(before.id) + " has moved meanwhile");
    Notice after = before;
    for (NoticeKpi& k : after.kpis) {
        if (k.assessment.definition.code == kpi_code) {
            k.rating = rating;
            k.change_reason = reason;
        }
    }
    audit(conn_, change, "rate", "notice", std::to_string(before.id), notice_json(before),
          notice_json(after));
}

void NoticeRepository::add_comment(std::int64_t id, const NoticeComment& comment,
                                   const Change& change) {
    conn_.execute(
        "INSERT INTO notice_comments (notice_id, author, author_role, at, body) VALUES (?, ?, ?, "
        "?, ?)",
        {Value(id), comment.by, text(comment.role), text(stamp(comment.at, change)), comment.text});
    audit(conn_, change, "comment", "notice", std::to_string(id), "",
          JsonObject()
              .add("by", comment.by)
              .add("role", text(comment.role))
              .add("text", comment.text)
              .str());
}

std::map<std::string, std::vector<NoticeSummary>> NoticeRepository::summaries(
    const std::vector<std::string>& contract_ids) {
    std::map<std::string, std::vector<NoticeSummary>> out;
    if (contract_ids.empty())
        return out;
    Params ids(contract_ids.begin(), contract_ids.end());
    conn_.query(
        "SELECT contract_id, id, kind, state, window_end, published_at, decided FROM notices "
        "WHERE contract_id IN " +
            placeholders(ids.size()) + " ORDER BY contract_id, id",
        ids, [&](const Row& r) {
            NoticeSummary s;
            s.id = r[1].as_int();
            s.kind = enum_from<NoticeKind>(r[2]);
            s.state = enum_from<NoticeState>(r[3]);
            s.window_end = date_from(r[4]);
            if (auto published = optional_timestamp_from(r[5]))
                s.published = date_of(*published);
            s.decided = optional_date_from(r[6]);
            out[r[0].as_text()].push_back(s);
        });
    return out;
}

std::vector<Notice> NoticeRepository::published_in_year(int year) {
    const std::string y = std::to_string(year);
    // Timestamps are "YYYY-MM-DDTHH:MM:SSZ": the year's are between these two texts.
    return query_notices(conn_,
                         "SELECT " + std::string(kNoticeColumns) +
                             " FROM notices n WHERE n.state = ? AND n.published_at >= ? AND "
                             "n.published_at < ? ORDER BY n.published_at, n.id",
                         {text(NoticeState::kPublished), y + "-01-01T00:00:00Z",
                          std::to_string(year + 1) + "-01-01T00:00:00Z"});
}

std::optional<std::int64_t> NoticeRepository::published_replacement(std::int64_t id) {
    auto row = conn_.query_one(
        "SELECT id FROM notices WHERE replaces_id = ? AND state = ? ORDER BY id LIMIT 1",
        {id, text(NoticeState::kPublished)});
    if (!row)
        return std::nullopt;
    return (*row)[0].as_int();
}

// ---- improvement notices ----

namespace {

constexpr std::string_view kImprovementColumns =
    "i.id, i.review_id, i.contract_id, i.deadline, i.issued_by, i.issued_at, i.status, "
    "i.shortfall, i.failure_notice_id";

ImprovementNotice improvement_from(const Row& r) {
    ImprovementNotice i;
    i.id = r[0].as_int();
    i.review_id = r[1].as_int();
    i.contract_id = r[2].as_text();
    i.deadline = date_from(r[3]);
    i.issued_by = r[4].as_text();
    i.issued = timestamp_from(r[5]);
    i.status = enum_from<ImprovementStatus>(r[6]);
    i.shortfall = r[7].as_text();
    i.failure_notice_id = r[8].as_int();
    return i;
}

std::string improvement_json(const ImprovementNotice& i) {
    std::string levels = "[";
    for (const ImprovementLevel& l : i.levels)
        levels += (levels.size() > 1 ? "," : "") +
                  JsonObject().add("kpi", l.kpi_code).add("level", l.level).str();
    levels += "]";
    std::string out = JsonObject()
                          .add("id", i.id)
                          .add("review", i.review_id)
                          .add("contract", i.contract_id)
                          .add("deadline", text(i.deadline))
                          .add("status", text(i.status))
                          .add("shortfall", i.shortfall)
                          .add("failure_notice", i.failure_notice_id)
                          .str();
    out.pop_back();
    return out + ",\"levels\":" + levels + "}";
}

std::vector<ImprovementNotice> query_improvements(Connection& conn, const std::string& sql,
                                                  const Params& params) {
    std::vector<ImprovementNotice> out;
    conn.query(sql, params, [&](const Row& r) { out.push_back(improvement_from(r)); });
    if (out.empty())
        return out;
    std::map<std::int64_t, ImprovementNotice*> by_id;
    Params ids;
    for (ImprovementNotice& i : out) {
        by_id.emplace(i.id, &i);
        ids.push_back(i.id);
    }
    conn.query(
        "SELECT improvement_id, kpi_code, required_level FROM improvement_levels WHERE "
        "improvement_id IN " +
            placeholders(ids.size()) + " ORDER BY improvement_id, ordinal",
        ids, [&](const Row& r) {
            by_id.at(r[0].as_int())->levels.push_back({r[1].as_text(), r[2].as_double()});
        });
    return out;
}

}  // namespace

std::int64_t ImprovementRepository::create(const ImprovementNotice& i, const Change& change) {
    conn_.execute(
        "INSERT INTO improvement_notices (review_id, contract_id, deadline, issued_by, "
        "issued_at, status, shortfall, failure_notice_id) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        {Value(i.review_id), i.contract_id, text(i.deadline), i.issued_by,
         text(stamp(i.issued, change)), text(ImprovementStatus::kOpen), std::string()});
    const std::int64_t id = conn_.last_insert_id();
    Params rows;
    int ordinal = 0;
    for (const ImprovementLevel& l : i.levels) {
        rows.insert(rows.end(), {Value(id), ordinal++, l.kpi_code, l.level});
    }
    insert_rows(conn_, "improvement_levels (improvement_id, ordinal, kpi_code, required_level)", 4,
                rows);
    ImprovementNotice stored = i;
    stored.id = id;
    stored.status = ImprovementStatus::kOpen;
    audit(conn_, change, "create", "improvement_notice", std::to_string(id), "",
          improvement_json(stored));
    return id;
}

std::optional<ImprovementNotice> ImprovementRepository::find(std::int64_t id) {
    auto found = query_improvements(
        conn_,
        "SELECT " + std::string(kImprovementColumns) + " FROM improvement_notices i WHERE i.id = ?",
        {id});
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::vector<ImprovementNotice> ImprovementRepository::for_review(std::int64_t review_id) {
    return query_improvements(conn_,
                              "SELECT " + std::string(kImprovementColumns) +
                                  " FROM improvement_notices i WHERE i.review_id = ? ORDER BY i.id",
                              {review_id});
}

std::map<std::string, std::vector<ImprovementNotice>> ImprovementRepository::open_for(
    const std::vector<std::string>& contract_ids) {
    std::map<std::string, std::vector<ImprovementNotice>> out;
    if (contract_ids.empty())
        return out;
    Params params(contract_ids.begin(), contract_ids.end());
    params.push_back(text(ImprovementStatus::kOpen));
    for (ImprovementNotice& i :
         query_improvements(conn_,
                            "SELECT " + std::string(kImprovementColumns) +
                                " FROM improvement_notices i WHERE i.contract_id IN " +
                                placeholders(contract_ids.size()) +
                                " AND i.status = ? ORDER BY i.contract_id, i.id",
                            params))
        out[i.contract_id].push_back(std::move(i));
    return out;
}

void ImprovementRepository::fail(const ImprovementNotice& before, const std::string& shortfall,
                                 std::int64_t failure_notice_id, const Change& change) {
    const std::int64_t changed = conn_.execute(
        "UPDATE improvement_notices SET status = ?, shortfall = ?, failure_notice_id = ? WHERE "
        "id = ? AND status = ?",
        {text(ImprovementStatus::kFailed), shortfall, null_if_zero(failure_notice_id),
         Value(before.id), text(ImprovementStatus::kOpen)});
    if (changed == 0)
        throw Error::Conflict("improvement notice " + std::to_string(before.id) +
                              " is no longer open");
    ImprovementNotice after = before;
    after.status = ImprovementStatus::kFailed;
    after.shortfall = shortfall;
    after.failure_notice_id = failure_notice_id;
    audit(conn_, change, "fail", "improvement_notice", std::to_string(before.id),
          improvement_json(before), improvement_json(after));
}

// ---- supplier contact details ----

std::optional<SupplierContact> SupplierContactRepository::find(const std::string& supplier_id) {
    auto row = conn_.query_one(
        "SELECT postal_address, email FROM supplier_contacts WHERE supplier_id = ?", {supplier_id});
    if (!row)
        return std::nullopt;
    return SupplierContact{(*row)[0].as_text(), (*row)[1].as_text()};
}

Upsert SupplierContactRepository::put(const std::string& supplier_id,
                                      const SupplierContact& contact, const Change& change) {
    auto json = [&](const SupplierContact& c) {
        return JsonObject()
            .add("supplier", supplier_id)
            .add("postal_address", c.postal_address)
            .add("email", c.email)
            .str();
    };
    auto existing = find(supplier_id);
    if (!existing) {
        conn_.execute(
            "INSERT INTO supplier_contacts (supplier_id, postal_address, email) VALUES (?, ?, ?)",
            {supplier_id, contact.postal_address, contact.email});
        audit(conn_, change, "create", "supplier_contact", supplier_id, "", json(contact));
        return Upsert::kCreated;
    }
    if (*existing == contact)
        return Upsert::kUnchanged;
    conn_.execute(
        "UPDATE supplier_contacts SET postal_address = ?, email = ? WHERE supplier_id = ?",
        {contact.postal_address, contact.email, supplier_id});
    audit(conn_, change, "update", "supplier_contact", supplier_id, json(*existing), json(contact));
    return Upsert::kUpdated;
}

}  // namespace scorecard::store
