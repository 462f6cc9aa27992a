// The published KPI performance dataset (docs/api.md "Public exports").
#include "reports/exports.h"

#include <map>
#include <sstream>

#include <Poco/JSON/Stringifier.h>

#include "model/scoring.h"
#include "reports/csv.h"
#include "reports/json_support.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

using detail::name;
using detail::null;
using detail::object;

// Contracts per round of queries: few round trips, and a bounded IN list.
constexpr std::size_t kBatch = 200;

void check_year(int year) {
    if (year < 1900 || year > 9999)
        throw Error::BadRequest("year must be a four-digit year");
}

// The KPI definitions in force for one contract and period, by code; cached for the run
// of rows that share them (rows come ordered by contract, then period).
class DefinitionsInForce {
  public:
    explicit DefinitionsInForce(const std::map<std::string, std::vector<KpiVersion>>& versions)
        : versions_(versions) {}

    const KpiDefinition* find(const std::string& contract_id, const Period& period,
                              const std::string& code) {
        if (contract_id != contract_ || !(period == period_) || !loaded_) {
            by_code_.clear();
            auto it = versions_.find(contract_id);
            if (it != versions_.end()) {
                for (KpiDefinition& d : kpis_in_force(it->second, period))
                    by_code_.emplace(d.code, std::move(d));
            }
            contract_ = contract_id;
            period_ = period;
            loaded_ = true;
        }
        auto found = by_code_.find(code);
        return found == by_code_.end() ? nullptr : &found->second;
    }

  private:
    const std::map<std::string, std::vector<KpiVersion>>& versions_;
    std::string contract_;
    Period period_;
    bool loaded_ = false;
    std::map<std::string, KpiDefinition> by_code_;
};

// Calls `each(listing, row, definition)` for every published row of `year`, batch by batch.
template <class Each>
void for_each_row(store::Connection& conn, int year, Each&& each) {
    store::ContractRepository repo(conn);
    const std::vector<store::ContractListing> contracts = repo.scored_in_year(year);
    for (std::size_t first = 0; first < contracts.size(); first += kBatch) {
        const std::size_t last = std::min(contracts.size(), first + kBatch);
        std::vector<std::string> ids;
        std::map<std::string, const store::ContractListing*> listing_of;
        for (std::size_t i = first; i < last; ++i) {
            ids.push_back(contracts[i].contract.id);
            listing_of.emplace(contracts[i].contract.id, &contracts[i]);
        }
        const auto versions = repo.kpi_versions(ids);
        DefinitionsInForce definitions(versions);
        // Rows are collected per batch and handled after the query: a streaming query holds
        // the connection, so nothing else may run on it until the last row is read.
        std::vector<store::PerformanceRow> rows;
        repo.performance_rows(ids, year,
                              [&](const store::PerformanceRow& row) { rows.push_back(row); });
        for (const store::PerformanceRow& row : rows) {
            const store::ContractListing& listing = *listing_of.at(row.contract_id);
            each(listing, row, definitions.find(row.contract_id, row.period, row.measure.kpi_code));
        }
    }
}

std::string optional_number(const std::optional<double>& value) {
    return value ? csv_number(*value) : std::string();
}

std::string start_of_period(const Period& p) {
    return format_date(p.first_day()) + "T00:00:00Z";
}
std::string end_of_period(const Period& p) {
    return format_date(p.last_day()) + "T23:59:59Z";
}

// OCDS party scale codelist: micro, sme, large (selfEmployed is not a class of ours).
std::string ocds_scale(SizeClass size) {
    switch (size) {
        case SizeClass::kMicro:
            return "micro";
        case SizeClass::kLarge:
            return "large";
        case SizeClass::kSmall:
        case SizeClass::kMedium:
        case SizeClass::kSme:
            return "sme";
    }
    return "sme";
}

// OCDS contractStatus codelist: an expired contract has come to its end ("terminated").
std::string ocds_status(ContractStatus status) {
    return status == ContractStatus::kActive ? "active" : "terminated";
}

Poco::JSON::Object::Ptr party(const std::string& id, const std::string& party_name,
                              const std::string& role) {
    auto out = object();
    out->set("id", id);
    out->set("name", party_name);
    auto roles = detail::array();
    roles->add(role);
    out->set("roles", roles);
    return out;
}

