// scorecard-bench-xml: our parse and validation of XML documents against pugixml's bare
// parse of the same bytes (issue #8, "XML" figure).
//
// For every file named (directories: every *.xml below, in name order) it reads the bytes
// once, then times, over all files, (a) pugi::xml_document::load_buffer with pugixml's
// default options, and (b) scorecard::importers::parse_document, which is what every import runs
// before touching the database: well-formedness, namespace, types, ranges, ordering and
// duplicates, building the domain values. Each is run `--rounds` times (best round kept, to
// damp the noise of a shared machine). Prints key=value lines for bench/run.sh.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "importers/documents.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

template <class F>
double best_seconds(int rounds, F&& body) {
    double best = 1e300;
    for (int r = 0; r < rounds; ++r) {
        auto start = Clock::now();
        body();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> files;
    int rounds = 3;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::cout
                << "Usage: scorecard-bench-xml [--rounds N] FILE|DIR...\n\n"
                   "Times pugixml's bare parse and scorecard's parse and validation\n"
                   "(scorecard::importers::parse_document) of the same files; prints key=value.\n";
            return 0;
        }
        if (a == "--rounds" && i + 1 < argc) {
            rounds = std::max(1, std::atoi(argv[++i]));
            continue;
        }
        fs::path p(a);
        if (fs::is_directory(p)) {
            std::vector<fs::path> found;
            for (const auto& e : fs::recursive_directory_iterator(p))
                if (e.is_regular_file() && e.path().extension() == ".xml")
                    found.push_back(e.path());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p)) {
            files.push_back(p);
        } else {
            std::cerr << "scorecard-bench-xml: no such file or directory: " << a << "\n";
            return 2;
        }
    }
    if (files.empty()) {
        std::cerr << "scorecard-bench-xml: no XML files given (try --help)\n";
        return 2;
    }
    try {
        std::vector<std::string> docs;
        std::size_t bytes = 0;
        for (const auto& f : files) {
            docs.push_back(read_file(f));
            bytes += docs.back().size();
        }
        std::size_t bare_failures = 0, problems = 0, returns = 0, measures = 0;
        double bare = best_seconds(rounds, [&] {
            bare_failures = 0;
            for (const auto& d : docs) {
                pugi::xml_document doc;
                if (!doc.load_buffer(d.data(), d.size()))
                    ++bare_failures;
            }
        });
        double ours = best_seconds(rounds, [&] {
            problems = returns = measures = 0;
            for (std::size_t i = 0; i < docs.size(); ++i) {
                auto result = scorecard::importers::parse_document(docs[i], files[i].string());
                problems += result.problems.size();
                returns += result.returns.size();
                for (const auto& r : result.returns)
                    measures += r.figures.measures.size();
            }
        });
        std::cout << "files=" << files.size() << "\nbytes=" << bytes << "\nrounds=" << rounds
                  << "\nbare_seconds=" << bare << "\nours_seconds=" << ours
                  << "\nbare_mb_per_s=" << bytes / 1e6 / bare
                  << "\nours_mb_per_s=" << bytes / 1e6 / ours << "\nratio=" << bare / ours
                  << "\nreturns=" << returns << "\nmeasures=" << measures
                  << "\nproblems=" << problems << "\nbare_failures=" << bare_failures << "\n";
        return problems == 0 && bare_failures == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "scorecard-bench-xml: " << e.what() << "\n";
        return 1;
    }
}
