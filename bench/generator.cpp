// scorecard-bench-gen: the deterministic benchmark data set (issue #8).
//
// Scale 1 is 20,000 contracts x 8 KPIs x 36 monthly periods (2023-01 .. 2025-12), i.e.
// 5,760,000 measures. It writes, under OUT:
//   feeds/feed-NNNNN.xml        ContractFeeds of up to 1,000 contracts (with their
//                               authorities and suppliers)
//   returns/returns-NNNNN.xml   KpiReturns batches: 50 contracts x 36 periods each
//   csv/*.csv                   the same rows as the import stores in authorities,
//                               suppliers, contracts, kpi_versions, return_versions and
//                               measures, in table column order, for the raw bulk-load
//                               baseline (sqlite3 .import, MariaDB LOAD DATA)
//   counts.txt                  key=value counts worked out from the scale
//
// The same scale always gives the same bytes: every value comes from a hash of the
// contract, KPI and period, never from a clock or a random device. The XML is written from
// domain values by importers/xml_writer.h, like every other document of our formats.
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "importers/documents.h"
#include "importers/xml_writer.h"
#include "model/domain.h"

namespace {

using namespace scorecard;
namespace fs = std::filesystem;

constexpr long kContractsAtScale1 = 20000;
constexpr int kPeriods = 36;  // 2023-01 .. 2025-12
constexpr int kFirstYear = 2023;
constexpr int kAuthorities = 20;
constexpr int kContractsPerSupplier = 4;
constexpr int kContractsPerFeed = 1000;  // a multiple of kContractsPerSupplier
constexpr int kContractsPerReturnFile = 50;

// One KPI of every contract; the eight cover every direction and most units.
struct KpiSpec {
    const char* code;
    const char* name;
    const char* unit;
    bool higher;
    double weight, good, approaching, minimum;
    double low, high;  // the range values are drawn from
    const char* category;
};
constexpr KpiSpec kKpis[] = {
    {"CALLS", "Calls answered within 60 seconds", "percent", true, 20, 95, 90, 85, 78, 100,
     "service"},
    {"COMPLAINTS", "Complaints per 10,000 calls", "ratio", false, 10, 5, 8, 12, 1, 16, "quality"},
    {"RESOLVED", "Cases resolved at first contact", "percent", true, 15, 90, 85, 80, 72, 100,
     "service"},
    {"DELIVERY", "Days to deliver an order", "days", false, 10, 5, 7, 10, 2, 13, "timeliness"},
    {"RESPONSE", "Hours to respond to a critical incident", "hours", false, 10, 4, 8, 24, 1, 30,
     "timeliness"},
    {"SATISFACTION", "User satisfaction (0-10)", "score", true, 15, 8, 7, 6, 4.5, 10,
     "user_satisfaction"},
    {"AVAILABILITY", "Service availability", "percent", true, 10, 99.5, 99, 98, 97, 100, "service"},
    {"APPRENTICES", "Apprenticeships created", "count", true, 10, 10, 6, 3, 0, 14, "social_value"},
};
constexpr int kKpiCount = sizeof(kKpis) / sizeof(kKpis[0]);
constexpr const char* kSizes[] = {"large", "medium", "small", "micro"};

// splitmix64: a well-mixed hash of the inputs, so values do not depend on generation order.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
double unit_hash(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    return static_cast<double>(mix(mix(mix(a) ^ b) ^ c) >> 11) * 0x1.0p-53;
}

std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* format, ...) {
    char buffer[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return buffer;
}

std::string contract_id(long c) {
    return fmt("BENCH-C%06ld", c + 1);
}
std::string supplier_id(long s) {
    return fmt("GB-COH-9%07ld", s + 1);
}
std::string authority_id(long a) {
    return fmt("GB-GOV-BENCH%02ld", a + 1);
}
Authority authority(long a) {
    return {authority_id(a), "Benchmark department " + std::to_string(a + 1)};
}
Supplier supplier(long s) {
    return {supplier_id(s), "Benchmark supplier " + std::to_string(s + 1) + " Ltd",
            *parse_enum<SizeClass>(kSizes[s % 4]), s % 50 == 0};
}
double contract_value(long c) {
    return static_cast<double>(100000 + (c % 97) * 25000);
}
Contract contract(long c, long authorities) {
    Contract k;
    k.id = contract_id(c);
    k.authority_id = authority_id(c % authorities);
    k.supplier_id = supplier_id(c / kContractsPerSupplier);
    k.title = "Benchmark services lot " + std::to_string(c + 1);
    k.start = *parse_date("2023-01-01");
    k.end = *parse_date("2025-12-31");
    k.value = contract_value(c);
    k.currency = "GBP";
    k.frequency = Frequency::kMonthly;
    return k;
}
std::string period_of(int p) {
    return fmt("%04d-%02d", kFirstYear + p / 12, p % 12 + 1);
}
std::string period_start(int p) {
    return period_of(p) + "-01";
}
// Returns are submitted on the 5th of the month after the period.
std::string submitted_at(int p) {
    int next = p + 1;
    return fmt("%04d-%02d-05T10:00:00Z", kFirstYear + next / 12, next % 12 + 1);
}

// The measured value of KPI k of contract c in period p. Each contract has a quality
// (most are fine, some poor) and drifts over time, so that every rating and flag occurs.
double value_of(long c, int k, int p) {
    const KpiSpec& spec = kKpis[k];
    double quality = unit_hash(c, 1, 0);              // the contract's standing
    double drift = (unit_hash(c, 2, 0) - 0.5) * 0.4;  // improving or declining
    double noise = (unit_hash(c, k + 10, p) - 0.5) * 0.35;
    double u = 0.35 + 0.65 * quality + drift * p / kPeriods + noise;
    u = std::clamp(u, 0.0, 1.0);
    double good_end = spec.higher ? spec.high : spec.low;
    double bad_end = spec.higher ? spec.low : spec.high;
    double v = bad_end + (good_end - bad_end) * u;
    // One decimal (two for availability, whose thresholds are 99.5 / 99).
    double step = std::string_view(spec.code) == "AVAILABILITY" ? 100.0 : 10.0;
    if (std::string_view(spec.unit) == "count")
        step = 1.0;
    return std::round(v * step) / step;
}

// Numbers in the CSV are spelt as in the XML, so both baselines load the same figures.
std::string number(double v) {
    return importers::format_number(v);
}

std::string csv_text(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"')
            out += '"';
        out += ch;
    }
    return out + "\"";
}