Poco::JSON::Object::Ptr reference(const std::string& id, const std::string& party_name) {
    auto out = object();
    out->set("id", id);
    out->set("name", party_name);
    return out;
}

Poco::JSON::Object::Ptr period_json(const std::string& start, const std::string& end) {
    auto out = object();
    out->set("startDate", start);
    out->set("endDate", end);
    return out;
}

// One metric (a KPI of the contract) as it is being filled with observations.
struct Metric {
    Poco::JSON::Object::Ptr json;
    Poco::JSON::Array::Ptr observations;
};

class ReleaseWriter {
  public:
    ReleaseWriter(int year, std::string published)
        : year_(year), published_(std::move(published)) {}

    void add(const store::ContractListing& listing, const store::PerformanceRow& row,
             const KpiDefinition* def) {
        if (!current_ || current_->contract.id != listing.contract.id) {
            flush();
            current_ = listing;  // a copy: the batch it came from is gone by the last flush
        }
        auto [it, created] = metrics_.try_emplace(row.measure.kpi_code);
        Metric& metric = it->second;
        if (created) {
            metric.json = object();
            metric.json->set("id", row.measure.kpi_code);
            metric.json->set("title", def ? def->name : row.measure.kpi_code);
            if (def) {
                metric.json->set("description", "Key performance indicator in " + name(def->unit) +
                                                    "; " + name(def->direction) + " is better");
            }
            metric.observations = detail::array();
            metric.json->set("observations", metric.observations);
        }
        auto obs = object();
        obs->set("id", row.measure.kpi_code + "-" + row.period.to_string());
        obs->set("period", period_json(start_of_period(row.period), end_of_period(row.period)));
        if (row.measure.value)
            obs->set("measure", *row.measure.value);
        if (def) {
            auto unit = object();
            unit->set("name", name(def->unit));
            obs->set("unit", unit);
        }
        if (auto classification = measure_classification(row.measure.rating))
            obs->set("measureClassification", std::string(*classification));
        auto dimensions = object();
        dimensions->set("rating", name(row.measure.rating));
        dimensions->set("points", row.measure.points);
        dimensions->set("weight", row.measure.weight);
        if (def) {
            dimensions->set("good", def->thresholds.good);
            dimensions->set("approaching", def->thresholds.approaching);
            dimensions->set("minimum", def->thresholds.minimum);
        }
        dimensions->set("periodScore", detail::shown_or_null(row.period_score));
        dimensions->set("periodRating",
                        name(row.period_score ? row.period_rating : Rating::kMissing));
        obs->set("dimensions", dimensions);
        metric.observations->add(obs);
    }

    // Writes the release of the contract being filled, if any.
    void flush() {
        if (!current_)
            return;
        const store::ContractListing& l = *current_;
        const Contract& c = l.contract;
        auto release = object();
        release->set("ocid", "ocds-scorecard-" + c.id);
        release->set("id", c.id + "-kpi-" + std::to_string(year_));
        release->set("date", published_);
        auto tags = detail::array();
        tags->add("contractImplementation");
        release->set("tag", tags);
        release->set("initiationType", "tender");
        release->set("language", "en");

        auto parties = detail::array();
        parties->add(party(c.authority_id, l.authority_name, "buyer"));
        auto supplier = party(c.supplier_id, l.supplier_name, "supplier");
        auto details = object();
        details->set("scale", ocds_scale(l.supplier_size));
        supplier->set("details", details);
        parties->add(supplier);
        release->set("parties", parties);
        release->set("buyer", reference(c.authority_id, l.authority_name));

        auto award = object();
        award->set("id", c.id);
        award->set("status", "active");
        auto suppliers = detail::array();
        suppliers->add(reference(c.supplier_id, l.supplier_name));
        award->set("suppliers", suppliers);
        auto awards = detail::array();
        awards->add(award);
        release->set("awards", awards);

        auto contract = object();
        contract->set("id", c.id);
        contract->set("awardID", c.id);
        contract->set("title", c.title);
        contract->set("status", ocds_status(c.status));
        contract->set("period", period_json(format_date(c.start) + "T00:00:00Z",
                                            format_date(c.end) + "T23:59:59Z"));
        auto value = object();
        value->set("amount", c.value);
        value->set("currency", c.currency);
        contract->set("value", value);
        auto metrics = detail::array();
        for (auto& [code, metric] : metrics_)
            metrics->add(metric.json);
        auto implementation = object();
        implementation->set("metrics", metrics);
        contract->set("implementation", implementation);
        auto contracts = detail::array();
        contracts->add(contract);
        release->set("contracts", contracts);

        std::ostringstream text;
        Poco::JSON::Stringifier::condense(release, text);
        if (releases_ > 0)
            body_ += ',';
        body_ += text.str();
        ++releases_;
        metrics_.clear();
        current_.reset();
    }

