#include "tests/store/store_fixture.h"

#include <stdexcept>

namespace scorecard::store_test {

using namespace scorecard::store;

Change by(const std::string& actor, const std::string& when) {
    return Change{actor, at(when)};
}

void write(Database& db, const std::function<void(Connection&)>& work) {
    with_transaction(db, TxMode::kWrite, work);
}

void write_once(Database& db, const std::function<void(Connection&)>& work) {
    with_transaction(db, TxMode::kWrite, work, 1);
}

std::int64_t count_rows(Connection& conn, const std::string& table) {
    return conn.query_one("SELECT COUNT(*) FROM " + table)->operator[](0).as_int();
}

ErrorCode error_code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    throw std::logic_error("expected an Error, none was thrown");
}

Contract contract(const std::string& id, const Authority& authority, const Supplier& supplier,
                  const std::string& title, ContractStatus status) {
    Contract c;
    c.id = id;
    c.authority_id = authority.id;
    c.supplier_id = supplier.id;
    c.title = title;
    c.start = date("2024-04-01");
    c.end = date("2027-03-31");
    c.value = 12500000.0;
    c.currency = "GBP";
    c.frequency = Frequency::kMonthly;
    c.status = status;
    return c;
}

KpiVersion kpi(const std::string& code, const std::string& effective, double weight,
               bool withdrawn) {
    KpiVersion v;
    v.definition.code = code;
    v.definition.name = code + " name";
    v.definition.unit = Unit::kPercent;
    v.definition.direction = Direction::kHigher;
    v.definition.weight = weight;
    v.definition.thresholds = {95, 90, 85};
    v.definition.category = KpiCategory::kService;
    v.effective = period(effective);
    v.withdrawn = withdrawn;
    return v;
}

Measure measured(const std::string& code, double value) {
    Measure m;
    m.kpi_code = code;
    m.value = value;
    return m;
}

ReturnVersion return_of(const std::string& contract_id, const std::string& p,
                        const std::string& submitted, std::vector<Measure> measures) {
    ReturnVersion v;
    v.figures.contract_id = contract_id;
    v.figures.period = period(p);
    v.figures.submitted = at(submitted);
    v.figures.measures = std::move(measures);
    v.submitted_by = "acme-returns";
    v.received = at(submitted);
    return v;
}

void seed_world(Database& db) {
    write(db, [](Connection& conn) {
        const Change c = by("loader");
        AuthorityRepository(conn).upsert(kDwp, c);
        AuthorityRepository(conn).upsert(kHmrc, c);
        for (const Supplier& s : {kAcme, kBolt50, kBolt500, kCharity})
            SupplierRepository(conn).upsert(s, c);
        ContractRepository contracts(conn);
        contracts.upsert(contract("DWP-1", kDwp, kAcme, "Contact centre services"), c);
        contracts.upsert(contract("DWP-2", kDwp, kBolt50, "Digital 50% discount pilot",
                                  ContractStatus::kExpired),
                         c);
        contracts.upsert(contract("HMRC-1", kHmrc, kBolt500, "Estates maintenance"), c);
    });
}

std::vector<std::string> ids_of(const std::vector<Supplier>& suppliers) {
    std::vector<std::string> out;
    for (const auto& s : suppliers)
        out.push_back(s.id);
    return out;
}

std::vector<std::string> ids_of(const std::vector<Contract>& contracts) {
    std::vector<std::string> out;
    for (const auto& c : contracts)
        out.push_back(c.id);
    return out;
}

std::vector<std::int64_t> ids_of(const std::vector<Flag>& flags) {
    std::vector<std::int64_t> out;
    for (const auto& f : flags)
        out.push_back(f.id);
    return out;
}

}  // namespace scorecard::store_test
