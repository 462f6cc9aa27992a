// Repositories for the performance-management workflow: flags, partnership reviews and
// disputes. State changes are guarded in SQL (UPDATE ... WHERE state = expected) so that two
// writers cannot both move the same flag, review or dispute.
#include <algorithm>
#include <unordered_map>

#include "store/json_text.h"
#include "store/prepared_scorecard_repository.h"
#include "store/repositories.h"
#include "store/repository_support.h"

namespace scorecard::store {

using namespace detail;

namespace {

constexpr std::string_view kFlagColumns =
    "f.id, f.rule_id, f.severity, f.status, f.supplier_id, f.contract_id, f.authority_id, "
    "f.kpi_code, f.period, f.detail, f.raised_at, f.closed_at, f.dismissed_by, f.dismiss_reason";

Flag flag_from(const Row& r) {
    Flag f;
    f.id = r[0].as_int();
    f.rule = enum_from<FlagRuleId>(r[1]);
    f.severity = enum_from<Severity>(r[2]);
    f.status = enum_from<FlagStatus>(r[3]);
    f.supplier_id = r[4].as_text();
    f.contract_id = r[5].as_text();
    f.authority_id = r[6].as_text();
    f.kpi_code = r[7].as_text();
    f.period = period_from(r[8]);
    f.detail = r[9].as_text();
    f.raised = timestamp_from(r[10]);
    f.closed = optional_timestamp_from(r[11]);
    f.dismissed_by = r[12].as_text();
    f.dismiss_reason = r[13].as_text();
    return f;
}

std::string flag_json(const Flag& f) {
    std::optional<std::string> closed;
    if (f.closed)
        closed = text(*f.closed);
    return JsonObject()
        .add("id", f.id)
        .add("rule", text(f.rule))
        .add("severity", text(f.severity))
        .add("status", text(f.status))
        .add("supplier", f.supplier_id)
        .add("contract", f.contract_id)
        .add("authority", f.authority_id)
        .add("kpi", f.kpi_code)
        .add("period", f.period.to_string())
        .add("detail", f.detail)
        .add("raised", text(f.raised))
        .add("closed", closed)
        .add("dismissed_by", f.dismissed_by)
        .add("dismiss_reason", f.dismiss_reason)
        .str();
}

Where flag_where(const FlagFilter& f) {
    Where w;
    if (f.status)
        w.add("f.status = ?", {text(*f.status)});
    if (f.rule)
        w.add("f.rule_id = ?", {text(*f.rule)});
    if (f.severity)
        w.add("f.severity = ?", {text(*f.severity)});
    if (!f.supplier_id.empty())
        w.add("f.supplier_id = ?", {f.supplier_id});
    if (!f.authority_id.empty())
        w.add("f.authority_id = ?", {f.authority_id});
    if (!f.contract_id.empty())
        w.add("f.contract_id = ?", {f.contract_id});
    return w;
}

Flag require_flag(FlagRepository& flags, std::int64_t id) {
    auto flag = flags.find(id);
    if (!flag)
        throw Error::NotFound("no flag with id " + std::to_string(id));
    return *flag;
}

// Moves an open flag to `status`; kConflict if it is no longer open.
void close_flag(Connection& conn, const Flag& before, FlagStatus status, const std::string& reason,
                const Change& change, std::string_view action) {
    if (before.status != FlagStatus::kOpen) {
        throw Error::Conflict("flag " + std::to_string(before.id) + " is " + text(before.status) +
                              ", not open");
    }
    Flag after = before;
    after.status = status;
    after.closed = change.at;
    if (status == FlagStatus::kDismissed) {
        after.dismissed_by = change.actor;
        after.dismiss_reason = reason;
    }
    const std::int64_t changed = conn.execute(
        "UPDATE flags SET status = ?, closed_at = ?, dismissed_by = ?, dismiss_reason = ? "
        "WHERE id = ? AND status = ?",
        {text(after.status), text(change.at), after.dismissed_by, after.dismiss_reason,
         Value(before.id), text(FlagStatus::kOpen)});
    if (changed == 0)
        throw Error::Conflict("flag " + std::to_string(before.id) + " was closed meanwhile");
    audit(conn, change, action, "flag", std::to_string(before.id), flag_json(before),
          flag_json(after));
}

// ---- reviews ----

constexpr std::string_view kReviewColumns = "v.id, v.supplier_id, v.state, v.opened_at, v.reason";

Review review_from(const Row& r) {
    Review v;
    v.id = r[0].as_int();
    v.supplier_id = r[1].as_text();
    v.state = enum_from<ReviewState>(r[2]);
    v.opened = timestamp_from(r[3]);
    v.reason = r[4].as_text();
    return v;
}

std::string review_json(const Review& v) {
    return JsonObject()
        .add("id", v.id)
        .add("supplier", v.supplier_id)
        .add("state", text(v.state))
        .add("opened", text(v.opened))
        .add("reason", v.reason)
        .str();
}

// The supplier while the review is open; NULL once closed (see ux_reviews_open).
Value open_key(const std::string& supplier_id, ReviewState state) {
    return state == ReviewState::kClosed ? Value() : Value(supplier_id);
}

void insert_transition(Connection& conn, std::int64_t review_id, const ReviewTransition& t,
                       const Change& change) {
    conn.execute(
        "INSERT INTO review_transitions (review_id, from_state, to_state, actor, at, note) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {Value(review_id), text(t.from), text(t.to), t.by.empty() ? change.actor : t.by,
         text(stamp(t.at, change)), t.note});
}

std::int64_t insert_comment(Connection& conn, std::int64_t review_id, const ReviewComment& c,
                            const Change& change) {
    conn.execute(
        "INSERT INTO review_comments (review_id, author, author_role, at, body) "
        "VALUES (?, ?, ?, ?, ?)",
        {Value(review_id), c.by.empty() ? change.actor : c.by, text(c.role),
         text(stamp(c.at, change)), c.text});
    return conn.last_insert_id();
}

std::int64_t insert_action(Connection& conn, std::int64_t review_id, const ReviewAction& a) {
    std::optional<std::string> due;
    if (a.due)
        due = text(*a.due);
    conn.execute(
        "INSERT INTO review_actions (review_id, description, owner_name, due_date, agreed) "
        "VALUES (?, ?, ?, ?, ?)",
        {Value(review_id), a.description, a.owner, Value(due), a.agreed});
    return conn.last_insert_id();
}

std::string action_json(const ReviewAction& a) {
    std::optional<std::string> due;
    if (a.due)
        due = text(*a.due);
    return JsonObject()
        .add("id", a.id)
        .add("description", a.description)
        .add("owner", a.owner)
        .add("due", due)
        .add("agreed", a.agreed)
        .str();
}

// Loads transitions, and optionally comments, and actions of `reviews` (a few queries for
// the lot, not a few per review).
void load_review_details(Connection& conn, std::vector<Review>& reviews, bool with_comments) {
    if (reviews.empty())
        return;
    std::unordered_map<std::int64_t, Review*> by_id;
    Params ids;
    for (auto& v : reviews) {
        by_id[v.id] = &v;
        ids.push_back(Value(v.id));
    }
    const std::string in = " IN " + placeholders(ids.size());
    conn.query(
        "SELECT review_id, from_state, to_state, actor, at, note FROM review_transitions "
        "WHERE review_id" +
            in + " ORDER BY id",
        ids, [&](const Row& r) {
            by_id.at(r[0].as_int())
                ->transitions.push_back(
                    ReviewTransition{enum_from<ReviewState>(r[1]), enum_from<ReviewState>(r[2]),
                                     r[3].as_text(), timestamp_from(r[4]), r[5].as_text()});
        });
    if (with_comments) {
        conn.query(
            "SELECT review_id, id, author, author_role, at, body FROM review_comments "
            "WHERE review_id" +
                in + " ORDER BY id",
            ids, [&](const Row& r) {
                by_id.at(r[0].as_int())
                    ->comments.push_back(ReviewComment{r[1].as_int(), r[2].as_text(),
                                                       enum_from<Role>(r[3]), timestamp_from(r[4]),
                                                       r[5].as_text()});
            });
    }
    conn.query(
        "SELECT review_id, id, description, owner_name, due_date, agreed FROM review_actions "
        "WHERE review_id" +
            in + " ORDER BY id",
        ids, [&](const Row& r) {
            ReviewAction a;
            a.id = r[1].as_int();
            a.description = r[2].as_text();
            a.owner = r[3].as_text();
            if (!r[4].is_null())
                a.due = date_from(r[4]);
            a.agreed = r[5].as_bool();
            by_id.at(r[0].as_int())->actions.push_back(std::move(a));
        });
}

std::string require_review_supplier(Connection& conn, std::int64_t id) {
    auto row = conn.query_one("SELECT supplier_id FROM reviews WHERE id = ?", {Value(id)});
    if (!row)
        throw Error::NotFound("no review with id " + std::to_string(id));
    return (*row)[0].as_text();
}

// ---- disputes ----

constexpr std::string_view kDisputeColumns =
    "d.id, d.supplier_id, d.contract_id, d.kpi_code, d.period, d.flag_id, d.reason, "
    "d.raised_by, d.raised_at, d.status, d.decided_by, d.decision_reason, d.decided_at";

Dispute dispute_from(const Row& r) {
    Dispute d;
    d.id = r[0].as_int();
    d.supplier_id = r[1].as_text();
    d.contract_id = r[2].as_text();
    d.kpi_code = r[3].as_text();
    if (!r[4].is_null())
        d.period = period_from(r[4]);
    d.flag_id = r[5].as_int();
    d.reason = r[6].as_text();
    d.raised_by = r[7].as_text();
    d.raised = timestamp_from(r[8]);
    d.status = enum_from<DisputeStatus>(r[9]);
    d.decided_by = r[10].as_text();
    d.decision_reason = r[11].as_text();
    d.decided = optional_timestamp_from(r[12]);
    return d;
}

// As the API shows a dispute: what it does not have (a rating dispute's flag, a flag
// dispute's KPI, an open dispute's decision) is null, not 0 or "".
std::string dispute_json(const Dispute& d) {
    auto present = [](const std::string& value) {
        return value.empty() ? std::nullopt : std::optional<std::string>(value);
    };
    std::optional<std::string> period;
    if (d.period)
        period = d.period->to_string();
    std::optional<std::string> decided;
    if (d.decided)
        decided = text(*d.decided);
    return JsonObject()
        .add("id", d.id)
        .add("supplier", d.supplier_id)
        .add("contract", d.contract_id)
        .add("kpi", present(d.kpi_code))
        .add("period", period)
        .add("flag", d.flag_id != 0 ? std::optional<std::int64_t>(d.flag_id) : std::nullopt)
        .add("reason", d.reason)
        .add("raised_by", d.raised_by)
        .add("raised", text(d.raised))
        .add("status", text(d.status))
        .add("decided_by", present(d.decided_by))
        .add("decision_reason", present(d.decision_reason))
        .add("decided", decided)
        .str();
}

Where review_where(const ReviewFilter& f) {
    Where w;
    if (!f.supplier_id.empty())
        w.add("v.supplier_id = ?", {f.supplier_id});
    if (!f.authority_id.empty()) {
        w.add(
            "EXISTS (SELECT 1 FROM contracts c WHERE c.supplier_id = v.supplier_id "
            "AND c.authority_id = ?)",
            {f.authority_id});
    }
    if (f.state)
        w.add("v.state = ?", {text(*f.state)});
    return w;
}

Where dispute_where(const DisputeFilter& f) {
    Where w;
    if (f.status)
        w.add("d.status = ?", {text(*f.status)});
    if (!f.contract_id.empty())
        w.add("d.contract_id = ?", {f.contract_id});
    if (!f.supplier_id.empty())
        w.add("d.supplier_id = ?", {f.supplier_id});
    if (!f.authority_id.empty()) {
        w.add(
            "EXISTS (SELECT 1 FROM contracts c WHERE c.id = d.contract_id "
            "AND c.authority_id = ?)",
            {f.authority_id});
    }
    return w;
}

// Timestamps are stored as ISO 8601 UTC text, so a day range is a text range.
Where audit_where(const AuditFilter& f) {
    Where w;
    if (!f.entity.empty())
        w.add("entity = ?", {f.entity});
    if (!f.entity_id.empty())
        w.add("entity_id = ?", {f.entity_id});
    if (!f.actor.empty())
        w.add("actor = ?", {f.actor});
    if (f.from)
        w.add("at >= ?", {text(start_of(*f.from))});
    if (f.to)
        w.add("at < ?", {text(start_of(add_days(*f.to, 1)))});
    return w;
}

AuditEntry audit_entry_from(const Row& r) {
    return AuditEntry{r[0].as_int(),  timestamp_from(r[1]), r[2].as_text(), r[3].as_text(),
                      r[4].as_text(), r[5].as_text(),       r[6].as_text(), r[7].as_text()};
}

constexpr std::string_view kAuditSelect =
    "SELECT id, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log";

Params paged(Params params, const Page& page) {
    const Page p = clamped(page);
    params.push_back(p.limit);
    params.push_back(p.offset);
    return params;
}

}  // namespace

