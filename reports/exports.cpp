// The published KPI performance dataset (docs/api.md "Public exports").
#include "reports/exports.h"

#include <map>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "model/scoring.h"
#include "reports/csv.h"
#include "reports/json_writer.h"
#include "reports/notices.h"
#include "reports/report_support.h"
#include "store/notice_repository.h"
#include "store/publication_repository.h"
#include "store/repositories.h"

namespace scorecard::reports {
namespace {

using detail::name;

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

// Calls `each(listing, row, definition)` for every published row of `year`, batch by batch,
// and `batch_done()` after each batch's last row. A batch holds whole contracts: every row of
// a contract comes in the same batch.
template <class Each, class BatchDone>
void for_each_row(store::Connection& conn, int year, Each&& each, BatchDone&& batch_done) {
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
        batch_done();
    }
}

std::string optional_number(const std::optional<double>& value) {
    return value ? csv_number(*value) : std::string();
}

std::string optional_words(Rating rating) {
    return std::string(statutory_words(rating).value_or(""));
}

// ---- OCDS ------------------------------------------------------------------------------

// The scheme named in each measureClassification: the ratings of the Procurement
// Regulations 2024 reg 39(5), under the ids the UK extension gives them.
constexpr std::string_view kRatingScheme = "UK_KPI_RATING";

// Release ids are this many hex digits of the SHA-256 of the release's content (80 bits:
// no two releases of one publisher will share one).
constexpr std::size_t kReleaseHashDigits = 20;

std::string start_of_day(Date d) {
    return format_date(d) + "T00:00:00Z";
}
std::string end_of_day(Date d) {
    return format_date(d) + "T23:59:59Z";
}

void write_period(JsonWriter& out, Date first, Date last) {
    out.begin_object()
        .field("startDate", start_of_day(first))
        .field("endDate", end_of_day(last))
        .end_object();
}

// OCDS contractStatus codelist: an expired contract has come to its end ("terminated").
std::string ocds_status(ContractStatus status) {
    return status == ContractStatus::kActive ? "active" : "terminated";
}

// {"id", "name"}, and the party's "roles" when `role` is given; the object is left open.
void begin_party(JsonWriter& out, const std::string& id, const std::string& party_name,
                 std::string_view role = {}) {
    out.begin_object().field("id", id).field("name", party_name);
    if (!role.empty())
        out.key("roles").begin_array().value(role).end_array();
}

std::string ocid_of(const PublicationSettings& publication, const Contract& c) {
    return publication.ocid_prefix + "-" + c.id;
}

// How a notice's release shows its supplier (reg 39(4)(f)), after the supplier party's roles.
struct PublishedContact {
    std::string postal_address;
    std::string email;
};

// What every release about a contract says (all but ocid, id and date), as JSON text: the
// tag, the buyer and supplier as parties, the award and the contract with its period and
// value, and the contract's `implementation`, written by `write_implementation` into the
// open object (the KPI metrics of a year here; a contract performance notice's metrics,
// documents and performance failures in a notice's release).
template <class WriteImplementation>
std::string contract_release_content(const store::ContractListing& l, std::string_view tag,
                                     const std::optional<PublishedContact>& contact,
                                     const WriteImplementation& write_implementation) {
    const Contract& c = l.contract;
    JsonWriter out;
    out.begin_object()
        .key("tag")
        .begin_array()
        .value(tag)
        .end_array()
        .field("initiationType", "tender")
        .field("language", "en");
    out.key("parties").begin_array();
    begin_party(out, c.authority_id, l.authority_name, "buyer");
    out.end_object();
    begin_party(out, c.supplier_id, l.supplier_name, "supplier");
    if (contact) {
        out.key("address").begin_object().field("streetAddress", contact->postal_address);
        out.end_object();
        out.key("contactPoint").begin_object().field("email", contact->email).end_object();
    }
    out.end_object().end_array();
    out.key("buyer");
    begin_party(out, c.authority_id, l.authority_name);
    out.end_object();
    out.key("awards").begin_array().begin_object().field("id", c.id).field("status", "active");
    out.key("suppliers").begin_array();
    begin_party(out, c.supplier_id, l.supplier_name);
    out.end_object().end_array().end_object().end_array();
    out.key("contracts")
        .begin_array()
        .begin_object()
        .field("id", c.id)
        .field("awardID", c.id)
        .field("title", c.title)
        .field("status", ocds_status(c.status))
        .key("period");
    write_period(out, c.start, c.end);
    out.key("value")
        .begin_object()
        .field("amount", c.value)
        .field("currency", c.currency)
        .end_object();
    out.key("implementation").begin_object();
    write_implementation(out);
    out.end_object().end_object().end_array().end_object();
    return out.take();
}

// A string as JSON text.
std::string json_string(std::string_view text) {
    JsonWriter out;
    out.value(text);
    return out.take();
}

// A release whose content is written and whose date is not yet known.
struct UndatedRelease {
    std::string ocid;
    std::string id;
    std::string content;  // JSON text of an object without ocid, id and date
    // The date of content that never changes (a published notice's publication); unset:
    // when the content was first published (store::PublicationRepository).
    std::optional<Timestamp> date;
};

// SPEC §7.4 "a release's id and date change only when its content changes": the id is
// `id_prefix` and a hash of the ocid and the content, so the same content always has the
// same id and any change gives a new one.
UndatedRelease undated_release(std::string ocid, std::string_view id_prefix, std::string content) {
    UndatedRelease r;
    r.ocid = std::move(ocid);
    r.content = std::move(content);
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(r.ocid);
    sha.update('\n');
    sha.update(r.content);
    r.id = std::string(id_prefix) + "-" +
           Poco::DigestEngine::digestToHex(sha.digest()).substr(0, kReleaseHashDigits);
    return r;
}

// The releases of a package as they are written: queued, then dated a batch at a time
// (store::PublicationRepository: one round trip for the batch's ids) and appended.
class ReleaseList {
  public:
    ReleaseList(store::Connection& conn, Timestamp now) : conn_(conn), now_(now) {}

