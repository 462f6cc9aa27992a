#include "tests/reports/report_world.h"

#include <stdexcept>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Parser.h>

#include "model/scoring.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "tests/support/documents.h"
#include "tests/support/spec_values.h"

namespace scorecard::reports_test {
namespace {

using scorecard::testing::at;
using scorecard::testing::date;
using scorecard::testing::measured;
using scorecard::testing::not_applicable;
using scorecard::testing::period;

KpiVersion kpi(const std::string& code, const std::string& name, Direction direction, double weight,
               double good, double approaching, double minimum, const std::string& effective) {
    KpiDefinition k;
    k.code = code;
    k.name = name;
    k.unit = Unit::kPercent;
    k.direction = direction;
    k.weight = weight;
    k.thresholds = {good, approaching, minimum};
    k.category = KpiCategory::kService;
    return KpiVersion{k, period(effective), false};
}

Contract contract(const std::string& id, const std::string& authority, const std::string& supplier,
                  const std::string& title, Frequency frequency, const std::string& start,
                  const std::string& end, double value, ContractStatus status) {
    Contract c =
        scorecard::testing::contract(id, authority, supplier, title, start, end, value, frequency);
    c.status = status;
    return c;
}

Measure measured(const std::string& code, double value, const std::string& comment) {
    Measure m = measured(code, value);
    m.comment = comment;
    return m;
}

KpiReturn figures(const std::string& contract_id, const std::string& p,
                  const std::string& submitted, std::vector<Measure> measures) {
    return scorecard::testing::kpi_return(contract_id, p, submitted, std::move(measures));
}

Flag flag(FlagRuleId rule, Severity severity, FlagStatus status, const std::string& contract_id,
          const std::string& kpi_code, const std::string& p, const std::string& raised,
          const std::string& detail) {
    Flag f;
    f.rule = rule;
    f.severity = severity;
    f.status = status;
    f.contract_id = contract_id;
    f.kpi_code = kpi_code;
    f.period = period(p);
    f.raised = at(raised);
    f.detail = detail;
    return f;
}

// Stores each return (the last one for a period is its current version) and the period
// scores of the current versions, as the scorer would.
void load_returns(store::Connection& conn, const Contract& c, const std::vector<KpiReturn>& sent,
                  const store::Change& change) {
    store::ReturnRepository returns(conn);
    for (const KpiReturn& r : sent) {
        ReturnVersion v;
        v.figures = r;
        v.submitted_by = "acme-account";
        returns.add_version(v, change);
    }
    std::vector<KpiReturn> current;
    for (const ReturnVersion& v : returns.current_versions(c.id))
        current.push_back(v.figures);
    store::ScoreRepository(conn).replace_contract_scores(
        c.id, score_contract(c, current, default_policy()));
}

void build(store::Connection& conn, World& world) {
    const store::Change change{"test", at("2026-05-01T00:00:00Z")};
    store::AuthorityRepository(conn).upsert({kDwp, "Department for Work and Pensions"}, change);
    store::AuthorityRepository(conn).upsert({kHmrc, "HM Revenue and Customs"}, change);
    store::SupplierRepository suppliers(conn);
    suppliers.upsert({kAcme, "Acme Services Ltd", SizeClass::kLarge, true}, change);
    suppliers.upsert({kSmall, "Small Co Ltd", SizeClass::kSmall, false}, change);
    suppliers.upsert({kBig, "Big Outsourcing plc", SizeClass::kLarge, false}, change);

    store::ContractRepository contracts(conn);
    auto add = [&](Contract c) {
        contracts.upsert(c, change);
        for (const KpiVersion& k : c.kpis)
            contracts.put_kpi_version(c.id, k, change);
        return c;
    };

    // The contact centre: SPEC §5's two KPIs, weights 40 and 20.
    Contract contact =
        contract(kContactCentre, kDwp, kAcme, "Contact centre services", Frequency::kMonthly,
                 "2026-01-01", "2026-12-31", 12500000, ContractStatus::kActive);
    contact.kpis = {kpi("CALLS", "Calls answered within 60 seconds", Direction::kHigher, 40, 95, 90,
                        85, "2026-01"),
                    kpi("COMPLAINTS", "Complaints per 10,000 calls", Direction::kLower, 20, 5, 8,
                        12, "2026-01")};
    contact = add(contact);
    load_returns(
        conn, contact,
        {figures(kContactCentre, "2026-01", "2026-02-05T10:00:00Z",
                 {measured("CALLS", 96), measured("COMPLAINTS", 6.1, "Storm outage on 14th")}),
         figures(kContactCentre, "2026-02", "2026-03-05T10:00:00Z",
                 {measured("CALLS", 80), measured("COMPLAINTS", 4)}),
         // An amendment: version 2 of 2026-02 is current.
         figures(kContactCentre, "2026-02", "2026-03-09T10:00:00Z",
                 {measured("CALLS", 93.2), measured("COMPLAINTS", 4)}),
         figures(kContactCentre, "2026-03", "2026-04-05T10:00:00Z",
                 {measured("CALLS", 86),
                  not_applicable("COMPLAINTS", "Office move: no calls routed")})},
        change);

    Contract training =
        contract(kTraining, kDwp, kSmall, "Digital inclusion training", Frequency::kQuarterly,
                 "2025-10-01", "2027-09-30", 500000, ContractStatus::kActive);
    training.kpis = {
        kpi("SATISF", "Learner satisfaction", Direction::kHigher, 1, 90, 80, 70, "2025-Q4")};
    training = add(training);
    load_returns(conn, training,
                 {figures(kTraining, "2025-Q4", "2026-01-10T10:00:00Z", {measured("SATISF", 85)}),
                  figures(kTraining, "2026-Q1", "2026-04-10T10:00:00Z", {measured("SATISF", 95)})},
                 change);

    Contract helpline = contract(kHelpline, kHmrc, kAcme, "Tax helpline", Frequency::kMonthly,
                                 "2026-01-01", "2026-06-30", 2500000, ContractStatus::kActive);
    helpline.kpis = {
        kpi("ANSWERED", "Calls answered", Direction::kHigher, 1, 95, 90, 85, "2026-01")};
    helpline = add(helpline);
    load_returns(
        conn, helpline,
        {figures(kHelpline, "2026-01", "2026-02-05T10:00:00Z", {measured("ANSWERED", 91)})},
        change);

    // From a notice: no KPIs, long expired.
    add(contract(kLegacy, kDwp, kAcme, "Legacy print, post and scanning", Frequency::kMonthly,
                 "2023-01-01", "2023-12-31", 1000000, ContractStatus::kExpired));

    Contract fresh = contract(kNewService, kDwp, kSmall, "Community outreach", Frequency::kMonthly,
                              "2026-04-01", "2027-03-31", 200000, ContractStatus::kActive);
    fresh.kpis = {kpi("REACH", "Households reached", Direction::kHigher, 1, 90, 80, 70, "2026-04")};
    add(fresh);

    // SPEC §3.6, by hand: Acme's active contracts with a current score are the contact
    // centre (40, value 12.5M) and the helpline (75, value 2.5M):
    // (40×12.5M + 75×2.5M) / 15M = 687.5M / 15M = 45.8333…
    store::ScoreRepository scores(conn);
    scores.put_supplier_score(kAcme, 687.5 / 15, default_policy().bands);
    scores.put_supplier_score(kSmall, 100,
                              default_policy().bands);  // the training contract alone: 100
    scores.put_supplier_score(kBig, 60,
                              default_policy().bands);  // a stored score, to rank Acme against

    store::FlagRepository flags(conn);
    world.low_score_flag = flags.insert(
        flag(FlagRuleId::kLowContractScore, Severity::kMedium, FlagStatus::kOpen, kContactCentre,
             "", "2026-03", "2026-04-10T09:00:00Z", "score 40.0 in 2026-03 is below 65"),
        change);
    world.missing_contact_flag = flags.insert(
        flag(FlagRuleId::kMissingReturn, Severity::kLow, FlagStatus::kOpen, kContactCentre, "",
             "2026-04", "2026-05-11T00:00:00Z", "no return for 2026-04"),
        change);
    world.missing_helpline_flag = flags.insert(
        flag(FlagRuleId::kMissingReturn, Severity::kHigh, FlagStatus::kOpen, kHelpline, "",
             "2026-04", "2026-05-11T00:00:00Z", "no return for 2026-02, 2026-03, 2026-04"),
        change);
    Flag resolved =
        flag(FlagRuleId::kPersistentUnderperformance, Severity::kHigh, FlagStatus::kResolved,
             kTraining, "SATISF", "2025-Q4", "2026-01-15T09:00:00Z", "=SATISF below target");
    resolved.closed = at("2026-04-05T09:00:00Z");
    world.resolved_flag = flags.insert(resolved, change);

    Dispute dispute;
    dispute.supplier_id = kAcme;
    dispute.contract_id = kContactCentre;
    dispute.kpi_code = "CALLS";
    dispute.period = period("2026-03");
    dispute.reason = "Calls during the outage were diverted by DWP";
    dispute.raised_by = "acme-account";
    dispute.raised = at("2026-04-12T09:00:00Z");
    store::DisputeRepository(conn).create(dispute, change);

    Review review;
    review.supplier_id = kAcme;
    review.state = ReviewState::kProposed;
    review.opened = at("2026-05-11T00:00:00Z");
    review.reason = "open high-severity flag on HMRC-2026-0003";
    store::ReviewRepository(conn).create(review, change);
}

}  // namespace

Date as_of() {
    return scorecard::testing::date("2026-05-20");
}

World::World(const std::string& base_url) : scratch_(base_url) {
    db_ = store::Database::open(scratch_.url());
    store::migrate(*db_);
    conn_ = std::make_unique<store::PooledConnection>(db_->acquire());
    store::Transaction tx(**conn_, store::TxMode::kWrite);
    build(**conn_, *this);
    tx.commit();
}

Principal minister() {
    return Principal{"minister", Role::kMinister, "", ""};
}

Principal commercial(const std::string& authority_id) {
    return Principal{"commercial", Role::kCommercial, authority_id, ""};
}

Principal supplier_user(const std::string& supplier_id) {
    return Principal{"account-manager", Role::kSupplier, "", supplier_id};
}

Poco::JSON::Object::Ptr parse(const reports::Rendered& rendered) {
    BOOST_TEST(rendered.content_type == "application/json");
    Poco::JSON::Parser parser;
    return parser.parse(rendered.body).extract<Poco::JSON::Object::Ptr>();
}

std::vector<std::string> lines(const reports::Rendered& rendered) {
    BOOST_TEST(rendered.content_type == "text/csv; charset=utf-8");
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < rendered.body.size()) {
        std::size_t end = rendered.body.find("\r\n", start);
        if (end == std::string::npos) {
            BOOST_ERROR("CSV line without CRLF: " << rendered.body.substr(start));
            out.push_back(rendered.body.substr(start));
            break;
        }
        out.push_back(rendered.body.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

}  // namespace scorecard::reports_test
