// libFuzzer target: the proof verifiers.
//
// Input: a mode byte, then
//   mode even ("forge"): a tree size byte n (1..64), an index byte, a claimed 32-byte leaf hash,
//     then 32-byte path hashes. The tree's leaves are fixed ("leaf 0", "leaf 1", ...), so its
//     root is known: an inclusion proof that verifies against it must be for the true leaf at
//     that index, or the verifier was fooled.
//   mode odd ("raw"): index/from and size/to as 8-byte big-endian numbers, two 32-byte hashes,
//     then path hashes, given to both verifiers as they come off the wire (any lengths).
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/merkle.h"

namespace {

uint64_t be64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

auditgraph::Hash hash_at(const uint8_t* p) {
  auditgraph::Hash h;
  std::memcpy(h.bytes.data(), p, auditgraph::Hash::kSize);
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace auditgraph;
  constexpr size_t kH = Hash::kSize;
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  ++data, --size;
  if (mode % 2 == 0) {
    if (size < 2 + kH) return 0;
    const uint64_t n = 1 + data[0] % 64, index = data[1];
    std::vector<Hash> leaves;
    for (uint64_t i = 0; i < n; ++i)
      leaves.push_back(merkle_leaf_hash("leaf " + std::to_string(i)));
    const Hash root = merkle_root(leaves);
    const Hash claimed = hash_at(data + 2);
    std::vector<Hash> path;
    for (size_t at = 2 + kH; at + kH <= size; at += kH) path.push_back(hash_at(data + at));
    if (verify_inclusion(index, n, claimed, path, root).ok() &&
        (index >= n || claimed.view() != leaves[index].view())) {
      std::abort();  // a forged inclusion proof was accepted
    }
    return 0;
  }
  if (size < 16) return 0;
  const uint64_t a = be64(data), b = be64(data + 8);
  std::string_view rest(reinterpret_cast<const char*>(data + 16), size - 16);
  std::string_view h1 = rest.substr(0, kH), h2 = rest.size() > kH ? rest.substr(kH, kH) : "";
  std::vector<std::string> path;
  for (size_t at = 2 * kH; at < rest.size(); at += kH) path.emplace_back(rest.substr(at, kH));
  (void)verify_inclusion_bytes(a, b, h1, path, h2);
  (void)verify_consistency_bytes(a, b, h1, h2, path);
  return 0;
}
