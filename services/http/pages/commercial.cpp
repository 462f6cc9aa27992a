// The directory pages (issue #7): the contract list with filters, a contract's scorecard
// (KPI × period table with rating tags), the supplier list with filters, a supplier's
// scorecard with its trend chart and its place in its size class, and flags; each table
// also as CSV. Reviews are in reviews.cpp, disputes in disputes.cpp.
//
// Each page loads its read model from reports/ (scores are never worked out here; who may
// see what is decided by model/access.h inside the load functions), builds a View from the
// model's values and draws it with its template (etc/templates/directory_*.mustache). The
// CSV downloads are the models' own CSV writers, as the API's ?format=csv.
//
// The list pages are GET forms, so that a result is a link one can share. Their filters
// are read leniently (an empty field is "any", as the forms send it) and written back into
// every link the page offers — previous and next page, the CSV download — so that a list
// keeps its filters wherever one goes from it.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/review_rules.h"
#include "reports/directory.h"
#include "reports/scorecards.h"
#include "services/http/api_support.h"
#include "services/http/handlers.h"
#include "services/http/pages/html.h"

namespace scorecard::services::pages {
namespace {

using reports::View;

constexpr int kContractPageSize = 50;
constexpr int kFlagPageSize = 100;
// The CSV downloads read the lists a thousand rows at a time (the largest page a list takes).
constexpr int kCsvBatch = 1000;

std::string contract_href(const std::string& id) {
    return "/contracts/" + url_encode(id);
}

std::string supplier_href(const std::string& id) {
    return "/suppliers/" + url_encode(id);
}

// Text, or `false` when there is none: a false value stops a template's lookup, so a
// section such as {{#dispute_href}} never picks up a name from the page around the row.
View text_or_false(const std::optional<std::string>& text) {
    return text ? View(*text) : View(false);
}

// A name for people, or the id when the name is not known.
const std::string& name_or_id(const std::string& name, const std::string& id) {
    return name.empty() ? id : name;
}

// {id, label, options: [{value, text, selected}]} for the directory_select partial.
View select_view(const std::string& id, const std::string& label,
                 const std::vector<std::pair<std::string, std::string>>& options,
                 const std::string& selected) {
    View list = View::list();
    for (const auto& [value, text] : options)
        list.add(View().set("value", value).set("text", text).set("selected", value == selected));
    View out;
    out.set("id", id).set("label", label).set("options", std::move(list));
    return out;
}

template <class E>
std::string name_of(const std::optional<E>& value) {
    return value ? std::string(to_string(*value)) : std::string();
}

// ?offset=: absent or empty is the first page; otherwise a whole number (400 otherwise).
int offset_param(const HttpRequest& request) {
    if (query_text(request, "offset").empty())
        return 0;
    return int_param(request, "offset", 0, 0, 100000000);
}

// The filters a list page was asked for, as they go back into its links: only the values
// that differ from the defaults, so that the unfiltered list is plainly "/contracts".
class FilterQuery {
  public:
    FilterQuery& add(const std::string& name, const std::string& value) {
        if (!value.empty())
            params_.emplace_back(name, value);
        return *this;
    }

    // `path` with the filters and, past the first page, the offset.
    std::string href(const std::string& path, int offset = 0) const {
        std::string query;
        for (const auto& [name, value] : params_)
            query += (query.empty() ? "" : "&") + name + "=" + url_encode(value);
        if (offset > 0)
            query += (query.empty() ? "" : "&") + std::string("offset=") + std::to_string(offset);
        return query.empty() ? path : path + "?" + query;
    }

    // The filters the form has no field for, as its hidden fields: [{name, value}].
    View hidden_fields(const std::vector<std::string>& names) const {
        View out = View::list();
        for (const auto& [name, value] : params_) {
            if (std::find(names.begin(), names.end(), name) != names.end())
                out.add(View().set("name", name).set("value", value));
        }
        return out;
    }

