#include "importers/documents.h"

#include <algorithm>
#include <array>
#include <tuple>

#include "importers/eforms.h"
#include "importers/parsers.h"
#include "importers/xml_support.h"

namespace scorecard::importers {
namespace {

constexpr std::string_view kEformsCanNamespace =
    "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2";

// eForms roots that are not result notices: nothing to import from them (SPEC §5).
constexpr std::array<std::string_view, 2> kOtherEformsRoots = {"ContractNotice",
                                                               "PriorInformationNotice"};

struct RootKind {
    std::string_view name;
    std::string_view ns;
    DocumentKind kind;
};

constexpr std::array<RootKind, 4> kRoots = {{
    {"ContractFeed", kNamespace, DocumentKind::kContractFeed},
    {"KpiReturn", kNamespace, DocumentKind::kKpiReturn},
    {"KpiReturns", kNamespace, DocumentKind::kKpiReturns},
    {"ContractAwardNotice", kEformsCanNamespace, DocumentKind::kContractAwardNotice},
}};

std::string accepted_roots() {
    std::string out;
    for (const auto& root : kRoots)
        out += (out.empty() ? "" : ", ") + std::string(root.name);
    return out;
}

void parse_kpi_returns(const pugi::xml_node& root, ProblemSink& sink,
                       std::vector<ParsedReturn>& out) {
    detail::AttributeReader attributes(root, sink, {});
    // Read straight into `out` (a return moved is its contract id copied again).
    const std::size_t first = out.size();
    std::vector<bool> identified;
    std::size_t children = 0;
    for (auto child = tree::first_element_child(tree::of(root)); child != nullptr;
         child = tree::next_element_sibling(child))
        ++children;
    out.reserve(first + children);
    identified.reserve(children);
    detail::for_each_child(root, sink, {"KpiReturn"},
                           [&](const pugi::xml_node& child, std::size_t) {
                               auto read = detail::parse_kpi_return(child, sink);
                               identified.push_back(read.identified);
                               out.push_back(std::move(read.parsed));
                           });
    if (out.size() == first)
        sink.add(root, "required", "<KpiReturns> holds no <KpiReturn>");
    detail::check_unique_returns(std::span<const ParsedReturn>(out).subspan(first), identified,
                                 sink);
}

}  // namespace

std::string_view to_string(DocumentKind kind) {
    for (const auto& root : kRoots) {
        if (root.kind == kind)
            return root.name;
    }
    return "";
}

ParseResult parse_document(std::string_view bytes, const std::string& document_name) {
    ParseResult result;
    LineIndex lines(bytes);
    pugi::xml_document doc;
    if (!parse_xml(bytes, doc, lines, document_name, result.problems,
                   /*check_structure_now=*/false))
        return result;
    ProblemSink sink(lines, document_name, result.problems);

    pugi::xml_node root = doc.document_element();
    std::string_view name = local_name(root);
    std::string ns = detail::namespace_of(root);

    // The depth and repeated attributes (parse_xml's check_structure()) are checked by the
    // readers of our own formats as they read, in one walk of the tree: they visit every
    // element they do not skip, and check the subtrees they skip. Any structure problem
    // stops the document as it would before reading: the readers' problems and results are
    // dropped. eForms' reader looks for what it needs, so its tree is walked first.
    const bool checked_as_read =
        ns == kNamespace && (name == "KpiReturn" || name == "KpiReturns" || name == "ContractFeed");
    std::vector<Problem> structure_problems;
    ProblemSink structure(lines, document_name, structure_problems);
    if (checked_as_read) {
        sink.set_structure(&structure);
    } else {
        check_structure(root, structure);
        if (!structure_problems.empty()) {
            result.problems = std::move(structure_problems);
            return result;
        }
    }

    for (auto other : kOtherEformsRoots) {
        if (name == other) {
            sink.add(root, "not_a_result_notice",
                     "<" + std::string(name) +
                         "> is not a result notice: only eForms Contract Award Notices "
                         "(ContractAwardNotice) are imported");
            return result;
        }
    }
    const RootKind* match = nullptr;
    for (const auto& candidate : kRoots) {
        if (candidate.name == name)
            match = &candidate;
    }
    if (match == nullptr) {
        sink.add(
            root, "unknown_document",
            "unknown document <" + std::string(name) + ">; accepted roots: " + accepted_roots());
        return result;
    }
    result.kind = match->kind;
    if (ns != match->ns) {
        sink.add(root, "namespace",
                 "<" + std::string(name) + "> must be in the namespace " + std::string(match->ns) +
                     ", not " + (ns.empty() ? std::string("no namespace") : "'" + ns + "'"));
        return result;
    }

    switch (match->kind) {
        case DocumentKind::kContractFeed:
            detail::parse_contract_feed(root, sink, result.feed);
            break;
        case DocumentKind::kKpiReturn:
            result.returns.push_back(detail::parse_kpi_return(root, sink).parsed);
            break;
        case DocumentKind::kKpiReturns:
            parse_kpi_returns(root, sink, result.returns);
            break;
        case DocumentKind::kContractAwardNotice:
            parse_eforms_notice(root, sink, result);
            break;
        case DocumentKind::kUnknown:
            break;
    }
    if (!structure_problems.empty()) {
        ParseResult failed;
        failed.problems = std::move(structure_problems);
        return failed;
    }
    // Readers report cross-attribute rules after the attributes they read: put everything
    // back in document order for the person fixing it.
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [](const Problem& a, const Problem& b) {
                         return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    return result;
}

}  // namespace scorecard::importers
