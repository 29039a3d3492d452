// RFC 6962 hashing and the RFC 9162 (section 2.1.3.2 and 2.1.4.2) verification algorithms.
// The SHA256_* streaming calls are deprecated in OpenSSL 3 in favour of EVP, whose per-call
// context allocation costs more than hashing a 500-byte record; they remain supported.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "auditgraph/merkle.h"

#include <openssl/sha.h>

#include <bit>
#include <string>

namespace auditgraph {

Hash merkle_leaf_hash(std::string_view leaf_bytes) {
  // Streamed, so a record is hashed where it lies (this runs once per append and per verify).
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  const unsigned char prefix = 0x00;
  SHA256_Update(&ctx, &prefix, 1);
  SHA256_Update(&ctx, leaf_bytes.data(), leaf_bytes.size());
  Hash h;
  SHA256_Final(h.bytes.data(), &ctx);
  return h;
}

Hash merkle_node_hash(const Hash& left, const Hash& right) {
  char buf[1 + 2 * Hash::kSize];
  buf[0] = '\x01';
  std::copy(left.bytes.begin(), left.bytes.end(), buf + 1);
  std::copy(right.bytes.begin(), right.bytes.end(), buf + 1 + Hash::kSize);
  return sha256(std::string_view(buf, sizeof buf));
}

Hash merkle_empty_root() { return sha256(""); }

Hash merkle_root(std::span<const Hash> leaves) {
  if (leaves.empty()) return merkle_empty_root();
  if (leaves.size() == 1) return leaves[0];
  size_t k = std::bit_floor(leaves.size() - 1);  // largest power of two < n
  return merkle_node_hash(merkle_root(leaves.subspan(0, k)), merkle_root(leaves.subspan(k)));
}

Status verify_inclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                        std::span<const Hash> path, const Hash& root) {
  if (index >= size) {
    return Status::InvalidArgument("inclusion proof: index " + std::to_string(index) +
                                   " is not below tree size " + std::to_string(size));
  }
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : path) {
    if (sn == 0) return Status::InvalidArgument("inclusion proof: path is too long");
    if ((fn & 1) || fn == sn) {
      r = merkle_node_hash(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = merkle_node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument("inclusion proof: path is too short");
  if (r != root) {
    return Status::Corruption("inclusion proof: computed root " + r.hex() +
                              " does not match root " + root.hex());
  }
  return Status::Ok();
}

Status verify_consistency(uint64_t from, uint64_t to, const Hash& from_root, const Hash& to_root,
                          std::span<const Hash> path) {
  if (from > to) {
    return Status::InvalidArgument("consistency proof: from " + std::to_string(from) +
                                   " is above to " + std::to_string(to));
  }
  if (from == to) {
    if (!path.empty()) {
      return Status::InvalidArgument(
          "consistency proof: sizes are equal but the path is not empty");
    }
    if (from_root != to_root) {
      return Status::Corruption("consistency proof: sizes are equal but the roots differ");
    }
    if (from == 0 && from_root != merkle_empty_root()) {
      return Status::Corruption("consistency proof: a tree of size 0 has the empty root");
    }
    return Status::Ok();
  }
  if (from == 0) {
    return Status::InvalidArgument("consistency proof: a proof from the empty tree is meaningless");
  }
  if (path.empty()) return Status::InvalidArgument("consistency proof: path is empty");

  std::vector<Hash> p(path.begin(), path.end());
  if (std::has_single_bit(from)) p.insert(p.begin(), from_root);
  uint64_t fn = from - 1, sn = to - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = p[0], sr = p[0];
  for (size_t i = 1; i < p.size(); ++i) {
    if (sn == 0) return Status::InvalidArgument("consistency proof: path is too long");
    if ((fn & 1) || fn == sn) {
      fr = merkle_node_hash(p[i], fr);
      sr = merkle_node_hash(p[i], sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = merkle_node_hash(sr, p[i]);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Status::InvalidArgument("consistency proof: path is too short");
  if (fr != from_root) {
    return Status::Corruption("consistency proof: computed old root " + fr.hex() +
                              " does not match " + from_root.hex());
  }
  if (sr != to_root) {
    return Status::Corruption("consistency proof: computed new root " + sr.hex() +
                              " does not match " + to_root.hex());
  }
  return Status::Ok();
}

namespace {

Result<std::vector<Hash>> hashes_from_bytes(std::span<const std::string> path) {
  std::vector<Hash> out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    auto h = Hash::FromBytes(path[i], "proof[" + std::to_string(i) + "]");
    if (!h.ok()) return h.status();
    out.push_back(*h);
  }
  return out;
}

}  // namespace

Status verify_inclusion_bytes(uint64_t index, uint64_t size, std::string_view leaf_hash,
                              std::span<const std::string> path, std::string_view root) {
  auto leaf = Hash::FromBytes(leaf_hash, "leaf_hash");
  if (!leaf.ok()) return leaf.status();
  auto r = Hash::FromBytes(root, "root");
  if (!r.ok()) return r.status();
  auto p = hashes_from_bytes(path);
  if (!p.ok()) return p.status();
  return verify_inclusion(index, size, *leaf, *p, *r);
}

Status verify_consistency_bytes(uint64_t from, uint64_t to, std::string_view from_root,
                                std::string_view to_root, std::span<const std::string> path) {
  if (from == to && from > 0) {
    if (!path.empty()) {
      return Status::InvalidArgument(
          "consistency proof: sizes are equal but the path is not empty");
    }
    if (from_root != to_root) {
      return Status::Corruption("consistency proof: sizes are equal but the roots differ");
    }
    return Status::Ok();
  }
  auto r1 = Hash::FromBytes(from_root, "from_root");
  if (!r1.ok()) return r1.status();
  auto r2 = Hash::FromBytes(to_root, "to_root");
  if (!r2.ok()) return r2.status();
  auto p = hashes_from_bytes(path);
  if (!p.ok()) return p.status();
  return verify_consistency(from, to, *r1, *r2, *p);
}

}  // namespace auditgraph