  private:
    std::vector<std::pair<std::string, std::string>> params_;
};

// "51 to 73 of 73": the rows a page of a list holds.
std::string rows_label(std::int64_t first, std::int64_t last, std::int64_t total) {
    return count_text(first) + " to " + count_text(last) + " of " + count_text(total);
}

// The previous and next links of a list page, or false when it all fits on one page.
View pagination_view(const FilterQuery& query, const std::string& path, int offset, int page_size,
                     std::int64_t total) {
    const bool has_previous = offset > 0;
    const bool has_next = offset + page_size < total;
    if (!has_previous && !has_next)
        return View(false);
    View out;
    if (has_previous) {
        const int previous = std::max(0, offset - page_size);
        out.set("previous_href", query.href(path, previous))
            .set("previous_label",
                 rows_label(previous + 1, std::min<std::int64_t>(previous + page_size, total),
                            total));
    } else {
        out.set("previous_href", false);
    }
    if (has_next) {
        const int next = offset + page_size;
        out.set("next_href", query.href(path, next))
            .set("next_label",
                 rows_label(next + 1, std::min<std::int64_t>(next + page_size, total), total));
    } else {
        out.set("next_href", false);
    }
    return out;
}

void set_csv_link(View& view, const std::string& href, const std::string& what) {
    view.set("csv_href", href).set("csv_what", what);
}

// Every row a list's filter matches, for its CSV download: `load(offset)` reads one batch
// of kCsvBatch rows (the largest page a list takes) into a List whose rows are `rows`.
template <class List, class Rows, class Load>
List every_row(Rows List::*rows, Load load) {
    List all;
    for (int offset = 0;; offset += kCsvBatch) {
        List batch = load(offset);
        const std::size_t got = (batch.*rows).size();
        std::move((batch.*rows).begin(), (batch.*rows).end(), std::back_inserter(all.*rows));
        all.total = batch.total;
        if (got < static_cast<std::size_t>(kCsvBatch))
            return all;
    }
}

// A list's CSV download: every row its filter (Query::of the request) matches, read in
// batches with `load(conn, filter)`, as `filename`.
template <class Query, class List, class Rows, class Load>
HttpResponse list_csv(const HttpRequest& request, AppContext& app, Rows List::*rows, Load load,
                      const std::string& filename) {
    Query query = Query::of(request);
    auto conn = app.db().acquire();
    const List all = every_row(rows, [&](int offset) {
        query.offset = offset;
        return load(*conn, query.filter(kCsvBatch));
    });
    return csv_download(reports::render(all, reports::Format::kCsv), filename);
}

// ?q=: a list's free-text search; at most 200 bytes, so that a query cannot send
// megabytes into a LIKE.
std::string search_param(const HttpRequest& request) {
    std::string q = query_text(request, "q");
    if (q.size() > 200)
        throw Error::BadRequest("q must be at most 200 bytes");
    return q;
}

// One way a list can be sorted: its ?sort= name, the store's order and the words the form
// shows. The first of a list's choices is its default.
template <class Sort>
struct SortChoice {
    const char* name;
    Sort sort;
    const char* words;
};

// ?sort=: "" for the default (absent, empty, or the first choice's name), else the name of
// one of `choices` (Error::BadRequest listing them otherwise).
template <class Sort, std::size_t N>
std::string sort_param(const HttpRequest& request, const SortChoice<Sort> (&choices)[N]) {
    const std::string sort = query_text(request, "sort");
    if (sort.empty() || sort == choices[0].name)
        return {};
    std::string names;
    for (const auto& choice : choices) {
        if (sort == choice.name)
            return sort;
        names += (names.empty() ? "" : " | ") + std::string(choice.name);
    }
    throw Error::BadRequest("sort must be one of " + names);
}

template <class Sort, std::size_t N>
Sort sort_of(const std::string& name, const SortChoice<Sort> (&choices)[N]) {
    for (const auto& choice : choices) {
        if (name == choice.name)
            return choice.sort;
    }
    return choices[0].sort;
}

template <class Sort, std::size_t N>
View sort_select(const std::string& name, const SortChoice<Sort> (&choices)[N]) {
    std::vector<std::pair<std::string, std::string>> options;
    for (const auto& choice : choices)
        options.emplace_back(choice.name, choice.words);
    return select_view("sort", "Sort by", options, name.empty() ? choices[0].name : name);
}

// The authority chooser of a list for ministers and admins (`authorities` not empty); the
// others' lists are their own authority's already, so a chosen one goes along hidden.
void set_authority_select(View& view, std::vector<std::string>& hidden,
                          const std::vector<Authority>& authorities, const std::string& label,
                          const std::string& chosen) {
    if (authorities.empty()) {
        view.set("authority_select", false);
        hidden.push_back("authority");
        return;
    }
    std::vector<std::pair<std::string, std::string>> options = {{"", "All authorities"}};
    for (const Authority& a : authorities)
        options.emplace_back(a.id, a.name);
    view.set("authority_select", select_view("authority", label, options, chosen));
}

// The authorities a list page offers to choose from: every one for those who see
// everything, none for the others.
std::vector<Authority> authorities_to_choose(store::Connection& conn, const Principal& who) {
    if (!list_scope(who).everything())
        return {};
    return reports::load_authority_list(conn, {kCsvBatch, 0}).authorities;
}

// What a list page is: its path, its CSV's, its page size and how its rows are named.
struct ListKind {
    const char* path;
    const char* csv_path;
    int page_size;
    const char* one;   // "contract"
    const char* many;  // "contracts"
    const char* csv_what;
};

// The caption ("54 contracts, showing 51 to 54"), the previous and next links and the CSV
// link of a page of a list, each with the page's filters.
void set_list_page(View& view, const ListKind& kind, const FilterQuery& filters,
                   const store::Page& page, std::int64_t total, std::size_t shown) {
    std::string caption = count_text(total) + " " + (total == 1 ? kind.one : kind.many);
    if (shown > 0)
        caption += ", showing " + count_text(page.offset + 1) + " to " +
                   count_text(page.offset + static_cast<std::int64_t>(shown));
    view.set("caption", caption);
    view.set("pagination", pagination_view(filters, kind.path, page.offset, kind.page_size, total));
    set_csv_link(view, filters.href(kind.csv_path), kind.csv_what);
}

// A contract's latest period, its score and rating tag in a row; "–" and Missing without.
void set_current_score(View& row, const std::optional<reports::CurrentScore>& current) {
    row.set("period", current ? current->period.to_string() : "–")
        .set("score", score_text(current ? std::optional<double>(current->score) : std::nullopt))
        .set("rating_tag", tag_for(current ? current->rating : Rating::kMissing));
}

// ---------------------------------------------------------------- contract list

constexpr SortChoice<store::ContractSort> kContractSorts[] = {
    {"id", store::ContractSort::kId, "Contract id"},
    {"title", store::ContractSort::kTitle, "Title"},
    {"score", store::ContractSort::kScore, "Score, best first"},
    {"value", store::ContractSort::kValue, "Value, largest first"},
};

constexpr ListKind kContractList = {"/contracts", "/contracts.csv", kContractPageSize,
                                    "contract",   "contracts",      "every matching contract"};

// The contract list's filters as the page's form sends them.
struct ContractListQuery {
    std::string q;
    std::optional<ContractStatus> status;
    std::string authority;
    std::string supplier;
    std::string sort;  // a kContractSorts name; "" for the default (by id)
    int offset = 0;