    void add(UndatedRelease release) { queued_.push_back(std::move(release)); }

    void date_queued() {
        if (queued_.empty())
            return;
        std::vector<store::ReleaseKey> keys;
        keys.reserve(queued_.size());
        for (const UndatedRelease& r : queued_) {
            if (!r.date)
                keys.push_back({r.id, r.ocid});
        }
        std::map<std::string, Timestamp> dates;
        if (!keys.empty())
            dates = store::PublicationRepository(conn_).first_published(keys, now_);
        for (const UndatedRelease& r : queued_) {
            const Timestamp date = r.date ? *r.date : dates.at(r.id);
            if (!latest_ || date > *latest_)
                latest_ = date;
            text_ += count_ == 0 ? "" : ",";
            text_ += "{\"ocid\":" + json_string(r.ocid);
            text_ += ",\"id\":" + json_string(r.id);
            text_ += ",\"date\":\"" + format_timestamp(date) + "\",";
            text_.append(r.content, 1);  // the content's fields after its opening brace
            ++count_;
        }
        queued_.clear();
    }

    std::size_t count() const { return count_; }
    // The latest release date: the package's publishedDate (OCDS: "if this package is
    // generated 'on demand', … the date of the last change to the underlying contents").
    Timestamp latest() const { return latest_.value_or(now_); }
    std::string take() { return std::move(text_); }

