// The stored form of a prepared scorecard's bytes (store/prepared_scorecard_repository.h),
// in one place: written by the repository, kept as it is by a server's cache
// (reports/scorecard_cache.h) and unpacked straight into the response.
//
// Codecs (the body_codec column, migration 12; docs/schema.md):
//   0 kJson  the JSON as it is (every row written before migration 12)
//   1 kLz4   the JSON's length (4 bytes, little-endian) then one LZ4 block of it, without a
//            dictionary: a contract's 45 kB scorecard takes about 5 kB, and needs nothing
//            but its own bytes to unpack, whenever and by whichever binary it is read.
// A codec, once written, is read for ever: a new one is a new number.
//
// Thread safety: a StoredBody is immutable once made; share it freely.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace scorecard::store {

enum class BodyCodec : int { kJson = 0, kLz4 = 1 };

// What writers write.
inline constexpr BodyCodec kWrittenCodec = BodyCodec::kLz4;

class StoredBody {
  public:
    // The JSON packed with kWrittenCodec.
    static std::shared_ptr<const StoredBody> pack(std::string_view json);
    // Bytes as read from a row with `codec`. Throws Error::Internal for an unknown codec or
    // bytes that do not hold what their header says (never served).
    static std::shared_ptr<const StoredBody> stored(BodyCodec codec, std::string bytes);

    BodyCodec codec() const { return codec_; }
    const std::string& bytes() const { return bytes_; }  // as stored
    std::size_t size() const { return size_; }           // the JSON's length
    // Appends the JSON to `out` (unpacked in place, no copy in between).
    void append_to(std::string& out) const;
    std::string unpacked() const;

    StoredBody(BodyCodec codec, std::string bytes, std::size_t size)
        : codec_(codec), bytes_(std::move(bytes)), size_(size) {}

  private:
    BodyCodec codec_;
    std::string bytes_;
    std::size_t size_;
};

}  // namespace scorecard::store