    static ContractListQuery of(const HttpRequest& request) {
        ContractListQuery out;
        out.q = search_param(request);
        out.status = choice_param<ContractStatus>(request, "status");
        out.authority = query_text(request, "authority");
        out.supplier = query_text(request, "supplier");
        out.sort = sort_param(request, kContractSorts);
        out.offset = offset_param(request);
        return out;
    }

    store::ContractFilter filter(int limit) const {
        store::ContractFilter f;
        f.q = q;
        f.status = status;
        f.authority_id = authority;
        f.supplier_id = supplier;
        f.sort = sort_of(sort, kContractSorts);
        f.page = {limit, offset};
        return f;
    }

    FilterQuery query() const {
        FilterQuery out;
        out.add("q", q)
            .add("status", name_of(status))
            .add("authority", authority)
            .add("supplier", supplier)
            .add("sort", sort);
        return out;
    }
};

// What the caller may see narrows the list (SPEC §1) inside the report; an account linked
// to no authority or supplier has no list at all.
void require_a_list(const Principal& who) {
    if (list_scope(who).nothing)
        throw Error::Forbidden("this account is not linked to an authority or a supplier");
}

View contract_row(const reports::ContractListItem& item) {
    const Contract& c = item.contract;
    View row;
    row.set("href", contract_href(c.id))
        .set("id", c.id)
        .set("title", c.title)
        .set("supplier_href", supplier_href(c.supplier_id))
        .set("supplier_name", name_or_id(item.supplier_name, c.supplier_id))
        .set("authority_name", name_or_id(item.authority_name, c.authority_id))
        .set("value", money(c.value, c.currency))
        .set("status", words(c.status));
    set_current_score(row, item.current);
    return row;
}

// Wording only: a supplier's list is its own.
std::string contract_list_heading(const Principal& who) {
    return who.role == Role::kSupplier ? "My contracts" : "Contracts";
}

View contract_list_view(const reports::ContractList& list, const ContractListQuery& query,
                        const Principal& who, const std::vector<Authority>& authorities) {
    View view;
    view.set("heading", contract_list_heading(who)).set("q", query.q);

    std::vector<std::pair<std::string, std::string>> statuses = {{"", "Any"}};
    for (const auto& [status, name] : EnumNames<ContractStatus>::kNames)
        statuses.emplace_back(std::string(name), words(status));
    view.set("status_select", select_view("status", "Status", statuses, name_of(query.status)));

    view.set("sort_select", sort_select(query.sort, kContractSorts));

    std::vector<std::string> hidden = {"supplier"};
    set_authority_select(view, hidden, authorities, "Contracting authority", query.authority);
    const FilterQuery filters = query.query();
    view.set("hidden_fields", filters.hidden_fields(hidden));

    View rows = View::list();
    for (const auto& item : list.contracts)
        rows.add(contract_row(item));
    view.set("contracts", std::move(rows));
    set_list_page(view, kContractList, filters, list.page, list.total, list.contracts.size());
    view.set("may_upload", role_may(who.role, Permission::kSubmitReturns));
    return view;
}

}  // namespace

HttpResponse get_contracts(const HttpRequest& request, AppContext& app) {
    const ContractListQuery query = ContractListQuery::of(request);
    const Principal& who = request.who();
    require_a_list(who);
    auto conn = app.db().acquire();
    const reports::ContractList list = reports::load_contract_list(
        *conn, query.filter(kContractPageSize), who, app.settings().scoring);
    const View view = contract_list_view(list, query, who, authorities_to_choose(*conn, who));
    return page(200, request, contract_list_heading(who),
                reports::render_template("directory_contracts", view));
}

HttpResponse get_contracts_csv(const HttpRequest& request, AppContext& app) {
    require_a_list(request.who());
    return list_csv<ContractListQuery>(
        request, app, &reports::ContractList::contracts,
        [&](store::Connection& conn, const auto& filter) {
            return reports::load_contract_list(conn, filter, request.who(), app.settings().scoring);
        },
        "contracts.csv");
}

// ---------------------------------------------------------------- contract scorecard

namespace {

// The periods the page shows: the last 12.
constexpr std::size_t kShownPeriods = 12;

View kpi_definition_row(const KpiDefinition& k) {
    View row;
    row.set("code", k.code)
        .set("name", k.name)
        .set("unit", words(k.unit))
        .set("direction",
             k.direction == Direction::kHigher ? "Higher is better" : "Lower is better")
        .set("weight", figure_text(k.weight))
        .set("good", figure_text(k.thresholds.good))
        .set("approaching", figure_text(k.thresholds.approaching))
        .set("minimum", figure_text(k.thresholds.minimum));
    return row;
}

// The periods the KPI × period table shows, newest first: at 1,280 px about eight of twelve
// fit beside the KPI names, and those a reader wants are the latest (issue 16).
std::vector<const reports::ScorecardPeriod*> shown_periods(const reports::ContractScorecard& card) {
    std::vector<const reports::ScorecardPeriod*> out;
    for (auto it = card.periods.rbegin(); it != card.periods.rend() && out.size() < kShownPeriods;
         ++it)
        out.push_back(&*it);
    return out;
}

// The KPI × period table: one row per KPI (those in force now, then codes measured in the
// shown periods but no longer in force), one cell per shown period.
View kpi_rows(const reports::ContractScorecard& card,
              const std::vector<const reports::ScorecardPeriod*>& shown) {
    std::vector<std::pair<std::string, std::string>> kpis;  // code, name
    auto known = [&](const std::string& code) {
        return std::any_of(kpis.begin(), kpis.end(),
                           [&](const auto& k) { return k.first == code; });
    };
    for (const KpiDefinition& k : card.kpis)
        kpis.emplace_back(k.code, k.name);
    for (const reports::ScorecardPeriod* p : shown) {
        for (const reports::ScorecardMeasure& m : p->measures) {
            if (!known(m.score.kpi_code))
                kpis.emplace_back(m.score.kpi_code, m.name);
        }
    }
    View rows = View::list();
    for (const auto& [code, name] : kpis) {
        View cells = View::list();
        for (const reports::ScorecardPeriod* p : shown) {
            const auto& measures = p->measures;
            auto m = std::find_if(measures.begin(), measures.end(),
                                  [&](const auto& x) { return x.score.kpi_code == code; });
            View cell;
            cell.set("measured", m != measures.end());
            if (m != measures.end()) {
                cell.set("has_figure", m->score.value.has_value())
                    .set("figure", figure_text(m->score.value))
                    .set("rating_tag", tag_for(m->score.rating));
            }
            cells.add(std::move(cell));
        }
        rows.add(View().set("code", code).set("name", name).set("cells", std::move(cells)));
    }
    return rows;
}

// "Flag 7 (CALLS)", "Flag 8 (contract)" or the disputed KPI.
std::string disputed_thing(const Dispute& d) {
    if (d.flag_id == 0)
        return d.kpi_code;
    return "Flag " + std::to_string(d.flag_id) + " (" +
           (d.kpi_code.empty() ? "contract" : d.kpi_code) + ")";
}

View contract_view(const reports::ContractScorecard& card, const Principal& who,
                   const std::optional<std::string>& submitted) {
    const Contract& c = card.contract;
    // Returns and disputes are offered to the supplier holding the contract now.
    const ContractScope scope{c.authority_id, c.supplier_id, {}};
    // The contract's supplier disputes a rating of a returned period, or a flag
    // (docs/reviews.md); the same rule the workflow applies.
    const bool may_dispute =
        may_take_step(who, WorkflowStep::kRaiseDispute, contract_party(who, scope));
    const bool any_returned = std::any_of(card.periods.begin(), card.periods.end(),
                                          [](const auto& p) { return p.returned(); });

    View view;
    view.set("breadcrumb_links", breadcrumb_links({{"/contracts", "Contracts"}}))
        .set("submitted", text_or_false(submitted))
        .set("id", c.id)
        .set("title", c.title)
        .set("supplier_href", supplier_href(c.supplier_id))
        .set("supplier_name", name_or_id(card.supplier_name, c.supplier_id))
        .set("authority_name", name_or_id(card.authority_name, c.authority_id))
        .set("contract_value", money(c.value, c.currency))
        .set("start", format_date(c.start))
        .set("end", format_date(c.end))
        .set("frequency", words(c.frequency))
        .set("status", words(c.status))
        .set("missing_tag", tag_for(Rating::kMissing))
        .set("may_report", may_report_for(who, scope))
        .set("return_href", contract_href(c.id) + "/return")
        .set("may_dispute_rating", may_dispute && any_returned)
        .set("dispute_rating_href", contract_href(c.id) + "/dispute")
        // Contract performance notices (docs/notices.md): drafted by the authority.
        .set("may_draft_notice", may_manage_notices_of(who, c.authority_id))
        .set("new_notice_href", contract_href(c.id) + "/notices/new")
        .set("notices_href", "/notices?contract=" + url_encode(c.id));
    if (card.current) {
        view.set("current", View()
                                .set("score", score_text(card.current->score))
                                .set("period", card.current->period.to_string())
                                .set("rating_tag", tag_for(card.current->rating)));
    } else {
        view.set("current", false);
    }

    // The chart runs oldest to newest, as time does; the table starts at the newest.
    const std::vector<const reports::ScorecardPeriod*> shown = shown_periods(card);
    std::vector<std::string> labels;
    reports::Series series{"Period score", {}, "#1d70b8"};
    for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
        labels.push_back((*it)->period.to_string());
        series.values.push_back((*it)->score);
    }
    View periods = View::list();
    for (const reports::ScorecardPeriod* p : shown) {
        periods.add(View()
                        .set("period", p->period.to_string())
                        .set("score", score_text(p->score))
                        .set("rating_tag", tag_for(p->rating)));
    }
    view.set("has_periods", !labels.empty()).set("periods", std::move(periods));
    if (!labels.empty()) {
        view.set("chart_svg", View::markup(reports::line_chart(
                                  {"contract-trend", "Score by period for " + c.id,
                                   "The contract's period score (0 to 100) for each of its last " +
                                       std::to_string(labels.size()) +
                                       " periods; the table below gives every figure."},
                                  labels, {series})));
        view.set("kpi_rows", kpi_rows(card, shown));
    }
    set_csv_link(view, contract_href(c.id) + "/scorecard.csv", "every period and KPI");

