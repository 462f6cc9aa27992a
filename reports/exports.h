// The published KPI performance dataset (SPEC §1 "public", §6 GET /exports/…, §7.4): one row
// per contract × KPI × scored period of a calendar year, as CSV and as an OCDS release
// package valid against the official OCDS 1.1.5 schemas patched with the extensions it
// declares (docs/api.md "Public exports"; checked by tests/ocds/validate.mjs).
//
// Both read the stored scores contract by contract in batches and write the output once,
// so memory holds the result plus one batch, never a second copy of the data set.
//
// Thread safety: pure functions over one Connection the caller holds (the OCDS package
// also records when each new release was first published: store/publication_repository.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/calendar.h"
#include "model/enums.h"
#include "reports/scorecards.h"
#include "store/database.h"

namespace scorecard::reports {

// Who publishes the OCDS package and where (the publication.* settings, docs/operations.md
// "Publication"); services/settings.cpp checks them when they are loaded.
struct PublicationSettings {
    // The absolute address the API is reached at from outside, without a trailing '/': the
    // package's `uri` is this + "/api/v1/exports/ocds.json?year=YYYY".
    // Default: "http://localhost:8080".
    std::string base_url = "http://localhost:8080";
    // The publisher's ocid prefix ("ocds-" and the code registered with the Open Contracting
    // Partnership, e.g. "ocds-h6vhtk"); a contract's ocid is prefix + "-" + its id.
    // Default: "ocds-scorecard", a placeholder until a prefix is registered.
    std::string ocid_prefix = "ocds-scorecard";
    // The package's `publisher`: name (required), and optionally the organisation
    // identifier scheme and id (e.g. "GB-GOR", "D2") and a URI. Default: "scorecard", none.
    std::string publisher_name = "scorecard";
    std::string publisher_scheme;
    std::string publisher_uid;
    std::string publisher_uri;
    // The package's `license` URI; "" leaves it out. Default: the Open Government Licence
    // v3.0, under which UK public sector information is published.
    std::string license =
        "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";
};

// The extensions the package declares: the registry URLs of their extension.json
// (../shared/corpus/ocds/README.md). Metrics: implementation.metrics; the UK extension:
// observations' measureClassification (and, for notices, implementation documents and
// performance failures fields).
inline constexpr std::string_view kOcdsMetricsExtension =
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/1.1/"
    "extension.json";
inline constexpr std::string_view kOcdsUkExtension =
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json";
// Performance failure notices (SPEC §7.4): contracts[].implementation.performanceFailures.
inline constexpr std::string_view kOcdsPerformanceFailuresExtension =
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_performance_failures_extension/master/extension.json";

// The dataset as CSV (text/csv), formula-injection safe (reports/csv.h). Columns: see
// docs/api.md "GET /exports/kpi-performance.csv".
Rendered kpi_performance_csv(store::Connection& conn, int year);

// The same rows as an OCDS 1.1 release package (application/json): one release per
// contract tagged `implementation`, its KPIs as contracts[0].implementation.metrics with one
// observation per scored period; then one release per contract performance notice
// published in the year (SPEC §7.4): an assessment's KPIs as metrics observed once over its
// window with the authority's rating, a failure notice as performanceFailures, each with
// its implementationNotice document and the supplier's contact details as published; such
// a release is dated when the notice was published. A release's id is made from its content and its date is
// when that content was first published (`now` for content never published before); the
// package's publishedDate is the latest release date, so an export with nothing changed is
// byte-identical to the one before. A year with nothing scored has no package (OCDS: a
// package holds at least one release): Error::NotFound.
Rendered kpi_performance_ocds(store::Connection& conn, int year, Timestamp now,
                              const PublicationSettings& publication);

// SPEC §7.4: the UK extension's measureClassification id of a rating — good → met,
// approaching → slightlyBelow, requires_improvement → below, inadequate →
// significantlyBelow, other → other; nullopt for missing (no figure to classify).
std::optional<std::string_view> measure_classification(Rating rating);

}  // namespace scorecard::reports
