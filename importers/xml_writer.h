// Domain values -> XML documents of our own formats (SPEC §5, urn:scorecard:1): the inverse
// of parse_document() for ContractFeed, KpiReturn and KpiReturns. Everything that writes
// such a document (the demo data, the benchmark generator, the tests) writes it here.
//
// A document is a value, the same one the parser returns: for every document d these
// functions can write, parse_document(write_contract_feed(d)).feed == d, and the
// `.returns[i].figures` of parse_document(write_kpi_returns(rs)) are rs[i]
// (tests/importers/xml_writer_test.cpp). What that leaves out, because the format does:
//   - `where` (Location) is what the parser found; the writer ignores it, and so does ==;
//   - returns nested in a <Contract> are read into ContractFeedDocument::returns: the
//     writer writes every return as a child of <ContractFeed> that names its contract;
//   - a comment's surrounding whitespace is not kept (the parser trims it), and XML reads
//     every line end as a line feed, so the writer writes "\r\n" and "\r" as "\n";
//   - withdrawing a KPI has no spelling: a feed withdraws a KPI by re-sending its contract
//     without it (SPEC §2); from which period is the services' decision.
//
// The writer spells values; it does not judge them. A value the format can spell is written
// even where the importer will reject it (disordered thresholds, a return for a period that
// has not ended), so that tests can send such documents. A value the format cannot spell is
// a programming error and throws std::invalid_argument naming it: a non-finite number, text
// that is not UTF-8 or holds a control character XML 1.0 cannot carry, a Contract whose
// `kpis` (use ParsedContract::kpis) or `lot` (eForms only) is set.
//
// Numbers are written in the shortest decimal form that reads back to the same double
// (0.1, 0.0000001, 12500000): the format has no exponent. Dates are YYYY-MM-DD, timestamps
// YYYY-MM-DDTHH:MM:SSZ, periods YYYY-MM or YYYY-Qn. Output is UTF-8 with an XML declaration,
// indented by two spaces, and the same value always gives the same bytes.
//
// Thread safety: pure functions.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "importers/documents.h"
#include "model/domain.h"

namespace scorecard::importers {

// <ContractFeed>: authorities, suppliers, contracts with their KPIs, then returns.
std::string write_contract_feed(const ContractFeedDocument& feed);

// <KpiReturn>: one supplier's figures for one contract and period.
std::string write_kpi_return(const KpiReturn& figures);

// <KpiReturns>: a batch, in the order given.
std::string write_kpi_returns(const std::vector<KpiReturn>& batch);

// The same bytes onto a stream, for documents too large to hold twice (the benchmark data).
void write_contract_feed(std::ostream& out, const ContractFeedDocument& feed);
void write_kpi_return(std::ostream& out, const KpiReturn& figures);
void write_kpi_returns(std::ostream& out, const std::vector<KpiReturn>& batch);

// Where each <Measure> of a document write_kpi_return() wrote starts: its line (1-based),
// in the order of the return's measures. For a form that built the return from its fields,
// to place the importer's problems, which carry lines, on the fields they are about: the
// lines before the first measure are the return's own, and each measure runs to the line
// before the next one starts. (The writer starts every element on a line of its own and
// writes every '<' in text as "&lt;", so only an element starts a line with "<Measure".)
std::vector<int> measure_lines(std::string_view written);

// The one spelling of a number in our formats: -?digits(.digits)?, the shortest that reads
// back to `value` ("0.1", "-0.25", "12500000"; negative zero is "0"). Throws
// std::invalid_argument for NaN and infinities.
std::string format_number(double value);

}  // namespace scorecard::importers
