// Repositories for the organisations and contracts (authorities, suppliers, contracts and
// their KPI versions), the audit log and the accounts. Returns, documents and scores are in
// return_repositories.cpp; flags, reviews and disputes in workflow_repositories.cpp.
#include "store/repositories.h"

#include <algorithm>
#include <map>
#include <set>

#include "store/json_text.h"
#include "store/measure_scores_text.h"
#include "store/prepared_scorecard_repository.h"
#include "store/repository_support.h"

namespace scorecard::store {

using namespace detail;

namespace {

std::string authority_json(const Authority& a) {
    return JsonObject().add("id", a.id).add("name", a.name).str();
}

std::string supplier_json(const Supplier& s) {
    return JsonObject()
        .add("id", s.id)
        .add("name", s.name)
        .add("size", text(s.size))
        .add("strategic", s.strategic)
        .str();
}

std::string contract_json(const Contract& c) {
    return JsonObject()
        .add("id", c.id)
        .add("authority", c.authority_id)
        .add("supplier", c.supplier_id)
        .add("title", c.title)
        .add("start", text(c.start))
        .add("end", text(c.end))
        .add("value", c.value)
        .add("currency", c.currency)
        .add("frequency", text(c.frequency))
        .add("status", text(c.status))
        .add("lot", c.lot)
        .add("regime", c.regime ? std::optional(text(*c.regime)) : std::nullopt)
        .str();
}

std::string kpi_version_json(const std::string& contract_id, const KpiVersion& v) {
    const KpiDefinition& d = v.definition;
    JsonObject o;
    o.add("contract", contract_id)
        .add("code", d.code)
        .add("effective", v.effective.to_string())
        .add("withdrawn", v.withdrawn)
        .add("name", d.name)
        .add("unit", text(d.unit))
        .add("direction", text(d.direction))
        .add("weight", d.weight)
        .add("good", d.thresholds.good)
        .add("approaching", d.thresholds.approaching)
        .add("minimum", d.thresholds.minimum);
    if (d.category)
        o.add("category", text(*d.category));
    else
        o.add_null("category");
    return o.str();
}

Supplier supplier_from(const Row& r) {
    Supplier s;
    s.id = r[0].as_text();
    s.name = r[1].as_text();
    s.size = enum_from<SizeClass>(r[2]);
    s.strategic = r[3].as_bool();
    return s;
}

constexpr std::string_view kSupplierColumns = "s.id, s.name, s.size_class, s.strategic";

constexpr std::string_view kContractColumns =
    "c.id, c.authority_id, c.supplier_id, c.title, c.start_date, c.end_date, c.total_value, "
    "c.currency, c.frequency, c.status, c.lot, c.regime";

Contract contract_from(const Row& r) {
    Contract c;
    c.id = r[0].as_text();
    c.authority_id = r[1].as_text();
    c.supplier_id = r[2].as_text();
    c.title = r[3].as_text();
    c.start = date_from(r[4]);
    c.end = date_from(r[5]);
    c.value = r[6].as_double();
    c.currency = r[7].as_text();
    c.frequency = enum_from<Frequency>(r[8]);
    c.status = enum_from<ContractStatus>(r[9]);
    c.lot = r[10].as_text();
    if (!r[11].is_null())
        c.regime = enum_from<Regime>(r[11]);
    return c;
}

constexpr std::string_view kKpiColumns =
    "code, effective, withdrawn, name, unit, direction, weight, good, approaching, minimum, "
    "category";

KpiVersion kpi_version_from(const Row& r) {
    KpiVersion v;
    v.definition.code = r[0].as_text();
    v.effective = period_from(r[1]);
    v.withdrawn = r[2].as_bool();
    v.definition.name = r[3].as_text();
    v.definition.unit = enum_from<Unit>(r[4]);
    v.definition.direction = enum_from<Direction>(r[5]);
    v.definition.weight = r[6].as_double();
    v.definition.thresholds.good = r[7].as_double();
    v.definition.thresholds.approaching = r[8].as_double();
    v.definition.thresholds.minimum = r[9].as_double();
    if (!r[10].is_null())
        v.definition.category = enum_from<KpiCategory>(r[10]);
    return v;
}

// The contract's own fields, without its KPI versions.
std::optional<Contract> find_contract_row(Connection& conn, const std::string& id) {
    auto row = conn.query_one(
        "SELECT " + std::string(kContractColumns) + " FROM contracts c WHERE c.id = ?", {id});
    if (!row)
        return std::nullopt;
    return contract_from(*row);
}

Where supplier_where(const SupplierFilter& f) {
    Where w;
    if (f.size)
        w.add("s.size_class = ?", {text(*f.size)});
    if (f.size_group) {
        // The groups split on `large`; micro, small, medium and plain `sme` are all SME.
        w.add(*f.size_group == SizeGroup::kLarge ? "s.size_class = ?" : "s.size_class <> ?",
              {text(SizeClass::kLarge)});
    }
    if (!f.authority_id.empty()) {
        w.add(
            "EXISTS (SELECT 1 FROM contracts c WHERE c.supplier_id = s.id AND "
            "c.authority_id = ?)",
            {f.authority_id});
    }
    if (f.flagged) {
        // Within an authority's view, "flagged" means flagged on that authority's contracts.
        std::string exists =
            "EXISTS (SELECT 1 FROM flags f WHERE f.supplier_id = s.id AND f.status = ?";
        Params params{text(FlagStatus::kOpen)};
        if (!f.authority_id.empty()) {
            exists += " AND f.authority_id = ?";
            params.push_back(f.authority_id);
        }
        exists += ")";
        w.add(*f.flagged ? exists : "NOT " + exists, std::move(params));
    }
    if (!f.id.empty())
        w.add("s.id = ?", {f.id});
    if (!f.q.empty()) {
        const std::string like = contains_pattern(f.q);
        w.add("(LOWER(s.name) LIKE LOWER(?)" + std::string(kLikeEscape) +
                  " OR LOWER(s.id) LIKE LOWER(?)" + std::string(kLikeEscape) + ")",
              {like, like});
    }
    return w;
}

Where contract_where(const ContractFilter& f) {
    Where w;
    if (!f.authority_id.empty())
        w.add("c.authority_id = ?", {f.authority_id});
    if (!f.supplier_id.empty())
        w.add("c.supplier_id = ?", {f.supplier_id});
    if (f.status)
        w.add("c.status = ?", {text(*f.status)});
    if (!f.q.empty()) {
        const std::string like = contains_pattern(f.q);
        w.add("(LOWER(c.id) LIKE LOWER(?)" + std::string(kLikeEscape) +
                  " OR LOWER(c.title) LIKE LOWER(?)" + std::string(kLikeEscape) + ")",
              {like, like});
    }
    return w;
}

// A contract's own columns in the order upsert() and create_all() write them (id last).
Params contract_fields(const Contract& c) {
    return {c.authority_id,
            c.supplier_id,
            c.title,
            text(c.start),
            text(c.end),
            c.value,
            c.currency,
            text(c.frequency),
            text(c.status),
            c.lot,
            c.regime ? Value(text(*c.regime)) : Value(),
            c.id};
}

}  // namespace

// ---- authorities ----

Upsert AuthorityRepository::upsert(const Authority& authority, const Change& change) {
    auto existing = find(authority.id);
    if (!existing) {
        conn_.execute("INSERT INTO authorities (id, name) VALUES (?, ?)",
                      {authority.id, authority.name});
        audit(conn_, change, "create", "authority", authority.id, "", authority_json(authority));
        return Upsert::kCreated;
    }
    if (*existing == authority)
        return Upsert::kUnchanged;
    conn_.execute("UPDATE authorities SET name = ? WHERE id = ?", {authority.name, authority.id});
    PreparedScorecardRepository(conn_).mark_authority_changed(authority.id);
    audit(conn_, change, "update", "authority", authority.id, authority_json(*existing),
          authority_json(authority));
    return Upsert::kUpdated;
}

std::optional<Authority> AuthorityRepository::find(const std::string& id) {
    auto row = conn_.query_one("SELECT id, name FROM authorities WHERE id = ?", {id});
    if (!row)
        return std::nullopt;
    return Authority{(*row)[0].as_text(), (*row)[1].as_text()};
}

std::map<std::string, Authority> AuthorityRepository::find_all(
    const std::vector<std::string>& ids) {
    std::map<std::string, Authority> out;
    for_each_chunk(ids, [&](const Params& chunk, const std::string& in_list) {
        conn_.query("SELECT id, name FROM authorities WHERE id IN " + in_list, chunk,
                    [&](const Row& r) {
                        std::string id = r[0].as_text();
                        out.emplace(std::move(id), Authority{r[0].as_text(), r[1].as_text()});
                    });
    });
    return out;
}

std::vector<Authority> AuthorityRepository::list() {
    std::vector<Authority> out;
    conn_.query("SELECT id, name FROM authorities ORDER BY name, id", {}, [&](const Row& r) {
        out.push_back(Authority{r[0].as_text(), r[1].as_text()});
    });
    return out;
}

// ---- suppliers ----

Upsert SupplierRepository::upsert(const Supplier& supplier, const Change& change) {
    auto existing = find(supplier.id);
    if (!existing) {
        create_all({supplier}, change);
        return Upsert::kCreated;
    }
    if (*existing == supplier)
        return Upsert::kUnchanged;
    conn_.execute("UPDATE suppliers SET name = ?, size_class = ?, strategic = ? WHERE id = ?",
                  {supplier.name, text(supplier.size), supplier.strategic, supplier.id});
    PreparedScorecardRepository(conn_).mark_supplier_changed(supplier.id);
    audit(conn_, change, "update", "supplier", supplier.id, supplier_json(*existing),
          supplier_json(supplier));
    return Upsert::kUpdated;
}

void SupplierRepository::create_all(const std::vector<Supplier>& suppliers, const Change& change) {
    Params rows;
    std::vector<AuditRow> audits;
    for (const Supplier& s : suppliers) {
        append_row(rows, s.id, s.name, text(s.size), s.strategic);
        audits.push_back({"create", "supplier", s.id, "", supplier_json(s)});
    }
    insert_rows(conn_, "suppliers (id, name, size_class, strategic)", 4, std::move(rows));
    audit_all(conn_, change, std::move(audits));
}

std::map<std::string, Supplier> SupplierRepository::find_all(const std::vector<std::string>& ids) {
    std::map<std::string, Supplier> out;
    for_each_chunk(ids, [&](const Params& chunk, const std::string& in_list) {
        conn_.query("SELECT " + std::string(kSupplierColumns) + " FROM suppliers s WHERE s.id IN " +
                        in_list,
                    chunk, [&](const Row& r) {
                        Supplier found = supplier_from(r);
                        std::string id = found.id;
                        out.emplace(std::move(id), std::move(found));
                    });
    });
    return out;
}

std::optional<Supplier> SupplierRepository::find(const std::string& id) {
    auto row = conn_.query_one(
        "SELECT " + std::string(kSupplierColumns) + " FROM suppliers s WHERE s.id = ?", {id});
    if (!row)
        return std::nullopt;
    return supplier_from(*row);
}

std::vector<Supplier> SupplierRepository::list(const SupplierFilter& filter) {
    const Where w = supplier_where(filter);
    std::vector<Supplier> out;
    conn_.query("SELECT " + std::string(kSupplierColumns) + " FROM suppliers s" + w.sql() +
                    " ORDER BY s.name, s.id LIMIT ? OFFSET ?",
                with_page(w.params(), filter.page),
                [&](const Row& r) { out.push_back(supplier_from(r)); });
    return out;
}

std::int64_t SupplierRepository::count(const SupplierFilter& filter) {
    const Where w = supplier_where(filter);
    auto row = conn_.query_one("SELECT COUNT(*) FROM suppliers s" + w.sql(), w.params());
    return row ? (*row)[0].as_int() : 0;
}

std::vector<SupplierListing> SupplierRepository::list_scored(const SupplierFilter& filter) {
    const Where w = supplier_where(filter);
    // Flags and contracts are counted within the filter's authority when it names one, so
    // that a commercial team's listing says nothing about other authorities' contracts.
    std::string flag_count =
        "(SELECT COUNT(*) FROM flags f WHERE f.supplier_id = s.id AND f.status = ?";
    std::string contract_count = "(SELECT COUNT(*) FROM contracts c WHERE c.supplier_id = s.id";
    Params params{text(FlagStatus::kOpen)};
    if (!filter.authority_id.empty()) {
        flag_count += " AND f.authority_id = ?";
        params.push_back(filter.authority_id);
    }
    flag_count += ")";
    if (!filter.authority_id.empty()) {
        contract_count += " AND c.authority_id = ?";
        params.push_back(filter.authority_id);
    }
    contract_count += ")";
    for (const Value& v : w.params())
        params.push_back(v);

    std::string order;
    switch (filter.sort) {
        case SupplierSort::kName:
            order = "s.name, s.id";
            break;
        case SupplierSort::kId:
            order = "s.id";
            break;
        case SupplierSort::kScore:
            // (x IS NULL) sorts 0 before 1 on both databases: scored suppliers first.
            order = "(ss.score IS NULL), ss.score DESC, s.name, s.id";
            break;
    }
    std::vector<SupplierListing> out;
    conn_.query("SELECT " + std::string(kSupplierColumns) + ", ss.score, " + flag_count + ", " +
                    contract_count +
                    " FROM suppliers s LEFT JOIN supplier_scores ss ON ss.supplier_id = s.id" +
                    w.sql() + " ORDER BY " + order + " LIMIT ? OFFSET ?",
                with_page(std::move(params), filter.page), [&](const Row& r) {
                    SupplierListing l;
                    l.supplier = supplier_from(r);
                    l.score = r[4].as_optional_double();
                    l.open_flags = r[5].as_int();
                    l.contracts = r[6].as_int();
                    out.push_back(std::move(l));
                });
    return out;
}

bool SupplierRepository::has_contract_with(const std::string& supplier_id,
                                           const std::string& authority_id) {
    return conn_
        .query_one("SELECT 1 FROM contracts WHERE supplier_id = ? AND authority_id = ? LIMIT 1",
                   {supplier_id, authority_id})
        .has_value();
}

// ---- contracts ----

Upsert ContractRepository::upsert(const Contract& contract, const Change& change) {
    Contract own = contract;
    own.kpis.clear();
    own.former_suppliers.clear();
    auto existing = find_contract_row(conn_, contract.id);
    const Params fields = contract_fields(contract);
    if (!existing) {
        create_all({own}, change);
        return Upsert::kCreated;
    }
    if (*existing == own)
        return Upsert::kUnchanged;
    // A change of supplier is a novation (ContractRepository::novate), never an update: the
    // importers refuse it first with a problem; this keeps any other path from slipping by.
    if (existing->supplier_id != own.supplier_id)
        throw Error::Conflict("contract " + own.id + " is " + existing->supplier_id +
                              "'s: moving it to " + own.supplier_id + " is a novation");
    conn_.execute(
        "UPDATE contracts SET authority_id = ?, supplier_id = ?, title = ?, start_date = ?, "
        "end_date = ?, total_value = ?, currency = ?, frequency = ?, status = ?, lot = ?, "
        "regime = ? WHERE id = ?",
        fields);
    PreparedScorecardRepository prepared(conn_);
    prepared.mark_stale(PreparedKind::kContract, own.id);
    prepared.mark_stale(PreparedKind::kSupplier, own.supplier_id);
    audit(conn_, change, "update", "contract", contract.id, contract_json(*existing),
          contract_json(own));
    return Upsert::kUpdated;
}

void ContractRepository::create_all(const std::vector<Contract>& contracts, const Change& change) {
    Params rows;
    rows.reserve(contracts.size() * 12);
    std::vector<AuditRow> audits;
    audits.reserve(contracts.size());
    for (const Contract& c : contracts) {
        Params fields = contract_fields(c);
        rows.insert(rows.end(), std::make_move_iterator(fields.begin()),
                    std::make_move_iterator(fields.end()));
        Contract own = c;
        own.kpis.clear();
        own.former_suppliers.clear();
        audits.push_back({"create", "contract", c.id, "", contract_json(own)});
    }
    insert_rows(conn_,
                "contracts (authority_id, supplier_id, title, start_date, end_date, total_value, "
                "currency, frequency, status, lot, regime, id)",
                12, std::move(rows));
    audit_all(conn_, change, std::move(audits));
}

Upsert ContractRepository::put_kpi_version(const std::string& contract_id,
                                           const KpiVersion& version, const Change& change) {
    const KpiDefinition& d = version.definition;
    const std::string effective = version.effective.to_string();
    const std::string entity_id = contract_id + "/" + d.code;

    // The versions of this code that start on or before the new one, latest first: the
    // first is the one to replace (same period) or the one in force just before it.
    std::optional<KpiVersion> same_period;
    std::optional<KpiVersion> in_force_before;
    conn_.query("SELECT " + std::string(kKpiColumns) +
                    " FROM kpi_versions WHERE contract_id = ? AND code = ? AND "
                    "effective_start <= ? ORDER BY effective_start DESC",
                {contract_id, d.code, period_start(version.effective)}, [&](const Row& r) {
                    KpiVersion v = kpi_version_from(r);
                    if (v.effective == version.effective)
                        same_period = v;
                    else if (!in_force_before)
                        in_force_before = v;
                });

    const Params fields{static_cast<bool>(version.withdrawn),
                        d.name,
                        text(d.unit),
                        text(d.direction),
                        d.weight,
                        d.thresholds.good,
                        d.thresholds.approaching,
                        d.thresholds.minimum,
                        d.category ? Value(text(*d.category)) : Value(),
                        contract_id,
                        d.code,
                        effective};
    if (same_period) {
        if (*same_period == version)
            return Upsert::kUnchanged;
        conn_.execute(
            "UPDATE kpi_versions SET withdrawn = ?, name = ?, unit = ?, direction = ?, "
            "weight = ?, good = ?, approaching = ?, minimum = ?, category = ? "
            "WHERE contract_id = ? AND code = ? AND effective = ?",
            fields);
        audit(conn_, change, "update", "kpi", entity_id,
              kpi_version_json(contract_id, *same_period), kpi_version_json(contract_id, version));
        return Upsert::kUpdated;
    }
    // A version that repeats the definition already in force changes nothing; nor does
    // withdrawing a KPI that was never in force.
    if (in_force_before
            ? (in_force_before->definition == d && in_force_before->withdrawn == version.withdrawn)
            : version.withdrawn)
        return Upsert::kUnchanged;

    Params insert = fields;
    insert.push_back(period_start(version.effective));
    conn_.execute(
        "INSERT INTO kpi_versions (withdrawn, name, unit, direction, weight, good, approaching, "
        "minimum, category, contract_id, code, effective, effective_start) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        insert);
    audit(conn_, change, "create", "kpi", entity_id, "", kpi_version_json(contract_id, version));
    return Upsert::kCreated;
}

std::vector<Upsert> ContractRepository::put_kpi_versions(const std::string& contract_id,
                                                         const std::vector<KpiVersion>& versions,
                                                         const Change& change) {
    auto outcomes = put_kpi_versions_of({{contract_id, versions}}, change);
    return std::move(outcomes[contract_id]);
}

std::map<std::string, std::vector<Upsert>> ContractRepository::put_kpi_versions_of(
    const std::map<std::string, std::vector<KpiVersion>>& versions, const Change& change) {
    std::map<std::string, std::vector<Upsert>> outcomes;
    // A code twice in one contract's list (two effective periods of one KPI): each compares
    // with the one before, so that contract's are put one by one.
    std::vector<std::string> ids;
    for (const auto& [contract_id, list] : versions) {
        std::set<std::string> codes;
        const bool twice = std::any_of(list.begin(), list.end(), [&](const KpiVersion& v) {
            return !codes.insert(v.definition.code).second;
        });
        if (twice) {
            for (const KpiVersion& each : list)
                outcomes[contract_id].push_back(put_kpi_version(contract_id, each, change));
        } else if (!list.empty()) {
            ids.push_back(contract_id);
        } else {
            outcomes[contract_id];
        }
    }
    // The contracts' stored versions by code, latest first (as put_kpi_version reads them).
    std::map<std::string, std::map<std::string, std::vector<KpiVersion>>> stored;
    for_each_chunk(ids, [&](const Params& chunk, const std::string& in_list) {
        conn_.query("SELECT " + std::string(kKpiColumns) +
                        ", contract_id FROM kpi_versions WHERE contract_id IN " + in_list +
                        " ORDER BY contract_id, code, effective_start DESC",
                    chunk, [&](const Row& r) {
                        KpiVersion v = kpi_version_from(r);
                        stored[r[11].as_text()][v.definition.code].push_back(std::move(v));
                    });
    });
    Params inserts;
    std::vector<AuditRow> audits;
    for (const std::string& contract_id : ids) {
        std::vector<Upsert>& out = outcomes[contract_id];
        const auto& by_code = stored[contract_id];
        for (const KpiVersion& version : versions.at(contract_id)) {
            const KpiDefinition& d = version.definition;
            const std::string start = period_start(version.effective);
            std::optional<KpiVersion> same_period;
            std::optional<KpiVersion> in_force_before;
            if (auto it = by_code.find(d.code); it != by_code.end()) {
                for (const KpiVersion& v : it->second) {
                    if (period_start(v.effective) > start)
                        continue;
                    if (v.effective == version.effective)
                        same_period = v;
                    else if (!in_force_before)
                        in_force_before = v;
                }
            }
            // An update is rare (a feed correcting a version): put_kpi_version writes it.
            if (same_period) {
                out.push_back(put_kpi_version(contract_id, version, change));
                continue;
            }
            if (in_force_before ? (in_force_before->definition == d &&
                                   in_force_before->withdrawn == version.withdrawn)
                                : version.withdrawn) {
                out.push_back(Upsert::kUnchanged);
                continue;
            }
            append_row(inserts, static_cast<bool>(version.withdrawn), d.name, text(d.unit),
                       text(d.direction), d.weight, d.thresholds.good, d.thresholds.approaching,
                       d.thresholds.minimum, d.category ? Value(text(*d.category)) : Value(),
                       contract_id, d.code, version.effective.to_string(), start);
            audits.push_back({"create", "kpi", contract_id + "/" + d.code, "",
                              kpi_version_json(contract_id, version)});
            out.push_back(Upsert::kCreated);
        }
    }
    insert_rows(conn_,
                "kpi_versions (withdrawn, name, unit, direction, weight, good, approaching, "
                "minimum, category, contract_id, code, effective, effective_start)",
                13, std::move(inserts));
    audit_all(conn_, change, std::move(audits));
    return outcomes;
}

std::optional<Contract> ContractRepository::find(const std::string& id) {
    auto contract = find_contract_row(conn_, id);
    if (!contract)
        return std::nullopt;
    conn_.query("SELECT " + std::string(kKpiColumns) +
                    " FROM kpi_versions WHERE contract_id = ? ORDER BY code, effective_start",
                {id}, [&](const Row& r) { contract->kpis.push_back(kpi_version_from(r)); });
    auto former = former_suppliers_of({id});
    if (!former.empty())
        contract->former_suppliers = std::move(former.begin()->second);
    return contract;
}

std::map<std::string, Contract> ContractRepository::find_all(const std::vector<std::string>& ids) {
    std::map<std::string, Contract> out;
    for_each_chunk(ids, [&](Params chunk, const std::string& in_list) {
        conn_.query("SELECT " + std::string(kContractColumns) + " FROM contracts c WHERE c.id IN " +
                        in_list,
                    chunk, [&](const Row& r) {
                        Contract c = contract_from(r);
                        std::string id = c.id;
                        out.emplace(std::move(id), std::move(c));
                    });
        // The contract's id after the columns find() reads, in find()'s order per contract.
        conn_.query("SELECT " + std::string(kKpiColumns) +
                        ", contract_id FROM kpi_versions WHERE contract_id IN " + in_list +
                        " ORDER BY contract_id, code, effective_start",
                    chunk, [&](const Row& r) {
                        if (auto it = out.find(r[11].as_text()); it != out.end())
                            it->second.kpis.push_back(kpi_version_from(r));
                    });
    });
    for (auto& [id, changes] : former_suppliers_of(ids)) {
        if (auto it = out.find(id); it != out.end())
            it->second.former_suppliers = std::move(changes);
    }
    return out;
}

std::vector<Contract> ContractRepository::list(const ContractFilter& filter) {
    const Where w = contract_where(filter);
    std::vector<Contract> out;
    conn_.query("SELECT " + std::string(kContractColumns) + " FROM contracts c" + w.sql() +
                    " ORDER BY c.id LIMIT ? OFFSET ?",
                with_page(w.params(), filter.page),
                [&](const Row& r) { out.push_back(contract_from(r)); });
    return out;
}

std::map<std::string, std::vector<Contract>> ContractRepository::of_suppliers(
    const std::vector<std::string>& ids) {
    std::map<std::string, std::vector<Contract>> out;
    for_each_chunk(ids, [&](const Params& chunk, const std::string& in_list) {
        conn_.query("SELECT " + std::string(kContractColumns) +
                        " FROM contracts c WHERE c.supplier_id IN " + in_list + " ORDER BY c.id",
                    chunk, [&](const Row& r) {
                        Contract c = contract_from(r);
                        out[c.supplier_id].push_back(std::move(c));
                    });
    });
    return out;
}

std::int64_t ContractRepository::count(const ContractFilter& filter) {
    const Where w = contract_where(filter);
    auto row = conn_.query_one("SELECT COUNT(*) FROM contracts c" + w.sql(), w.params());
    return row ? (*row)[0].as_int() : 0;
}

namespace {

constexpr std::string_view kListingJoins =
    " FROM contracts c JOIN authorities a ON a.id = c.authority_id"
    " JOIN suppliers s ON s.id = c.supplier_id"
    " LEFT JOIN contract_scores cs ON cs.contract_id = c.id";

ContractListing contract_listing_from(const Row& r) {
    ContractListing l;
    l.contract = contract_from(r);
    // The columns after kContractColumns' twelve.
    l.authority_name = r[12].as_text();
    l.supplier_name = r[13].as_text();
    l.supplier_size = enum_from<SizeClass>(r[14]);
    if (!r[15].is_null())
        l.current_period = period_from(r[15]);
    l.current_score = r[16].as_optional_double();
    return l;
}

std::string listing_select() {
    return "SELECT " + std::string(kContractColumns) +
           ", a.name, s.name, s.size_class, cs.period, cs.score" + std::string(kListingJoins);
}

// Bounds of the periods that start in a calendar year, as period_start keys.
Params year_bounds(int year) {
    const std::string y = std::to_string(year);
    return {y + "-01-01", y + "-12-31"};
}

}  // namespace

std::vector<ContractListing> ContractRepository::list_scored(const ContractFilter& filter) {
    const Where w = contract_where(filter);
    std::string order;
    switch (filter.sort) {
        case ContractSort::kId:
            order = "c.id";
            break;
        case ContractSort::kTitle:
            order = "c.title, c.id";
            break;
        case ContractSort::kScore:
            order = "(cs.score IS NULL), cs.score DESC, c.id";
            break;
        case ContractSort::kValue:
            order = "c.total_value DESC, c.id";
            break;
    }
    std::vector<ContractListing> out;
    conn_.query(listing_select() + w.sql() + " ORDER BY " + order + " LIMIT ? OFFSET ?",
                with_page(w.params(), filter.page),
                [&](const Row& r) { out.push_back(contract_listing_from(r)); });
    return out;
}

std::optional<ContractListing> ContractRepository::find_listing(const std::string& id) {
    auto row = conn_.query_one(listing_select() + " WHERE c.id = ?", {id});
    if (!row)
        return std::nullopt;
    return contract_listing_from(*row);
}

std::vector<ContractListing> ContractRepository::scored_in_year(int year) {
    std::vector<ContractListing> out;
    conn_.query(listing_select() +
                    " WHERE EXISTS (SELECT 1 FROM period_scores ps WHERE ps.contract_id = c.id "
                    "AND ps.period_start >= ? AND ps.period_start <= ?) ORDER BY c.id",
                year_bounds(year), [&](const Row& r) { out.push_back(contract_listing_from(r)); });
    return out;
}

std::map<std::string, std::vector<KpiVersion>> ContractRepository::kpi_versions(
    const std::vector<std::string>& ids) {
    std::map<std::string, std::vector<KpiVersion>> out;
    if (ids.empty())
        return out;
    Params params(ids.begin(), ids.end());
    conn_.query("SELECT contract_id, " + std::string(kKpiColumns) +
                    " FROM kpi_versions WHERE contract_id IN " + placeholders(ids.size()) +
                    " ORDER BY contract_id, code, effective_start",
                params, [&](const Row& r) {
                    // kpi_version_from reads the columns after contract_id.
                    std::vector<Value> rest;
                    for (std::size_t i = 1; i <= 11; ++i)
                        rest.push_back(r[i]);
                    out[r[0].as_text()].push_back(kpi_version_from(Row(std::move(rest))));
                });
    return out;
}

void ContractRepository::performance_rows(
    const std::vector<std::string>& ids, int year,
    const std::function<void(const PerformanceRow&)>& on_row) {
    if (ids.empty())
        return;
    Params params(ids.begin(), ids.end());
    for (Value& v : year_bounds(year))
        params.push_back(std::move(v));
    // A row per KPI of each period, in the order of its measure scores (by code).
    conn_.query(
        "SELECT contract_id, period, score, rating, measures FROM period_scores WHERE "
        "contract_id IN " +
            placeholders(ids.size()) +
            " AND period_start >= ? AND period_start <= ? ORDER BY contract_id, period_start",
        params, [&](const Row& r) {
            PerformanceRow row;
            row.contract_id = r[0].as_text();
            row.period = period_from(r[1]);
            row.period_score = r[2].as_optional_double();
            row.period_rating = enum_from<Rating>(r[3]);
            if (r[4].is_null())
                return;
            for (MeasureScore& m : measure_scores_from_text(r[4].as_text())) {
                row.measure = std::move(m);
                on_row(row);
            }
        });
}

std::vector<std::string> ContractRepository::ids_for_supplier(const std::string& supplier_id) {
    std::vector<std::string> out;
    conn_.query("SELECT id FROM contracts WHERE supplier_id = ? ORDER BY id", {supplier_id},
                [&](const Row& r) { out.push_back(r[0].as_text()); });
    return out;
}

std::map<std::string, std::vector<SupplierChange>> ContractRepository::former_suppliers_of(
    const std::vector<std::string>& ids) {
    std::map<std::string, std::vector<SupplierChange>> out;
    for_each_chunk(ids, [&](Params chunk, const std::string& in_list) {
        conn_.query(
            "SELECT contract_id, from_supplier, effective FROM contract_novations WHERE "
            "contract_id IN " +
                in_list + " ORDER BY contract_id, effective",
            chunk, [&](const Row& r) {
                out[r[0].as_text()].push_back({r[1].as_text(), date_from(r[2])});
            });
    });
    return out;
}

std::map<std::string, std::vector<SupplierChange>> ContractRepository::all_former_suppliers() {
    std::map<std::string, std::vector<SupplierChange>> out;
    conn_.query(
        "SELECT contract_id, from_supplier, effective FROM contract_novations ORDER BY "
        "contract_id, effective",
        {}, [&](const Row& r) {
            out[r[0].as_text()].push_back({r[1].as_text(), date_from(r[2])});
        });
    return out;
}

namespace {

std::string novation_json(const Novation& n) {
    return JsonObject()
        .add("contract", n.contract_id)
        .add("from_supplier", n.from_supplier)
        .add("to_supplier", n.to_supplier)
        .add("effective", text(n.effective))
        .add("reason", n.reason)
        .str();
}

}  // namespace

std::int64_t ContractRepository::novate(const Novation& novation, const Change& change) {
    auto existing = find_contract_row(conn_, novation.contract_id);
    if (!existing)
        throw Error::NotFound("no contract " + novation.contract_id);
    if (existing->supplier_id != novation.from_supplier)
        throw Error::Conflict("contract " + novation.contract_id + " is no longer " +
                              novation.from_supplier + "'s");
    conn_.execute(
        "INSERT INTO contract_novations (contract_id, from_supplier, to_supplier, effective, "
        "reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {novation.contract_id, novation.from_supplier, novation.to_supplier,
         text(novation.effective), novation.reason, change.actor, text(change.at)});
    const std::int64_t id = conn_.last_insert_id();
    conn_.execute("UPDATE contracts SET supplier_id = ? WHERE id = ?",
                  {novation.to_supplier, novation.contract_id});
    PreparedScorecardRepository prepared(conn_);
    prepared.mark_stale(PreparedKind::kContract, novation.contract_id);
    prepared.mark_stale(PreparedKind::kSupplier, novation.from_supplier);
    prepared.mark_stale(PreparedKind::kSupplier, novation.to_supplier);
    audit(conn_, change, "novation", "contract", novation.contract_id, contract_json(*existing),
          novation_json(novation));
    return id;
}

std::vector<Novation> ContractRepository::novations(const std::string& id) {
    std::vector<Novation> out;
    conn_.query(
        "SELECT id, contract_id, from_supplier, to_supplier, effective, reason, decided_by, "
        "decided_at FROM contract_novations WHERE contract_id = ? ORDER BY effective",
        {id}, [&](const Row& r) {
            Novation n;
            n.id = r[0].as_int();
            n.contract_id = r[1].as_text();
            n.from_supplier = r[2].as_text();
            n.to_supplier = r[3].as_text();
            n.effective = date_from(r[4]);
            n.reason = r[5].as_text();
            n.decided_by = r[6].as_text();
            n.decided = timestamp_from(r[7]);
            out.push_back(std::move(n));
        });
    return out;
}

void ContractRepository::lock(const std::string& id) {
    // A no-op UPDATE locks the same way on both databases: InnoDB locks the matched row
    // (a SELECT ... FOR UPDATE would not parse on SQLite), and on SQLite the write
    // transaction already excludes every other writer.
    conn_.execute("UPDATE contracts SET status = status WHERE id = ?", {id});
}

void ContractRepository::lock_all(const std::vector<std::string>& ids) {
    for_each_chunk(ids, [&](Params chunk, const std::string& in_list) {
        conn_.execute("UPDATE contracts SET status = status WHERE id IN " + in_list, chunk);
    });
}

std::vector<std::string> ContractRepository::all_ids() {
    std::vector<std::string> out;
    conn_.query("SELECT id FROM contracts ORDER BY id", {},
                [&](const Row& r) { out.push_back(r[0].as_text()); });
    return out;
}

// ---- audit log ----

void AuditRepository::record(const AuditEntry& entry) {
    conn_.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {text(entry.at), entry.actor, entry.action, entry.entity, entry.entity_id, entry.before,
         entry.after});
}

std::vector<AuditEntry> AuditRepository::list(const std::string& entity,
                                              const std::string& entity_id, const Page& page) {
    Where w;
    if (!entity.empty())
        w.add("entity = ?", {entity});
    if (!entity_id.empty())
        w.add("entity_id = ?", {entity_id});
    std::vector<AuditEntry> out;
    conn_.query(
        "SELECT id, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log" +
            w.sql() + " ORDER BY id LIMIT ? OFFSET ?",
        with_page(w.params(), page), [&](const Row& r) {
            out.push_back(AuditEntry{r[0].as_int(), timestamp_from(r[1]), r[2].as_text(),
                                     r[3].as_text(), r[4].as_text(), r[5].as_text(), r[6].as_text(),
                                     r[7].as_text()});
        });
    return out;
}

}  // namespace scorecard::store
