// Hostile and broken documents (issue #9 part 1): every file of tests/fixtures/bad/security/
// is posted through the real server and imported with the real `scorecard import`, on every
// database. Each must get its status, error code and problem (with line and column), be
// archived as rejected with its bytes intact, and change nothing else. Names that carry
// markup, formulas or SQL but are valid data are stored verbatim and come out escaped.
//
// Positions follow docs/formats.md: an element at the first character of its name, an
// attribute at the first character of its name, a parse error where pugixml stopped, an
// encoding error at the first bad byte. Every line:column below was counted by hand from
// the document (tests/fixtures/bad/security/README.md shows the same table).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <map>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include "store/repositories.h"
#include "tests/services/services_test_support.h"
#include "tests/services/test_server.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"

using namespace scorecard;
using namespace scorecard::services::testing;
namespace bdata = boost::unit_test::data;

namespace {

// Lines of the KpiReturn documents (a declaration on line 1):
//   2 `<KpiReturn xmlns="urn:scorecard:1" contract="DWP-2026-0001" period="2026-09"`:
//     `<KpiReturn ` 11 -> xmlns at 12, + `xmlns="urn:scorecard:1" ` 24 -> contract at 36,
//     + `contract="DWP-2026-0001" ` 25 -> period at 61
//   3 `           submitted="…">`: submitted at 12
//   4 `  <Measure kpi="CALLS" value="…"`: the element's name at 4, kpi at 12, value at 24
//     (`kpi="CALLS" ` 12); with kpi="COMPLAINTS" (`kpi="COMPLAINTS" ` 17) value at 29.
struct BadCase {
    const char* file;      // in tests/fixtures/bad/security/
    const char* endpoint;  // /api/v1/feeds or /api/v1/returns
    int status;
    const char* error;    // error.code
    const char* problem;  // the code of error.details[0]; "" when there are no details
    int line;
    int column;
    bool via_cli;  // false: an HTTP-only limit (the body size)
};

std::ostream& operator<<(std::ostream& os, const BadCase& c) {
    return os << c.file;
}

constexpr const char* kFeeds = "/api/v1/feeds";
constexpr const char* kReturns = "/api/v1/returns";

const BadCase kCases[] = {
    // <Measure> on line 4 is never closed: pugixml stops at the name of `</KpiReturn>` on
    // line 6 ("</" is columns 1-2).
    {"malformed_unclosed_tag.xml", kReturns, 400, "malformed", "malformed", 6, 3, true},
    // The document ends inside an attribute value on line 5, `  <Measure kpi="COMPL`:
    // pugixml reports the unterminated value at its first character ("C", column 17).
    {"malformed_truncated.xml", kReturns, 400, "malformed", "malformed", 5, 17, true},
    // The second value= on line 4: value at 24 + `value="93.2" ` 13 = 37.
    {"malformed_duplicate_attribute.xml", kReturns, 400, "malformed", "malformed", 4, 37, true},
    // XML 1.0 §2.1: one root element. The second <ContractFeed> starts line 5: its name at
    // column 2 (neither root's supplier nor contract may be stored).
    {"second_root.xml", kFeeds, 400, "malformed", "malformed", 5, 2, true},
    // Line 6 `  and some words after it`: the text at its first word, column 3.
    {"trailing_text.xml", kReturns, 400, "malformed", "malformed", 6, 3, true},
    // Known roots in the wrong (or no) namespace, an unknown root: the root's name, 2:2.
    {"wrong_namespace.xml", kReturns, 422, "invalid", "namespace", 2, 2, true},
    {"no_namespace.xml", kReturns, 422, "invalid", "namespace", 2, 2, true},
    {"wrong_root.xml", kFeeds, 422, "invalid", "unknown_document", 2, 2, true},
    // Any DOCTYPE is refused at its '<' (line 2, column 1) before anything is read from it.
    {"xxe_external_entity.xml", kReturns, 400, "malformed", "malformed", 2, 1, true},
    {"xxe_external_dtd.xml", kReturns, 400, "malformed", "malformed", 2, 1, true},
    {"billion_laughs.xml", kReturns, 400, "malformed", "malformed", 2, 1, true},
    // The root (line 2) is depth 1 and the k-th <Deep> (line k + 2) depth k + 1: the first
    // deeper than 64 is the 64th, on line 66, its name at column 2.
    {"deep_nesting.xml", kReturns, 400, "malformed", "too_deep", 66, 2, true},
    // A 3000-character supplier name (limit 500): `  <Supplier ` 12 -> id at 13,
    // `id="GB-COH-01234567" ` 21 -> name at 34 (line 3).
    {"huge_attribute.xml", kFeeds, 422, "invalid", "too_long", 3, 34, true},
    // Line 4 `  <Measure kpi="CALLS" value="93.2"><Comment>Caf`: 2 + 34 + 9 + 3 = 48 bytes
    // before the Latin-1 é, so column 49.
    {"invalid_utf8.xml", kReturns, 400, "malformed", "encoding", 4, 49, true},
    // The declaration names ISO-8859-1: located at the declaration's name, 1:3.
    {"encoding_latin1_declared.xml", kReturns, 400, "malformed", "encoding", 1, 3, true},
    // An overlong '/' (C0 AF) after `<Comment>slash ` : 2 + 34 + 9 + 6 = 51 -> column 52.
    {"utf8_overlong.xml", kReturns, 400, "malformed", "encoding", 4, 52, true},
    // A NUL byte is not an XML character (XML 1.0 §2.2): at the NUL, after
    // `<Comment>before`: 2 + 34 + 9 + 6 = 51 -> column 52.
    {"nul_byte.xml", kReturns, 400, "malformed", "malformed", 4, 52, true},
    // Numbers have one spelling (docs/formats.md): -?digits(.digits)?.
    {"number_nan.xml", kReturns, 422, "invalid", "number", 4, 24, true},
    {"number_inf.xml", kReturns, 422, "invalid", "number", 4, 24, true},
    {"number_negative_infinity.xml", kReturns, 422, "invalid", "number", 4, 24, true},
    {"number_1e999.xml", kReturns, 422, "invalid", "number", 4, 24, true},
    {"number_huge_digits.xml", kReturns, 422, "invalid", "number", 4, 29, true},
    {"number_thousands_separator.xml", kReturns, 422, "invalid", "number", 4, 29, true},
    {"number_hex.xml", kReturns, 422, "invalid", "number", 4, 29, true},
    // weight="-0" is a number but not > 0 (SPEC §2). Line 6 `    <Kpi `: code at 10,
    // + `code="CALLS" ` 13 -> name 23, + `name="Calls answered within 60 seconds" ` 40 ->
    // unit 63, + `unit="percent" ` 15 -> direction 78, + `direction="higher" ` 19 -> 97.
    {"number_negative_zero_weight.xml", kFeeds, 422, "invalid", "range", 6, 97, true},
    // 30 February; line 4: 12 spaces + `title="Contact centre services" ` 32 -> start at 45.
    {"date_impossible.xml", kFeeds, 422, "invalid", "date", 4, 45, true},
    {"period_month_13.xml", kReturns, 422, "invalid", "period", 2, 61, true},
    {"period_quarter_5.xml", kReturns, 422, "invalid", "period", 2, 61, true},
    {"timestamp_impossible.xml", kReturns, 422, "invalid", "timestamp", 3, 12, true},
    // 2026-10 ends on 31 October, after submitted (5 October): at the KpiReturn, 2:2.
    {"period_not_ended.xml", kReturns, 422, "invalid", "period_not_ended", 2, 2, true},
    // Identifiers have no whitespace and at most 100 characters: the id attribute, 3:13.
    {"id_sql_with_spaces.xml", kFeeds, 422, "invalid", "identifier", 3, 13, true},
    {"id_too_long.xml", kFeeds, 422, "invalid", "identifier", 3, 13, true},
    // Valid identifiers naming nothing: the contract at the KpiReturn (2:2), the KPI at
    // its Measure (4:4).
    {"contract_id_script.xml", kReturns, 422, "invalid", "unknown_contract", 2, 2, true},
    {"kpi_code_sql.xml", kReturns, 422, "invalid", "unknown_kpi", 4, 4, true},
    // kMaxBody + 1 bytes: refused before it is read, so it is not archived either.
    {"oversize_body.xml", kReturns, 413, "too_large", "", 0, 0, false},
};

// Row counts of every table a document could change, through the repositories where they
// count, and by table otherwise. Documents are compared separately.
std::map<std::string, std::int64_t> snapshot(store::Database& db) {
    std::map<std::string, std::int64_t> counts;
    auto conn = db.acquire();
    counts["repo:authorities"] =
        static_cast<std::int64_t>(store::AuthorityRepository(*conn).list().size());
    counts["repo:suppliers"] = store::SupplierRepository(*conn).count({});
    counts["repo:contracts"] = store::ContractRepository(*conn).count({});
    counts["repo:flags"] = store::FlagRepository(*conn).count({});
    std::int64_t returns = 0;
    for (const char* contract : {kContractA, kContractB})
        returns += static_cast<std::int64_t>(
            store::ReturnRepository(*conn).current_versions(contract).size());
    counts["repo:current returns"] = returns;
    for (const char* table :
         {"authorities", "suppliers", "contracts", "kpi_versions", "return_versions", "measures",
          "period_scores", "contract_scores", "supplier_scores", "flags", "reviews", "audit_log",
          "users", "api_tokens"}) {
        auto row = conn->query_one(std::string("SELECT COUNT(*) FROM ") + table);
        counts[table] = row ? (*row)[0].as_int() : -1;
    }
    return counts;
}

// Members of a parsed JSON object (plain functions: the data-driven case is a template).
std::string text_of(const Poco::JSON::Object::Ptr& object, const std::string& name) {
    return object->getValue<std::string>(name);
}
int int_of(const Poco::JSON::Object::Ptr& object, const std::string& name) {
    return object->optValue<int>(name, 0);
}

std::int64_t document_count(store::Database& db) {
    auto conn = db.acquire();
    auto row = conn->query_one("SELECT COUNT(*) FROM documents");
    return row ? (*row)[0].as_int() : -1;
}

std::string describe(const std::map<std::string, std::int64_t>& counts) {
    std::string out;
    for (const auto& [name, n] : counts)
        out += " " + name + "=" + std::to_string(n);
    return out;
}

// The archived document must be the bytes sent, rejected, with the problem recorded.
void check_archived(RunningServer& srv, store::Database& db, std::int64_t id,
                    const std::string& bytes, const BadCase& c, Channel channel) {
    auto raw = srv.get("/api/v1/documents/" + std::to_string(id) + "?raw=1", srv.commercial);
    BOOST_TEST(raw.status == 200, raw);
    BOOST_TEST((raw.body == bytes),
               "GET ?raw=1 returned " << raw.body.size() << " bytes, sent " << bytes.size());
    auto conn = db.acquire();
    auto doc = store::DocumentRepository(*conn).find(id);
    BOOST_TEST_REQUIRE(doc.has_value());
    BOOST_TEST(doc->outcome == DocumentOutcome::kRejected);
    BOOST_TEST(doc->channel == channel);
    BOOST_TEST((doc->content == bytes));
    bool recorded = false;
    for (const auto& p : doc->errors)
        recorded = recorded || (p.code == c.problem && p.line == c.line && p.column == c.column);
    BOOST_TEST(recorded,
               "the archived errors lack " << c.problem << "@" << c.line << ":" << c.column);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_DATA_TEST_CASE(each_bad_document_is_refused_archived_and_changes_nothing, bdata::make(kCases),
                     c) {
    const std::string bytes = read_fixture(std::string("bad/security/") + c.file);
    if (std::string(c.file) == "oversize_body.xml")
        BOOST_TEST_REQUIRE(bytes.size() == kMaxBody + 1);  // the case is exactly over the limit

    for_each_database([&](store::Database& db, const std::string& url) {
        RunningServer srv(db);
        load_world(srv);
        // A return on file, so that "nothing changed" covers returns, scores and flags.
        auto first = srv.post_xml(kReturns, srv.supplier_a,
                                  kpi_return_a("2026-09", "2026-10-05T10:00:00Z", "93.2", "4"));
        BOOST_TEST_REQUIRE(first.status == 201, first);
        const auto before = snapshot(db);
        const auto documents_before = document_count(db);

        // 1. Through the API.
        auto r = srv.post_xml(c.endpoint, srv.commercial, bytes);
        BOOST_TEST(r.status == c.status, r);
        BOOST_TEST(r.header("content-type").starts_with("application/json"),
                   r.header("content-type"));
        BOOST_TEST(r.header("x-content-type-options") == "nosniff");
        auto error = r.json()->getObject("error");
        BOOST_TEST(text_of(error, "code") == c.error, r);
        auto details = error->getArray("details");
        if (std::string(c.problem).empty()) {
            BOOST_TEST(details->size() == 0u, r);
            BOOST_TEST(document_count(db) == documents_before, "a refused body was archived");
        } else {
            BOOST_TEST_REQUIRE(details->size() >= 1u, r);
            auto d = details->getObject(0);
            BOOST_TEST(text_of(d, "code") == c.problem, r);
            BOOST_TEST(int_of(d, "line") == c.line, r);
            BOOST_TEST(int_of(d, "column") == c.column, r);
            // The Location header names the archived document.
            std::smatch m;
            std::string location = r.header("location");
            BOOST_TEST_REQUIRE(
                std::regex_match(location, m, std::regex("/api/v1/documents/(\\d+)")), location);
            check_archived(srv, db, std::stoll(m[1]), bytes, c, Channel::kApiUpload);
            BOOST_TEST(document_count(db) == documents_before + 1);
        }
        BOOST_TEST(describe(snapshot(db)) == describe(before));

        // 2. Through `scorecard import`, as the same commercial account.
        if (!c.via_cli)
            return;
        testing::TempDir dir;
        const auto file = dir.path() / c.file;
        testing::write_text(file, bytes);
        auto run = testing::run(dir.path(), SCORECARD_BINARY,
                                {"--db", url, "import", "--as", "commercial.dwp", file.string()});
        BOOST_TEST(run.exit_code == 1, run.err);
        // SPEC §6: errors on stderr as file:line:col: message.
        const std::string located =
            file.string() + ":" + std::to_string(c.line) + ":" + std::to_string(c.column) + ": ";
        BOOST_TEST(run.err.find(located) != std::string::npos,
                   "expected '" << located << "' in: " << run.err);
        std::smatch m;
        BOOST_TEST_REQUIRE(std::regex_search(run.err, m, std::regex("rejected \\(document (\\d+)")),
                           run.err);
        check_archived(srv, db, std::stoll(m[1]), bytes, c, Channel::kCliImport);
        BOOST_TEST(describe(snapshot(db)) == describe(before));
    });
}

// Names carrying markup, a spreadsheet formula and SQL are valid data (SPEC §2 puts no
// limit on their characters): stored verbatim, JSON-escaped in the API, neutralised in CSV.
BOOST_AUTO_TEST_CASE(hostile_but_valid_names_are_stored_verbatim_and_escaped_on_output) {
    const std::string supplier_name = "<script>alert(\"owned\")</script> & Sons";
    const std::string title = "=HYPERLINK(\"http://evil.example/\",\"Click\")";
    const std::string contract_id = "DWP-X';DROP_TABLE_contracts;--";
    const std::string kpi_name = "<img src=x onerror=alert(1)>";
    // Written by the one writer of our formats, which escapes them as XML attribute values.
    using namespace scorecard::testing;
    const std::string feed =
        FeedBuilder()
            .supplier("GB-COH-66666666", supplier_name, SizeClass::kSmall)
            .contract(contract(contract_id, "GB-GOV-DWP", "GB-COH-66666666", title, "2026-09-01",
                               "2027-08-31", 1000, Frequency::kMonthly))
            .kpi(kpi("K1", kpi_name, Unit::kCount, Direction::kHigher, 1, {10, 5, 1}))
            .xml();
    BOOST_TEST(feed.find("<script>") == std::string::npos, feed);

    for_each_database([&](store::Database& db, const std::string& url) {
        RunningServer srv(db);
        load_world(srv);
        auto r = srv.post_xml(kFeeds, srv.commercial, feed);
        BOOST_TEST_REQUIRE(r.status == 201, r);

        // Stored verbatim (through the repositories).
        {
            auto conn = db.acquire();
            auto s = store::SupplierRepository(*conn).find("GB-COH-66666666");
            BOOST_TEST_REQUIRE(s.has_value());
            BOOST_TEST(s->name == supplier_name);
            auto k = store::ContractRepository(*conn).find(contract_id);
            BOOST_TEST_REQUIRE(k.has_value());
            BOOST_TEST(k->title == title);
            BOOST_TEST_REQUIRE(k->kpis.size() == 1u);
            BOOST_TEST(k->kpis[0].definition.name == kpi_name);
            // The tables the SQL-looking id names are still there.
            BOOST_TEST(store::ContractRepository(*conn).count({}) == 3);
        }

        // JSON: the text comes back exactly once parsed, and never as raw markup the body
        // could smuggle into a page: the response is application/json with nosniff.
        std::string encoded;
        Poco::URI::encode(contract_id, "/?#%';", encoded);
        auto card = srv.get("/api/v1/contracts/" + encoded + "/scorecard", srv.commercial);
        BOOST_TEST_REQUIRE(card.status == 200, card);
        BOOST_TEST(card.header("content-type").starts_with("application/json"));
        BOOST_TEST(card.header("x-content-type-options") == "nosniff");
        auto contract = card.json()->getObject("contract");
        BOOST_TEST(contract->getValue<std::string>("id") == contract_id);
        BOOST_TEST(contract->getValue<std::string>("title") == title);
        auto supplier = srv.get("/api/v1/suppliers/GB-COH-66666666/scorecard", srv.commercial);
        BOOST_TEST_REQUIRE(supplier.status == 200, supplier);
        BOOST_TEST(supplier.json()->getObject("supplier")->getValue<std::string>("name") ==
                   supplier_name);
        // JSON escaping: the double quotes inside the name are escaped in the body text.
        BOOST_TEST(supplier.body.find("alert(\\\"owned\\\")") != std::string::npos, supplier.body);

        // CSV: the title starts with '=': prefixed with a quote so that a spreadsheet shows
        // text, then quoted (it has commas and quotes, doubled by RFC 4180).
        const std::string neutralised =
            "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"Click\"\")\"";
        auto csv =
            srv.get("/api/v1/suppliers/GB-COH-66666666/scorecard?format=csv", srv.commercial);
        BOOST_TEST_REQUIRE(csv.status == 200, csv);
        BOOST_TEST(csv.body.find(neutralised) != std::string::npos, csv.body);
        BOOST_TEST(csv.body.find(",=HYPERLINK") == std::string::npos, csv.body);

        // The same through `scorecard report`.
        testing::TempDir dir;
        auto run =
            testing::run(dir.path(), SCORECARD_BINARY,
                         {"--db", url, "report", "supplier", "GB-COH-66666666", "--format", "csv"});
        BOOST_TEST(run.exit_code == 0, run.err);
        BOOST_TEST(run.out.find(neutralised) != std::string::npos, run.out);

        // The document is kept byte for byte.
        auto doc = srv.get(r.header("location") + "?raw=1", srv.commercial);
        BOOST_TEST((doc.body == feed));
    });
}

BOOST_AUTO_TEST_SUITE_END()