  private:
    store::Connection& conn_;
    Timestamp now_;
    std::vector<UndatedRelease> queued_;
    std::string text_;
    std::size_t count_ = 0;
    std::optional<Timestamp> latest_;
};

// The package around `releases` (JSON text of the releases, comma-separated).
std::string package_text(const PublicationSettings& publication, const std::string& uri,
                         Timestamp published, const std::vector<std::string_view>& extensions,
                         std::string releases) {
    JsonWriter package;
    package.begin_object()
        .field("uri", uri)
        .field("version", "1.1")
        .field("publishedDate", format_timestamp(published));
    package.key("publisher").begin_object().field("name", publication.publisher_name);
    if (!publication.publisher_scheme.empty())
        package.field("scheme", publication.publisher_scheme);
    if (!publication.publisher_uid.empty())
        package.field("uid", publication.publisher_uid);
    if (!publication.publisher_uri.empty())
        package.field("uri", publication.publisher_uri);
    package.end_object();
    if (!publication.license.empty())
        package.field("license", publication.license);
    package.key("extensions").begin_array();
    for (std::string_view url : extensions)
        package.value(url);
    package.end_array().end_object();
    std::string out = package.take();
    out.reserve(out.size() + releases.size() + 16);
    out.pop_back();  // the package's closing brace: the releases come last
    out += ",\"releases\":[";
    out += releases;
    out += "]}";
    return out;
}

// One KPI of the contract being written, as it is filled with observations.
struct Metric {
    std::string title;
    std::optional<std::string> description;
    std::vector<std::string> observations;  // JSON text of each
};

std::string metric_description(const KpiDefinition& def) {
    return "Key performance indicator in " + name(def.unit) + "; " + name(def.direction) +
           " is better";
}

// {"scheme", "id", "description"}: a rating as the UK extension's measureClassification.
void write_classification(JsonWriter& out, std::string_view id, std::string_view words) {
    out.key("measureClassification")
        .begin_object()
        .field("scheme", kRatingScheme)
        .field("id", id)
        .field("description", words)
        .end_object();
}

// The thresholds a figure was rated by, as the dimensions' strings.
void write_threshold_dimensions(JsonWriter& out, const KpiThresholds& t) {
    out.field("good", csv_number(t.good))
        .field("approaching", csv_number(t.approaching))
        .field("minimum", csv_number(t.minimum));
}

// SPEC §7.4 observations: the figure, its rating as the UK extension's measureClassification
// and, as dimensions (strings, as the metrics extension requires), what it was rated by.
std::string observation(const store::PerformanceRow& row, const KpiDefinition* def,
                        bool& classified) {
    const MeasureScore& m = row.measure;
    JsonWriter obs;
    obs.begin_object().field("id", m.kpi_code + "-" + row.period.to_string()).key("period");
    write_period(obs, row.period.first_day(), row.period.last_day());
    if (m.value)
        obs.field("measure", *m.value);
    if (def)
        obs.key("unit").begin_object().field("name", name(def->unit)).end_object();
    if (auto id = measure_classification(m.rating)) {
        write_classification(obs, *id, *statutory_words(m.rating));
        classified = true;
    }
    obs.key("dimensions")
        .begin_object()
        .field("rating", name(m.rating))
        .field("points", csv_number(m.points))
        .field("weight", csv_number(m.weight));
    if (def)
        write_threshold_dimensions(obs, def->thresholds);
    if (row.period_score)
        obs.field("periodScore", csv_number(detail::shown(*row.period_score)));
    obs.field("periodRating", name(row.period_score ? row.period_rating : Rating::kMissing))
        .end_object()
        .end_object();
    return obs.take();
}

// Turns the rows of a year, contract by contract, into one release per contract.
class KpiReleases {
  public:
    KpiReleases(const PublicationSettings& publication, int year, ReleaseList& out)
        : publication_(publication), id_prefix_("kpi-" + std::to_string(year)), out_(out) {}

    void add(const store::ContractListing& listing, const store::PerformanceRow& row,
             const KpiDefinition* def) {
        if (!current_ || current_->contract.id != listing.contract.id) {
            finish_contract();
            current_ = listing;
        }
        auto [it, created] = metrics_.try_emplace(row.measure.kpi_code);
        Metric& metric = it->second;
        if (created) {
            metric.title = def ? def->name : row.measure.kpi_code;
            if (def)
                metric.description = metric_description(*def);
        }
        metric.observations.push_back(observation(row, def, classified_));
    }

    // Queues the release of the contract being filled, if any.
    void finish_contract() {
        if (!current_)
            return;
        auto content = contract_release_content(
            *current_, "implementation", std::nullopt, [&](JsonWriter& out) {
                out.key("metrics").begin_array();
                for (const auto& [code, metric] : metrics_) {
                    out.begin_object().field("id", code).field("title", metric.title);
                    if (metric.description)
                        out.field("description", *metric.description);
                    out.key("observations").begin_array();
                    for (const std::string& obs : metric.observations)
                        out.raw(obs);
                    out.end_array().end_object();
                }
                out.end_array();
            });
        out_.add(undated_release(ocid_of(publication_, current_->contract), id_prefix_,
                                 std::move(content)));
        metrics_.clear();
        current_.reset();
    }

    // Whether any observation carries the UK extension's measureClassification.
    bool classified() const { return classified_; }