// ---- flags ----

std::int64_t FlagRepository::insert(const Flag& flag, const Change& change) {
    Flag stored = flag;
    stored.raised = stamp(flag.raised, change);
    // Supplier and authority follow from the contract; the caller may leave them empty.
    if (stored.supplier_id.empty() || stored.authority_id.empty()) {
        auto row = conn_.query_one("SELECT supplier_id, authority_id FROM contracts WHERE id = ?",
                                   {stored.contract_id});
        if (!row)
            throw Error::NotFound("no contract '" + stored.contract_id + "' to flag");
        if (stored.supplier_id.empty())
            stored.supplier_id = (*row)[0].as_text();
        if (stored.authority_id.empty())
            stored.authority_id = (*row)[1].as_text();
    }
    std::optional<std::string> closed;
    if (stored.closed)
        closed = text(*stored.closed);
    conn_.execute(
        "INSERT INTO flags (rule_id, severity, status, supplier_id, contract_id, authority_id, "
        "kpi_code, period, detail, raised_at, closed_at, dismissed_by, dismiss_reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {text(stored.rule), text(stored.severity), text(stored.status), stored.supplier_id,
         stored.contract_id, stored.authority_id, stored.kpi_code, stored.period.to_string(),
         stored.detail, text(stored.raised), Value(closed), stored.dismissed_by,
         stored.dismiss_reason});
    stored.id = conn_.last_insert_id();
    audit(conn_, change, "create", "flag", std::to_string(stored.id), "", flag_json(stored));
    return stored.id;
}

