// Issue 14's "Done when": one configuration file sets custom rating bands, points and grace
// days, and every surface — the REST API, the CLI reports (the real binary), the CSV exports
// and the web pages — gives the same rating for the same score and the same due (missing)
// periods. On every database of SCORECARD_TEST_DATABASES.
//
// The world (worked out by hand below) lives in 2020, far in the past, because the server
// and `report contract` decide which periods are due as of today (the server has no
// settable clock yet): whatever today is, every period of 2020 ended long ago, so
// - for the large supplier (grace 3 days) every 2020 period without a return is due today;
//   the flags, evaluated with `score --as-of 2020-07-05`, show that the grace is 3 days and
//   not the built-in 10: 2020-06 ended 30 June and is due from 4 July;
// - for the SME (grace 36500 days, a hundred years) no period of 2020 is due before 2120, on
//   any surface, where the built-in 20 days would make them all due.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/test_databases.h"

namespace {

namespace support = scorecard::testing;
using Lines = std::vector<std::string>;
using Poco::JSON::Array;
using Poco::JSON::Object;

// SPEC §3.2 and §3.4's values replaced, and SPEC §4's grace days (see the top).
constexpr const char* kConfig = R"(# policy_consistency_test's configuration
scoring.points.good = 100
scoring.points.approaching = 60
scoring.points.requires_improvement = 30
scoring.points.inadequate = 0
scoring.points.missing = 0
scoring.band.good = 95
scoring.band.approaching = 35
scoring.band.requires_improvement = 10
flags.large.missing_return.grace_days = 3
flags.sme.missing_return.grace_days = 36500
)";

constexpr const char* kLarge = "GB-COH-00000001";
constexpr const char* kSme = "GB-COH-00000002";
constexpr const char* kLargeContract = "POL-LARGE";
constexpr const char* kSmeContract = "POL-SME";

// Two suppliers, each with one monthly contract for January to June 2020, both with
//   SPEED   higher is better: good 95, approaching 90, minimum 85
//   ERRORS  lower is better:  good 1,  approaching 2,  minimum 3
// weighted 2 and 3 on the large supplier's contract, 3 and 1 on the SME's.
constexpr const char* kFeed = R"(<?xml version="1.0" encoding="UTF-8"?>
<ContractFeed xmlns="urn:scorecard:1" generated="2020-01-02T09:00:00Z">
  <Authority id="GB-GOV-DWP" name="Department for Work and Pensions"/>
  <Supplier id="GB-COH-00000001" name="Large Ltd" size="large"/>
  <Supplier id="GB-COH-00000002" name="Small Ltd" size="small"/>
  <Contract id="POL-LARGE" authority="GB-GOV-DWP" supplier="GB-COH-00000001"
            title="Large supplier services" start="2020-01-01" end="2020-06-30"
            value="1000000" currency="GBP" frequency="monthly">
    <Kpi code="SPEED" name="Cases cleared on time" unit="percent" direction="higher"
         weight="2" good="95" approaching="90" minimum="85"/>
    <Kpi code="ERRORS" name="Errors per thousand cases" unit="ratio" direction="lower"
         weight="3" good="1" approaching="2" minimum="3"/>
  </Contract>
  <Contract id="POL-SME" authority="GB-GOV-DWP" supplier="GB-COH-00000002"
            title="Small supplier services" start="2020-01-01" end="2020-06-30"
            value="50000" currency="GBP" frequency="monthly">
    <Kpi code="SPEED" name="Cases cleared on time" unit="percent" direction="higher"
         weight="3" good="95" approaching="90" minimum="85"/>
    <Kpi code="ERRORS" name="Errors per thousand cases" unit="ratio" direction="lower"
         weight="1" good="1" approaching="2" minimum="3"/>
  </Contract>
</ContractFeed>
)";

