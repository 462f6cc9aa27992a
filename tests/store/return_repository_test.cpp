// KPI returns and the document archive (store/repositories.h) on every database: amendments
// keep their history, measures round-trip in order, large returns, as-of counts, identical
// bytes stored once, and rejected documents with every problem.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/store/store_fixture.h"

using namespace scorecard;
using namespace scorecard::store;
using namespace scorecard::store_test;

BOOST_AUTO_TEST_SUITE(returns)

BOOST_AUTO_TEST_CASE(amendment_becomes_current_and_keeps_the_history) {
    for_each_database([](Database& db) {
        seed_world(db);
        ReturnVersion first, second;
        write(db, [&](Connection& conn) {
            ReturnRepository repo(conn);
            first = repo.add_version(
                return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z", {measured("CALLS", 93.2)}),
                by("acme"));
            auto amended =
                return_of("DWP-1", "2026-09", "2026-10-20T10:00:00Z", {measured("CALLS", 96.0)});
            amended.reason = "late call logs";
            second = repo.add_version(amended, by("acme", "2026-10-20T10:00:01Z"));
        });
        BOOST_TEST(first.version == 1);
        BOOST_TEST(second.version == 2);
        BOOST_TEST(first.id != 0);
        BOOST_TEST(second.id != first.id);

        auto conn = db.acquire();
        ReturnRepository repo(*conn);
        auto current = repo.current("DWP-1", period("2026-09"));
        BOOST_REQUIRE(current.has_value());
        BOOST_TEST(current->version == 2);
        BOOST_TEST(current->reason == "late call logs");
        BOOST_TEST(*current->figures.measures.at(0).value == 96.0);
        auto history = repo.history("DWP-1", period("2026-09"));
        BOOST_REQUIRE(history.size() == 2u);
        BOOST_TEST(history[0].version == 1);
        BOOST_TEST(*history[0].figures.measures.at(0).value == 93.2);
        BOOST_TEST(history[1].version == 2);
        BOOST_TEST(conn->query_one("SELECT COUNT(*) FROM return_versions WHERE is_current = 1")
                       ->
                       operator[](0)
                       .as_int() == 1);
        BOOST_TEST(!repo.current("DWP-1", period("2026-08")).has_value());

        auto entries = AuditRepository(*conn).list("return", "DWP-1/2026-09", {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(entries[0].action == "create");
        BOOST_TEST(entries[1].action == "amend");
        BOOST_TEST(entries[1].before.find(R"("value":93.2)") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("value":96)") != std::string::npos);
    });
}

// A return's audit entry records its measures with the fields each has: figures and
// comments that are absent are left out rather than written as null and "".
BOOST_AUTO_TEST_CASE(a_returns_audit_entry_names_only_the_fields_its_measures_have) {
    for_each_database([](Database& db) {
        seed_world(db);
        Measure ratio;
        ratio.kpi_code = "RESOLVED";
        ratio.value = 0.75;
        ratio.numerator = 3;
        ratio.denominator = 4;
        Measure not_applicable;
        not_applicable.kpi_code = "SITE";
        not_applicable.status = MeasureStatus::kNotApplicable;
        not_applicable.comment = "site closed";
        write(db, [&](Connection& conn) {
            auto v = return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z",
                               {measured("CALLS", 93.2), ratio, not_applicable});
            v.reason = "";
            ReturnRepository(conn).add_versions({v}, by("acme"));
        });
        auto conn = db.acquire();
        auto entries = AuditRepository(*conn).list("return", "DWP-1/2026-09", {});
        BOOST_REQUIRE(entries.size() == 1u);
        BOOST_TEST(entries[0].before == "");
        // Version 1, no document (0), submitted by return_of's "acme-returns".
        BOOST_TEST(entries[0].after ==
                   R"({"contract":"DWP-1","period":"2026-09","version":1,)"
                   R"("submitted":"2026-10-05T10:00:00Z","submitted_by":"acme-returns",)"
                   R"("document":0,"reason":"","measures":[)"
                   R"({"kpi":"CALLS","status":"measured","value":93.2},)"
                   R"({"kpi":"RESOLVED","status":"measured","value":0.75,"numerator":3,)"
                   R"("denominator":4},)"
                   R"({"kpi":"SITE","status":"not_applicable","comment":"site closed"}]})");
    });
}

// Returns stored together (a document's): an amendment among new periods replaces only its
// own period's current version, and its audit entry's "before" is that version; with more
// periods than a query names (and enough for the audit entries to be made on a thread of
// their own), the same.
BOOST_AUTO_TEST_CASE(returns_stored_together_amend_only_their_own_periods) {
    for_each_database([](Database& db) {
        seed_world(db);
        const auto month = [](int i) {  // 2022-01 onwards
            const int m = i % 12 + 1;
            return std::to_string(2022 + i / 12) + (m < 10 ? "-0" : "-") + std::to_string(m);
        };
        const auto returns = [&](int from, int to, double value) {
            std::vector<ReturnVersion> out;
            for (int i = from; i < to; ++i)
                out.push_back(return_of("DWP-1", month(i), "2026-10-05T10:00:00Z",
                                        {measured("CALLS", value + i)}));
            return out;
        };
        write(db, [&](Connection& conn) {
            ReturnRepository repo(conn);
            repo.add_versions(returns(0, 3, 90.0), by("acme"));  // 2022-01..03, version 1
            // 2022-03 amended with 2022-04 new.
            auto stored = repo.add_versions(returns(2, 4, 50.0), by("acme"));
            BOOST_REQUIRE(stored.size() == 2u);
            BOOST_TEST(stored[0].version == 2);
            BOOST_TEST(stored[1].version == 1);
            // 70 periods in one call (more than a query names), 2022-01..04 among them.
            stored = repo.add_versions(returns(0, 70, 10.0), by("acme"));
            BOOST_REQUIRE(stored.size() == 70u);
            BOOST_TEST(stored[0].version == 2);
            BOOST_TEST(stored[2].version == 3);
            BOOST_TEST(stored[3].version == 2);
            BOOST_TEST(stored[4].version == 1);
        });
        auto conn = db.acquire();
        BOOST_TEST(count_rows(*conn, "return_versions") == 3 + 2 + 70);
        BOOST_TEST(conn->query_one("SELECT COUNT(*) FROM return_versions WHERE is_current = 1")
                       ->
                       operator[](0)
                       .as_int() == 70);
        ReturnRepository repo(*conn);
        BOOST_TEST(*repo.current("DWP-1", period("2022-03"))->figures.measures.at(0).value == 12.0);
        BOOST_TEST(*repo.current("DWP-1", period("2022-05"))->figures.measures.at(0).value == 14.0);
        auto entries = AuditRepository(*conn).list("return", "DWP-1/2022-03", {});
        BOOST_REQUIRE(entries.size() == 3u);
        BOOST_TEST(entries[0].action == "create");
        BOOST_TEST(entries[1].action == "amend");
        BOOST_TEST(entries[1].before.find(R"("value":92)") != std::string::npos);
        BOOST_TEST(entries[1].after.find(R"("value":52)") != std::string::npos);
        BOOST_TEST(entries[2].before.find(R"("value":52)") != std::string::npos);
        BOOST_TEST(entries[2].after.find(R"("value":12)") != std::string::npos);
        entries = AuditRepository(*conn).list("return", "DWP-1/2022-01", {});
        BOOST_REQUIRE(entries.size() == 2u);
        BOOST_TEST(entries[1].before.find(R"("value":90)") != std::string::npos);
    });
}

BOOST_AUTO_TEST_CASE(measures_round_trip_in_the_order_received) {
    for_each_database([](Database& db) {
        seed_world(db);
        Measure na;
        na.kpi_code = "CSAT";
        na.status = MeasureStatus::kNotApplicable;
        na.comment = "Survey suspended in September — see letter";
        Measure evidence = measured("CALLS", 93.2);
        evidence.numerator = 93200;
        evidence.denominator = 100000;
        Measure commented = measured("AHT", 0.0);
        commented.comment = "Storm outage on 14th";
        const std::vector<Measure> sent{evidence, na, commented};  // not in code order
        write(db, [&](Connection& conn) {
            ReturnRepository(conn).add_version(
                return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z", sent), by("acme"));
        });
        auto conn = db.acquire();
        auto current = ReturnRepository(*conn).current("DWP-1", period("2026-09"));
        BOOST_REQUIRE(current.has_value());
        BOOST_TEST(current->figures.measures == sent);
        BOOST_TEST(format_timestamp(current->figures.submitted) == "2026-10-05T10:00:00Z");
        BOOST_TEST(current->submitted_by == "acme-returns");
        BOOST_TEST(current->document_id == 0);
    });
}

BOOST_AUTO_TEST_CASE(large_return_is_stored_across_several_insert_statements) {
    for_each_database([](Database& db) {
        seed_world(db);
        // 1201 measures: statements of 500, 500 and 201 rows.
        std::vector<Measure> sent;
        for (int i = 0; i < 1201; ++i)
            sent.push_back(measured("K" + std::to_string(10000 + i), i * 0.5));
        write(db, [&](Connection& conn) {
            ReturnRepository(conn).add_version(
                return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z", sent), by("acme"));
        });
        auto conn = db.acquire();
        BOOST_TEST(count_rows(*conn, "measures") == 1201);
        auto current = ReturnRepository(*conn).current("DWP-1", period("2026-09"));
        BOOST_TEST(current->figures.measures == sent);
    });
}

BOOST_AUTO_TEST_CASE(current_versions_as_of_a_day_count_only_what_was_submitted_by_then) {
    for_each_database([](Database& db) {
        seed_world(db);
        write(db, [](Connection& conn) {
            ReturnRepository repo(conn);
            // Added out of period order: results come back ascending by period.
            repo.add_version(
                return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z", {measured("CALLS", 91)}),
                by("acme"));
            repo.add_version(
                return_of("DWP-1", "2026-08", "2026-09-05T10:00:00Z", {measured("CALLS", 90)}),
                by("acme"));
            repo.add_version(
                return_of("DWP-1", "2026-09", "2026-10-20T23:59:59Z", {measured("CALLS", 92)}),
                by("acme"));
            repo.add_version(
                return_of("HMRC-1", "2026-09", "2026-10-01T00:00:00Z", {measured("CALLS", 1)}),
                by("bolt"));
        });
        auto conn = db.acquire();
        ReturnRepository repo(*conn);
        auto summary = [](const std::vector<ReturnVersion>& versions) {
            std::vector<std::string> out;
            for (const auto& v : versions)
                out.push_back(v.figures.period.to_string() + " v" + std::to_string(v.version) +
                              " " +
                              std::to_string(static_cast<int>(*v.figures.measures.at(0).value)));
            return out;
        };
        using V = std::vector<std::string>;
        BOOST_TEST(summary(repo.current_versions("DWP-1")) == (V{"2026-08 v1 90", "2026-09 v2 92"}),
                   boost::test_tools::per_element());
        // The amendment was submitted at 23:59:59 on the 20th: it counts on the 20th...
        BOOST_TEST(summary(repo.current_versions("DWP-1", date("2026-10-20"))) ==
                       (V{"2026-08 v1 90", "2026-09 v2 92"}),
                   boost::test_tools::per_element());
        // ...not on the 19th, when version 1 was the latest submitted.
        BOOST_TEST(summary(repo.current_versions("DWP-1", date("2026-10-19"))) ==
                       (V{"2026-08 v1 90", "2026-09 v1 91"}),
                   boost::test_tools::per_element());
        BOOST_TEST(
            summary(repo.current_versions("DWP-1", date("2026-10-04"))) == (V{"2026-08 v1 90"}),
            boost::test_tools::per_element());
        BOOST_TEST(repo.current_versions("DWP-1", date("2026-09-04")).empty());
    });
}

// Measures in hand (store::KnownMeasures: what an import has just stored) are taken from
// it, by version id, and not read; which versions are current is still read, so a
// superseded version's measures in hand change nothing, and the rest are read as before.
BOOST_AUTO_TEST_CASE(measures_in_hand_are_taken_by_version_and_the_rest_read) {
    for_each_database([](Database& db) {
        seed_world(db);
        std::vector<ReturnVersion> stored;
        write(db, [&](Connection& conn) {
            ReturnRepository repo(conn);
            repo.add_version(
                return_of("DWP-1", "2026-08", "2026-09-05T10:00:00Z", {measured("CALLS", 90)}),
                by("acme"));
            stored.push_back(repo.add_version(
                return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z", {measured("CALLS", 91)}),
                by("acme")));
            stored.push_back(repo.add_version(
                return_of("DWP-1", "2026-09", "2026-10-20T10:00:00Z", {measured("CALLS", 92)}),
                by("acme")));
            repo.add_version(
                return_of("HMRC-1", "2026-09", "2026-10-01T00:00:00Z", {measured("CALLS", 1)}),
                by("bolt"));
        });
        auto conn = db.acquire();
        ReturnRepository repo(*conn);
        const auto summary = [](const std::map<std::string, std::vector<ReturnVersion>>& found) {
            std::vector<std::string> out;
            for (const auto& [id, versions] : found) {
                for (const auto& v : versions)
                    out.push_back(
                        id + " " + v.figures.period.to_string() + " v" + std::to_string(v.version) +
                        " " + std::to_string(static_cast<int>(*v.figures.measures.at(0).value)));
            }
            return out;
        };
        using V = std::vector<std::string>;
        const std::vector<std::string> both{"DWP-1", "HMRC-1"};
        // The stored measures in hand: the same as reading them.
        KnownMeasures known;
        known.add(stored);
        BOOST_TEST(known.versions() == 2u);
        const V read = summary(repo.current_versions_of(both));
        BOOST_TEST(read == (V{"DWP-1 2026-08 v1 90", "DWP-1 2026-09 v2 92", "HMRC-1 2026-09 v1 1"}),
                   boost::test_tools::per_element());
        BOOST_TEST(summary(repo.current_versions_of(both, std::nullopt, &known)) == read,
                   boost::test_tools::per_element());
        // Other figures in hand for the two 2026-09 versions show that they are taken from
        // it: the current one's now, the superseded one's only as of a day it was current.
        std::vector<ReturnVersion> other_figures = stored;
        other_figures[0].figures.measures = {measured("CALLS", 555)};
        other_figures[1].figures.measures = {measured("CALLS", 777)};
        known = KnownMeasures();
        known.add(other_figures);
        BOOST_TEST(summary(repo.current_versions_of(both, std::nullopt, &known)) ==
                       (V{"DWP-1 2026-08 v1 90", "DWP-1 2026-09 v2 777", "HMRC-1 2026-09 v1 1"}),
                   boost::test_tools::per_element());
        BOOST_TEST(summary(repo.current_versions_of(both, date("2026-10-19"), &known)) ==
                       (V{"DWP-1 2026-08 v1 90", "DWP-1 2026-09 v1 555", "HMRC-1 2026-09 v1 1"}),
                   boost::test_tools::per_element());
    });
}

// What store::KnownMeasures keeps comes back as it was added: every field of every measure,
// in order, whatever it holds (a figure, none, a ratio, a reason); a version never stored
// (id 0) and one not added are not found.
BOOST_AUTO_TEST_CASE(measures_kept_in_hand_come_back_as_they_went_in) {
    Measure ratio = measured("RESOLVED", 80);
    ratio.numerator = 8;
    ratio.denominator = 10;
    Measure no_figure;
    no_figure.kpi_code = "CALLS";  // measured, with no usable figure: scored missing
    Measure with_comment = measured("COMPLAINTS", 4.25);
    with_comment.comment = "two duplicates removed";
    Measure not_applicable;
    not_applicable.kpi_code = "VISITS";
    not_applicable.status = MeasureStatus::kNotApplicable;
    not_applicable.comment = "the office was closed";
    ReturnVersion first =
        return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z",
                  {measured("CALLS", 96.5), not_applicable, ratio, no_figure, with_comment});
    first.id = 41;
    ReturnVersion second = return_of("DWP-1", "2026-10", "2026-11-05T10:00:00Z",
                                     {measured("CALLS", 91), measured("COMPLAINTS", 3)});
    second.id = 42;
    ReturnVersion never_stored = second;
    never_stored.id = 0;

    KnownMeasures known;
    known.add({first, second, never_stored});
    BOOST_TEST(known.versions() == 2u);
    std::vector<Measure> out;
    BOOST_TEST_REQUIRE(known.find(41, out));
    BOOST_TEST((out == first.figures.measures));
    BOOST_TEST_REQUIRE(known.find(42, out));
    BOOST_TEST((out == second.figures.measures));
    out = {measured("UNTOUCHED", 1)};
    BOOST_TEST(!known.find(0, out));
    BOOST_TEST(!known.find(43, out));
    BOOST_TEST(out.size() == 1u);  // left as it was
}

// Past its budget of bytes KnownMeasures keeps no more versions: those are read back.
BOOST_AUTO_TEST_CASE(measures_in_hand_stop_at_their_budget) {
    ReturnVersion one = return_of("DWP-1", "2026-09", "2026-10-05T10:00:00Z",
                                  {measured("CALLS", 96), measured("COMPLAINTS", 4)});
    one.id = 1;
    ReturnVersion two = one;
    two.id = 2;
    KnownMeasures measuring;  // no budget: what one version costs
    measuring.add({one});
    const std::size_t one_version = measuring.bytes();
    BOOST_TEST(one_version > 0u);

    KnownMeasures known(one_version);  // room for the first, not for the second too
    known.add({one, two});
    std::vector<Measure> out;
    BOOST_TEST(known.find(1, out));
    BOOST_TEST(!known.find(2, out));
    BOOST_TEST(known.versions() == 1u);
    BOOST_TEST(known.bytes() == one_version);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(identical_bytes_are_stored_once_and_every_receipt_is_kept) {
    for_each_database([](Database& db) {
        DocumentRecord doc;
        doc.sha256 = std::string(64, 'a');
        doc.kind = "KpiReturn";
        doc.sender = "acme";
        doc.channel = Channel::kApiUpload;
        doc.source = "upload.xml";
        doc.received = at("2026-10-05T10:00:00Z");
        // Bytes exactly as received, including a NUL and bytes that are not UTF-8.
        const char raw[] = "<?xml version=\"1.0\"?>\r\n<KpiReturn/>\x00\xff\xfe";
        doc.content = std::string(raw, sizeof raw - 1);  // 21 + 2 + 12 + 3 = 38 bytes
        std::int64_t first = 0, second = 0, rejected = 0;
        write(db, [&](Connection& conn) {
            DocumentRepository repo(conn);
            first = repo.archive(doc);
            repo.set_outcome(first, DocumentOutcome::kAccepted, {}, "KpiReturn");
            second = repo.archive(doc);
            repo.set_outcome(second, DocumentOutcome::kUnchanged, {}, "KpiReturn");
            DocumentRecord other = doc;
            other.sha256 = std::string(64, 'b');
            other.content = "<broken";
            rejected = repo.archive(other);
        });
        auto conn = db.acquire();
        DocumentRepository repo(*conn);
        BOOST_TEST(first != second);
        BOOST_TEST(count_rows(*conn, "documents") == 3);
        BOOST_TEST(count_rows(*conn, "document_contents") == 2);  // a, b
        auto found = repo.find(second);
        BOOST_REQUIRE(found.has_value());
        BOOST_TEST(found->content == doc.content);
        BOOST_TEST(found->content.size() == 38u);
        BOOST_TEST(found->outcome == DocumentOutcome::kUnchanged);
        BOOST_TEST(found->sender == "acme");
        BOOST_TEST(found->channel == Channel::kApiUpload);
        BOOST_TEST(found->source == "upload.xml");
        BOOST_TEST(format_timestamp(found->received) == "2026-10-05T10:00:00Z");
        BOOST_TEST(repo.find(rejected)->outcome == DocumentOutcome::kPending);
        BOOST_TEST(!repo.find(999999).has_value());

        // An earlier accepted-or-unchanged document with the same bytes, never itself.
        BOOST_TEST((repo.find_accepted(doc.sha256, second) == std::optional<std::int64_t>(first)));
        BOOST_TEST((repo.find_accepted(doc.sha256, first) == std::optional<std::int64_t>(second)));
        BOOST_TEST(!repo.find_accepted(std::string(64, 'b'), 0).has_value());  // pending only
    });
}

BOOST_AUTO_TEST_CASE(rejected_document_keeps_every_problem) {
    for_each_database([](Database& db) {
        DocumentRecord doc;
        doc.sha256 = std::string(64, 'c');
        doc.kind = "";
        doc.sender = "bolt";
        doc.channel = Channel::kCliImport;
        doc.received = at("2026-10-06T11:00:00Z");
        doc.content = "<KpiReturn/>";
        const std::vector<Problem> problems{
            {"unknown_kpi",
             "KPI \"CALLZ\" is not one of the contract's codes\n(did you mean CALLS?)", 3, 7,
             "return.xml"},
            {"value_range", "percent 101.5 is above 100 — «tab\there» \\ backslash", 4, 12,
             "return.xml"},
            {"missing_contract", "", 0, 0, ""},
        };
        std::int64_t id = 0;
        write(db, [&](Connection& conn) {
            DocumentRepository repo(conn);
            id = repo.archive(doc);
            repo.set_outcome(id, DocumentOutcome::kRejected, problems, "KpiReturn");
        });
        auto conn = db.acquire();
        auto found = DocumentRepository(*conn).find(id);
        BOOST_REQUIRE(found.has_value());
        BOOST_TEST(found->outcome == DocumentOutcome::kRejected);
        BOOST_TEST(found->kind == "KpiReturn");
        BOOST_REQUIRE(found->errors.size() == problems.size());
        for (std::size_t i = 0; i < problems.size(); ++i) {
            BOOST_TEST_CONTEXT("problem " << i) {
                BOOST_TEST(found->errors[i].code == problems[i].code);
                BOOST_TEST(found->errors[i].message == problems[i].message);
                BOOST_TEST(found->errors[i].line == problems[i].line);
                BOOST_TEST(found->errors[i].column == problems[i].column);
                BOOST_TEST(found->errors[i].document == problems[i].document);
            }
        }
        BOOST_TEST(found->channel == Channel::kCliImport);
        BOOST_TEST(error_code_of([&] {
                       DocumentRepository(*conn).set_outcome(424242, DocumentOutcome::kAccepted, {},
                                                             "KpiReturn");
                   }) == ErrorCode::kNotFound);
    });
}

BOOST_AUTO_TEST_SUITE_END()
