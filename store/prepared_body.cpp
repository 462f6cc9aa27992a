#include "store/prepared_body.h"

#include <lz4.h>

#include <cstdint>
#include <utility>

#include "model/errors.h"

namespace scorecard::store {
namespace {

constexpr std::size_t kHeaderBytes = 4;
// Far above any scorecard (a contract's is tens of kB): a header above it is corrupt.
constexpr std::size_t kMaxBody = 256u << 20;

std::size_t read_size(std::string_view bytes) {
    if (bytes.size() < kHeaderBytes)
        throw Error::Internal("a stored scorecard is shorter than its header");
    std::size_t size = 0;
    for (std::size_t i = 0; i < kHeaderBytes; ++i)
        size |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
    if (size > kMaxBody)
        throw Error::Internal("a stored scorecard claims " + std::to_string(size) + " bytes");
    return size;
}

}  // namespace

std::shared_ptr<const StoredBody> StoredBody::pack(std::string_view json) {
    if (json.size() > kMaxBody)
        throw Error::Internal("a scorecard of " + std::to_string(json.size()) +
                              " bytes is too large to store");
    const int size = static_cast<int>(json.size());
    std::string out(kHeaderBytes + static_cast<std::size_t>(LZ4_compressBound(size)), '\0');
    for (std::size_t i = 0; i < kHeaderBytes; ++i)
        out[i] = static_cast<char>((json.size() >> (8 * i)) & 0xff);
    // One compression state per thread (16 kB), as LZ4_compress_default would make each time.
    thread_local LZ4_stream_t state;
    thread_local bool initialised = false;
    if (!initialised) {
        LZ4_initStream(&state, sizeof state);
        initialised = true;
    }
    const int packed =
        LZ4_compress_fast_extState(&state, json.data(), out.data() + kHeaderBytes, size,
                                   static_cast<int>(out.size() - kHeaderBytes), 1);
    if (packed <= 0 && size > 0)
        throw Error::Internal("LZ4 could not compress a scorecard");
    out.resize(kHeaderBytes + static_cast<std::size_t>(packed));
    out.shrink_to_fit();
    return std::make_shared<const StoredBody>(BodyCodec::kLz4, std::move(out), json.size());
}

std::shared_ptr<const StoredBody> StoredBody::stored(BodyCodec codec, std::string bytes) {
    switch (codec) {
        case BodyCodec::kJson: {
            const std::size_t size = bytes.size();
            return std::make_shared<const StoredBody>(codec, std::move(bytes), size);
        }
        case BodyCodec::kLz4: {
            const std::size_t size = read_size(bytes);
            return std::make_shared<const StoredBody>(codec, std::move(bytes), size);
        }
    }
    throw Error::Internal("a stored scorecard has unknown codec " +
                          std::to_string(static_cast<int>(codec)));
}

void StoredBody::append_to(std::string& out) const {
    if (codec_ == BodyCodec::kJson) {
        out += bytes_;
        return;
    }
    const std::size_t at = out.size();
    out.resize(at + size_);
    const int n = LZ4_decompress_safe(bytes_.data() + kHeaderBytes, out.data() + at,
                                      static_cast<int>(bytes_.size() - kHeaderBytes),
                                      static_cast<int>(size_));
    if (n < 0 || static_cast<std::size_t>(n) != size_) {
        out.resize(at);
        throw Error::Internal("a stored scorecard did not unpack");
    }
}

std::string StoredBody::unpacked() const {
    std::string out;
    out.reserve(size_);
    append_to(out);
    return out;
}

}  // namespace scorecard::store