std::vector<std::int64_t> FlagRepository::insert_all(const std::vector<Flag>& flags,
                                                     const Change& change) {
    constexpr std::size_t kPerStatement = 500;
    constexpr std::size_t kColumns = 13;
    std::vector<std::int64_t> ids;
    ids.reserve(flags.size());
    for (std::size_t first = 0; first < flags.size(); first += kPerStatement) {
        const std::size_t count = std::min(kPerStatement, flags.size() - first);
        std::vector<Flag> stored(flags.begin() + static_cast<std::ptrdiff_t>(first),
                                 flags.begin() + static_cast<std::ptrdiff_t>(first + count));
        Params values;
        values.reserve(count * kColumns);
        std::vector<std::string> contracts;
        for (Flag& f : stored) {
            if (f.supplier_id.empty() || f.authority_id.empty())
                throw Error::Internal(
                    "a flag inserted with others names its supplier and authority");
            f.raised = stamp(f.raised, change);
            std::optional<std::string> closed;
            if (f.closed)
                closed = text(*f.closed);
            values.insert(values.end(), {text(f.rule), text(f.severity), text(f.status),
                                         f.supplier_id, f.contract_id, f.authority_id, f.kpi_code,
                                         f.period.to_string(), f.detail, text(f.raised),
                                         Value(closed), f.dismissed_by, f.dismiss_reason});
            contracts.push_back(f.contract_id);
        }
        std::sort(contracts.begin(), contracts.end());
        contracts.erase(std::unique(contracts.begin(), contracts.end()), contracts.end());
        // The ids are read back rather than asked for one row at a time: the rows of one INSERT
        // take ascending ids in their order, and no one else adds flags to these contracts
        // while the caller holds their locks, so the new ones are those above the largest
        // before it.
        Params before_params(contracts.begin(), contracts.end());
        const auto max_row = conn_.query_one(
            "SELECT MAX(id) FROM flags WHERE contract_id IN " + placeholders(contracts.size()),
            before_params);
        const std::int64_t before = max_row ? (*max_row)[0].as_int() : 0;
        insert_rows(conn_,
                    "flags (rule_id, severity, status, supplier_id, contract_id, authority_id, "
                    "kpi_code, period, detail, raised_at, closed_at, dismissed_by, "
                    "dismiss_reason)",
                    kColumns, values);
        Params after_params(contracts.begin(), contracts.end());
        after_params.push_back(Value(before));
        std::vector<std::int64_t> new_ids;
        conn_.query("SELECT id FROM flags WHERE contract_id IN " + placeholders(contracts.size()) +
                        " AND id > ? ORDER BY id",
                    after_params, [&](const Row& r) { new_ids.push_back(r[0].as_int()); });
        if (new_ids.size() != count)
            throw Error::Internal("flags inserted together: " + std::to_string(count) +
                                  " rows written, " + std::to_string(new_ids.size()) + " found");
        std::vector<AuditRow> rows;
        rows.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            stored[i].id = new_ids[i];
            rows.push_back(
                {"create", "flag", std::to_string(new_ids[i]), "", flag_json(stored[i])});
        }
        audit_all(conn_, change, std::move(rows));
        ids.insert(ids.end(), new_ids.begin(), new_ids.end());
    }
    return ids;
}

