// XML documents -> domain values (SPEC §5). The root element decides the kind.
//
// parse_document() checks everything that can be checked from the document alone (well-
// formedness, namespace, types, ranges, ordering, duplicates) and reports every problem
// with its line and column. Rules that need the database (does the contract exist, may the
// sender report for it) are in return_rules.h / feed_rules.h and take what they need as
// arguments; the services layer looks it up.
//
// Nothing here touches the database or the network. Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/domain.h"
#include "model/errors.h"

namespace scorecard::importers {

// The namespace of our own formats.
inline constexpr std::string_view kNamespace = "urn:scorecard:1";

enum class DocumentKind { kUnknown, kContractFeed, kKpiReturn, kKpiReturns, kContractAwardNotice };
std::string_view to_string(DocumentKind kind);  // the root element's name, "" for unknown

struct Location {
    int line = 0;
    int column = 0;
};

struct ParsedMeasure {
    Measure measure;
    Location where;
};

struct ParsedReturn {
    KpiReturn figures;
    Location where;                       // the KpiReturn element
    std::vector<Location> measure_where;  // parallel to figures.measures
};

struct ParsedKpi {
    KpiDefinition definition;
    std::optional<Period> effective;  // absent: "the next period to be reported" (services decide)
    Location where;
};

struct ParsedContract {
    Contract contract;  // contract.kpis is empty; see kpis
    std::vector<ParsedKpi> kpis;
    Location where;
};

struct ParsedSupplier {
    Supplier supplier;
    Location where;
};

struct ParsedAuthority {
    Authority authority;
    Location where;
};

struct ContractFeedDocument {
    std::optional<Timestamp> generated;
    std::vector<ParsedAuthority> authorities;
    std::vector<ParsedSupplier> suppliers;
    std::vector<ParsedContract> contracts;
    std::vector<ParsedReturn> returns;  // a department's system may export KPI data too
};

// An eForms result notice (Contract Award Notice) mapped to the domain (SPEC §5).
struct EformsNotice {
    std::string notice_id;  // cbc:ID of the notice
    Authority buyer;
    std::vector<Supplier> winners;    // deduplicated by id
    std::vector<Contract> contracts;  // one per settled contract, no KPIs
};

struct ParseResult {
    DocumentKind kind = DocumentKind::kUnknown;
    std::vector<Problem> problems;      // empty when the document passed every check here
    ContractFeedDocument feed;          // kContractFeed
    std::vector<ParsedReturn> returns;  // kKpiReturn (one) or kKpiReturns (many)
    EformsNotice notice;                // kContractAwardNotice

    bool ok() const { return problems.empty(); }
};

// `document_name` (a file name or "document 42") is copied into every Problem.
// Limits (SPEC §6 / security): no DTDs or entities are expanded; a DOCTYPE is an error.
ParseResult parse_document(std::string_view bytes, const std::string& document_name);

}  // namespace scorecard::importers
