// Hash: a SHA-256 digest, the node type of the Merkle tree. A value type.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "auditgraph/status.h"

namespace auditgraph {

struct Hash {
  static constexpr size_t kSize = 32;
  std::array<uint8_t, kSize> bytes{};

  friend bool operator==(const Hash&, const Hash&) = default;

  // Lower-case hex, 64 characters.
  std::string hex() const;
  std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }

  // Exactly 32 raw bytes, or InvalidArgument naming `field` and the length seen.
  static Result<Hash> FromBytes(std::string_view raw, std::string_view field = "hash");
  // Exactly 64 hex digits (either case), or InvalidArgument naming `field`.
  static Result<Hash> FromHex(std::string_view hex, std::string_view field = "hash");
};

// SHA-256 of `data`.
Hash sha256(std::string_view data);

// Lower-case hex of arbitrary bytes.
std::string to_hex(std::string_view bytes);

}  // namespace auditgraph
