// Where the tests find the public documents they check against: ../shared/corpus beside the
// checkout (eForms notices, the official OCDS schemas), never copied into the repository.
// SCORECARD_CORPUS overrides the place. Tests that need it carry the CTest label "corpus";
// scripts/test.sh refuses to run without it under CI and says which tests it left out
// elsewhere.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace scorecard::testing {

inline std::filesystem::path corpus_dir() {
    if (const char* set = std::getenv("SCORECARD_CORPUS"); set != nullptr && *set != '\0')
        return set;
    const char* source = std::getenv("SCORECARD_SOURCE_DIR");
    std::filesystem::path root = source != nullptr ? source : SCORECARD_SOURCE_DIR;
    return (root / ".." / "shared" / "corpus").lexically_normal();
}

}  // namespace scorecard::testing
