// RFC 6962 / RFC 9162 Merkle tree hashing and proof verification. Pure functions over hashes in
// auditgraph_core (core/: libcrypto only): a third party can check what the log hands out with
// these alone, or with any other RFC 6962 implementation.
//
//   leaf hash  = SHA-256(0x00 || leaf bytes)        (a leaf is the exact stored record bytes)
//   node hash  = SHA-256(0x01 || left || right)
//   empty tree = SHA-256("")
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/hash.h"
#include "auditgraph/status.h"

namespace auditgraph {

Hash merkle_leaf_hash(std::string_view leaf_bytes);
Hash merkle_node_hash(const Hash& left, const Hash& right);
Hash merkle_empty_root();

// The RFC 6962 Merkle Tree Hash of the given leaf hashes (O(n); for tests and `verify`).
Hash merkle_root(std::span<const Hash> leaf_hashes);

// Proof that leaf `index` is in the tree of `size` leaves whose root is `root`.
struct InclusionProof {
  uint64_t index = 0;
  uint64_t size = 0;
  Hash leaf_hash;
  std::vector<Hash> path;  // RFC 6962 PATH, from the leaf's sibling up
  Hash root;
};

// Proof that the tree of `from` leaves is a prefix of the tree of `to` leaves.
struct ConsistencyProof {
  uint64_t from = 0;
  uint64_t to = 0;
  Hash from_root;
  Hash to_root;
  std::vector<Hash> path;  // RFC 6962 PROOF(from, D[to])
};

// OK when `path` proves that `leaf_hash` sits at `index` of the tree of `size` leaves with
// `root`; otherwise Corruption (proof does not match) or InvalidArgument (index out of range,
// wrong path length), each with the reason.
Status verify_inclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                        std::span<const Hash> path, const Hash& root);

// OK when `path` proves that the tree of `from` leaves with `from_root` is a prefix of the tree of
// `to` leaves with `to_root`. Equal sizes need an empty path and equal roots (and size 0 the empty
// tree's root). A proof from the empty tree to a non-empty one is refused as meaningless (every
// tree extends the empty one), as transparency-dev/merkle does.
Status verify_consistency(uint64_t from, uint64_t to, const Hash& from_root, const Hash& to_root,
                          std::span<const Hash> path);

// The same two checks over raw byte strings, as proofs arrive from outside (decoded JSON or
// base64). Any hash that is not 32 bytes is refused with InvalidArgument naming it, except that
// equal non-zero sizes compare the two roots as given, byte for byte.
Status verify_inclusion_bytes(uint64_t index, uint64_t size, std::string_view leaf_hash,
                              std::span<const std::string> path, std::string_view root);
Status verify_consistency_bytes(uint64_t from, uint64_t to, std::string_view from_root,
                                std::string_view to_root, std::span<const std::string> path);

}  // namespace auditgraph