    View kpis = View::list();
    for (const KpiDefinition& k : card.kpis)
        kpis.add(kpi_definition_row(k));
    view.set("kpis", std::move(kpis));

    View flags = View::list();
    for (const Flag& f : card.flags) {
        const std::string id = std::to_string(f.id);
        flags.add(View()
                      .set("rule", words(f.rule))
                      .set("severity_tag", tag_for(f.severity))
                      .set("kpi", f.kpi_code.empty() ? "–" : f.kpi_code)
                      .set("period", f.period.to_string())
                      .set("detail", f.detail)
                      .set("flag_id", id)
                      .set("dispute_href",
                           may_dispute ? View("/flags/" + id + "/dispute") : View(false)));
    }
    view.set("has_flags", !card.flags.empty()).set("flags", std::move(flags));

    View disputes = View::list();
    for (const Dispute& d : card.disputes) {
        disputes.add(View()
                         .set("href", "/disputes/" + std::to_string(d.id))
                         .set("dispute_id", std::to_string(d.id))
                         .set("what", disputed_thing(d))
                         .set("period", d.period ? d.period->to_string() : "–")
                         .set("reason", d.reason)
                         .set("raised_by", d.raised_by));
    }
    view.set("has_disputes", !card.disputes.empty()).set("disputes", std::move(disputes));
    return view;
}

}  // namespace