void FlagRepository::refresh(std::int64_t id, Severity severity, const Period& period,
                             const std::string& detail, const Change& change) {
    const Flag before = require_flag(*this, id);
    if (before.status != FlagStatus::kOpen) {
        throw Error::Conflict("flag " + std::to_string(id) + " is " + text(before.status) +
                              ", not open");
    }
    Flag after = before;
    after.severity = severity;
    after.period = period;
    after.detail = detail;
    if (after.severity == before.severity && after.period == before.period &&
        after.detail == before.detail)
        return;  // still holds, unchanged: nothing to write or audit
    conn_.execute(
        "UPDATE flags SET severity = ?, period = ?, detail = ? WHERE id = ? AND status = ?",
        {text(severity), period.to_string(), detail, Value(id), text(FlagStatus::kOpen)});
    audit(conn_, change, "update", "flag", std::to_string(id), flag_json(before), flag_json(after));
}

void FlagRepository::resolve(std::int64_t id, const Change& change) {
    close_flag(conn_, require_flag(*this, id), FlagStatus::kResolved, "", change, "resolve");
}

void FlagRepository::resolve_all(const std::vector<Flag>& open_flags, const Change& change) {
    constexpr std::size_t kPerStatement = 500;
    for (std::size_t first = 0; first < open_flags.size(); first += kPerStatement) {
        const std::size_t count = std::min(kPerStatement, open_flags.size() - first);
        Params params{text(FlagStatus::kResolved), text(change.at), text(FlagStatus::kOpen)};
        std::string ids;
        std::vector<AuditRow> rows;
        rows.reserve(count);
        for (std::size_t i = first; i < first + count; ++i) {
            const Flag& before = open_flags[i];
            if (before.status != FlagStatus::kOpen)
                throw Error::Conflict("flag " + std::to_string(before.id) + " is " +
                                      text(before.status) + ", not open");
            ids += ids.empty() ? "?" : ", ?";
            params.push_back(Value(before.id));
            Flag after = before;
            after.status = FlagStatus::kResolved;
            after.closed = change.at;
            rows.push_back({"resolve", "flag", std::to_string(before.id), flag_json(before),
                            flag_json(after)});
        }
        // The id list must choose the rows: SQLite, given "status = ?", reads every open
        // flag through ix_flags_status instead (a catch-up import has tens of thousands), so
        // the status check is written as an expression no index serves.
        const std::string sql =
            "UPDATE flags SET status = ?, closed_at = ? "
            "WHERE COALESCE(status, '') = ? AND id IN (" +
            ids + ")";
        const std::int64_t changed = conn_.execute(sql, params);
        if (changed != static_cast<std::int64_t>(count))
            throw Error::Conflict("a flag being resolved was closed meanwhile");
        audit_all(conn_, change, std::move(rows));
    }
}

void FlagRepository::dismiss(std::int64_t id, const std::string& reason, const Change& change) {
    const Flag flag = require_flag(*this, id);
    close_flag(conn_, flag, FlagStatus::kDismissed, reason, change, "dismiss");
    // The scorecards that list the flag (the scoring run writes its own flags' anew).
    PreparedScorecardRepository prepared(conn_);
    prepared.mark_stale(PreparedKind::kContract, flag.contract_id);
    prepared.mark_stale(PreparedKind::kSupplier, flag.supplier_id);
}

std::optional<Flag> FlagRepository::find(std::int64_t id) {
    auto row = conn_.query_one(
        "SELECT " + std::string(kFlagColumns) + " FROM flags f WHERE f.id = ?", {Value(id)});
    if (!row)
        return std::nullopt;
    return flag_from(*row);
}

