// SPEC §6 read models on every test database: the contract scorecard, the supplier
// scorecard, the flag list and the minister's summary, as JSON and CSV, and who may see
// what (SPEC §1). The world is tests/reports/report_world.cpp; expected numbers are worked
// out by hand in the comments.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "model/errors.h"
#include "reports/scorecards.h"
#include "reports/summary.h"
#include "reports/summary_cache.h"
#include "store/repositories.h"
#include "tests/reports/report_world.h"

using namespace scorecard;
using namespace scorecard::reports;
using namespace scorecard::reports_test;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

template <class Check>
void on_every_database(Check check) {
    for (const std::string& url : testing::test_database_urls()) {
        World world(url);
        BOOST_TEST_CONTEXT("database " << world.kind()) {
            check(world);
        }
    }
}

auto has_code(ErrorCode code) {
    return [code](const Error& e) { return e.code() == code; };
}

std::string text(const Object::Ptr& o, const std::string& key) {
    return o->getValue<std::string>(key);
}

double number(const Object::Ptr& o, const std::string& key) {
    return o->getValue<double>(key);
}

std::vector<std::string> column(const Array::Ptr& list, const std::string& key) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < list->size(); ++i)
        out.push_back(list->getObject(i)->getValue<std::string>(key));
    return out;
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