HttpResponse get_contract(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    const reports::ContractScorecard card = reports::load_contract_scorecard(
        *conn, request.param("id"), request.who(), app.settings().scoring, app.today());
    const View view = contract_view(card, request.who(), request.query_value("submitted"));
    return page(200, request, card.contract.id + " " + card.contract.title,
                reports::render_template("directory_contract", view));
}

HttpResponse get_contract_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    return csv_download(
        reports::render(reports::load_contract_scorecard(*conn, request.param("id"), request.who(),
                                                         app.settings().scoring, app.today()),
                        reports::Format::kCsv),
        request.param("id") + "-scorecard.csv");
}

// ---------------------------------------------------------------- supplier scorecard

namespace {

// One line per active contract with a score, in these colours (a supplier holds few).
const std::vector<std::string> kSeriesColours = {"#1d70b8", "#d4351c", "#00703c",
                                                 "#912b88", "#f47738", "#28a197"};

// The trend: each active contract's scored periods over the last 12 periods any of them
// scored; a period a contract did not score is a gap in its line.
std::string trend_chart(const reports::SupplierScorecard& card) {
    std::map<Period, std::map<std::size_t, double>> by_period;  // period → series → score
    std::vector<reports::Series> series;
    for (const reports::SupplierContract& c : card.contracts) {
        if (c.contract.status != ContractStatus::kActive || !c.current ||
            series.size() == kSeriesColours.size())
            continue;
        const std::size_t index = series.size();
        series.push_back({c.contract.id, {}, kSeriesColours[index]});
        for (const reports::ScoredPeriod& p : c.history)
            by_period[p.period][index] = p.score;
    }
    if (series.empty())
        return {};
    std::vector<std::string> labels;
    auto start =
        by_period.size() > kShownPeriods
            ? std::next(by_period.begin(), static_cast<long>(by_period.size() - kShownPeriods))
            : by_period.begin();
    for (auto it = start; it != by_period.end(); ++it) {
        labels.push_back(it->first.to_string());
        for (std::size_t s = 0; s < series.size(); ++s) {
            auto found = it->second.find(s);
            series[s].values.push_back(
                found == it->second.end() ? std::nullopt : std::optional<double>(found->second));
        }
    }
    return reports::line_chart(
        {"supplier-trend", "Period scores of " + card.supplier.name + "'s contracts",
         "One line per active contract: its score (0 to 100) in each of "
         "the last " +
             std::to_string(labels.size()) + " periods."},
        labels, series);
}

View supplier_contract_row(const reports::SupplierContract& line) {
    const Contract& c = line.contract;
    View row;
    row.set("href", contract_href(c.id))
        .set("contract_id", c.id)
        .set("title", c.title)
        .set("authority_name", name_or_id(line.authority_name, c.authority_id))
        .set("value", money(c.value, c.currency))
        .set("status", words(c.status));
    set_current_score(row, line.current);
    return row;
}

View supplier_view(const reports::SupplierScorecard& card) {
    const Supplier& s = card.supplier;
    const std::string group_name =
        card.size_group == SizeGroup::kLarge ? "large suppliers" : "SMEs";
    View view;
    view.set("breadcrumb_links", breadcrumb_links({{"/contracts", "Contracts"}}))
        .set("id", s.id)
        .set("name", s.name)
        .set("score", score_text(card.score))
        .set("rating_tag", tag_for(card.rating))
        .set("size", words(s.size))
        .set("strategic", s.strategic)
        .set("placed", card.percentile.has_value())
        .set("group_suppliers", count_text(card.group_suppliers))
        .set("group_name", group_name);
    std::string place_chart;
    if (card.percentile) {
        // As scores are shown: to one decimal (SPEC §3.7 rounds it as a score).
        const std::string percentile = figure_text(std::round(*card.percentile * 10) / 10);
        view.set("percentile", percentile);
        place_chart = reports::bar_chart(
            {"supplier-place", "Place among " + group_name,
             s.name + " is at the " + percentile + "th percentile of " +
                 count_text(card.group_suppliers) + " scored " + group_name + "."},
            {{"This supplier", *card.percentile, "#1d70b8"}, {"Best in class", 100, "#b1b4b6"}},
            100);
    }
    view.set("place_chart_svg", View::markup(place_chart));
    const std::string trend = trend_chart(card);
    view.set("has_trend", !trend.empty()).set("trend_chart_svg", View::markup(trend));

    View contracts = View::list();
    for (const reports::SupplierContract& line : card.contracts)
        contracts.add(supplier_contract_row(line));
    view.set("contracts", std::move(contracts));
    set_csv_link(view, supplier_href(s.id) + "/scorecard.csv", "these contracts");

    View flags = View::list();
    for (const Flag& f : card.flags) {
        flags.add(View()
                      .set("rule", words(f.rule))
                      .set("severity_tag", tag_for(f.severity))
                      .set("contract_href", contract_href(f.contract_id))
                      .set("contract_id", f.contract_id)
                      .set("kpi", f.kpi_code.empty() ? "–" : f.kpi_code)
                      .set("period", f.period.to_string()));
    }
    view.set("has_flags", !card.flags.empty()).set("flags", std::move(flags));

    if (card.review) {
        const std::string id = std::to_string(card.review->id);
        view.set("review", View()
                               .set("href", "/reviews/" + id)
                               .set("review_id", id)
                               .set("state_tag", tag_for(card.review->state))
                               .set("opened", format_timestamp(card.review->opened)));
    } else {
        view.set("review", false);
    }
    return view;
}

}  // namespace