// Submitted well before the as-of date 2020-07-05 of the scoring run, so that it counts them.
constexpr const char* kReturns = R"(<?xml version="1.0" encoding="UTF-8"?>
<KpiReturns xmlns="urn:scorecard:1">
  <KpiReturn contract="POL-LARGE" period="2020-01" submitted="2020-02-05T10:00:00Z">
    <Measure kpi="SPEED" value="96"/>
    <Measure kpi="ERRORS" value="1.5"/>
  </KpiReturn>
  <KpiReturn contract="POL-LARGE" period="2020-03" submitted="2020-04-05T10:00:00Z">
    <Measure kpi="SPEED" value="87"/>
    <Measure kpi="ERRORS" value="4"/>
  </KpiReturn>
  <KpiReturn contract="POL-SME" period="2020-01" submitted="2020-02-03T10:00:00Z">
    <Measure kpi="SPEED" value="96"/>
    <Measure kpi="ERRORS" value="1.5"/>
  </KpiReturn>
</KpiReturns>
)";

// ---- the expectations, by hand -------------------------------------------------------
//
// KPI ratings (SPEC §3.1) and the configured points:
//   SPEED 96 >= 95 good, 100 points; SPEED 87 >= 85 but < 90 requires_improvement, 30;
//   ERRORS 1.5 <= 2 but > 1 approaching, 60; ERRORS 4 > 3 inadequate, 0.
// Period scores (SPEC §3.3) and their ratings by the configured bands (>= 95 good, >= 35
// approaching, >= 10 requires_improvement):
//   POL-LARGE 2020-01: (2×100 + 3×60) / 5 = 380 / 5 = 76.0 -> approaching
//                      (the built-in points would give 85.0, good)
//   POL-LARGE 2020-03: (2×30 + 3×0) / 5 = 60 / 5 = 12.0 -> requires_improvement
//                      (the built-in bands: inadequate, below 40)
//   POL-SME   2020-01: (3×100 + 1×60) / 4 = 360 / 4 = 90.0 -> approaching
//                      (the built-in bands: good, >= 85)
// Due periods without a return (SPEC §4 missing_return): POL-LARGE 2020-02, 04, 05 and 06;
// POL-SME none (see the top).

const Lines kPeriods{
    "POL-LARGE 2020-01 76.0 approaching",
    "POL-LARGE 2020-02 - missing",
    "POL-LARGE 2020-03 12.0 requires_improvement",
    "POL-LARGE 2020-04 - missing",
    "POL-LARGE 2020-05 - missing",
    "POL-LARGE 2020-06 - missing",
    "POL-SME 2020-01 90.0 approaching",
};
// Only the scored periods (the published dataset and the stored scores have no others).
const Lines kScoredPeriods{
    "POL-LARGE 2020-01 76.0 approaching",
    "POL-LARGE 2020-03 12.0 requires_improvement",
    "POL-SME 2020-01 90.0 approaching",
};
// SPEC §3.5: the latest period with a score.
const Lines kCurrent{
    "POL-LARGE 2020-03 12.0 requires_improvement",
    "POL-SME 2020-01 90.0 approaching",
};
// SPEC §3.6: each supplier has one active contract, so its score is that contract's.
const Lines kSuppliers{
    "GB-COH-00000001 12.0 requires_improvement",
    "GB-COH-00000002 90.0 approaching",
};
// The summary's distribution of the active contracts' current ratings, and their mean
// (12 + 90) / 2 = 51.0.
const Lines kDistribution{"good 0",       "approaching 1", "requires_improvement 1",
                          "inadequate 0", "missing 0",     "mean 51.0"};
// Measures of the returned periods with the configured points.
const Lines kMeasures{
    "POL-LARGE 2020-01 ERRORS approaching 60", "POL-LARGE 2020-01 SPEED good 100",
    "POL-LARGE 2020-03 ERRORS inadequate 0",   "POL-LARGE 2020-03 SPEED requires_improvement 30",
    "POL-SME 2020-01 ERRORS approaching 60",   "POL-SME 2020-01 SPEED good 100",
};
// The open missing_return flags of the scoring run as of 2020-07-05: four missed periods,
// so all are escalated to high (SPEC §4). With the built-in 10 days 2020-06 would not be
// among them (due from 11 July).
const Lines kMissingFlags{
    "POL-LARGE 2020-02 high",
    "POL-LARGE 2020-04 high",
    "POL-LARGE 2020-05 high",
    "POL-LARGE 2020-06 high",
};

// ---- reading each surface ------------------------------------------------------------

std::string one_decimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// A score as given ("76", "76.0", 76) shown to one decimal; "-" when there is none.
std::string score_text(const std::string& text) {
    return text.empty() || text == "–" ? "-" : one_decimal(std::stod(text));
}