void usage(std::ostream& os) {
    os << "Usage: scorecard-bench-gen --scale S --out DIR\n\n"
          "Writes the deterministic benchmark data set: scale 1 is 20,000 contracts x 8 KPIs x\n"
          "36 monthly periods (5,760,000 measures) as ContractFeed and KpiReturns XML files\n"
          "(DIR/feeds, DIR/returns), the same rows as CSV for the raw bulk-load baseline\n"
          "(DIR/csv) and DIR/counts.txt. Contracts = round(20000 x S), at least 1.\n"
          "  --scale S   e.g. 0.001 (20 contracts), 0.25, 1, 4\n"
          "  --out DIR   created if absent; files in it are overwritten\n"
          "  --no-csv    skip the CSV files\n";
}

class Writer {
  public:
    explicit Writer(const fs::path& path) : out_(path, std::ios::binary) {
        if (!out_)
            throw std::runtime_error("cannot write " + path.string());
    }
    Writer& operator<<(std::string_view s) {
        out_ << s;
        return *this;
    }
    std::ostream& stream() { return out_; }

  private:
    std::ofstream out_;
};

}  // namespace

int main(int argc, char** argv) {
    double scale = 0;
    std::string out_dir;
    bool csv = true;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--help" || a == "-h") {
            usage(std::cout);
            return 0;
        } else if (a == "--scale" && i + 1 < argc) {
            char* end = nullptr;
            scale = std::strtod(argv[++i], &end);
            if (*end != '\0' || !(scale > 0) || scale > 100) {
                std::cerr << "scorecard-bench-gen: --scale must be a number above 0, at most "
                             "100\n";
                return 2;
            }
        } else if (a == "--out" && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (a == "--no-csv") {
            csv = false;
        } else {
            std::cerr << "scorecard-bench-gen: unknown argument " << a << "\n";
            usage(std::cerr);
            return 2;
        }
    }
    if (scale <= 0 || out_dir.empty()) {
        usage(std::cerr);
        return 2;
    }

    try {
        const long contracts = std::max(1L, std::lround(kContractsAtScale1 * scale));
        const long suppliers = (contracts + kContractsPerSupplier - 1) / kContractsPerSupplier;
        const long authorities = std::min<long>(kAuthorities, contracts);
        const fs::path root(out_dir);
        fs::create_directories(root / "feeds");
        fs::create_directories(root / "returns");
        if (csv)
            fs::create_directories(root / "csv");

        // Feeds, written by the one writer of our formats (importers/xml_writer.h).
        std::vector<KpiDefinition> kpis;
        for (const auto& k : kKpis) {
            kpis.push_back(KpiDefinition{k.code, k.name, *parse_enum<Unit>(k.unit),
                                         k.higher ? Direction::kHigher : Direction::kLower,
                                         k.weight, KpiThresholds{k.good, k.approaching, k.minimum},
                                         parse_enum<KpiCategory>(k.category)});
        }
        long feed_files = 0;
        for (long first = 0; first < contracts; first += kContractsPerFeed, ++feed_files) {
            const long last = std::min(contracts, first + kContractsPerFeed);
            importers::ContractFeedDocument feed;
            feed.generated = parse_timestamp("2023-01-01T00:00:00Z");
            for (long a = 0; a < authorities; ++a)
                feed.authorities.push_back({authority(a), {}});
            for (long s = first / kContractsPerSupplier; s <= (last - 1) / kContractsPerSupplier;
                 ++s)
                feed.suppliers.push_back({supplier(s), {}});
            for (long c = first; c < last; ++c) {
                importers::ParsedContract parsed{contract(c, authorities), {}, {}};
                for (const KpiDefinition& k : kpis)
                    parsed.kpis.push_back({k, std::nullopt, {}});
                feed.contracts.push_back(std::move(parsed));
            }
            importers::write_contract_feed(
                Writer(root / "feeds" / fmt("feed-%05ld.xml", feed_files + 1)).stream(), feed);
        }

        // Returns.
        long return_files = 0;
        for (long first = 0; first < contracts; first += kContractsPerReturnFile, ++return_files) {
            const long last = std::min(contracts, first + kContractsPerReturnFile);
            std::vector<KpiReturn> batch;
            for (long c = first; c < last; ++c) {
                for (int p = 0; p < kPeriods; ++p) {
                    KpiReturn r{contract_id(c),
                                *Period::parse(period_of(p)),
                                *parse_timestamp(submitted_at(p)),
                                {}};
                    for (int k = 0; k < kKpiCount; ++k) {
                        Measure m;
                        m.kpi_code = kKpis[k].code;
                        m.value = value_of(c, k, p);
                        r.measures.push_back(std::move(m));
                    }
                    batch.push_back(std::move(r));
                }
            }
            importers::write_kpi_returns(
                Writer(root / "returns" / fmt("returns-%05ld.xml", return_files + 1)).stream(),
                batch);
        }

        // The same rows as CSV, in each table's column order (store/migrations.cpp).
        if (csv) {
            Writer wa(root / "csv" / "authorities.csv");
            for (long a = 0; a < authorities; ++a)
                wa << authority_id(a) << "," << csv_text(authority(a).name) << "\n";
            Writer ws(root / "csv" / "suppliers.csv");
            for (long s = 0; s < suppliers; ++s) {
                const Supplier row = supplier(s);
                ws << row.id << "," << csv_text(row.name) << "," << kSizes[s % 4] << ","
                   << (row.strategic ? "1" : "0") << "\n";
            }
            Writer wc(root / "csv" / "contracts.csv");
            Writer wk(root / "csv" / "kpi_versions.csv");
            Writer wr(root / "csv" / "return_versions.csv");
            Writer wm(root / "csv" / "measures.csv");
            long kpi_row = 0, return_row = 0;
            for (long c = 0; c < contracts; ++c) {
                const Contract row = contract(c, authorities);
                const std::string& id = row.id;
                wc << id << "," << row.authority_id << "," << row.supplier_id << ","
                   << csv_text(row.title) << ",2023-01-01,2025-12-31," << number(row.value)
                   << ",GBP,monthly,active,,\n";  // lot and regime empty: every column, so
                                                  // sqlite3 .import need not fill any in
                for (const auto& k : kKpis)
                    wk << std::to_string(++kpi_row) << "," << id << "," << k.code
                       << ",2023-01,2023-01-01,0," << csv_text(k.name) << "," << k.unit << ","
                       << (k.higher ? "higher" : "lower") << "," << number(k.weight) << ","
                       << number(k.good) << "," << number(k.approaching) << "," << number(k.minimum)
                       << "," << k.category << "\n";
                for (int p = 0; p < kPeriods; ++p) {
                    ++return_row;
                    wr << std::to_string(return_row) << "," << id << "," << period_of(p) << ","
                       << period_start(p) << ",1,1," << std::to_string(c / 50 + 1) << ","
                       << submitted_at(p) << ",2023-01-01T00:00:00Z,bench,\n";
                    for (int k = 0; k < kKpiCount; ++k)
                        wm << std::to_string(return_row) << "," << std::to_string(k) << ","
                           << kKpis[k].code << ",measured," << number(value_of(c, k, p)) << ",,,\n";
                }
            }
        }

        Writer counts(root / "counts.txt");
        counts << "scale=" << fmt("%g", scale) << "\ncontracts=" << std::to_string(contracts)
               << "\nsuppliers=" << std::to_string(suppliers)
               << "\nauthorities=" << std::to_string(authorities)
               << "\nkpis_per_contract=" << std::to_string(kKpiCount)
               << "\nperiods=" << std::to_string(kPeriods)
               << "\nreturns=" << std::to_string(contracts * kPeriods)
               << "\nmeasures=" << std::to_string(contracts * kPeriods * kKpiCount)
               << "\nfeed_files=" << std::to_string(feed_files)
               << "\nreturn_files=" << std::to_string(return_files) << "\nas_of=2026-01-15\n";
        std::cout << "scorecard-bench-gen: scale " << scale << ": " << contracts << " contracts, "
                  << contracts * kPeriods * kKpiCount << " measures in " << feed_files
                  << " feed and " << return_files << " return file(s) under " << out_dir << "\n";
    } catch (const std::exception& e) {
        std::cerr << "scorecard-bench-gen: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