HttpResponse get_supplier(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    const reports::SupplierScorecard card = reports::load_supplier_scorecard(
        *conn, request.param("id"), request.who(), app.settings().scoring);
    return page(200, request, card.supplier.name,
                reports::render_template("directory_supplier", supplier_view(card)));
}

HttpResponse get_supplier_csv(const HttpRequest& request, AppContext& app) {
    auto conn = app.db().acquire();
    return csv_download(
        reports::render(reports::load_supplier_scorecard(*conn, request.param("id"), request.who(),
                                                         app.settings().scoring),
                        reports::Format::kCsv),
        request.param("id") + "-scorecard.csv");
}

// ---------------------------------------------------------------- supplier list

namespace {

constexpr int kSupplierPageSize = 50;

constexpr SortChoice<store::SupplierSort> kSupplierSorts[] = {
    {"name", store::SupplierSort::kName, "Name"},
    {"id", store::SupplierSort::kId, "Supplier id"},
    {"score", store::SupplierSort::kScore, "Score, best first"},
};

constexpr ListKind kSupplierList = {"/suppliers", "/suppliers.csv", kSupplierPageSize,
                                    "supplier",   "suppliers",      "every matching supplier"};

// The supplier list's filters as the page's form sends them.
struct SupplierListQuery {
    std::string q;
    std::optional<SizeGroup> size_group;
    std::string flagged;  // "" (any), "yes" or "no"
    std::string authority;
    std::string sort;  // a kSupplierSorts name; "" for the default (by name)
    int offset = 0;