Object::Ptr parse_json(const std::string& body) {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Object::Ptr>();
}

std::string text(const Object::Ptr& o, const std::string& key) {
    return o->isNull(key) ? "" : o->get(key).convert<std::string>();
}

Lines sorted(Lines lines) {
    std::sort(lines.begin(), lines.end());
    return lines;
}

// RFC 4180 as reports/csv.cpp writes it: rows of fields, quoted when they hold , " or
// a line break.
std::vector<std::vector<std::string>> parse_csv(const std::string& body) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (quoted) {
            if (c == '"' && i + 1 < body.size() && body[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

// The CSV's rows as maps from its header's names.
std::vector<std::map<std::string, std::string>> csv_records(const std::string& body) {
    auto rows = parse_csv(body);
    std::vector<std::map<std::string, std::string>> out;
    if (rows.empty())
        return out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        std::map<std::string, std::string> record;
        for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c)
            record[rows[0][c]] = rows[r][c];
        out.push_back(std::move(record));
    }
    return out;
}

// A contract scorecard as JSON (GET /contracts/{id}/scorecard, `report contract`).
struct ContractCard {
    Lines periods;
    Lines current;
    Lines measures;  // of returned periods
};

ContractCard read_contract_json(const std::string& id, const std::string& body) {
    ContractCard out;
    Object::Ptr card = parse_json(body);
    Array::Ptr periods = card->getArray("periods");
    for (std::size_t i = 0; i < periods->size(); ++i) {
        Object::Ptr p = periods->getObject(static_cast<unsigned>(i));
        out.periods.push_back(id + " " + text(p, "period") + " " + score_text(text(p, "score")) +
                              " " + text(p, "rating"));
        if (!p->getValue<bool>("returned"))
            continue;
        Array::Ptr measures = p->getArray("measures");
        for (std::size_t m = 0; m < measures->size(); ++m) {
            Object::Ptr mj = measures->getObject(static_cast<unsigned>(m));
            out.measures.push_back(id + " " + text(p, "period") + " " + text(mj, "kpi") + " " +
                                   text(mj, "rating") + " " + text(mj, "points"));
        }
    }
    if (Object::Ptr c = card->getObject("current"))
        out.current.push_back(id + " " + text(c, "period") + " " + score_text(text(c, "score")) +
                              " " + text(c, "rating"));
    return out;
}

// A contract scorecard as CSV: one row per period and KPI (SPEC §6).
ContractCard read_contract_csv(const std::string& id, const std::string& body) {
    ContractCard out;
    std::string last_period;
    for (const auto& r : csv_records(body)) {
        const std::string period = r.at("period");
        if (period != last_period) {
            out.periods.push_back(id + " " + period + " " + score_text(r.at("period_score")) + " " +
                                  r.at("period_rating"));
            last_period = period;
        }
        if (!r.at("period_score").empty())
            out.measures.push_back(id + " " + period + " " + r.at("kpi") + " " + r.at("rating") +
                                   " " + r.at("points"));
    }
    return out;
}

// The periods row of the contract page: data-period, the score shown, the rating tag; in
// period order (the page shows the newest first).
ContractCard read_contract_page(const std::string& id, const std::string& html) {
    ContractCard out;
    static const std::regex period(
        R"re(data-period="([^"]+)">([^<]*)</span><br><strong[^>]*data-rating="([a-z_]+)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), period);
         it != std::sregex_iterator(); ++it)
        out.periods.push_back(id + " " + (*it)[1].str() + " " + score_text((*it)[2].str()) + " " +
                              (*it)[3].str());
    out.periods = sorted(std::move(out.periods));
    static const std::regex current(
        R"re(id="current-score">([^<]*)</span> \(([^)]+)\) <strong[^>]*data-rating="([a-z_]+)")re");
    std::smatch m;
    if (std::regex_search(html, m, current))
        out.current.push_back(id + " " + m[2].str() + " " + score_text(m[1].str()) + " " +
                              m[3].str());
    return out;
}

struct SupplierCard {
    Lines supplier;   // "ID score rating"
    Lines contracts;  // current of each contract
};

SupplierCard read_supplier_json(const std::string& id, const std::string& body) {
    SupplierCard out;
    Object::Ptr card = parse_json(body);
    out.supplier.push_back(id + " " + score_text(text(card, "score")) + " " + text(card, "rating"));
    Array::Ptr contracts = card->getArray("contracts");
    for (std::size_t i = 0; i < contracts->size(); ++i) {
        Object::Ptr c = contracts->getObject(static_cast<unsigned>(i));
        if (Object::Ptr cur = c->getObject("current"))
            out.contracts.push_back(text(c, "id") + " " + text(cur, "period") + " " +
                                    score_text(text(cur, "score")) + " " + text(cur, "rating"));
    }
    return out;
}

// The supplier scorecard's CSV lists its contracts with their current scores (the
// supplier's own rating is in the JSON only).
SupplierCard read_supplier_csv(const std::string& body) {
    SupplierCard out;
    for (const auto& r : csv_records(body))
        out.contracts.push_back(r.at("contract") + " " + r.at("period") + " " +
                                score_text(r.at("score")) + " " + r.at("rating"));
    return out;
}

SupplierCard read_supplier_page(const std::string& id, const std::string& html) {
    SupplierCard out;
    static const std::regex score(
        R"re(id="supplier-score">([^<]*)</span><strong[^>]*data-rating="([a-z_]+)")re");
    std::smatch m;
    if (std::regex_search(html, m, score))
        out.supplier.push_back(id + " " + score_text(m[1].str()) + " " + m[2].str());
    return out;
}

Lines read_summary_json(const std::string& body) {
    Object::Ptr s = parse_json(body);
    Object::Ptr ratings = s->getObject("ratings");
    Lines out;
    for (const char* r : {"good", "approaching", "requires_improvement", "inadequate", "missing"})
        out.push_back(std::string(r) + " " + text(ratings, r));
    out.push_back("mean " + score_text(text(s, "mean_score")));
    return out;
}

// section,key,metric,value: the "ratings" section.
Lines read_summary_csv(const std::string& body) {
    std::map<std::string, std::string> ratings;
    for (const auto& r : csv_records(body)) {
        if (r.at("section") == "ratings")
            ratings[r.at("metric")] = r.at("value");
    }
    Lines out;
    for (const char* r : {"good", "approaching", "requires_improvement", "inadequate", "missing"})
        out.push_back(std::string(r) + " " + ratings[r]);
    out.push_back("mean " + score_text(ratings["mean_score"]));
    return out;
}

Lines read_dashboard(const std::string& html) {
    Lines out;
    for (const char* r : {"good", "approaching", "requires_improvement", "inadequate", "missing"}) {
        const std::regex count(std::string("data-rating-count=\"") + r + "\">([^<]*)<");
        std::smatch m;
        out.push_back(std::string(r) + " " +
                      (std::regex_search(html, m, count) ? m[1].str() : "?"));
    }
    std::smatch m;
    static const std::regex mean(R"re(id="mean-score">([^<]*)<)re");
    out.push_back("mean " + (std::regex_search(html, m, mean) ? score_text(m[1].str()) : "?"));
    return out;
}

// The open missing_return flags: "CONTRACT PERIOD SEVERITY".
Lines read_flags_json(const std::string& body) {
    Array::Ptr flags = parse_json(body)->getArray("flags");
    Lines out;
    for (std::size_t i = 0; i < flags->size(); ++i) {
        Object::Ptr f = flags->getObject(static_cast<unsigned>(i));
        if (text(f, "rule") == "missing_return" && text(f, "status") == "open")
            out.push_back(text(f, "contract") + " " + text(f, "period") + " " +
                          text(f, "severity"));
    }
    return sorted(out);
}

Lines read_flags_csv(const std::string& body) {
    Lines out;
    for (const auto& r : csv_records(body)) {
        if (r.at("rule") == "missing_return" && r.at("status") == "open")
            out.push_back(r.at("contract") + " " + r.at("period") + " " + r.at("severity"));
    }
    return sorted(out);
}

// Contract lists: the current score and rating of each contract.
Lines read_contract_list_json(const std::string& body) {
    Array::Ptr items = parse_json(body)->getArray("contracts");
    Lines out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        Object::Ptr c = items->getObject(static_cast<unsigned>(i));
        if (Object::Ptr cur = c->getObject("current"))
            out.push_back(text(c, "id") + " " + text(cur, "period") + " " +
                          score_text(text(cur, "score")) + " " + text(cur, "rating"));
    }
    return sorted(out);
}

// GET /api/v1/contracts?format=csv and the page's /contracts.csv: the list's one CSV form.
Lines read_contract_list_csv(const std::string& body) {
    Lines out;
    for (const auto& r : csv_records(body))
        out.push_back(r.at("id") + " " + r.at("current_period") + " " +
                      score_text(r.at("current_score")) + " " + r.at("current_rating"));
    return sorted(out);
}

// The contracts page: each table row's contract link, latest period, score and rating tag.
Lines read_contract_list_page(const std::string& html) {
    static const std::regex id(R"re(href="/contracts/([^"/]+)")re");
    static const std::regex cells(
        R"re(>([0-9]{4}-[0-9]{2})</td><td[^>]*>([^<]*)</td><td[^>]*><strong[^>]*data-rating="([a-z_]+)")re");
    const std::string marker = "<tr class=\"govuk-table__row\">";
    Lines out;
    for (std::size_t at = html.find(marker); at != std::string::npos;) {
        const std::size_t next = html.find(marker, at + marker.size());
        const std::string row = html.substr(at, next == std::string::npos ? next : next - at);
        std::smatch contract, m;
        if (std::regex_search(row, contract, id) && std::regex_search(row, m, cells))
            out.push_back(contract[1].str() + " " + m[1].str() + " " + score_text(m[2].str()) +
                          " " + m[3].str());
        at = next;
    }
    return sorted(out);
}

Lines read_supplier_list_json(const std::string& body) {
    Array::Ptr items = parse_json(body)->getArray("suppliers");
    Lines out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        Object::Ptr s = items->getObject(static_cast<unsigned>(i));
        out.push_back(text(s, "id") + " " + score_text(text(s, "score")) + " " + text(s, "rating"));
    }
    return sorted(out);
}

Lines read_supplier_list_csv(const std::string& body) {
    Lines out;
    for (const auto& r : csv_records(body))
        out.push_back(r.at("id") + " " + score_text(r.at("score")) + " " + r.at("rating"));
    return sorted(out);
}

// The published dataset: its scored periods (period_score, period_rating) and measures.
ContractCard read_kpi_performance_csv(const std::string& body) {
    ContractCard out;
    for (const auto& r : csv_records(body)) {
        const std::string key = r.at("contract") + " " + r.at("period");
        const std::string period_line =
            key + " " + score_text(r.at("period_score")) + " " + r.at("period_rating");
        if (std::find(out.periods.begin(), out.periods.end(), period_line) == out.periods.end())
            out.periods.push_back(period_line);
        out.measures.push_back(key + " " + r.at("kpi") + " " + r.at("rating") + " " +
                               r.at("points"));
    }
    out.periods = sorted(out.periods);
    return out;
}

// ---- the world, built through the binary ---------------------------------------------

// One database with the world loaded and scored by `scorecard --config F`, and a
// `scorecard --config F serve` on it.
class World {
  public:
    explicit World(const std::string& base_url) : scratch_(base_url) {
        config_ = (dir_.path() / "scorecard.properties").string();
        support::write_text(config_, kConfig);
        support::write_text(dir_.path() / "feed.xml", kFeed);
        support::write_text(dir_.path() / "returns.xml", kReturns);
        cli({"migrate"});
        cli({"import", (dir_.path() / "feed.xml").string(),
             (dir_.path() / "returns.xml").string()});
        cli({"user", "add", "minister", "--role", "minister"});
        const std::string out = cli({"token", "create", "minister"});
        token_ = out.substr(0, out.find('\n'));
        // The flags as of a fixed day (SPEC §4 "as-of"): see the top.
        cli({"score", "--as-of", "2020-07-05"});
        server_.emplace(dir_.path(), "server", SCORECARD_BINARY, scratch_.url(), 4, config_);
        port_ = server_->wait_for_port();
    }

    const std::string& kind() const { return scratch_.kind(); }

    // `scorecard --config F --db URL ARGS...`: its standard output; exit 0 required.
    std::string cli(const std::vector<std::string>& args) { return run(args, true); }
    // The same without --config: SPEC's built-in values.
    std::string cli_without_config(const std::vector<std::string>& args) {
        return run(args, false);
    }

    // GET path as the minister (a read-only role that sees everything): the body; 200
    // required.
    std::string get(const std::string& path) {
        support::HttpReply reply =
            support::http_request(port_, {"GET", path, token_, "", "", {}, 30});
        BOOST_TEST_REQUIRE(reply.status == 200,
                           "GET " << path << ": " << reply.status << " " << reply.body);
        return reply.body;
    }

  private:
    std::string run(const std::vector<std::string>& args, bool with_config) {
        std::vector<std::string> all;
        if (with_config)
            all = {"--config", config_};
        all.insert(all.end(), {"--db", scratch_.url()});
        all.insert(all.end(), args.begin(), args.end());
        support::RunResult r = support::run(dir_.path(), SCORECARD_BINARY, all);
        BOOST_TEST_REQUIRE(r.exit_code == 0, "scorecard " << args.front() << ": exit "
                                                          << r.exit_code << "\n"
                                                          << r.err);
        return r.out;
    }

    scorecard::testing::ScratchDatabase scratch_;
    support::TempDir dir_;
    std::string config_;
    std::string token_;
    std::optional<support::ServerProcess> server_;
    int port_ = 0;
};

template <class Check>
void on_every_database(Check check) {
    for (const std::string& url : scorecard::testing::test_database_urls()) {
        World world(url);
        BOOST_TEST_CONTEXT("database " << world.kind()) {
            check(world);
        }
    }
}

// One surface's reading of one aspect, for the table below.
struct Surface {
    std::string name;
    std::function<Lines(World&)> read;
};

void expect_all(World& w, const std::string& aspect, const std::vector<Surface>& surfaces,
                const Lines& expected) {
    for (const Surface& s : surfaces) {
        BOOST_TEST_CONTEXT(aspect << " from " << s.name) {
            BOOST_TEST(s.read(w) == expected, boost::test_tools::per_element());
        }
    }
}

const std::string kApi = "/api/v1";

// The two contracts' readings of one format of the contract scorecard, concatenated.
template <class Read>
ContractCard both_contracts(Read read) {
    ContractCard out;
    for (const char* id : {kLargeContract, kSmeContract}) {
        ContractCard one = read(id);
        out.periods.insert(out.periods.end(), one.periods.begin(), one.periods.end());
        out.current.insert(out.current.end(), one.current.begin(), one.current.end());
        out.measures.insert(out.measures.end(), one.measures.begin(), one.measures.end());
    }
    return out;
}

ContractCard api_contract_json(World& w) {
    return both_contracts([&](const std::string& id) {
        return read_contract_json(id, w.get(kApi + "/contracts/" + id + "/scorecard"));
    });
}
ContractCard cli_contract_json(World& w) {
    return both_contracts([&](const std::string& id) {
        return read_contract_json(id, w.cli({"report", "contract", id, "--format", "json"}));
    });
}
ContractCard api_contract_csv(World& w) {
    return both_contracts([&](const std::string& id) {
        return read_contract_csv(id, w.get(kApi + "/contracts/" + id + "/scorecard?format=csv"));
    });
}
ContractCard cli_contract_csv(World& w) {
    return both_contracts([&](const std::string& id) {
        return read_contract_csv(id, w.cli({"report", "contract", id, "--format", "csv"}));
    });
}
ContractCard page_contract_csv(World& w) {
    return both_contracts([&](const std::string& id) {
        return read_contract_csv(id, w.get("/contracts/" + id + "/scorecard.csv"));
    });
}
ContractCard page_contract(World& w) {
    return both_contracts(
        [&](const std::string& id) { return read_contract_page(id, w.get("/contracts/" + id)); });
}

template <class Read>
SupplierCard both_suppliers(Read read) {
    SupplierCard out;
    for (const char* id : {kLarge, kSme}) {
        SupplierCard one = read(id);
        out.supplier.insert(out.supplier.end(), one.supplier.begin(), one.supplier.end());
        out.contracts.insert(out.contracts.end(), one.contracts.begin(), one.contracts.end());
    }
    return out;
}

SupplierCard api_supplier_json(World& w) {
    return both_suppliers([&](const std::string& id) {
        return read_supplier_json(id, w.get(kApi + "/suppliers/" + id + "/scorecard"));
    });
}
SupplierCard cli_supplier_json(World& w) {
    return both_suppliers([&](const std::string& id) {
        return read_supplier_json(id, w.cli({"report", "supplier", id, "--format", "json"}));
    });
}
SupplierCard api_supplier_csv(World& w) {
    return both_suppliers([&](const std::string& id) {
        return read_supplier_csv(w.get(kApi + "/suppliers/" + id + "/scorecard?format=csv"));
    });
}
SupplierCard cli_supplier_csv(World& w) {
    return both_suppliers([&](const std::string& id) {
        return read_supplier_csv(w.cli({"report", "supplier", id, "--format", "csv"}));
    });
}
SupplierCard page_supplier_csv(World& w) {
    return both_suppliers([&](const std::string& id) {
        return read_supplier_csv(w.get("/suppliers/" + id + "/scorecard.csv"));
    });
}
SupplierCard page_supplier(World& w) {
    return both_suppliers(
        [&](const std::string& id) { return read_supplier_page(id, w.get("/suppliers/" + id)); });
}

// GET /contracts/{id} and GET /suppliers/{id}: the directory's records.
Lines api_contract_records(World& w) {
    Lines out;
    for (const char* id : {kLargeContract, kSmeContract}) {
        Object::Ptr current = parse_json(w.get(kApi + "/contracts/" + id))->getObject("current");
        if (current)
            out.push_back(std::string(id) + " " + text(current, "period") + " " +
                          score_text(text(current, "score")) + " " + text(current, "rating"));
    }
    return out;
}
Lines api_supplier_records(World& w) {
    Lines out;
    for (const char* id : {kLarge, kSme}) {
        Object::Ptr s = parse_json(w.get(kApi + "/suppliers/" + id));
        out.push_back(std::string(id) + " " + score_text(text(s, "score")) + " " +
                      text(s, "rating"));
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(policy_consistency)

BOOST_AUTO_TEST_CASE(every_surface_gives_the_configured_ratings_and_due_periods) {
    on_every_database([](World& world) {
        // Period scores and ratings, due periods listed as missing.
        expect_all(
            world, "contract periods",
            {{"GET /contracts/{id}/scorecard",
              [](World& w) { return api_contract_json(w).periods; }},
             {"report contract --format json",
              [](World& w) { return cli_contract_json(w).periods; }},
             {"GET /contracts/{id}/scorecard?format=csv",
              [](World& w) { return api_contract_csv(w).periods; }},
             {"report contract --format csv", [](World& w) { return cli_contract_csv(w).periods; }},
             {"page /contracts/{id}/scorecard.csv",
              [](World& w) { return page_contract_csv(w).periods; }},
             {"page /contracts/{id}", [](World& w) { return page_contract(w).periods; }}},
            kPeriods);
        expect_all(world, "scored periods",
                   {{"GET /exports/kpi-performance.csv",
                     [](World& w) {
                         return read_kpi_performance_csv(
                                    w.get(kApi + "/exports/kpi-performance.csv?year=2020"))
                             .periods;
                     }}},
                   kScoredPeriods);
        expect_all(world, "measure ratings and points",
                   {{"GET /contracts/{id}/scorecard",
                     [](World& w) { return sorted(api_contract_json(w).measures); }},
                    {"report contract --format json",
                     [](World& w) { return sorted(cli_contract_json(w).measures); }},
                    {"GET /contracts/{id}/scorecard?format=csv",
                     [](World& w) { return sorted(api_contract_csv(w).measures); }},
                    {"report contract --format csv",
                     [](World& w) { return sorted(cli_contract_csv(w).measures); }},
                    {"GET /exports/kpi-performance.csv",
                     [](World& w) {
                         return sorted(read_kpi_performance_csv(
                                           w.get(kApi + "/exports/kpi-performance.csv?year=2020"))
                                           .measures);
                     }}},
                   kMeasures);
        expect_all(world, "contracts' current score",
                   {{"GET /contracts/{id}/scorecard",
                     [](World& w) { return api_contract_json(w).current; }},
                    {"report contract --format json",
                     [](World& w) { return cli_contract_json(w).current; }},
                    {"page /contracts/{id}", [](World& w) { return page_contract(w).current; }},
                    {"GET /contracts/{id}", api_contract_records},
                    {"GET /suppliers/{id}/scorecard",
                     [](World& w) { return api_supplier_json(w).contracts; }},
                    {"report supplier --format json",
                     [](World& w) { return cli_supplier_json(w).contracts; }},
                    {"GET /suppliers/{id}/scorecard?format=csv",
                     [](World& w) { return api_supplier_csv(w).contracts; }},
                    {"report supplier --format csv",
                     [](World& w) { return cli_supplier_csv(w).contracts; }},
                    {"page /suppliers/{id}/scorecard.csv",
                     [](World& w) { return page_supplier_csv(w).contracts; }},
                    {"GET /contracts",
                     [](World& w) { return read_contract_list_json(w.get(kApi + "/contracts")); }},
                    {"GET /contracts?format=csv",
                     [](World& w) {
                         return read_contract_list_csv(w.get(kApi + "/contracts?format=csv"));
                     }},
                    {"page /contracts",
                     [](World& w) { return read_contract_list_page(w.get("/contracts")); }},
                    {"page /contracts.csv",
                     [](World& w) { return read_contract_list_csv(w.get("/contracts.csv")); }}},
                   kCurrent);
        expect_all(world, "suppliers' score",
                   {{"GET /suppliers/{id}/scorecard",
                     [](World& w) { return api_supplier_json(w).supplier; }},
                    {"report supplier --format json",
                     [](World& w) { return cli_supplier_json(w).supplier; }},
                    {"page /suppliers/{id}", [](World& w) { return page_supplier(w).supplier; }},
                    {"GET /suppliers/{id}", api_supplier_records},
                    {"GET /suppliers",
                     [](World& w) { return read_supplier_list_json(w.get(kApi + "/suppliers")); }},
                    {"GET /suppliers?format=csv",
                     [](World& w) {
                         return read_supplier_list_csv(w.get(kApi + "/suppliers?format=csv"));
                     }}},
                   kSuppliers);
        expect_all(
            world, "summary distribution",
            {{"GET /summary", [](World& w) { return read_summary_json(w.get(kApi + "/summary")); }},
             {"report summary --format json",
              [](World& w) {
                  return read_summary_json(w.cli({"report", "summary", "--format", "json"}));
              }},
             {"GET /summary?format=csv",
              [](World& w) { return read_summary_csv(w.get(kApi + "/summary?format=csv")); }},
             {"report summary --format csv",
              [](World& w) {
                  return read_summary_csv(w.cli({"report", "summary", "--format", "csv"}));
              }},
             {"page /dashboard", [](World& w) { return read_dashboard(w.get("/dashboard")); }},
             {"page /dashboard.csv",
              [](World& w) { return read_summary_csv(w.get("/dashboard.csv")); }}},
            kDistribution);
        expect_all(
            world, "missed periods flagged",
            {{"GET /flags", [](World& w) { return read_flags_json(w.get(kApi + "/flags")); }},
             {"report flags --format json",
              [](World& w) {
                  return read_flags_json(w.cli({"report", "flags", "--format", "json"}));
              }},
             {"GET /flags?format=csv",
              [](World& w) { return read_flags_csv(w.get(kApi + "/flags?format=csv")); }},
             {"report flags --format csv",
              [](World& w) {
                  return read_flags_csv(w.cli({"report", "flags", "--format", "csv"}));
              }}},
            kMissingFlags);

        // The control: the same database read without the configuration file gives SPEC's
        // built-in answers, so the expectations above are the configuration's doing.
        // 90.0 is good by the built-in bands (>= 85).
        SupplierCard sme = read_supplier_json(
            kSme, world.cli_without_config({"report", "supplier", kSme, "--format", "json"}));
        BOOST_TEST(sme.supplier == (Lines{"GB-COH-00000002 90.0 good"}),
                   boost::test_tools::per_element());
        // With the built-in 20 days the SME's five unreturned periods of 2020 are due too.
        ContractCard card = read_contract_json(
            kSmeContract,
            world.cli_without_config({"report", "contract", kSmeContract, "--format", "json"}));
        BOOST_TEST(card.periods.size() == 6u);
    });
}

BOOST_AUTO_TEST_SUITE_END()