Object::Ptr contact_centre(World& w, const Principal& who = minister()) {
    return parse(
        render(load_contract_scorecard(w.conn(), kContactCentre, who, default_policy(), as_of()),
               Format::kJson));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(contract_scorecard_report)

BOOST_AUTO_TEST_CASE(contract_fields_use_the_fixed_names) {
    on_every_database([](World& w) {
        Object::Ptr c = contact_centre(w)->getObject("contract");
        BOOST_TEST(text(c, "id") == kContactCentre);
        BOOST_TEST(text(c, "authority") == kDwp);
        BOOST_TEST(text(c, "supplier") == kAcme);
        BOOST_TEST(text(c, "title") == "Contact centre services");
        BOOST_TEST(text(c, "frequency") == "monthly");
        BOOST_TEST(number(c, "value") == 12500000.0);
        BOOST_TEST(text(c, "currency") == "GBP");
        BOOST_TEST(text(c, "start") == "2026-01-01");
        BOOST_TEST(text(c, "end") == "2026-12-31");
        BOOST_TEST(text(c, "status") == "active");
        BOOST_TEST(c->isNull("lot"));
    });
}

BOOST_AUTO_TEST_CASE(each_returned_period_shows_score_to_one_decimal_and_its_rating) {
    on_every_database([](World& w) {
        Array::Ptr periods = contact_centre(w)->getArray("periods");
        // 2026-01..03 returned; 2026-04 due (ended 30 April, large grace 10 days, as of
        // 20 May) and absent; 2026-05 not yet ended.
        BOOST_TEST(column(periods, "period") ==
                       (std::vector<std::string>{"2026-01", "2026-02", "2026-03", "2026-04"}),
                   boost::test_tools::per_element());

        // 2026-01: CALLS 96 >= 95 good 100 (w 40); COMPLAINTS 6.1 <= 8 approaching 75 (w 20):
        // (40×100 + 20×75) / 60 = 5500 / 60 = 91.666… -> 91.7, >= 85 good.
        Object::Ptr jan = periods->getObject(0);
        BOOST_TEST(number(jan, "score") == 91.7);
        BOOST_TEST(number(jan, "score_exact") == 5500.0 / 60, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(text(jan, "rating") == "good");

        // 2026-02, the amended version 2: CALLS 93.2 approaching 75; COMPLAINTS 4 good 100:
        // (40×75 + 20×100) / 60 = 5000 / 60 = 83.333… -> 83.3, >= 65 approaching.
        Object::Ptr feb = periods->getObject(1);
        BOOST_TEST(number(feb, "score") == 83.3);
        BOOST_TEST(text(feb, "rating") == "approaching");
        BOOST_TEST(feb->getValue<int>("version") == 2);
        BOOST_TEST(text(feb, "submitted") == "2026-03-09T10:00:00Z");

        // 2026-03: CALLS 86 >= 85 requires_improvement 40; COMPLAINTS not applicable (other,
        // left out of both sums): 40×40 / 40 = 40 -> requires_improvement (>= 40).
        Object::Ptr mar = periods->getObject(2);
        BOOST_TEST(number(mar, "score") == 40.0);
        BOOST_TEST(text(mar, "rating") == "requires_improvement");
    });
}

BOOST_AUTO_TEST_CASE(measures_show_value_rating_points_weight_and_name) {
    on_every_database([](World& w) {
        Array::Ptr periods = contact_centre(w)->getArray("periods");
        Array::Ptr jan = periods->getObject(0)->getArray("measures");
        BOOST_TEST(jan->size() == 2u);
        Object::Ptr calls = jan->getObject(0);
        BOOST_TEST(text(calls, "kpi") == "CALLS");
        BOOST_TEST(number(calls, "value") == 96.0);
        BOOST_TEST(text(calls, "rating") == "good");
        BOOST_TEST(calls->getValue<int>("points") == 100);
        BOOST_TEST(number(calls, "weight") == 40.0);
        BOOST_TEST(text(calls, "name") == "Calls answered within 60 seconds");
        Object::Ptr complaints = jan->getObject(1);
        BOOST_TEST(number(complaints, "value") == 6.1);
        BOOST_TEST(text(complaints, "rating") == "approaching");
        BOOST_TEST(complaints->getValue<int>("points") == 75);
        BOOST_TEST(text(complaints, "comment") == "Storm outage on 14th");

        // Not applicable: no value, rated other, no points.
        Object::Ptr na = periods->getObject(2)->getArray("measures")->getObject(1);
        BOOST_TEST(text(na, "kpi") == "COMPLAINTS");
        BOOST_TEST(na->isNull("value"));
        BOOST_TEST(text(na, "rating") == "other");
        BOOST_TEST(na->getValue<int>("points") == 0);
    });
}

BOOST_AUTO_TEST_CASE(due_period_without_a_return_is_missing_with_no_score) {
    on_every_database([](World& w) {
        Object::Ptr apr = contact_centre(w)->getArray("periods")->getObject(3);
        BOOST_TEST(text(apr, "period") == "2026-04");
        BOOST_TEST(apr->isNull("score"));
        BOOST_TEST(text(apr, "rating") == "missing");
        BOOST_TEST(apr->getValue<bool>("returned") == false);
        Array::Ptr measures = apr->getArray("measures");
        BOOST_TEST(column(measures, "kpi") == (std::vector<std::string>{"CALLS", "COMPLAINTS"}),
                   boost::test_tools::per_element());
        BOOST_TEST(measures->getObject(0)->isNull("value"));
        BOOST_TEST(text(measures->getObject(0), "rating") == "missing");
        BOOST_TEST(measures->getObject(0)->getValue<int>("points") == 0);
    });
}

BOOST_AUTO_TEST_CASE(period_not_yet_past_its_grace_days_is_not_listed) {
    on_every_database([](World& w) {
        // As of 10 May, 2026-04 ended 10 days before: not more than the 10 grace days.
        Object::Ptr card =
            parse(render(load_contract_scorecard(w.conn(), kContactCentre, minister(),
                                                 default_policy(), *parse_date("2026-05-10")),
                         Format::kJson));
        BOOST_TEST(card->getArray("periods")->size() == 3u);
    });
}

BOOST_AUTO_TEST_CASE(the_configured_grace_days_decide_which_periods_are_due) {
    // 2026-04 ended 30 April. As of 20 May: with the SME grace set to 5 days the small
    // supplier's 2026-04 is due (from 6 May) and missing; with the large grace set to 20
    // days Acme's 2026-04 is not (due from 21 May), so only its three returned periods show.
    ScoringPolicy policy = default_policy();
    policy.flags.sme.grace_days = 5;
    policy.flags.large.grace_days = 20;
    on_every_database([&](World& w) {
        Object::Ptr fresh = parse(
            render(load_contract_scorecard(w.conn(), kNewService, minister(), policy, as_of()),
                   Format::kJson));
        BOOST_TEST(
            column(fresh->getArray("periods"), "period") == (std::vector<std::string>{"2026-04"}),
            boost::test_tools::per_element());
        Object::Ptr acme = parse(
            render(load_contract_scorecard(w.conn(), kContactCentre, minister(), policy, as_of()),
                   Format::kJson));
        BOOST_TEST(column(acme->getArray("periods"), "period") ==
                       (std::vector<std::string>{"2026-01", "2026-02", "2026-03"}),
                   boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_CASE(current_is_the_latest_scored_period) {
    on_every_database([](World& w) {
        Object::Ptr current = contact_centre(w)->getObject("current");
        BOOST_TEST(text(current, "period") == "2026-03");
        BOOST_TEST(number(current, "score") == 40.0);
        BOOST_TEST(text(current, "rating") == "requires_improvement");
    });
}

BOOST_AUTO_TEST_CASE(contract_without_scored_period_has_null_current) {
    on_every_database([](World& w) {
        Object::Ptr card = parse(render(
            load_contract_scorecard(w.conn(), kNewService, minister(), default_policy(), as_of()),
            Format::kJson));
        BOOST_TEST(card->isNull("current"));
        // 2026-04 ended 30 April; a small supplier has 20 grace days: not due until 21 May.
        BOOST_TEST(card->getArray("periods")->size() == 0u);
        BOOST_TEST(column(card->getArray("kpis"), "code") == (std::vector<std::string>{"REACH"}),
                   boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_CASE(kpis_flags_and_disputes_are_listed) {
    on_every_database([](World& w) {
        Object::Ptr card = contact_centre(w);
        Array::Ptr kpis = card->getArray("kpis");
        BOOST_TEST(column(kpis, "code") == (std::vector<std::string>{"CALLS", "COMPLAINTS"}),
                   boost::test_tools::per_element());
        Object::Ptr complaints = kpis->getObject(1);
        BOOST_TEST(text(complaints, "direction") == "lower");
        BOOST_TEST(number(complaints, "weight") == 20.0);
        BOOST_TEST(number(complaints, "good") == 5.0);
        BOOST_TEST(number(complaints, "approaching") == 8.0);
        BOOST_TEST(number(complaints, "minimum") == 12.0);
        BOOST_TEST(text(complaints, "unit") == "percent");
        BOOST_TEST(text(complaints, "category") == "service");

        // The contract's two open flags, newest first.
        BOOST_TEST(column(card->getArray("flags"), "rule") ==
                       (std::vector<std::string>{"missing_return", "low_contract_score"}),
                   boost::test_tools::per_element());
        Array::Ptr disputes = card->getArray("disputes");
        BOOST_TEST(disputes->size() == 1u);
        BOOST_TEST(text(disputes->getObject(0), "kpi") == "CALLS");
        BOOST_TEST(text(disputes->getObject(0), "period") == "2026-03");
        BOOST_TEST(text(disputes->getObject(0), "status") == "open");
    });
}

BOOST_AUTO_TEST_CASE(csv_has_one_line_per_period_and_kpi) {
    on_every_database([](World& w) {
        std::vector<std::string> got =
            lines(render(load_contract_scorecard(w.conn(), kContactCentre, minister(),
                                                 default_policy(), as_of()),
                         Format::kCsv));
        const std::vector<std::string> expected = {
            "contract,period,kpi,value,rating,points,weight,period_score,period_rating",
            "DWP-2024-0001,2026-01,CALLS,96,good,100,40,91.7,good",
            "DWP-2024-0001,2026-01,COMPLAINTS,6.1,approaching,75,20,91.7,good",
            "DWP-2024-0001,2026-02,CALLS,93.2,approaching,75,40,83.3,approaching",
            "DWP-2024-0001,2026-02,COMPLAINTS,4,good,100,20,83.3,approaching",
            "DWP-2024-0001,2026-03,CALLS,86,requires_improvement,40,40,40,requires_improvement",
            "DWP-2024-0001,2026-03,COMPLAINTS,,other,0,20,40,requires_improvement",
            "DWP-2024-0001,2026-04,CALLS,,missing,0,40,,missing",
            "DWP-2024-0001,2026-04,COMPLAINTS,,missing,0,20,,missing",
        };
        BOOST_TEST(got == expected, boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_CASE(only_those_who_may_see_the_contract_get_it) {
    on_every_database([](World& w) {
        auto card = [&](const std::string& id, const Principal& who) {
            return render(load_contract_scorecard(w.conn(), id, who, default_policy(), as_of()),
                          Format::kJson);
        };
        BOOST_CHECK_EXCEPTION(card("NO-SUCH-CONTRACT", minister()), Error,
                              has_code(ErrorCode::kNotFound));
        BOOST_CHECK_EXCEPTION(card(kContactCentre, commercial(kHmrc)), Error,
                              has_code(ErrorCode::kForbidden));
        BOOST_CHECK_EXCEPTION(card(kContactCentre, supplier_user(kSmall)), Error,
                              has_code(ErrorCode::kForbidden));
        BOOST_TEST(text(parse(card(kContactCentre, commercial(kDwp)))->getObject("contract"),
                        "id") == kContactCentre);
        BOOST_TEST(text(parse(card(kContactCentre, supplier_user(kAcme)))->getObject("contract"),
                        "id") == kContactCentre);
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(supplier_scorecard_report)

BOOST_AUTO_TEST_CASE(score_is_the_value_weighted_mean_of_active_contracts_current_scores) {
    on_every_database([](World& w) {
        Object::Ptr card = parse(render(
            load_supplier_scorecard(w.conn(), kAcme, minister(), default_policy()), Format::kJson));
        Object::Ptr s = card->getObject("supplier");
        BOOST_TEST(text(s, "id") == kAcme);
        BOOST_TEST(text(s, "name") == "Acme Services Ltd");
        BOOST_TEST(text(s, "size") == "large");
        BOOST_TEST(s->getValue<bool>("strategic") == true);
        // Contact centre 40 (value 12.5M) and helpline 75 (2.5M); the legacy contract has
        // expired: (40×12.5 + 75×2.5) / 15 = 687.5 / 15 = 45.833… -> 45.8, requires_improvement.
        BOOST_TEST(number(card, "score") == 45.8);
        BOOST_TEST(number(card, "score_exact") == 687.5 / 15, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(text(card, "rating") == "requires_improvement");
        BOOST_TEST(text(card, "size_group") == "large");
        // Large group scores {45.83, 60}: one of two at or below Acme's -> 50.
        BOOST_TEST(number(card, "percentile") == 50.0);
    });
}

BOOST_AUTO_TEST_CASE(lists_every_contract_with_its_current_score) {
    on_every_database([](World& w) {
        Object::Ptr card = parse(render(
            load_supplier_scorecard(w.conn(), kAcme, minister(), default_policy()), Format::kJson));
        Array::Ptr contracts = card->getArray("contracts");
        BOOST_TEST(column(contracts, "id") ==
                       (std::vector<std::string>{kLegacy, kContactCentre, kHelpline}),
                   boost::test_tools::per_element());
        Object::Ptr legacy = contracts->getObject(0);
        BOOST_TEST(text(legacy, "status") == "expired");
        BOOST_TEST(legacy->isNull("current"));
        Object::Ptr helpline = contracts->getObject(2);
        BOOST_TEST(text(helpline, "authority") == kHmrc);
        BOOST_TEST(number(helpline, "value") == 2500000.0);
        BOOST_TEST(text(helpline, "currency") == "GBP");
        BOOST_TEST(text(helpline, "title") == "Tax helpline");
        // ANSWERED 91: >= 90 approaching, 75 points, the only KPI -> 75.
        BOOST_TEST(text(helpline->getObject("current"), "period") == "2026-01");
        BOOST_TEST(number(helpline->getObject("current"), "score") == 75.0);
        BOOST_TEST(text(helpline->getObject("current"), "rating") == "approaching");

        BOOST_TEST(card->getArray("flags")->size() == 3u);
        Object::Ptr review = card->getObject("review");
        BOOST_TEST(text(review, "state") == "proposed");
    });
}

BOOST_AUTO_TEST_CASE(sme_supplier_stands_in_the_sme_group) {
    on_every_database([](World& w) {
        Object::Ptr card =
            parse(render(load_supplier_scorecard(w.conn(), kSmall, minister(), default_policy()),
                         Format::kJson));
        // Training current 2026-Q1: SATISF 95 >= 90 good -> 100; the new service has no
        // score yet: 100, good. Alone in the SME group -> percentile 100.
        BOOST_TEST(number(card, "score") == 100.0);
        BOOST_TEST(text(card, "rating") == "good");
        BOOST_TEST(text(card, "size_group") == "sme");
        BOOST_TEST(number(card, "percentile") == 100.0);
        BOOST_TEST(card->isNull("review"));
        BOOST_TEST(card->getArray("flags")->size() == 0u);  // its one flag is resolved
    });
}

BOOST_AUTO_TEST_CASE(commercial_user_sees_only_its_authoritys_contracts_and_flags) {
    on_every_database([](World& w) {
        Object::Ptr dwp = parse(
            render(load_supplier_scorecard(w.conn(), kAcme, commercial(kDwp), default_policy()),
                   Format::kJson));
        BOOST_TEST(column(dwp->getArray("contracts"), "id") ==
                       (std::vector<std::string>{kLegacy, kContactCentre}),
                   boost::test_tools::per_element());
        BOOST_TEST(
            column(dwp->getArray("flags"), "authority") == (std::vector<std::string>{kDwp, kDwp}),
            boost::test_tools::per_element());
        // The supplier's score is the supplier's, whoever asks.
        BOOST_TEST(number(dwp, "score") == 45.8);

        Object::Ptr hmrc = parse(
            render(load_supplier_scorecard(w.conn(), kAcme, commercial(kHmrc), default_policy()),
                   Format::kJson));
        BOOST_TEST(
            column(hmrc->getArray("contracts"), "id") == (std::vector<std::string>{kHelpline}),
            boost::test_tools::per_element());
        BOOST_TEST(
            column(hmrc->getArray("flags"), "contract") == (std::vector<std::string>{kHelpline}),
            boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_CASE(others_may_not_see_a_suppliers_scorecard) {
    on_every_database([](World& w) {
        auto card = [&](const std::string& id, const Principal& who) {
            return render(load_supplier_scorecard(w.conn(), id, who, default_policy()),
                          Format::kJson);
        };
        BOOST_CHECK_EXCEPTION(card(kAcme, supplier_user(kSmall)), Error,
                              has_code(ErrorCode::kForbidden));
        // Small Co holds no HMRC contract.
        BOOST_CHECK_EXCEPTION(card(kSmall, commercial(kHmrc)), Error,
                              has_code(ErrorCode::kForbidden));
        BOOST_CHECK_EXCEPTION(card("GB-COH-99999999", minister()), Error,
                              has_code(ErrorCode::kNotFound));
        BOOST_TEST(text(parse(card(kSmall, supplier_user(kSmall)))->getObject("supplier"), "id") ==
                   kSmall);
    });
}

BOOST_AUTO_TEST_CASE(csv_has_one_line_per_contract) {
    on_every_database([](World& w) {
        std::vector<std::string> got = lines(render(
            load_supplier_scorecard(w.conn(), kAcme, minister(), default_policy()), Format::kCsv));
        const std::vector<std::string> expected = {
            "supplier,contract,title,authority,value,currency,period,score,rating",
            "GB-COH-01234567,DWP-2023-0004,\"Legacy print, post and scanning\",GB-GOV-DWP,"
            "1000000,GBP,,,",
            "GB-COH-01234567,DWP-2024-0001,Contact centre services,GB-GOV-DWP,12500000,GBP,"
            "2026-03,40,requires_improvement",
            "GB-COH-01234567,HMRC-2026-0003,Tax helpline,GB-GOV-HMRC,2500000,GBP,2026-01,75,"
            "approaching",
        };
        BOOST_TEST(got == expected, boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(flag_list_report)

store::FlagFilter first_page() {
    store::FlagFilter filter;
    filter.page.limit = 50;
    return filter;
}

BOOST_AUTO_TEST_CASE(minister_sees_every_flag_newest_first_with_fixed_names) {
    on_every_database([](World& w) {
        Object::Ptr list =
            parse(render(load_flag_list(w.conn(), first_page(), minister()), Format::kJson));
        BOOST_TEST(list->getValue<int>("total") == 4);
        BOOST_TEST(list->getValue<int>("limit") == 50);
        BOOST_TEST(list->getValue<int>("offset") == 0);
        Array::Ptr flags = list->getArray("flags");
        // Raised 11 May (twice, the later id first), 10 April, 15 January.
        BOOST_TEST(
            column(flags, "contract") ==
                (std::vector<std::string>{kHelpline, kContactCentre, kContactCentre, kTraining}),
            boost::test_tools::per_element());
        Object::Ptr helpline = flags->getObject(0);
        BOOST_TEST(helpline->getValue<std::int64_t>("id") == w.missing_helpline_flag);
        BOOST_TEST(text(helpline, "rule") == "missing_return");
        BOOST_TEST(text(helpline, "severity") == "high");
        BOOST_TEST(text(helpline, "status") == "open");
        BOOST_TEST(text(helpline, "supplier") == kAcme);
        BOOST_TEST(helpline->isNull("kpi"));  // a contract-level rule
        BOOST_TEST(text(helpline, "period") == "2026-04");
        BOOST_TEST(text(helpline, "raised") == "2026-05-11T00:00:00Z");
        BOOST_TEST(text(helpline, "authority") == kHmrc);
        BOOST_TEST(helpline->isNull("closed"));

        Object::Ptr resolved = flags->getObject(3);
        BOOST_TEST(text(resolved, "kpi") == "SATISF");
        BOOST_TEST(text(resolved, "status") == "resolved");
        BOOST_TEST(text(resolved, "closed") == "2026-04-05T09:00:00Z");
    });
}

BOOST_AUTO_TEST_CASE(commercial_user_of_another_authority_sees_none_of_this_ones_flags) {
    on_every_database([](World& w) {
        Object::Ptr hmrc =
            parse(render(load_flag_list(w.conn(), first_page(), commercial(kHmrc)), Format::kJson));
        BOOST_TEST(hmrc->getValue<int>("total") == 1);
        BOOST_TEST(
            column(hmrc->getArray("flags"), "authority") == (std::vector<std::string>{kHmrc}),
            boost::test_tools::per_element());

        // Asking for DWP's flags by filter does not widen what HMRC may see.
        store::FlagFilter dwp_filter = first_page();
        dwp_filter.authority_id = kDwp;
        Object::Ptr asked =
            parse(render(load_flag_list(w.conn(), dwp_filter, commercial(kHmrc)), Format::kJson));
        BOOST_TEST(asked->getValue<int>("total") == 0);
        BOOST_TEST(asked->getArray("flags")->size() == 0u);

        Object::Ptr dwp =
            parse(render(load_flag_list(w.conn(), first_page(), commercial(kDwp)), Format::kJson));
        BOOST_TEST(dwp->getValue<int>("total") == 3);
    });
}

BOOST_AUTO_TEST_CASE(supplier_sees_only_its_own_flags) {
    on_every_database([](World& w) {
        Object::Ptr own = parse(
            render(load_flag_list(w.conn(), first_page(), supplier_user(kSmall)), Format::kJson));
        BOOST_TEST(column(own->getArray("flags"), "supplier") == (std::vector<std::string>{kSmall}),
                   boost::test_tools::per_element());

        store::FlagFilter acme = first_page();
        acme.supplier_id = kAcme;
        Object::Ptr other =
            parse(render(load_flag_list(w.conn(), acme, supplier_user(kSmall)), Format::kJson));
        BOOST_TEST(other->getValue<int>("total") == 0);
    });
}

BOOST_AUTO_TEST_CASE(filters_and_paging_apply) {
    on_every_database([](World& w) {
        store::FlagFilter open = first_page();
        open.status = FlagStatus::kOpen;
        open.page.limit = 2;
        open.page.offset = 1;
        Object::Ptr page = parse(render(load_flag_list(w.conn(), open, minister()), Format::kJson));
        BOOST_TEST(page->getValue<int>("total") == 3);  // three open, page of two from the 2nd
        BOOST_TEST(column(page->getArray("flags"), "contract") ==
                       (std::vector<std::string>{kContactCentre, kContactCentre}),
                   boost::test_tools::per_element());

        store::FlagFilter bad = first_page();
        bad.page.limit = 0;
        BOOST_CHECK_EXCEPTION(render(load_flag_list(w.conn(), bad, minister()), Format::kJson),
                              Error, has_code(ErrorCode::kBadRequest));
    });
}

BOOST_AUTO_TEST_CASE(csv_has_one_line_per_flag_and_neutralises_formulas) {
    on_every_database([](World& w) {
        store::FlagFilter resolved = first_page();
        resolved.status = FlagStatus::kResolved;
        std::vector<std::string> got =
            lines(render(load_flag_list(w.conn(), resolved, minister()), Format::kCsv));
        const std::vector<std::string> expected = {
            "id,rule,severity,status,supplier,contract,kpi,period,raised,authority,detail,closed,"
            "dismissed_by,dismiss_reason",
            std::to_string(w.resolved_flag) +
                ",persistent_underperformance,high,resolved,GB-COH-07654321,DWP-2025-0002,SATISF,"
                "2025-Q4,2026-01-15T09:00:00Z,GB-GOV-DWP,'=SATISF below target,"
                "2026-04-05T09:00:00Z,,",
        };
        BOOST_TEST(got == expected, boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(summary_report)

Summary summary_of(World& w, const Principal& who) {
    return load_summary(w.conn(), who, default_policy(), as_of());
}

Object::Ptr summary_for(World& w, const Principal& who) {
    return parse({"application/json", to_json(summary_of(w, who))});
}

std::vector<int> distribution(const Object::Ptr& o) {
    return {o->getValue<int>("good"), o->getValue<int>("approaching"),
            o->getValue<int>("requires_improvement"), o->getValue<int>("inadequate"),
            o->getValue<int>("missing")};
}

BOOST_AUTO_TEST_CASE(minister_totals_and_rating_distribution) {
    on_every_database([](World& w) {
        Object::Ptr s = summary_for(w, minister());
        Object::Ptr totals = s->getObject("totals");
        BOOST_TEST(totals->getValue<int>("authorities") == 2);
        BOOST_TEST(totals->getValue<int>("suppliers") == 3);
        BOOST_TEST(totals->getValue<int>("contracts") == 5);
        BOOST_TEST(totals->getValue<int>("active_contracts") == 4);  // all but legacy
        BOOST_TEST(totals->getValue<int>("open_flags") == 3);
        // Active contracts' current ratings: contact centre 40 requires_improvement,
        // training 100 good, helpline 75 approaching, new service (KPIs, no return) missing.
        BOOST_TEST(distribution(s->getObject("ratings")) == (std::vector<int>{1, 1, 1, 0, 1}),
                   boost::test_tools::per_element());
    });
}

BOOST_AUTO_TEST_CASE(split_by_size_group_and_class) {
    on_every_database([](World& w) {
        Object::Ptr s = summary_for(w, minister());
        // Large: Acme and Big Outsourcing; contact centre (40), helpline (75), legacy.
        Object::Ptr large = s->getObject("by_size")->getObject("large");
        BOOST_TEST(distribution(large) == (std::vector<int>{0, 1, 1, 0, 0}),
                   boost::test_tools::per_element());
        BOOST_TEST(large->getValue<int>("suppliers") == 2);
        BOOST_TEST(large->getValue<int>("contracts") == 3);
        BOOST_TEST(number(large, "mean_score") == 57.5);  // (40 + 75) / 2
        // SME: Small Co; training (100) and the new service (missing).
        Object::Ptr sme = s->getObject("by_size")->getObject("sme");
        BOOST_TEST(distribution(sme) == (std::vector<int>{1, 0, 0, 0, 1}),
                   boost::test_tools::per_element());
        BOOST_TEST(sme->getValue<int>("suppliers") == 1);
        BOOST_TEST(number(sme, "mean_score") == 100.0);

        Object::Ptr by_class = s->getObject("by_class");
        BOOST_TEST(distribution(by_class->getObject("small")) == (std::vector<int>{1, 0, 0, 0, 1}),
                   boost::test_tools::per_element());
        BOOST_TEST(by_class->getObject("micro")->getValue<int>("suppliers") == 0);
        BOOST_TEST(by_class->getObject("micro")->isNull("mean_score"));
        BOOST_TEST(by_class->getObject("large")->getValue<int>("suppliers") == 2);
    });
}

BOOST_AUTO_TEST_CASE(by_authority_and_flagged_suppliers) {
    on_every_database([](World& w) {
        Object::Ptr s = summary_for(w, minister());
        Array::Ptr authorities = s->getArray("by_authority");
        BOOST_TEST(column(authorities, "id") == (std::vector<std::string>{kDwp, kHmrc}),
                   boost::test_tools::per_element());
        Object::Ptr dwp = authorities->getObject(0);
        BOOST_TEST(text(dwp, "name") == "Department for Work and Pensions");
        BOOST_TEST(dwp->getValue<int>("contracts") == 4);
        BOOST_TEST(number(dwp, "mean_score") == 70.0);  // (40 + 100) / 2
        BOOST_TEST(distribution(dwp->getObject("ratings")) == (std::vector<int>{1, 0, 1, 0, 1}),
                   boost::test_tools::per_element());

        Array::Ptr flagged = s->getArray("flagged_suppliers");
        BOOST_TEST(flagged->size() == 1u);  // Small Co's only flag is resolved
        Object::Ptr acme = flagged->getObject(0);
        BOOST_TEST(text(acme, "id") == kAcme);
        BOOST_TEST(text(acme, "name") == "Acme Services Ltd");
        BOOST_TEST(text(acme, "size") == "large");
        BOOST_TEST(acme->getValue<int>("open_flags") == 3);
        BOOST_TEST(acme->getValue<int>("high") == 1);
    });
}

BOOST_AUTO_TEST_CASE(trend_covers_the_twelve_months_before_as_of) {
    on_every_database([](World& w) {
        Array::Ptr trend = summary_for(w, minister())->getArray("trend");
        BOOST_TEST(trend->size() == 12u);
        // As of 2026-05-20, April's first returns are due (Acme's, large: after 10 May), so
        // the window ends with April.
        BOOST_TEST(text(trend->getObject(0), "period") == "2025-05");
        BOOST_TEST(text(trend->getObject(11), "period") == "2026-04");
        auto month = [&](int i) { return trend->getObject(static_cast<unsigned>(i)); };
        // "returned of expected, provisional" for one month.
        auto progress = [&](int i) {
            return std::to_string(month(i)->getValue<int>("returned")) + " of " +
                   std::to_string(month(i)->getValue<int>("expected")) +
                   (month(i)->getValue<bool>("provisional") ? ", provisional" : "");
        };
        // 2025-05..09: no contract with KPIs ran (training starts in 2025-10).
        BOOST_TEST(month(0)->isNull("mean_score"));
        BOOST_TEST(progress(0) == "0 of 0");
        // 2025-10..12: training's 2025-Q4 (SATISF 85 approaching -> 75) in each month.
        for (int i : {5, 6, 7}) {
            BOOST_TEST(number(month(i), "mean_score") == 75.0);
            BOOST_TEST(month(i)->getValue<int>("contracts") == 1);
            BOOST_TEST(progress(i) == "1 of 1");
        }
        // 2026-01: contact centre 91.67, training Q1 100, helpline 75:
        // 266.67 / 3 = 88.89 -> 88.9.
        BOOST_TEST(number(month(8), "mean_score") == 88.9);
        BOOST_TEST(month(8)->getValue<int>("contracts") == 3);
        BOOST_TEST(progress(8) == "3 of 3");
        // 2026-02: (83.33 + 100) / 2 = 91.67 -> 91.7; 2026-03: (40 + 100) / 2 = 70. The
        // helpline's returns were due (after 10 March, 10 April) and never came: final.
        BOOST_TEST(number(month(9), "mean_score") == 91.7);
        BOOST_TEST(progress(9) == "2 of 3");
        BOOST_TEST(number(month(10), "mean_score") == 70.0);
        BOOST_TEST(progress(10) == "2 of 3");
        // 2026-04: nothing returned yet. Four contracts report for it: the contact centre
        // and the helpline (due after 10 May, missing), training's 2026-Q2 (not ended) and
        // the new service (Small Co, SME: due after 20 May, so not yet on the 20th): still
        // provisional.
        BOOST_TEST(month(11)->isNull("mean_score"));
        BOOST_TEST(month(11)->getValue<int>("contracts") == 0);
        BOOST_TEST(progress(11) == "0 of 4, provisional");
    });
}

BOOST_AUTO_TEST_CASE(commercial_and_supplier_summaries_are_scoped) {
    on_every_database([](World& w) {
        Object::Ptr dwp = summary_for(w, commercial(kDwp));
        Object::Ptr totals = dwp->getObject("totals");
        BOOST_TEST(totals->getValue<int>("authorities") == 1);
        BOOST_TEST(totals->getValue<int>("suppliers") == 2);  // Acme and Small Co
        BOOST_TEST(totals->getValue<int>("contracts") == 4);
        BOOST_TEST(totals->getValue<int>("active_contracts") == 3);
        BOOST_TEST(totals->getValue<int>("open_flags") == 2);
        BOOST_TEST(distribution(dwp->getObject("ratings")) == (std::vector<int>{1, 0, 1, 0, 1}),
                   boost::test_tools::per_element());
        BOOST_TEST(dwp->getArray("flagged_suppliers")->getObject(0)->getValue<int>("open_flags") ==
                   2);

        Object::Ptr small = summary_for(w, supplier_user(kSmall));
        Object::Ptr own = small->getObject("totals");
        BOOST_TEST(own->getValue<int>("suppliers") == 1);
        BOOST_TEST(own->getValue<int>("contracts") == 2);
        BOOST_TEST(own->getValue<int>("authorities") == 1);
        BOOST_TEST(own->getValue<int>("open_flags") == 0);
        BOOST_TEST(distribution(small->getObject("ratings")) == (std::vector<int>{1, 0, 0, 0, 1}),
                   boost::test_tools::per_element());
        BOOST_TEST(small->getArray("flagged_suppliers")->size() == 0u);
    });
}

BOOST_AUTO_TEST_CASE(csv_lists_sections_as_rows) {
    on_every_database([](World& w) {
        std::vector<std::string> got =
            lines({"text/csv; charset=utf-8", to_csv(summary_of(w, minister()))});
        BOOST_REQUIRE(!got.empty());
        BOOST_TEST(got.front() == "section,key,metric,value");
        // totals 5, ratings 6, by_size 2×9, by_class 5×9, by_authority 2×9, flagged 1×4,
        // trend 12×5 (mean_score, contracts, returned, expected, provisional),
        // user_satisfaction 9 (kpis, contracts, 6 ratings, mean_value_percent), and the
        // header: 5 + 6 + 18 + 45 + 18 + 4 + 60 + 9 + 1 = 166.
        BOOST_TEST(got.size() == 166u);
        for (const char* line : {
                 "totals,,contracts,5",
                 "totals,,open_flags,3",
                 "ratings,,missing,1",
                 "ratings,,mean_score,71.7",  // (40 + 100 + 75) / 3 = 71.67
                 "by_size,large,mean_score,57.5",
                 "by_class,small,good,1",
                 "by_authority,GB-GOV-DWP,name,Department for Work and Pensions",
                 "by_authority,GB-GOV-HMRC,mean_score,75",
                 "flagged_suppliers,GB-COH-01234567,open_flags,3",
                 "trend,2026-01,mean_score,88.9",
                 "trend,2026-04,mean_score,",
                 "trend,2026-04,contracts,0",
                 "trend,2026-04,returned,0",
                 "trend,2026-04,expected,4",
                 "trend,2026-04,provisional,true",
                 "trend,2026-03,returned,2",
                 "trend,2026-03,provisional,false",
             }) {
            BOOST_TEST(contains(got, line), "line: " << line);
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()

// The data version (store/database.h) and the summary cache built on it
// (reports/summary_cache.h): a cached summary is served only while nothing has changed.
BOOST_AUTO_TEST_SUITE(summary_cache)

const store::Change kChange{"test", Timestamp{}};

BOOST_AUTO_TEST_CASE(the_data_version_moves_once_per_committed_change) {
    on_every_database([](World& w) {
        store::Connection& conn = w.conn();
        const std::int64_t start = store::data_version(conn);
        // Reading moves nothing.
        (void)load_summary(conn, minister(), default_policy(), as_of());
        BOOST_TEST(store::data_version(conn) == start);
        // A change that is rolled back leaves no trace.
        {
            store::Transaction tx(conn, store::TxMode::kWrite);
            store::SupplierRepository(conn).upsert(
                {"GB-COH-99999999", "Rolled Back Ltd", SizeClass::kMicro, false}, kChange);
        }
        BOOST_TEST(store::data_version(conn) == start);
        // A transaction with two audited changes moves it once, at its commit.
        {
            store::Transaction tx(conn, store::TxMode::kWrite);
            store::SupplierRepository(conn).upsert(
                {"GB-COH-99999999", "New Ltd", SizeClass::kMicro, false}, kChange);
            store::SupplierRepository(conn).upsert(
                {"GB-COH-99999999", "New Name Ltd", SizeClass::kMicro, false}, kChange);
            tx.commit();
        }
        BOOST_TEST(store::data_version(conn) == start + 1);
        // Outside a transaction each change moves it at once.
        store::AuthorityRepository(conn).upsert({"GB-GOV-NEW", "New Department"}, kChange);
        BOOST_TEST(store::data_version(conn) == start + 2);
        // Scores are written without an audit entry and still move it.
        store::ScoreRepository(conn).put_supplier_score(kBig, 50.0, default_policy().bands);
        BOOST_TEST(store::data_version(conn) == start + 3);
    });
}

BOOST_AUTO_TEST_CASE(a_cached_summary_is_served_until_something_changes) {
    on_every_database([](World& w) {
        store::Connection& conn = w.conn();
        SummaryCache cache(default_policy());
        auto suppliers = [&](const Principal& who) {
            return cache.summary(conn, who, as_of())->model.suppliers;
        };
        // The world's three suppliers; built once, then served from the cache.
        BOOST_TEST(suppliers(minister()) == 3);
        BOOST_TEST(suppliers(minister()) == 3);
        BOOST_TEST(cache.counts().misses == 1);
        BOOST_TEST(cache.counts().hits == 1);
        // Another scope is another summary: DWP's commercial team sees the suppliers of its
        // contracts, Acme and Small Co (helpline is HMRC's, also Acme's).
        BOOST_TEST(suppliers(commercial(kDwp)) == 2);
        BOOST_TEST(cache.counts().misses == 2);
        // The JSON and the CSV are kept with the model they were written from.
        const auto kept = cache.summary(conn, minister(), as_of());
        BOOST_TEST(cache.counts().misses == 2);
        BOOST_TEST(parse({"application/json", kept->json})
                       ->getObject("totals")
                       ->getValue<int>("suppliers") == 3);
        BOOST_TEST(kept->csv.find("totals,,suppliers,3\r\n") != std::string::npos, kept->csv);

        // A new supplier: the minister's cached summary is stale and is built again.
        store::SupplierRepository(conn).upsert(
            {"GB-COH-88888888", "Fourth Ltd", SizeClass::kMedium, false}, kChange);
        BOOST_TEST(suppliers(minister()) == 4);
        BOOST_TEST(cache.counts().misses == 3);
        BOOST_TEST(suppliers(minister()) == 4);
        // The summary kept before the change is unchanged for whoever still holds it.
        BOOST_TEST(kept->model.suppliers == 3);
        // The same answer as the summary built without the cache.
        BOOST_TEST(cache.summary(conn, minister(), as_of())->json ==
                   to_json(load_summary(conn, minister(), default_policy(), as_of())));
    });
}

BOOST_AUTO_TEST_CASE(the_cache_keeps_at_most_its_capacity) {
    on_every_database([](World& w) {
        SummaryCache cache(default_policy(), 1);
        (void)cache.summary(w.conn(), minister(), as_of());
        (void)cache.summary(w.conn(), commercial(kDwp), as_of());
        // The minister's entry made room for DWP's: building it again is a miss.
        (void)cache.summary(w.conn(), minister(), as_of());
        BOOST_TEST(cache.counts().misses == 3);
        BOOST_TEST(cache.counts().hits == 0);
    });
}

BOOST_AUTO_TEST_SUITE_END()
