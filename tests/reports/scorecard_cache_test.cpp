// reports/scorecard_cache.h and the stored form of prepared bodies (store/prepared_body.h)
// without a database: stored bytes unpack exactly to what was packed, the cache keeps them
// as stored (packing only rows stored before migration 12), and the capacity counts what
// entries take stored, evicting the least recently used.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "reports/scorecard_cache.h"

using scorecard::reports::ScorecardCache;
using scorecard::store::BodyCodec;
using scorecard::store::PreparedKind;
using scorecard::store::PreparedScorecard;
using scorecard::store::StoredBody;

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
    row.stored = StoredBody::pack(body_of(id, periods));  // as read from the row
    return row;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scorecard_cache)

BOOST_AUTO_TEST_CASE(stored_bodies_unpack_to_the_same_bytes) {
    for (const std::string& bytes : {body_of(1), body_of(3, 1), std::string(), std::string("x"),
                                     std::string("\0\xff\x01 not json", 12)}) {
        const auto packed = StoredBody::pack(bytes);
        BOOST_TEST((packed->codec() == BodyCodec::kLz4));
        BOOST_TEST(packed->unpacked() == bytes);
        BOOST_TEST(packed->size() == bytes.size());
        // Read back from the bytes a row stores, and appended after what is there already.
        const auto read = StoredBody::stored(BodyCodec::kLz4, packed->bytes());
        std::string out = "HTTP head\r\n\r\n";
        read->append_to(out);
        BOOST_TEST(out == "HTTP head\r\n\r\n" + bytes);
        // A row written before migration 12 holds the JSON as it is.
        const auto old = StoredBody::stored(BodyCodec::kJson, bytes);
        BOOST_TEST(old->unpacked() == bytes);
        BOOST_TEST(old->size() == bytes.size());
    }
    // Repetitive text packs well.
    BOOST_TEST(StoredBody::pack(body_of(2))->bytes().size() * 4 < body_of(2).size());
    // Bytes that do not hold what they say are an error, never served.
    const std::string good = StoredBody::pack(body_of(2))->bytes();
    BOOST_CHECK_THROW(StoredBody::stored(BodyCodec::kLz4, "ab"), std::exception);
    BOOST_CHECK_THROW(StoredBody::stored(static_cast<BodyCodec>(7), good), std::exception);
    BOOST_CHECK_THROW(StoredBody::stored(BodyCodec::kLz4, std::string("\xff\xff\xff\x7f", 4)),
                      std::exception);
    BOOST_CHECK_THROW(
        StoredBody::stored(BodyCodec::kLz4, good.substr(0, good.size() / 2))->unpacked(),
        std::exception);
}

BOOST_AUTO_TEST_CASE(rows_stored_before_bodies_were_packed_are_packed_when_kept) {
    ScorecardCache cache(1 << 20);
    PreparedScorecard row = row_of(7);
    row.stored = StoredBody::stored(BodyCodec::kJson, body_of(7));
    cache.keep(PreparedKind::kContract, "C7", row, 3);
    const auto kept = cache.find(PreparedKind::kContract, "C7");
    BOOST_TEST_REQUIRE(kept.has_value());
    BOOST_TEST((kept->body->codec() == BodyCodec::kLz4));
    BOOST_TEST(kept->body->unpacked() == body_of(7));
    BOOST_TEST(cache.counts().bytes < body_of(7).size() / 2);
}

BOOST_AUTO_TEST_CASE(rows_are_kept_with_their_fields_and_served_unpacked) {
    ScorecardCache cache(1 << 20);
    PreparedScorecard row = row_of(7);
    const std::string body = body_of(7);
    cache.keep(PreparedKind::kContract, "C7", row, 3);
    const auto kept = cache.find(PreparedKind::kContract, "C7");
    BOOST_TEST_REQUIRE(kept.has_value());
    BOOST_TEST(kept->body == row.stored);  // shared as stored, not packed again
    BOOST_TEST(kept->row->body.empty());
    BOOST_TEST(!kept->row->stored);
    BOOST_TEST(kept->row->version == 7);
    BOOST_TEST(kept->row->authority_id == "A1");
    BOOST_TEST(kept->row->prepared_at == "20260115T120000Z");
    BOOST_TEST(kept->checked_at == 3);
    BOOST_TEST(kept->body->unpacked() == body);
    BOOST_TEST(!cache.find(PreparedKind::kSupplier, "C7").has_value());
    const auto counts = cache.counts();
    BOOST_TEST(counts.unpacked == body.size());
    BOOST_TEST(counts.bytes > kept->body->bytes().size());
    BOOST_TEST(counts.bytes < body.size());
}

BOOST_AUTO_TEST_CASE(the_capacity_counts_packed_entries_and_evicts_the_least_recently_used) {
    // What each of four rows takes, stored.
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
    BOOST_TEST(cache.find(PreparedKind::kContract, "C4")->row->version == 4);
    // Nothing is kept by a cache of no capacity.
    ScorecardCache none(0);
    PreparedScorecard row = row_of(1);
    none.keep(PreparedKind::kContract, "C1", row, 1);
    BOOST_TEST(!none.find(PreparedKind::kContract, "C1").has_value());
    BOOST_TEST(none.counts().bytes == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
