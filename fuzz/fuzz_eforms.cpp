// libFuzzer target: eForms Contract Award Notices (importers/eforms.h through
// parse_document). Seeded with the eForms notices of ../shared/corpus/eforms; the mutations keep
// the UBL envelope often enough to reach the notice reader. An accepted notice must be consistent:
// a buyer, unique winners, and every contract naming one of them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using scorecard::importers::DocumentKind;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto parsed = scorecard::importers::parse_document(bytes, "fuzz");
    if (!parsed.ok() || parsed.kind != DocumentKind::kContractAwardNotice)
        return 0;
    const auto& notice = parsed.notice;
    if (notice.buyer.id.empty())
        std::abort();
    std::set<std::string> winners;
    for (const auto& w : notice.winners) {
        if (w.id.empty() || !winners.insert(w.id).second)
            std::abort();
    }
    for (const auto& c : notice.contracts) {
        if (c.id.empty() || !winners.count(c.supplier_id) || c.authority_id != notice.buyer.id)
            std::abort();
    }
    return 0;
}
