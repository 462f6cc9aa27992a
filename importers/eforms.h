// eForms result notices (Contract Award Notices, UBL 2.3 with the eForms extension) ->
// EformsNotice (SPEC §5). Called by parse_document() for a root named ContractAwardNotice;
// other eForms roots (ContractNotice, PriorInformationNotice) are "not a result notice".
#pragma once

#include <pugixml.hpp>

#include "importers/documents.h"
#include "importers/xml_support.h"

namespace scorecard::importers {

// Fills out.notice and adds every problem found to `sink`.
void parse_eforms_notice(const pugi::xml_node& root, ProblemSink& sink, ParseResult& out);

}  // namespace scorecard::importers