  private:
    const PublicationSettings& publication_;
    std::string id_prefix_;
    ReleaseList& out_;
    std::optional<store::ContractListing> current_;  // a copy: its batch is gone by the end
    std::map<std::string, Metric> metrics_;
    bool classified_ = false;
};

// ---- contract performance notices (SPEC §7.4) ----------------------------------------

// The notice's document: the UK extension's implementationNotice, noticeType UK9 (Find a
// Tender's contract performance notice).
void write_notice_document(JsonWriter& out, const Notice& n) {
    out.begin_object()
        .field("id", "notice-" + std::to_string(n.id))
        .field("documentType", "implementationNotice")
        .field("noticeType", "UK9")
        .field("title", n.kind == NoticeKind::kAssessment
                            ? "Contract performance notice: KPI assessment"
                            : "Contract performance notice: performance failure");
    std::string description = n.kind == NoticeKind::kAssessment
                                  ? std::string(kAssessmentStatement)
                                  : "Published under section 71(5) of the Procurement Act 2023.";
    if (n.replaces != 0)
        description += " It replaces contract performance notice " + std::to_string(n.replaces) +
                       ", which it corrects.";
    out.field("description", description);
    if (n.published)
        out.field("datePublished", format_timestamp(*n.published));
    out.field("language", "en").end_object();
}

// One metric per assessed KPI, observed once over the window: the mean and the authority's
// rating as the UK extension's measureClassification.
void write_notice_metrics(JsonWriter& out, const Notice& n) {
    out.begin_array();
    for (const NoticeKpi& k : n.kpis) {
        const KpiAssessment& a = k.assessment;
        out.begin_object()
            .field("id", a.definition.code)
            .field("title", a.definition.name)
            .field("description", metric_description(a.definition))
            .key("observations")
            .begin_array()
            .begin_object()
            .field("id", a.definition.code + "-notice-" + std::to_string(n.id))
            .key("period");
        write_period(out, n.window.start(), n.window.end());
        if (a.mean)
            out.field("measure", *a.mean);
        out.key("unit").begin_object().field("name", name(a.definition.unit)).end_object();
        write_classification(out, measure_classification(k.rating).value_or("other"),
                             statutory_words(k.rating).value_or("Other"));
        out.key("dimensions")
            .begin_object()
            .field("rating", name(k.rating))
            .field("proposedRating", name(a.proposed))
            .field("periodsReturned", csv_number(static_cast<double>(a.returned.size())))
            .field("periodsDue", csv_number(static_cast<double>(a.due.size())));
        write_threshold_dimensions(out, a.definition.thresholds);
        out.end_object().end_object().end_array().end_object();
    }
    out.end_array();
}

// s71(5): the failure as the performance failures extension and the UK extension's fields
// on it spell it.
void write_notice_failures(JsonWriter& out, const Notice& n) {
    out.begin_array().begin_object().field("id", "notice-" + std::to_string(n.id)).key("period");
    write_period(out, n.window.start(), n.window.end());
    out.field("category",
              "Failure to improve performance after a proper opportunity to improve "
              "(Procurement Act 2023 s71(4)(b))");
    if (!n.requirement.empty())
        out.field("requirement", n.requirement);
    out.field("description", n.description);
    if (n.decided)
        out.field("decisionDate", start_of_day(*n.decided));
    out.key("suppliers").begin_array();
    begin_party(out, n.supplier_id, n.supplier_name);
    out.end_object().end_array().end_object().end_array();
}

// The release of a published notice: the contract as every release says it, with the
// supplier as the notice published it (reg 39(4)(f): name, postal address, email).
UndatedRelease notice_release(const PublicationSettings& publication,
                              store::ContractListing listing, const Notice& n) {
    listing.supplier_name = n.supplier_name;
    std::string content = contract_release_content(
        listing, "implementation",
        PublishedContact{n.supplier_contact.postal_address, n.supplier_contact.email},
        [&](JsonWriter& out) {
            if (!n.kpis.empty()) {
                out.key("metrics");
                write_notice_metrics(out, n);
            }
            if (n.kind == NoticeKind::kFailure) {
                out.key("performanceFailures");
                write_notice_failures(out, n);
            }
            out.key("documents").begin_array();
            write_notice_document(out, n);
            out.end_array();
        });
    UndatedRelease release = undated_release(ocid_of(publication, listing.contract),
                                             "notice-" + std::to_string(n.id), std::move(content));
    release.date = n.published;
    return release;
}

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
        csv_row({"authority",     "authority_name", "supplier",       "supplier_name",
                 "supplier_size", "contract",       "contract_title", "period",
                 "kpi",           "kpi_name",       "category",       "unit",
                 "direction",     "weight",         "good",           "approaching",
                 "minimum",       "value",          "rating",         "points",
                 "period_score",  "period_rating",  "rating_words",   "period_rating_words"});
    // A novated contract's periods are published under the supplier that held each
    // (docs/formats.md "Novation"), not the one that holds the contract now.
    const auto former = store::ContractRepository(conn).all_former_suppliers();
    std::map<std::string, Supplier> holders;
    const auto holder_of = [&](const store::ContractListing& l, const Period& period) {
        Supplier now{l.contract.supplier_id, l.supplier_name, l.supplier_size, false};
        auto it = former.find(l.contract.id);
        if (it == former.end())
            return now;
        const ContractScope scope{l.contract.authority_id, l.contract.supplier_id, it->second};
        const std::string& id = scope.supplier_of_period(period.first_day());
        if (id == now.id)
            return now;
        auto [cached, fresh] = holders.try_emplace(id);
        if (fresh) {
            // contract_novations.from_supplier references suppliers: only a bug gets here.
            auto found = store::SupplierRepository(conn).find(id);
            if (!found)
                throw Error::Internal("contract " + l.contract.id + " names former supplier " + id +
                                      ", which has no record");
            cached->second = std::move(*found);
        }
        return cached->second;
    };
    for_each_row(
        conn, year,
        [&](const store::ContractListing& l, const store::PerformanceRow& row,
            const KpiDefinition* def) {
            const Contract& c = l.contract;
            const MeasureScore& m = row.measure;
            const Rating period_rating = row.period_score ? row.period_rating : Rating::kMissing;
            const Supplier held_by = holder_of(l, row.period);
            body += csv_row(
                {csv_field(c.authority_id),
                 csv_field(l.authority_name),
                 csv_field(held_by.id),
                 csv_field(held_by.name),
                 csv_field(name(held_by.size)),
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
                 csv_field(name(period_rating)),
                 csv_field(optional_words(m.rating)),
                 csv_field(optional_words(period_rating))});
        },
        [] {});
    return detail::csv_document(std::move(body));
}