    static SupplierListQuery of(const HttpRequest& request) {
        SupplierListQuery out;
        out.q = search_param(request);
        out.size_group = choice_param<SizeGroup>(request, "size_group");
        out.flagged = query_text(request, "flagged");
        if (!out.flagged.empty() && out.flagged != "yes" && out.flagged != "no")
            throw Error::BadRequest("flagged must be one of yes | no, or empty for any");
        out.authority = query_text(request, "authority");
        out.sort = sort_param(request, kSupplierSorts);
        out.offset = offset_param(request);
        return out;
    }

    store::SupplierFilter filter(int limit) const {
        store::SupplierFilter f;
        f.q = q;
        f.size_group = size_group;
        if (!flagged.empty())
            f.flagged = flagged == "yes";
        f.authority_id = authority;
        f.sort = sort_of(sort, kSupplierSorts);
        f.page = {limit, offset};
        return f;
    }

    FilterQuery query() const {
        FilterQuery out;
        out.add("q", q)
            .add("size_group", name_of(size_group))
            .add("flagged", flagged)
            .add("authority", authority)
            .add("sort", sort);
        return out;
    }
};

View supplier_list_row(const reports::SupplierListItem& item) {
    const Supplier& s = item.supplier;
    View row;
    row.set("href", supplier_href(s.id))
        .set("name", s.name)
        .set("id", s.id)
        .set("size", words(s.size))
        .set("strategic", s.strategic)
        .set("score", score_text(item.score))
        .set("rating_tag", tag_for(item.rating))
        .set("open_flags", count_text(item.open_flags))
        .set("contracts", count_text(item.contracts));
    return row;
}

View supplier_list_view(const reports::SupplierList& list, const SupplierListQuery& query,
                        const std::vector<Authority>& authorities) {
    View view;
    view.set("q", query.q);
    view.set("size_select",
             select_view("size_group", "Size", {{"", "Any"}, {"large", "Large"}, {"sme", "SME"}},
                         name_of(query.size_group)));
    view.set("flagged_select",
             select_view("flagged", "Open flags",
                         {{"", "Any"}, {"yes", "With open flags"}, {"no", "Without open flags"}},
                         query.flagged));
    view.set("sort_select", sort_select(query.sort, kSupplierSorts));
    std::vector<std::string> hidden;
    set_authority_select(view, hidden, authorities, "Holding a contract of", query.authority);
    const FilterQuery filters = query.query();
    view.set("hidden_fields", filters.hidden_fields(hidden));

    View rows = View::list();
    for (const auto& item : list.suppliers)
        rows.add(supplier_list_row(item));
    view.set("suppliers", std::move(rows));
    set_list_page(view, kSupplierList, filters, list.page, list.total, list.suppliers.size());
    return view;
}

}  // namespace

HttpResponse get_suppliers(const HttpRequest& request, AppContext& app) {
    const SupplierListQuery query = SupplierListQuery::of(request);
    const Principal& who = request.who();
    require_a_list(who);
    auto conn = app.db().acquire();
    const reports::SupplierList list = reports::load_supplier_list(
        *conn, query.filter(kSupplierPageSize), who, app.settings().scoring);
    return page(200, request, "Suppliers",
                reports::render_template(
                    "directory_suppliers",
                    supplier_list_view(list, query, authorities_to_choose(*conn, who))));
}

HttpResponse get_suppliers_csv(const HttpRequest& request, AppContext& app) {
    require_a_list(request.who());
    return list_csv<SupplierListQuery>(
        request, app, &reports::SupplierList::suppliers,
        [&](store::Connection& conn, const auto& filter) {
            return reports::load_supplier_list(conn, filter, request.who(), app.settings().scoring);
        },
        "suppliers.csv");
}

// ---------------------------------------------------------------- flags

namespace {

constexpr ListKind kFlagList = {"/flags", "/flags.csv", kFlagPageSize,
                                "flag",   "flags",      "these flags"};

// The flag list's filters as the page's form sends them. The list shows open flags unless
// another status (or "any") is chosen.
struct FlagListQuery {
    std::string status;  // "" (open, the default), "any", or a FlagStatus name
    std::optional<Severity> severity;
    std::optional<FlagRuleId> rule;
    std::string supplier;
    std::string contract;
    int offset = 0;

