#include "services/secrets.h"

#include <charconv>
#include <stdexcept>
#include <vector>

#include <Poco/DigestEngine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>
#include <openssl/evp.h>

namespace scorecard::services {
namespace {

std::string random_bytes(std::size_t n) {
    Poco::RandomInputStream in;
    std::string out(n, '\0');
    in.read(out.data(), static_cast<std::streamsize>(n));
    return out;
}

std::string to_hex(const std::string& bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out;
}

// OpenSSL's PBKDF2 (linked through Poco::Crypto): the same function as Poco's
// PBKDF2Engine<HMACEngine<SHA256>>, about three times faster, which matters at 600,000
// iterations on every sign-in.
std::string pbkdf2(std::string_view password, const std::string& salt, int iterations) {
    unsigned char out[32];
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof out,
                          out) != 1)
        throw std::runtime_error("PBKDF2 failed");
    return to_hex(std::string(reinterpret_cast<const char*>(out), sizeof out));
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string new_token() {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string bytes = random_bytes(32);
    std::string out = "sc_";
    // base64url without padding: 6 bits at a time.
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(buffer >> bits) & 63];
        }
    }
    if (bits > 0)
        out += kAlphabet[(buffer << (6 - bits)) & 63];
    return out;
}

std::string hash_password(std::string_view password, int iterations) {
    std::string salt = random_bytes(16);
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + to_hex(salt) + "$" +
           pbkdf2(password, salt, iterations);
}

bool verify_password(std::string_view password, std::string_view stored) {
    auto next = [&stored](std::string_view& part) {
        auto pos = stored.find('$');
        part = stored.substr(0, pos);
        stored = pos == std::string_view::npos ? std::string_view{} : stored.substr(pos + 1);
    };
    std::string_view scheme, iter_text, salt_hex, hash_hex;
    next(scheme);
    next(iter_text);
    next(salt_hex);
    next(hash_hex);
    if (scheme != "pbkdf2-sha256" || salt_hex.size() % 2 != 0 || hash_hex.empty())
        return false;
    int iterations = 0;
    auto [p, ec] =
        std::from_chars(iter_text.data(), iter_text.data() + iter_text.size(), iterations);
    if (ec != std::errc{} || p != iter_text.data() + iter_text.size() || iterations < 1)
        return false;
    std::string salt;
    for (std::size_t i = 0; i < salt_hex.size(); i += 2) {
        unsigned byte = 0;
        auto r = std::from_chars(salt_hex.data() + i, salt_hex.data() + i + 2, byte, 16);
        if (r.ec != std::errc{})
            return false;
        salt += static_cast<char>(byte);
    }
    return constant_time_equal(pbkdf2(password, salt, iterations), hash_hex);
}

// Every byte is compared, whatever differs first: the time taken tells only the length.
bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace scorecard::services