std::vector<Flag> FlagRepository::for_contract(const std::string& contract_id) {
    std::vector<Flag> out;
    conn_.query("SELECT " + std::string(kFlagColumns) +
                    " FROM flags f WHERE f.contract_id = ? AND f.status IN (?, ?) ORDER BY f.id",
                {contract_id, text(FlagStatus::kOpen), text(FlagStatus::kDismissed)},
                [&](const Row& r) { out.push_back(flag_from(r)); });
    return out;
}

// list()'s order: newest first, what a commercial team looks at first.
constexpr std::string_view kFlagListOrder = " ORDER BY f.raised_at DESC, f.id DESC";

std::map<std::string, std::vector<Flag>> FlagRepository::for_contracts(
    const std::vector<std::string>& ids) {
    std::map<std::string, std::vector<Flag>> out;
    for_each_chunk(ids, [&](Params chunk, const std::string& in_list) {
        chunk.push_back(text(FlagStatus::kOpen));
        chunk.push_back(text(FlagStatus::kDismissed));
        conn_.query("SELECT " + std::string(kFlagColumns) +
                        " FROM flags f WHERE f.contract_id IN " + in_list +
                        " AND f.status IN (?, ?) ORDER BY f.id",
                    chunk, [&](const Row& r) {
                        Flag f = flag_from(r);
                        out[f.contract_id].push_back(std::move(f));
                    });
    });
    return out;
}

std::vector<Flag> FlagRepository::list(const FlagFilter& filter) {
    const Where w = flag_where(filter);
    Params params = w.params();
    const Page page = clamped(filter.page);
    params.push_back(page.limit);
    params.push_back(page.offset);
    std::vector<Flag> out;
    conn_.query("SELECT " + std::string(kFlagColumns) + " FROM flags f" + w.sql() +
                    std::string(kFlagListOrder) + " LIMIT ? OFFSET ?",
                params, [&](const Row& r) { out.push_back(flag_from(r)); });
    return out;
}

std::map<std::string, std::vector<Flag>> FlagRepository::open_for_contracts(
    const std::vector<std::string>& ids) {
    return open_by("f.contract_id", ids, [](const Flag& f) { return f.contract_id; });
}

std::map<std::string, std::vector<Flag>> FlagRepository::open_for_suppliers(
    const std::vector<std::string>& ids) {
    return open_by("f.supplier_id", ids, [](const Flag& f) { return f.supplier_id; });
}

std::map<std::string, std::vector<Flag>> FlagRepository::open_by(
    std::string_view column, const std::vector<std::string>& ids,
    const std::function<std::string(const Flag&)>& key) {
    std::map<std::string, std::vector<Flag>> out;
    // `+f.status`: the IN list picks the rows through (column, status, raised_at). Without
    // statistics (a database just loaded) SQLite chose the status index instead and read
    // every open flag for each chunk: a tenth of the rescoring that ends an import.
    for_each_chunk(ids, [&](Params chunk, const std::string& in_list) {
        chunk.push_back(text(FlagStatus::kOpen));
        conn_.query("SELECT " + std::string(kFlagColumns) + " FROM flags f WHERE " +
                        std::string(column) + " IN " + in_list + " AND +f.status = ?" +
                        std::string(kFlagListOrder),
                    chunk, [&](const Row& r) {
                        Flag f = flag_from(r);
                        out[key(f)].push_back(std::move(f));
                    });
    });
    return out;
}

std::int64_t FlagRepository::count(const FlagFilter& filter) {
    const Where w = flag_where(filter);
    auto row = conn_.query_one("SELECT COUNT(*) FROM flags f" + w.sql(), w.params());
    return row ? (*row)[0].as_int() : 0;
}

// ---- reviews ----

std::optional<Review> ReviewRepository::open_for_supplier(const std::string& supplier_id) {
    auto row = conn_.query_one("SELECT id FROM reviews WHERE open_supplier_id = ?", {supplier_id});
    if (!row)
        return std::nullopt;
    return find((*row)[0].as_int());
}

std::map<std::string, Review> ReviewRepository::open_for_suppliers(
    const std::vector<std::string>& ids) {
    std::vector<Review> open;
    for_each_chunk(ids, [&](const Params& chunk, const std::string& in_list) {
        conn_.query("SELECT " + std::string(kReviewColumns) +
                        " FROM reviews v WHERE v.open_supplier_id IN " + in_list + " ORDER BY v.id",
                    chunk, [&](const Row& r) { open.push_back(review_from(r)); });
    });
    load_review_details(conn_, open, true);
    std::map<std::string, Review> out;
    for (Review& r : open) {
        std::string supplier = r.supplier_id;
        out.emplace(std::move(supplier), std::move(r));
    }
    return out;
}

std::int64_t ReviewRepository::create(const Review& review, const Change& change) {
    return create_all({review}, change).front();
}