    static FlagListQuery of(const HttpRequest& request) {
        FlagListQuery out;
        out.status = query_text(request, "status");
        if (out.status == "open")
            out.status.clear();
        else if (out.status != "any")
            choice_param<FlagStatus>(request, "status");  // checks the name
        out.severity = choice_param<Severity>(request, "severity");
        out.rule = choice_param<FlagRuleId>(request, "rule");
        out.supplier = query_text(request, "supplier");
        out.contract = query_text(request, "contract");
        out.offset = offset_param(request);
        return out;
    }

    store::FlagFilter filter(int limit) const {
        store::FlagFilter f;
        if (status.empty())
            f.status = FlagStatus::kOpen;
        else if (status != "any")
            f.status = parse_enum<FlagStatus>(status);
        f.severity = severity;
        f.rule = rule;
        f.supplier_id = supplier;
        f.contract_id = contract;
        f.page = {limit, offset};
        return f;
    }

    FilterQuery query() const {
        FilterQuery out;
        out.add("status", status)
            .add("severity", name_of(severity))
            .add("rule", name_of(rule))
            .add("supplier", supplier)
            .add("contract", contract);
        return out;
    }
};

View flag_row(const reports::ListedFlag& listed, const Principal& who) {
    const Flag& f = listed.flag;
    const std::string id = std::to_string(f.id);
    // An open flag offers what the caller may do with it: its managers dismiss it, its
    // supplier disputes it (model/review_rules.h).
    const WorkflowParty party = contract_party(who, {f.authority_id, f.supplier_id, {}});
    const bool open = f.status == FlagStatus::kOpen;
    const bool dismiss = open && may_take_step(who, WorkflowStep::kDismissFlag, party);
    const bool dispute = open && !dismiss && may_take_step(who, WorkflowStep::kRaiseDispute, party);
    View row;
    row.set("flag_id", id)
        .set("rule", words(f.rule))
        .set("severity_tag", tag_for(f.severity))
        .set("status_tag", tag_for(f.status))
        .set("supplier_href", supplier_href(f.supplier_id))
        .set("supplier_name", name_or_id(listed.supplier_name, f.supplier_id))
        .set("contract_href", contract_href(f.contract_id))
        .set("contract_id", f.contract_id)
        .set("kpi", f.kpi_code.empty() ? "–" : f.kpi_code)
        .set("period", f.period.to_string())
        .set("detail", f.detail)
        .set("dismiss_href", dismiss ? View("/flags/" + id + "/dismiss") : View(false))
        .set("dispute_href", dispute ? View("/flags/" + id + "/dispute") : View(false));
    return row;
}

View flag_list_view(const reports::FlagList& list, const FlagListQuery& query,
                    const Principal& who) {
    View view;
    view.set("status_select", select_view("status", "Status",
                                          {{"open", "Open"},
                                           {"resolved", "Resolved"},
                                           {"dismissed", "Dismissed"},
                                           {"any", "Any"}},
                                          query.status.empty() ? "open" : query.status));
    view.set("severity_select",
             select_view("severity", "Severity",
                         {{"", "Any"}, {"high", "High"}, {"medium", "Medium"}, {"low", "Low"}},
                         name_of(query.severity)));
    std::vector<std::pair<std::string, std::string>> rules = {{"", "Any"}};
    for (const auto& [rule, name] : EnumNames<FlagRuleId>::kNames)
        rules.emplace_back(std::string(name), words(rule));
    view.set("rule_select", select_view("rule", "Rule", rules, name_of(query.rule)));
    const FilterQuery filters = query.query();
    view.set("hidden_fields", filters.hidden_fields({"supplier", "contract"}));

    View rows = View::list();
    for (const reports::ListedFlag& f : list.flags)
        rows.add(flag_row(f, who));
    view.set("flags", std::move(rows));
    set_list_page(view, kFlagList, filters, list.page, list.total, list.flags.size());
    return view;
}

}  // namespace

HttpResponse get_flags(const HttpRequest& request, AppContext& app) {
    const FlagListQuery query = FlagListQuery::of(request);
    auto conn = app.db().acquire();
    const reports::FlagList list =
        reports::load_flag_list(*conn, query.filter(kFlagPageSize), request.who());
    return page(
        200, request, "Flags",
        reports::render_template("directory_flags", flag_list_view(list, query, request.who())));
}

HttpResponse get_flags_csv(const HttpRequest& request, AppContext& app) {
    return list_csv<FlagListQuery>(
        request, app, &reports::FlagList::flags,
        [&](store::Connection& conn, const auto& filter) {
            return reports::load_flag_list(conn, filter, request.who());
        },
        "flags.csv");
}

}  // namespace scorecard::services::pages
