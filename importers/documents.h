// XML documents -> domain values (SPEC §5). The root element decides the kind.
//
// parse_document() checks everything that can be checked from the document alone (well-
// formedness, namespace, types, ranges, ordering, duplicates) and reports every problem
// with its line and column. Rules that need the database (does the contract exist, may the
// sender report for it) are in return_rules.h / feed_rules.h and take what they need as
// arguments; the services layer looks it up.
//
// The Parsed* types and ContractFeedDocument are what a document says; importers/xml_writer.h
// writes the same types back. Each carries where the parser found it (`where`, zero when a
// value was built by hand), which is not part of what the document says: == compares the
// content only, so that a value written and read back equals the value it was written from.
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
// A supplier's KPI return(s): one KpiReturn or a KpiReturns batch.
constexpr bool is_returns(DocumentKind kind) {
    return kind == DocumentKind::kKpiReturn || kind == DocumentKind::kKpiReturns;
}

struct Location {
    int line = 0;
    int column = 0;
    bool operator==(const Location&) const = default;
};

struct ParsedMeasure {
    Measure measure;
    Location where;
};

struct ParsedReturn {
    KpiReturn figures;
    Location where;                       // the KpiReturn element
    std::vector<Location> measure_where;  // parallel to figures.measures
    bool operator==(const ParsedReturn& o) const { return figures == o.figures; }
};

struct ParsedKpi {
    KpiDefinition definition;
    std::optional<Period> effective;  // absent: "the next period to be reported" (services decide)
    Location where;
    bool operator==(const ParsedKpi& o) const {
        return definition == o.definition && effective == o.effective;
    }
};

struct ParsedContract {
    Contract contract;  // contract.kpis is empty; see kpis
    std::vector<ParsedKpi> kpis;
    Location where;
    bool operator==(const ParsedContract& o) const {
        return contract == o.contract && kpis == o.kpis;
    }
};

struct ParsedSupplier {
    Supplier supplier;
    Location where;
    bool operator==(const ParsedSupplier& o) const { return supplier == o.supplier; }
};

struct ParsedAuthority {
    Authority authority;
    Location where;
    bool operator==(const ParsedAuthority& o) const { return authority == o.authority; }
};

struct ContractFeedDocument {
    std::optional<Timestamp> generated;
    std::vector<ParsedAuthority> authorities;
    std::vector<ParsedSupplier> suppliers;
    std::vector<ParsedContract> contracts;
    std::vector<ParsedReturn> returns;  // a department's system may export KPI data too
    bool operator==(const ContractFeedDocument&) const = default;
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

// A number as our formats spell one, -?digits(.digits)? (no '+', exponent, thousands
// separator, NaN or infinity; docs/formats.md): the inverse of format_number
// (importers/xml_writer.h). nullopt for any other text and for a number too large for a
// double. Forms that build a document from typed figures read them with it, so that a
// figure the importer would refuse is refused at its field.
std::optional<double> parse_number(std::string_view text);

}  // namespace scorecard::importers
