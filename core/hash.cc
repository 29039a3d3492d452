// OpenSSL 3's one-shot SHA256() goes through EVP and fetches and frees the algorithm on every
// call, which costs several times the hashing of a Merkle node. The low-level calls are
// deprecated in favour of EVP but remain supported, and are what the hot path needs.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "auditgraph/hash.h"
#include "auditgraph/sha256.h"

#include <openssl/sha.h>

namespace auditgraph {

Sha256::Sha256() {
  static_assert(sizeof(SHA256_CTX) <= sizeof state_ && alignof(SHA256_CTX) <= 8);
  SHA256_Init(reinterpret_cast<SHA256_CTX*>(state_));
}

void Sha256::update(std::string_view part) {
  SHA256_Update(reinterpret_cast<SHA256_CTX*>(state_), part.data(), part.size());
}

Hash Sha256::finish() {
  Hash h;
  SHA256_Final(h.bytes.data(), reinterpret_cast<SHA256_CTX*>(state_));
  return h;
}

Hash sha256(std::string_view data) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, data.data(), data.size());
  Hash h;
  SHA256_Final(h.bytes.data(), &ctx);
  return h;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

std::string Hash::hex() const { return to_hex(view()); }

Result<Hash> Hash::FromBytes(std::string_view raw, std::string_view field) {
  if (raw.size() != kSize) {
    return Status::InvalidArgument(std::string(field) + ": a hash is 32 bytes, got " +
                                   std::to_string(raw.size()));
  }
  Hash h;
  for (size_t i = 0; i < kSize; ++i) h.bytes[i] = static_cast<uint8_t>(raw[i]);
  return h;
}

Result<Hash> Hash::FromHex(std::string_view hex, std::string_view field) {
  if (hex.size() != kSize * 2) {
    return Status::InvalidArgument(std::string(field) + ": a hash is 64 hex digits, got " +
                                   std::to_string(hex.size()) + " characters");
  }
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Hash h;
  for (size_t i = 0; i < kSize; ++i) {
    int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument(std::string(field) + ": not a hex digit at position " +
                                     std::to_string(2 * i + (hi < 0 ? 0 : 1)));
    }
    h.bytes[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return h;
}

}  // namespace auditgraph
