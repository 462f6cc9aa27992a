// Contract performance notices end to end on every database (SPEC §7, docs/notices.md):
// a KPI assessment from draft to published across three accounts, with every step audited
// and a correction by a replacing notice; the due list; and a performance failure notice
// proposed by the scoring run after a missed improvement deadline.
//
// The world (services_test_support.h): DWP-2026-0001, worth 12,500,000, starts 2026-09-01
// (after the Act commenced, so PA2023), monthly, with CALLS (percent, higher, weight 40,
// good 95, approaching 90, minimum 85) and COMPLAINTS (ratio, lower, weight 20, good 5,
// approaching 8, minimum 12); supplier A is large (10 grace days). DWP-2026-0002 is worth
// 480,000. Every clock here is given, so every date below is worked out by hand.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "services/ingest.h"
#include "services/notices.h"
#include "services/settings.h"
#include "store/repositories.h"
#include "tests/services/services_test_support.h"

using namespace scorecard;
using namespace scorecard::services;
using namespace scorecard::services::testing;
namespace tt = boost::test_tools;

namespace {

// Sends one document as `sender`, received (and rescored) at `received`; must be accepted.
void send(store::Database& db, const std::string& xml, const Principal& sender,
          const std::string& received) {
    const IngestRequest request = api_upload(xml, sender, received);
    Settings settings;
    settings.scoring = default_policy();
    auto r = ingest_document(db, request, settings);
    BOOST_TEST_REQUIRE((r.outcome == DocumentOutcome::kAccepted), received << listing(r.problems));
}

void load_world(store::Database& db) {
    send(db, world_feed(), commercial_principal(), "2026-09-01T09:00:00Z");
}

// A second commercial user of DWP: the approver (SPEC §7.3 "not the drafter").
Principal second_commercial() {
    return {"commercial.dwp.2", Role::kCommercial, kAuthority, ""};
}

// The code of the refusal `call` throws; nullopt when it does not.
template <class F>
std::optional<ErrorCode> refusal(F call) {
    try {
        call();
    } catch (const Error& e) {
        return e.code();
    }
    return std::nullopt;
}

std::string joined(const std::vector<Period>& periods) {
    std::string out;
    for (const Period& p : periods)
        out += (out.empty() ? "" : ",") + p.to_string();
    return out;
}

std::vector<AuditEntry> audit_of(store::Database& db, const std::string& entity,
                                 const std::string& id) {
    auto conn = db.acquire();
    store::AuditFilter filter;
    filter.entity = entity;
    filter.entity_id = id;
    filter.page.limit = 100;
    auto entries = store::AuditRepository(*conn).search(filter);
    std::sort(entries.begin(), entries.end(),
              [](const AuditEntry& a, const AuditEntry& b) { return a.id < b.id; });
    return entries;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(notices)

BOOST_AUTO_TEST_CASE(an_assessment_goes_from_draft_to_published_across_three_accounts) {
    for_each_database([](store::Database& db, const std::string& url) {
        BOOST_TEST_CONTEXT(url) {
            load_world(db);
            // 2026-09: CALLS 93, COMPLAINTS 4; 2026-10: CALLS 91, COMPLAINTS 6.
            send(db, kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93", "4"),
                 supplier_principal(kSupplierA), "2026-10-05T10:00:00Z");
            send(db, kpi_return_a("2026-10", "2026-11-04T10:00:00Z", "91", "6"),
                 supplier_principal(kSupplierA), "2026-11-04T10:00:00Z");
            const Settings settings;
            const Principal drafter = commercial_principal();
            const Principal approver = second_commercial();
            const Principal supplier = supplier_principal(kSupplierA);

            NoticeDesk day1(db, settings, at("2026-11-20T09:00:00Z"));
            NoticeDraft d;
            d.contract_id = kContractA;
            d.first = period("2026-09");
            d.last = period("2026-10");
            const auto drafted = day1.draft(drafter, d);
            const Notice& n = drafted.notice;
            BOOST_TEST((n.state == NoticeState::kDraft));
            // By default the three of highest weight: CALLS (40), COMPLAINTS (20); only two.
            BOOST_TEST_REQUIRE(n.kpis.size() == 2u);
            const NoticeKpi& calls = n.kpis[0];
            const NoticeKpi& complaints = n.kpis[1];
            BOOST_TEST(calls.assessment.definition.code == "CALLS");
            // CALLS: mean (93 + 91) / 2 = 92, at least approaching 90, below good 95.
            BOOST_TEST(calls.assessment.mean.value_or(-1) == 92.0, tt::tolerance(1e-9));
            BOOST_TEST((calls.assessment.proposed == Rating::kApproaching));
            // COMPLAINTS, lower is better: mean (4 + 6) / 2 = 5, at most good 5.
            BOOST_TEST(complaints.assessment.definition.code == "COMPLAINTS");
            BOOST_TEST((complaints.assessment.proposed == Rating::kGood));
            // Both periods returned; both due by 2026-11-20 (2026-10 ended 10-31, +10 days).
            BOOST_TEST(joined(calls.assessment.returned) == "2026-09,2026-10");
            BOOST_TEST(joined(calls.assessment.due) == "2026-09,2026-10");

            // The supplier does not see a draft; another authority may not draft.
            BOOST_TEST((refusal([&] { day1.find(supplier, n.id); }) == ErrorCode::kForbidden));
            BOOST_TEST((refusal([&] { day1.draft(commercial_principal("GB-GOV-HMRC"), d); }) ==
                        ErrorCode::kForbidden));

            // A rating other than the proposal needs a reason.
            BOOST_TEST((refusal([&] { day1.rate(drafter, n.id, "CALLS", Rating::kGood, " "); }) ==
                        ErrorCode::kInvalid));
            auto rated = day1.rate(drafter, n.id, "CALLS", Rating::kGood,
                                   "The September outage was agreed in the contract.");
            BOOST_TEST((rated.notice.kpis[0].rating == Rating::kGood));
            BOOST_TEST((rated.notice.kpis[0].assessment.proposed == Rating::kApproaching));

            day1.move(drafter, n.id, NoticeState::kWithSupplier, "", std::nullopt);
            // Sent on 2026-11-20: the supplier sees it, comments and agrees.
            auto seen = day1.find(supplier, n.id);
            BOOST_TEST((seen.notice.state == NoticeState::kWithSupplier));
            BOOST_TEST(format_date(seen.review_ends.value()) == "2026-11-30");
            day1.comment(supplier, n.id, "We accept the ratings.");
            // Not yet agreed, review days not run out: no approval.
            NoticeDesk day2(db, settings, at("2026-11-21T09:00:00Z"));
            BOOST_TEST((refusal([&] {
                            day2.move(approver, n.id, NoticeState::kApproved, "", std::nullopt);
                        }) == ErrorCode::kConflict));
            day2.agree(supplier, n.id, "");
            // The drafter may not approve their own notice; a second commercial user does.
            BOOST_TEST((refusal([&] {
                            day2.move(drafter, n.id, NoticeState::kApproved, "", std::nullopt);
                        }) == ErrorCode::kConflict));
            day2.move(approver, n.id, NoticeState::kApproved, "", std::nullopt);
            // reg 39(4)(f): not published without the supplier's postal address and email.
            BOOST_TEST((refusal([&] {
                            day2.move(approver, n.id, NoticeState::kPublished, "", std::nullopt);
                        }) == ErrorCode::kConflict));
            // The commercial team may not keep them; the supplier does.
            const SupplierContact contact{"1 High Street, Leeds LS1 1AA", "contracts@acme.example"};
            BOOST_TEST((refusal([&] { day2.keep_contact(drafter, kSupplierA, contact); }) ==
                        ErrorCode::kForbidden));
            day2.keep_contact(supplier, kSupplierA, contact);
            auto published =
                day2.move(approver, n.id, NoticeState::kPublished, "", std::nullopt).notice;
            BOOST_TEST((published.state == NoticeState::kPublished));
            BOOST_TEST(published.supplier_name == "Acme Services Ltd");
            BOOST_TEST((published.supplier_contact == contact));
            BOOST_TEST(published.drafted_by == drafter.user);
            BOOST_TEST(published.agreed_by == supplier.user);
            BOOST_TEST(published.approved_by == approver.user);
            BOOST_TEST(published.published_by == approver.user);
            BOOST_TEST_REQUIRE(published.transitions.size() == 3u);
            BOOST_TEST(published.comments.size() == 1u);

            // Immutable: no rating, no move, and changed contact details do not change it.
            BOOST_TEST((refusal([&] {
                            day2.rate(drafter, n.id, "CALLS", Rating::kOther, "Changed mind.");
                        }) == ErrorCode::kConflict));
            BOOST_TEST((refusal([&] {
                            day2.move(drafter, n.id, NoticeState::kDraft, "Undo.", std::nullopt);
                        }) == ErrorCode::kConflict));
            day2.keep_contact(supplier, kSupplierA, {"2 New Road, York YO1 1AA", "a@acme.example"});
            BOOST_TEST((day2.find(drafter, n.id).notice.supplier_contact == contact));

            // Every step is audited: created, rated, sent, commented, agreed, approved,
            // published.
            std::vector<std::string> actions;
            for (const AuditEntry& e : audit_of(db, "notice", std::to_string(n.id)))
                actions.push_back(e.action + " by " + e.actor);
            const std::vector<std::string> expected = {
                "create by commercial.dwp",          "rate by commercial.dwp",
                "transition by commercial.dwp",      "comment by supplier.GB-COH-01234567",
                "agree by supplier.GB-COH-01234567", "transition by commercial.dwp.2",
                "transition by commercial.dwp.2"};
            BOOST_TEST(actions == expected, tt::per_element());

            // A correction is a new notice that names the one it replaces, with its window and
            // KPIs; a draft cannot be replaced, and a notice is replaced once.
            NoticeDraft correction;
            correction.contract_id = kContractA;
            correction.replaces = n.id;
            auto corrected = day2.draft(drafter, correction).notice;
            BOOST_TEST(corrected.replaces == n.id);
            BOOST_TEST((corrected.window == n.window));
            BOOST_TEST(corrected.kpis.size() == 2u);
            NoticeDraft of_draft = correction;
            of_draft.replaces = corrected.id;
            BOOST_TEST((refusal([&] { day2.draft(drafter, of_draft); }) == ErrorCode::kConflict));
            BOOST_TEST((day2.find(drafter, corrected.id).notice.state == NoticeState::kDraft));
        }
    });
}

// A notice copies each assessed KPI's definition, category included (migration 9), and
// reads it back from every database.
BOOST_AUTO_TEST_CASE(a_notices_kpis_keep_their_categories) {
    for_each_database([](store::Database& db, const std::string& url) {
        BOOST_TEST_CONTEXT(url) {
            KpiDefinition calls =
                scorecard::testing::kpi("CALLS", "Calls answered within 60 seconds", Unit::kPercent,
                                        Direction::kHigher, 40, {95, 90, 85});
            calls.category = KpiCategory::kService;
            KpiDefinition complaints =
                scorecard::testing::kpi("COMPLAINTS", "Complaints per 10,000 calls", Unit::kRatio,
                                        Direction::kLower, 20, {5, 8, 12});
            complaints.category = KpiCategory::kQuality;
            const std::string feed =
                scorecard::testing::FeedBuilder()
                    .generated("2026-09-01T09:00:00Z")
                    .authority(kAuthority, "Department for Work and Pensions")
                    .supplier(kSupplierA, "Acme Services Ltd", SizeClass::kLarge)
                    .contract(scorecard::testing::contract(
                        kContractA, kAuthority, kSupplierA, "Contact centre services", "2026-09-01",
                        "2028-08-31", 12500000, Frequency::kMonthly))
                    .kpi(calls)
                    .kpi(complaints)
                    .xml();
            send(db, feed, commercial_principal(), "2026-09-01T09:00:00Z");
            send(db, kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93", "4"),
                 supplier_principal(kSupplierA), "2026-10-05T10:00:00Z");
            const Settings settings;
            NoticeDesk desk(db, settings, at("2026-11-20T09:00:00Z"));
            NoticeDraft d;
            d.contract_id = kContractA;
            d.first = period("2026-09");
            d.last = period("2026-09");
            const auto drafted = desk.draft(commercial_principal(), d);
            // As stored, not as drafted: read it back.
            const Notice n = desk.find(commercial_principal(), drafted.notice.id).notice;
            BOOST_TEST_REQUIRE(n.kpis.size() == 2u);
            BOOST_TEST(n.kpis[0].assessment.definition.code == "CALLS");
            BOOST_TEST((n.kpis[0].assessment.definition.category == KpiCategory::kService));
            BOOST_TEST(n.kpis[1].assessment.definition.code == "COMPLAINTS");
            BOOST_TEST((n.kpis[1].assessment.definition.category == KpiCategory::kQuality));
        }
    });
}

BOOST_AUTO_TEST_CASE(the_due_list_names_what_each_authority_owes) {
    for_each_database([](store::Database& db, const std::string& url) {
        BOOST_TEST_CONTEXT(url) {
            load_world(db);
            const Settings settings;
            // 2027-09-01 is 12 months after DWP-2026-0001's start: the annual is due that day.
            NoticeDesk desk(db, settings, at("2027-09-02T09:00:00Z"));
            auto list = desk.due(commercial_principal(), date("2027-09-01"));
            BOOST_TEST_REQUIRE(list.due.size() == 1u);
            BOOST_TEST(list.due[0].contract_id == kContractA);
            BOOST_TEST((list.due[0].reason == OwedReason::kAnnual));
            BOOST_TEST(format_date(list.due[0].due) == "2027-09-01");
            BOOST_TEST(!list.due[0].last_published.has_value());
            // Two KPIs on a contract worth more than 5m (s52); B (480,000) is not listed.
            BOOST_TEST_REQUIRE(list.too_few_kpis.size() == 1u);
            BOOST_TEST(list.too_few_kpis[0].contract_id == kContractA);
            BOOST_TEST(list.too_few_kpis[0].kpis == 2);
            // The day before, nothing is due yet.
            BOOST_TEST(desk.due(commercial_principal(), date("2027-08-31")).due.empty());
            // Another authority's commercial team sees nothing of DWP's; a supplier nothing.
            auto other = desk.due(commercial_principal("GB-GOV-HMRC"), date("2027-09-01"));
            BOOST_TEST(other.due.empty());
            BOOST_TEST(other.too_few_kpis.empty());
            BOOST_TEST((refusal([&] {
                            desk.due(supplier_principal(kSupplierA), date("2027-09-01"));
                        }) == ErrorCode::kForbidden));
        }
    });
}

// SPEC §7.3, the issue's "Done when": an improvement notice in a partnership review, a
// return after its deadline that falls short, and the performance failure notice the
// scoring run proposes, due for publication within 30 days of the decision.
BOOST_AUTO_TEST_CASE(a_failure_notice_follows_a_missed_improvement_deadline) {
    for_each_database([](store::Database& db, const std::string& url) {
        BOOST_TEST_CONTEXT(url) {
            load_world(db);
            const Principal supplier = supplier_principal(kSupplierA);
            // CALLS 80 < minimum 85: inadequate_kpi, a high flag, opens a review.
            send(db, kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "80", "4"), supplier,
                 "2026-10-05T10:00:00Z");
            std::int64_t review_id = 0;
            {
                auto conn = db.acquire();
                auto review = store::ReviewRepository(*conn).open_for_supplier(kSupplierA);
                BOOST_TEST_REQUIRE(review.has_value());
                review_id = review->id;
            }
            const Settings settings;
            NoticeDesk issued(db, settings, at("2026-10-10T09:00:00Z"));
            // A deadline already passed, an unknown KPI: refused.
            ImprovementRequest late{kContractA, {{"CALLS", 90}}, date("2026-10-09")};
            BOOST_TEST((refusal([&] {
                            issued.issue_improvement(commercial_principal(), review_id, late);
                        }) == ErrorCode::kInvalid));
            ImprovementRequest unknown{kContractA, {{"VISITS", 90}}, date("2026-10-31")};
            BOOST_TEST((refusal([&] {
                            issued.issue_improvement(commercial_principal(), review_id, unknown);
                        }) == ErrorCode::kInvalid));
            // CALLS at least 90 after 2026-10-31.
            auto improvement =
                issued.issue_improvement(commercial_principal(), review_id,
                                         {kContractA, {{"CALLS", 90}}, date("2026-10-31")});
            BOOST_TEST((improvement.status == ImprovementStatus::kOpen));

            // 2026-10 begins before the deadline: its CALLS 70 is not checked.
            send(db, kpi_return_a("2026-10", "2026-11-04T10:00:00Z", "70", "4"), supplier,
                 "2026-11-04T10:00:00Z");
            auto after_october = issued.improvements(commercial_principal(), review_id);
            BOOST_TEST_REQUIRE(after_october.size() == 1u);
            BOOST_TEST((after_october[0].status == ImprovementStatus::kOpen));

            // 2026-11 begins after it: CALLS 88 < 90 falls short.
            send(db, kpi_return_a("2026-11", "2026-12-02T10:00:00Z", "88", "4"), supplier,
                 "2026-12-02T10:00:00Z");
            auto failed = issued.improvements(commercial_principal(), review_id);
            BOOST_TEST_REQUIRE(failed.size() == 1u);
            BOOST_TEST((failed[0].status == ImprovementStatus::kFailed));
            BOOST_TEST(failed[0].shortfall == "CALLS 88 in 2026-11 (required at least 90)");
            BOOST_TEST_REQUIRE(failed[0].failure_notice_id != 0);

            NoticeDesk later(db, settings, at("2026-12-03T09:00:00Z"));
            auto proposed = later.find(commercial_principal(), failed[0].failure_notice_id).notice;
            BOOST_TEST((proposed.kind == NoticeKind::kFailure));
            BOOST_TEST((proposed.state == NoticeState::kDraft));
            BOOST_TEST(proposed.drafted_by == "system");
            BOOST_TEST(proposed.review_id == review_id);
            BOOST_TEST(proposed.improvement_id == improvement.id);
            BOOST_TEST(proposed.window.first.to_string() == "2026-11");
            BOOST_TEST(proposed.window.last.to_string() == "2026-11");
            BOOST_TEST(proposed.description ==
                       "Returns after the deadline 2026-10-31 fell short: CALLS 88 in 2026-11 "
                       "(required at least 90)");
            // A proposal is not yet a decision: nothing is owed until it is sent.
            BOOST_TEST(later.due(commercial_principal(), date("2026-12-03")).due.empty());

            // Sent to the supplier on 2026-12-03 with the decision that day: publication is
            // due by 2027-01-01, the 30th day beginning with 2026-12-03.
            later.move(commercial_principal(), proposed.id, NoticeState::kWithSupplier, "",
                       std::nullopt);
            auto due = later.due(commercial_principal(), date("2026-12-03")).due;
            BOOST_TEST_REQUIRE(due.size() == 1u);
            BOOST_TEST((due[0].reason == OwedReason::kFailure));
            BOOST_TEST(format_date(due[0].due) == "2027-01-01");
            BOOST_TEST(due[0].notice_id == proposed.id);

            // The same notice is not proposed twice: a later short return changes nothing.
            send(db, kpi_return_a("2026-12", "2027-01-04T10:00:00Z", "87", "4"), supplier,
                 "2027-01-04T10:00:00Z");
            auto conn = db.acquire();
            store::NoticeFilter filter;
            filter.kind = NoticeKind::kFailure;
            BOOST_TEST(store::NoticeRepository(*conn).count(filter) == 1);
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()