    std::string take() {
        flush();
        return std::move(body_);
    }

  private:
    int year_;
    std::string published_;
    std::optional<store::ContractListing> current_;
    std::map<std::string, Metric> metrics_;
    std::string body_;
    std::size_t releases_ = 0;
};

}  // namespace

std::optional<std::string_view> measure_classification(Rating rating) {
    switch (rating) {
        case Rating::kGood:
            return "met";
        case Rating::kApproaching:
            return "slightlyBelow";
        case Rating::kRequiresImprovement:
            return "below";
        case Rating::kInadequate:
            return "significantlyBelow";
        case Rating::kOther:
            return "other";
        case Rating::kMissing:
            return std::nullopt;
    }
    return std::nullopt;
}

Rendered kpi_performance_csv(store::Connection& conn, int year) {
    check_year(year);
    std::string body =
        csv_row({"authority",    "authority_name", "supplier",  "supplier_name", "supplier_size",
                 "contract",     "contract_title", "period",    "kpi",           "kpi_name",
                 "category",     "unit",           "direction", "weight",        "good",
                 "approaching",  "minimum",        "value",     "rating",        "points",
                 "period_score", "period_rating"});
    for_each_row(
        conn, year,
        [&](const store::ContractListing& l, const store::PerformanceRow& row,
            const KpiDefinition* def) {
            const Contract& c = l.contract;
            const MeasureScore& m = row.measure;
            body += csv_row(
                {csv_field(c.authority_id),
                 csv_field(l.authority_name),
                 csv_field(c.supplier_id),
                 csv_field(l.supplier_name),
                 csv_field(name(l.supplier_size)),
                 csv_field(c.id),
                 csv_field(c.title),
                 csv_field(row.period.to_string()),
                 csv_field(m.kpi_code),
                 def ? csv_field(def->name) : std::string(),
                 def && def->category ? csv_field(name(*def->category)) : std::string(),
                 def ? csv_field(name(def->unit)) : std::string(),
                 def ? csv_field(name(def->direction)) : std::string(),
                 csv_number(m.weight),
                 def ? csv_number(def->thresholds.good) : std::string(),
                 def ? csv_number(def->thresholds.approaching) : std::string(),
                 def ? csv_number(def->thresholds.minimum) : std::string(),
                 optional_number(m.value),
                 csv_field(name(m.rating)),
                 csv_number(m.points),
                 row.period_score ? csv_number(detail::shown(*row.period_score)) : std::string(),
                 csv_field(name(row.period_score ? row.period_rating : Rating::kMissing))});
        });
    return detail::csv_document(std::move(body));
}

Rendered kpi_performance_ocds(store::Connection& conn, int year, Timestamp published) {
    check_year(year);
    const std::string stamp = format_timestamp(published);
    ReleaseWriter releases(year, stamp);
    for_each_row(conn, year,
                 [&](const store::ContractListing& l, const store::PerformanceRow& row,
                     const KpiDefinition* def) { releases.add(l, row, def); });
    // The package's own fields are fixed text and a timestamp: nothing to escape.
    std::string body = "{\"uri\":\"/api/v1/exports/ocds.json?year=" + std::to_string(year) +
                       "\",\"version\":\"1.1\",\"publishedDate\":\"" + stamp +
                       "\",\"publisher\":{\"name\":\"scorecard\"},\"extensions\":["
                       "\"https://raw.githubusercontent.com/open-contracting-extensions/"
                       "ocds_metrics_extension/master/extension.json\"],\"releases\":[";
    body += releases.take();
    body += "]}";
    return {"application/json", std::move(body)};
}

}  // namespace scorecard::reports
