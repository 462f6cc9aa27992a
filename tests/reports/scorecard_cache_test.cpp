// reports/scorecard_cache.h without a database: the kept bytes come back exactly as given
// (packed against the kind's dictionary, or alone), and the capacity counts what entries
// take packed, evicting the least recently used.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "reports/scorecard_cache.h"

using scorecard::reports::PackedBody;
using scorecard::reports::ScorecardCache;
using scorecard::store::PreparedKind;
using scorecard::store::PreparedScorecard;

namespace {

// A scorecard-like text: repetitive, with some bytes that differ per id.
std::string body_of(int id, int periods = 36) {
    std::string text = R"({"contract":{"id":"C)" + std::to_string(id) + R"("},"periods":[)";
    for (int p = 0; p < periods; ++p) {
        text += (p ? "," : "");
        text += R"({"period":"2025-)" + std::to_string(p) + R"(","score":)" +
                std::to_string((id * 7 + p * 13) % 100) +
                R"(,"rating":"approaching","measures":[{"kpi":"CALLS","value":)" +
                std::to_string((id + p) % 97) + R"(,"comment":null}]})";
    }
    return text + "]}";
}

PreparedScorecard row_of(int id, int periods = 36) {
    PreparedScorecard row;
    row.version = id;
    row.as_of = "2026-01-15";
    row.policy = "fp";
    row.authority_id = "A1";
    row.prepared_at = "20260115T120000Z";
    row.body = body_of(id, periods);
    return row;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scorecard_cache)

BOOST_AUTO_TEST_CASE(packed_bodies_unpack_to_the_same_bytes) {
    const std::string first = body_of(1);
    const auto dictionary = std::make_shared<const std::string>(first);
    for (const std::string& bytes : {first, body_of(2), body_of(3, 1), std::string(),
                                     std::string("x"), std::string("\0\xff\x01 not json", 12)}) {
        const PackedBody alone(bytes, nullptr);
        const PackedBody with_dictionary(bytes, dictionary);
        BOOST_TEST(alone.unpacked() == bytes);
        BOOST_TEST(with_dictionary.unpacked() == bytes);
        BOOST_TEST(alone.size() == bytes.size());
        // Appended after what is there already.
        std::string out = "HTTP head\r\n\r\n";
        with_dictionary.append_to(out);
        BOOST_TEST(out == "HTTP head\r\n\r\n" + bytes);
    }
    // Repetitive text packs well, better still against a dictionary of its kind.
    const PackedBody alone(body_of(2), nullptr);
    const PackedBody with_dictionary(body_of(2), dictionary);
    BOOST_TEST(alone.packed_size() * 4 < body_of(2).size());
    BOOST_TEST(with_dictionary.packed_size() < alone.packed_size());
}

BOOST_AUTO_TEST_CASE(rows_are_kept_with_their_fields_and_served_unpacked) {
    ScorecardCache cache(1 << 20);
    PreparedScorecard row = row_of(7);
    const std::string body = row.body;
    cache.keep(PreparedKind::kContract, "C7", row, 3);
    BOOST_TEST(row.body == body);  // left as it was
    const auto kept = cache.find(PreparedKind::kContract, "C7");
    BOOST_TEST_REQUIRE(kept.has_value());
    BOOST_TEST(kept->row.body.empty());
    BOOST_TEST(kept->row.version == 7);
    BOOST_TEST(kept->row.authority_id == "A1");
    BOOST_TEST(kept->row.prepared_at == "20260115T120000Z");
    BOOST_TEST(kept->checked_at == 3);
    BOOST_TEST(kept->body->unpacked() == body);
    BOOST_TEST(!cache.find(PreparedKind::kSupplier, "C7").has_value());
    const auto counts = cache.counts();
    BOOST_TEST(counts.unpacked == body.size());
    BOOST_TEST(counts.bytes > kept->body->packed_size());
    BOOST_TEST(counts.bytes < body.size());
}

BOOST_AUTO_TEST_CASE(the_capacity_counts_packed_entries_and_evicts_the_least_recently_used) {
    // What each of four rows takes, packed (the first is its kind's dictionary).
    const std::size_t unpacked = body_of(1).size();
    ScorecardCache probe(1 << 20);
    std::size_t takes[5] = {};
    for (int id = 1; id <= 4; ++id) {
        const std::size_t before = probe.counts().bytes;
        PreparedScorecard row = row_of(id);
        probe.keep(PreparedKind::kContract, "C" + std::to_string(id), row, 1);
        takes[id] = probe.counts().bytes - before;
        BOOST_TEST(takes[id] < unpacked / 2);
    }
    // Room for three and half of the fourth: far less than one body unpacked three times.
    const std::size_t capacity = takes[1] + takes[2] + takes[3] + takes[4] / 2;
    ScorecardCache cache(capacity);
    BOOST_TEST_REQUIRE(cache.counts().bytes == 0u);
    for (int id = 1; id <= 3; ++id) {
        PreparedScorecard row = row_of(id);
        cache.keep(PreparedKind::kContract, "C" + std::to_string(id), row, 1);
    }
    BOOST_TEST(cache.counts().unpacked ==
               body_of(1).size() + body_of(2).size() + body_of(3).size());
    BOOST_TEST(cache.find(PreparedKind::kContract, "C1").has_value());  // now most recent
    PreparedScorecard fourth = row_of(4);
    cache.keep(PreparedKind::kContract, "C4", fourth, 1);
    BOOST_TEST(cache.find(PreparedKind::kContract, "C1").has_value());
    BOOST_TEST(!cache.find(PreparedKind::kContract, "C2").has_value());
    BOOST_TEST(cache.find(PreparedKind::kContract, "C3").has_value());
    BOOST_TEST(cache.find(PreparedKind::kContract, "C4").has_value());
    BOOST_TEST(cache.counts().bytes <= capacity);
    // Kept again at a newer version: replaced, not counted twice.
    const std::size_t before = cache.counts().bytes;
    PreparedScorecard again = row_of(4);
    cache.keep(PreparedKind::kContract, "C4", again, 2);
    BOOST_TEST(cache.counts().bytes == before);
    BOOST_TEST_REQUIRE(cache.find(PreparedKind::kContract, "C4").has_value());
    BOOST_TEST(cache.find(PreparedKind::kContract, "C4")->checked_at == 2);
    // A thread that read an older version does not replace it.
    PreparedScorecard older = row_of(5);
    cache.keep(PreparedKind::kContract, "C4", older, 1);
    BOOST_TEST_REQUIRE(cache.find(PreparedKind::kContract, "C4").has_value());
    BOOST_TEST(cache.find(PreparedKind::kContract, "C4")->row.version == 4);
    // Nothing is kept by a cache of no capacity.
    ScorecardCache none(0);
    PreparedScorecard row = row_of(1);
    none.keep(PreparedKind::kContract, "C1", row, 1);
    BOOST_TEST(!none.find(PreparedKind::kContract, "C1").has_value());
    BOOST_TEST(none.counts().bytes == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
