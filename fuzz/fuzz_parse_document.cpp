// libFuzzer target: parse_document() (importers/documents.h) on arbitrary bytes, then the
// database rules on whatever it accepted. Any crash, leak of a sanitizer report, or a
// problem without a location inside the document is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto parsed = scorecard::importers::parse_document(bytes, "fuzz");
    // Every problem is located inside the document (or nowhere, for whole-document rules).
    int lines = 1;
    for (char c : bytes)
        lines += c == '\n';
    for (const auto& p : parsed.problems) {
        if (p.line < 0 || p.line > lines || p.column < 0 || p.code.empty())
            std::abort();
    }
    if (parsed.ok())
        scorecard::fuzz::check_rules(parsed);
    return 0;
}