Rendered kpi_performance_ocds(store::Connection& conn, int year, Timestamp now,
                              const PublicationSettings& publication) {
    check_year(year);
    ReleaseList releases(conn, now);
    KpiReleases kpi(publication, year, releases);
    for_each_row(
        conn, year,
        [&](const store::ContractListing& l, const store::PerformanceRow& row,
            const KpiDefinition* def) { kpi.add(l, row, def); },
        [&] {
            kpi.finish_contract();
            releases.date_queued();
        });
    // SPEC §7.4: the contract performance notices published in the year.
    bool notices = false, failures = false;
    store::ContractRepository contracts(conn);
    for (const Notice& n : store::NoticeRepository(conn).published_in_year(year)) {
        auto listing = contracts.find_listing(n.contract_id);
        if (!listing)
            continue;
        releases.add(notice_release(publication, std::move(*listing), n));
        notices = true;
        failures = failures || n.kind == NoticeKind::kFailure;
    }
    releases.date_queued();
    if (releases.count() == 0) {
        throw Error::NotFound("no KPI performance is published for " + std::to_string(year) +
                              ": no contract has a scored period nor a contract performance "
                              "notice published in that year (an OCDS release package holds at "
                              "least one release)");
    }
    std::vector<std::string_view> extensions{kOcdsMetricsExtension};
    if (kpi.classified() || notices)
        extensions.push_back(kOcdsUkExtension);
    if (failures)
        extensions.push_back(kOcdsPerformanceFailuresExtension);
    const std::string uri =
        publication.base_url + "/api/v1/exports/ocds.json?year=" + std::to_string(year);
    return {"application/json",
            package_text(publication, uri, releases.latest(), extensions, releases.take())};
}

}  // namespace scorecard::reports