std::vector<std::int64_t> ReviewRepository::create_all(const std::vector<Review>& reviews,
                                                       const Change& change) {
    // One open review per supplier: none of these suppliers may have one already.
    std::vector<std::string> opening;
    for (const Review& review : reviews) {
        if (review.state != ReviewState::kClosed)
            opening.push_back(review.supplier_id);
    }
    for (const auto& [supplier, open] : open_for_suppliers(opening)) {
        throw Error::Conflict("supplier '" + supplier +
                              "' already has an open partnership review (" +
                              std::to_string(open.id) + ")");
    }
    std::vector<Review> stored(reviews);
    std::vector<std::int64_t> ids;
    ids.reserve(stored.size());
    std::vector<AuditRow> audits;
    std::vector<std::string> suppliers;
    for (Review& r : stored) {
        r.opened = stamp(r.opened, change);
        // Inserted one by one only when it has parts of its own (their rows need its id) or
        // is closed (no open key to read its id back by).
        if (r.state == ReviewState::kClosed || !r.transitions.empty() || !r.comments.empty() ||
            !r.actions.empty()) {
            insert_rows(conn_, "reviews (supplier_id, state, opened_at, reason, open_supplier_id)",
                        5,
                        Params{r.supplier_id, text(r.state), text(r.opened), r.reason,
                               open_key(r.supplier_id, r.state)});
            r.id = conn_.last_insert_id();
            for (const ReviewTransition& t : r.transitions)
                insert_transition(conn_, r.id, t, change);
            for (const ReviewComment& c : r.comments)
                insert_comment(conn_, r.id, c, change);
            for (const ReviewAction& a : r.actions)
                insert_action(conn_, r.id, a);
        }
    }
    // The others in multi-row statements, their ids read back by their open keys.
    Params rows;
    std::vector<std::string> keyed;
    for (const Review& r : stored) {
        if (r.id != 0)
            continue;
        append_row(rows, r.supplier_id, text(r.state), text(r.opened), r.reason,
                   open_key(r.supplier_id, r.state));
        keyed.push_back(r.supplier_id);
    }
    insert_rows(conn_, "reviews (supplier_id, state, opened_at, reason, open_supplier_id)", 5,
                std::move(rows));
    std::map<std::string, std::int64_t> by_supplier;
    for_each_chunk(keyed, [&](const Params& chunk, const std::string& in_list) {
        conn_.query("SELECT open_supplier_id, id FROM reviews WHERE open_supplier_id IN " + in_list,
                    chunk,
                    [&](const Row& row) { by_supplier[row[0].as_text()] = row[1].as_int(); });
    });
    for (Review& r : stored) {
        if (r.id == 0)
            r.id = by_supplier.at(r.supplier_id);
        ids.push_back(r.id);
        audits.push_back({"create", "review", std::to_string(r.id), "", review_json(r)});
        suppliers.push_back(r.supplier_id);
    }
    audit_all(conn_, change, std::move(audits));
    PreparedScorecardRepository(conn_).mark_stale_all(PreparedKind::kSupplier, suppliers);
    return ids;
}

void ReviewRepository::transition(std::int64_t id, const ReviewTransition& transition,
                                  const Change& change) {
    auto row = conn_.query_one("SELECT supplier_id, state FROM reviews WHERE id = ?", {Value(id)});
    if (!row)
        throw Error::NotFound("no review with id " + std::to_string(id));
    const std::string supplier_id = (*row)[0].as_text();
    const ReviewState state = enum_from<ReviewState>((*row)[1]);
    if (state != transition.from) {
        throw Error::Conflict("review " + std::to_string(id) + " is " + text(state) + ", not " +
                              text(transition.from));
    }
    const std::int64_t changed = conn_.execute(
        "UPDATE reviews SET state = ?, open_supplier_id = ? WHERE id = ? AND state = ?",
        {text(transition.to), open_key(supplier_id, transition.to), Value(id),
         text(transition.from)});
    if (changed == 0 && transition.from != transition.to)
        throw Error::Conflict("review " + std::to_string(id) + " changed meanwhile");
    insert_transition(conn_, id, transition, change);
    PreparedScorecardRepository(conn_).mark_stale(PreparedKind::kSupplier, supplier_id);
    audit(conn_, change, "transition", "review", std::to_string(id),
          JsonObject().add("state", text(transition.from)).str(),
          JsonObject().add("state", text(transition.to)).add("note", transition.note).str());
}

std::int64_t ReviewRepository::add_comment(std::int64_t id, const ReviewComment& comment,
                                           const Change& change) {
    require_review_supplier(conn_, id);
    const std::int64_t comment_id = insert_comment(conn_, id, comment, change);
    audit(conn_, change, "comment", "review", std::to_string(id), "",
          JsonObject()
              .add("comment", comment_id)
              .add("by", comment.by.empty() ? change.actor : comment.by)
              .add("role", text(comment.role))
              .add("text", comment.text)
              .str());
    return comment_id;
}

std::int64_t ReviewRepository::add_action(std::int64_t id, const ReviewAction& action,
                                          const Change& change) {
    const std::string supplier_id = require_review_supplier(conn_, id);
    ReviewAction stored = action;
    stored.id = insert_action(conn_, id, action);
    // The supplier's scorecard shows its open review with the actions (not the comments).
    PreparedScorecardRepository(conn_).mark_stale(PreparedKind::kSupplier, supplier_id);
    audit(conn_, change, "action", "review", std::to_string(id), "", action_json(stored));
    return stored.id;
}

std::optional<Review> ReviewRepository::find(std::int64_t id) {
    auto row = conn_.query_one(
        "SELECT " + std::string(kReviewColumns) + " FROM reviews v WHERE v.id = ?", {Value(id)});
    if (!row)
        return std::nullopt;
    std::vector<Review> one{review_from(*row)};
    load_review_details(conn_, one, true);
    return one.front();
}

std::vector<Review> ReviewRepository::list(const std::string& supplier_id,
                                           std::optional<ReviewState> state, const Page& page) {
    Where w;
    if (!supplier_id.empty())
        w.add("v.supplier_id = ?", {supplier_id});
    if (state)
        w.add("v.state = ?", {text(*state)});
    Params params = w.params();
    const Page p = clamped(page);
    params.push_back(p.limit);
    params.push_back(p.offset);
    std::vector<Review> out;
    conn_.query("SELECT " + std::string(kReviewColumns) + " FROM reviews v" + w.sql() +
                    " ORDER BY v.opened_at DESC, v.id DESC LIMIT ? OFFSET ?",
                params, [&](const Row& r) { out.push_back(review_from(r)); });
    load_review_details(conn_, out, false);
    return out;
}

std::vector<Review> ReviewRepository::list(const ReviewFilter& filter) {
    const Where w = review_where(filter);
    std::vector<Review> out;
    conn_.query("SELECT " + std::string(kReviewColumns) + " FROM reviews v" + w.sql() +
                    " ORDER BY v.opened_at DESC, v.id DESC LIMIT ? OFFSET ?",
                paged(w.params(), filter.page),
                [&](const Row& r) { out.push_back(review_from(r)); });
    load_review_details(conn_, out, false);
    return out;
}

std::int64_t ReviewRepository::count(const ReviewFilter& filter) {
    const Where w = review_where(filter);
    auto row = conn_.query_one("SELECT COUNT(*) FROM reviews v" + w.sql(), w.params());
    return row ? (*row)[0].as_int() : 0;
}

void ReviewRepository::agree_action(std::int64_t review_id, std::int64_t action_id,
                                    const std::string& note, const Change& change) {
    auto row = conn_.query_one(
        "SELECT id, description, owner_name, due_date, agreed FROM review_actions "
        "WHERE id = ? AND review_id = ?",
        {Value(action_id), Value(review_id)});
    if (!row) {
        throw Error::NotFound("review " + std::to_string(review_id) + " has no action " +
                              std::to_string(action_id));
    }
    ReviewAction before;
    before.id = (*row)[0].as_int();
    before.description = (*row)[1].as_text();
    before.owner = (*row)[2].as_text();
    if (!(*row)[3].is_null())
        before.due = date_from((*row)[3]);
    before.agreed = (*row)[4].as_bool();
    if (before.agreed)
        throw Error::Conflict("action " + std::to_string(action_id) + " is agreed already");
    const std::int64_t changed =
        conn_.execute("UPDATE review_actions SET agreed = ? WHERE id = ? AND agreed = ?",
                      {true, Value(action_id), false});
    if (changed == 0)
        throw Error::Conflict("action " + std::to_string(action_id) + " was agreed meanwhile");
    PreparedScorecardRepository(conn_).mark_stale(PreparedKind::kSupplier,
                                                  require_review_supplier(conn_, review_id));
    ReviewAction after = before;
    after.agreed = true;
    audit(conn_, change, "agree_action", "review", std::to_string(review_id), action_json(before),
          JsonObject()
              .add_raw("action", action_json(after))
              .add("by", change.actor)
              .add("note", note)
              .str());
}

// ---- disputes ----

std::int64_t DisputeRepository::create(const Dispute& dispute, const Change& change) {
    Dispute stored = dispute;
    stored.raised = stamp(dispute.raised, change);
    if (stored.raised_by.empty())
        stored.raised_by = change.actor;
    // A dispute of a flag belongs to the flag's contract, so that it shows on that
    // contract's scorecard with the rating disputes.
    if (stored.flag_id != 0 && stored.contract_id.empty()) {
        auto row = conn_.query_one("SELECT contract_id, supplier_id FROM flags WHERE id = ?",
                                   {Value(stored.flag_id)});
        if (!row)
            throw Error::NotFound("no flag with id " + std::to_string(stored.flag_id));
        stored.contract_id = (*row)[0].as_text();
        if (stored.supplier_id.empty())
            stored.supplier_id = (*row)[1].as_text();
    }
    if (stored.supplier_id.empty() && !stored.contract_id.empty()) {
        auto row =
            conn_.query_one("SELECT supplier_id FROM contracts WHERE id = ?", {stored.contract_id});
        if (!row)
            throw Error::NotFound("no contract '" + stored.contract_id + "'");
        stored.supplier_id = (*row)[0].as_text();
    }
    std::optional<std::string> period;
    if (stored.period)
        period = stored.period->to_string();
    std::optional<std::string> decided;
    if (stored.decided)
        decided = text(*stored.decided);
    conn_.execute(
        "INSERT INTO disputes (supplier_id, contract_id, kpi_code, period, flag_id, reason, "
        "raised_by, raised_at, status, decided_by, decision_reason, decided_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {stored.supplier_id, null_if_empty(stored.contract_id), stored.kpi_code, Value(period),
         null_if_zero(stored.flag_id), stored.reason, stored.raised_by, text(stored.raised),
         text(stored.status), stored.decided_by, stored.decision_reason, Value(decided)});
    stored.id = conn_.last_insert_id();
    audit(conn_, change, "create", "dispute", std::to_string(stored.id), "", dispute_json(stored));
    if (!stored.contract_id.empty())
        PreparedScorecardRepository(conn_).mark_stale(PreparedKind::kContract, stored.contract_id);
    return stored.id;
}

void DisputeRepository::decide(std::int64_t id, DisputeStatus status, const std::string& reason,
                               const Change& change) {
    if (status == DisputeStatus::kOpen)
        throw Error::BadRequest("a dispute is decided as upheld or rejected, not open");
    auto before = find(id);
    if (!before)
        throw Error::NotFound("no dispute with id " + std::to_string(id));
    if (before->status != DisputeStatus::kOpen) {
        throw Error::Conflict("dispute " + std::to_string(id) + " was already decided (" +
                              text(before->status) + ")");
    }
    Dispute after = *before;
    after.status = status;
    after.decided_by = change.actor;
    after.decision_reason = reason;
    after.decided = change.at;
    const std::int64_t changed = conn_.execute(
        "UPDATE disputes SET status = ?, decided_by = ?, decision_reason = ?, decided_at = ? "
        "WHERE id = ? AND status = ?",
        {text(status), change.actor, reason, text(change.at), Value(id),
         text(DisputeStatus::kOpen)});
    if (changed == 0)
        throw Error::Conflict("dispute " + std::to_string(id) + " was decided meanwhile");
    if (!before->contract_id.empty())
        PreparedScorecardRepository(conn_).mark_stale(PreparedKind::kContract, before->contract_id);
    audit(conn_, change, "decide", "dispute", std::to_string(id), dispute_json(*before),
          dispute_json(after));
}

std::optional<Dispute> DisputeRepository::find(std::int64_t id) {
    auto row = conn_.query_one(
        "SELECT " + std::string(kDisputeColumns) + " FROM disputes d WHERE d.id = ?", {Value(id)});
    if (!row)
        return std::nullopt;
    return dispute_from(*row);
}

std::vector<Dispute> DisputeRepository::open_for_contract(const std::string& contract_id) {
    auto all = open_for_contracts({contract_id});
    return all.empty() ? std::vector<Dispute>() : std::move(all.begin()->second);
}

std::map<std::string, std::vector<Dispute>> DisputeRepository::open_for_contracts(
    const std::vector<std::string>& ids) {
    std::map<std::string, std::vector<Dispute>> out;
    for_each_chunk(ids, [&](Params chunk, const std::string& in_list) {
        chunk.push_back(text(DisputeStatus::kOpen));
        conn_.query("SELECT " + std::string(kDisputeColumns) +
                        " FROM disputes d WHERE d.contract_id IN " + in_list +
                        " AND d.status = ? ORDER BY d.raised_at, d.id",
                    chunk, [&](const Row& r) {
                        Dispute d = dispute_from(r);
                        out[d.contract_id].push_back(std::move(d));
                    });
    });
    return out;
}

std::vector<Dispute> DisputeRepository::list(const DisputeFilter& filter) {
    const Where w = dispute_where(filter);
    std::vector<Dispute> out;
    conn_.query("SELECT " + std::string(kDisputeColumns) + " FROM disputes d" + w.sql() +
                    " ORDER BY d.raised_at DESC, d.id DESC LIMIT ? OFFSET ?",
                paged(w.params(), filter.page),
                [&](const Row& r) { out.push_back(dispute_from(r)); });
    return out;
}

std::int64_t DisputeRepository::count(const DisputeFilter& filter) {
    const Where w = dispute_where(filter);
    auto row = conn_.query_one("SELECT COUNT(*) FROM disputes d" + w.sql(), w.params());
    return row ? (*row)[0].as_int() : 0;
}

std::optional<Dispute> DisputeRepository::open_duplicate(const Dispute& dispute) {
    std::optional<Dispute> found;
    auto collect = [&](const Row& r) {
        if (!found)
            found = dispute_from(r);
    };
    const std::string select =
        "SELECT " + std::string(kDisputeColumns) + " FROM disputes d WHERE d.status = ? AND ";
    if (dispute.flag_id != 0) {
        conn_.query(select + "d.flag_id = ? ORDER BY d.id",
                    {text(DisputeStatus::kOpen), Value(dispute.flag_id)}, collect);
    } else if (dispute.period) {
        conn_.query(select +
                        "d.flag_id IS NULL AND d.contract_id = ? AND d.kpi_code = ? "
                        "AND d.period = ? ORDER BY d.id",
                    {text(DisputeStatus::kOpen), dispute.contract_id, dispute.kpi_code,
                     dispute.period->to_string()},
                    collect);
    }
    return found;
}

// ---- audit log ----

std::vector<AuditEntry> AuditRepository::search(const AuditFilter& filter) {
    const Where w = audit_where(filter);
    std::vector<AuditEntry> out;
    conn_.query(std::string(kAuditSelect) + w.sql() + " ORDER BY id LIMIT ? OFFSET ?",
                paged(w.params(), filter.page),
                [&](const Row& r) { out.push_back(audit_entry_from(r)); });
    return out;
}

std::int64_t AuditRepository::count(const AuditFilter& filter) {
    const Where w = audit_where(filter);
    auto row = conn_.query_one("SELECT COUNT(*) FROM audit_log" + w.sql(), w.params());
    return row ? (*row)[0].as_int() : 0;
}

void AuditRepository::each(const AuditFilter& filter,
                           const std::function<void(const AuditEntry&)>& on_entry) {
    const Where w = audit_where(filter);
    conn_.query(std::string(kAuditSelect) + w.sql() + " ORDER BY id", w.params(),
                [&](const Row& r) { on_entry(audit_entry_from(r)); });
}

}  // namespace scorecard::store
