// The stored tree (perfect-subtree nodes + Frontier) against a plain recursive RFC 6962
// implementation written here: roots for every size up to 1024, every inclusion and consistency
// proof for trees up to 128 leaves, each proof also checked by the verifier.
#include "storage/merkle_tree.h"

#include <doctest/doctest.h>

#include <map>
#include <vector>

namespace auditgraph::storage {
namespace {

// ---- the RFC, word for word, over a list of leaf hashes ----
Hash mth(std::span<const Hash> d) {
  if (d.empty()) return merkle_empty_root();
  if (d.size() == 1) return d[0];
  size_t k = 1;
  while (k * 2 < d.size()) k *= 2;
  return merkle_node_hash(mth(d.subspan(0, k)), mth(d.subspan(k)));
}

std::vector<Hash> rfc_path(size_t m, std::span<const Hash> d) {
  if (d.size() <= 1) return {};
  size_t k = 1;
  while (k * 2 < d.size()) k *= 2;
  std::vector<Hash> out;
  if (m < k) {
    out = rfc_path(m, d.subspan(0, k));
    out.push_back(mth(d.subspan(k)));
  } else {
    out = rfc_path(m - k, d.subspan(k));
    out.push_back(mth(d.subspan(0, k)));
  }
  return out;
}

std::vector<Hash> rfc_subproof(size_t m, std::span<const Hash> d, bool b) {
  if (m == d.size()) return b ? std::vector<Hash>{} : std::vector<Hash>{mth(d)};
  size_t k = 1;
  while (k * 2 < d.size()) k *= 2;
  std::vector<Hash> out;
  if (m <= k) {
    out = rfc_subproof(m, d.subspan(0, k), b);
    out.push_back(mth(d.subspan(k)));
  } else {
    out = rfc_subproof(m - k, d.subspan(k), false);
    out.push_back(mth(d.subspan(0, k)));
  }
  return out;
}

// ---- the stored tree, in memory ----
class MemoryNodes final : public NodeReader {
 public:
  Result<Hash> node(uint8_t level, uint64_t index) const override {
    auto it = nodes_.find({level, index});
    if (it == nodes_.end()) return Status::NotFound("no node");
    return it->second;
  }
  void put(const TreeNode& n) { nodes_[{n.level, n.index}] = n.hash; }

 private:
  std::map<std::pair<uint8_t, uint64_t>, Hash> nodes_;
};

std::vector<Hash> leaves(size_t n) {
  std::vector<Hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(merkle_leaf_hash("leaf " + std::to_string(i)));
  return out;
}

TEST_CASE("frontier and stored nodes give the RFC root at every size up to 1024") {
  auto d = leaves(1024);
  MemoryNodes nodes;
  Frontier f;
  std::vector<TreeNode> written;
  CHECK(f.root() == merkle_empty_root());
  for (size_t n = 1; n <= d.size(); ++n) {
    written.clear();
    f.append(d[n - 1], &written);
    for (const auto& w : written) nodes.put(w);
    Hash want = mth(std::span<const Hash>(d.data(), n));
    CAPTURE(n);
    REQUIRE(f.root() == want);
    REQUIRE(tree_root(nodes, n).value() == want);
    CHECK(merkle_root(std::span<const Hash>(d.data(), n)) == want);
  }
  // Reloading a frontier from the stored nodes gives the same root, and it keeps growing right.
  auto loaded = Frontier::Load(nodes, 777);
  REQUIRE(loaded.ok());
  CHECK(loaded->root() == mth(std::span<const Hash>(d.data(), 777)));
  written.clear();
  loaded->append(d[777], &written);
  CHECK(loaded->root() == mth(std::span<const Hash>(d.data(), 778)));
}

TEST_CASE("every inclusion and consistency proof up to 128 leaves matches the RFC and verifies") {
  auto d = leaves(128);
  MemoryNodes nodes;
  Frontier f;
  std::vector<TreeNode> written;
  for (const auto& leaf : d) {
    written.clear();
    f.append(leaf, &written);
    for (const auto& w : written) nodes.put(w);
  }
  int checked = 0;
  for (size_t n = 1; n <= d.size(); ++n) {
    std::span<const Hash> tree(d.data(), n);
    Hash root = mth(tree);
    for (size_t m = 0; m < n; ++m) {
      CAPTURE(n);
      CAPTURE(m);
      auto path = inclusion_path(nodes, m, n);
      REQUIRE(path.ok());
      REQUIRE(*path == rfc_path(m, tree));
      REQUIRE(verify_inclusion(m, n, d[m], *path, root).ok());
      // The same proof must not prove a neighbour.
      if (n > 1) CHECK_FALSE(verify_inclusion(m, n, d[(m + 1) % n], *path, root).ok());
      ++checked;
    }
    for (size_t m = 1; m <= n; ++m) {
      CAPTURE(n);
      CAPTURE(m);
      auto proof = consistency_path(nodes, m, n);
      REQUIRE(proof.ok());
      REQUIRE(*proof == rfc_subproof(m, tree, true));
      Hash old_root = mth(std::span<const Hash>(d.data(), m));
      REQUIRE(verify_consistency(m, n, old_root, root, *proof).ok());
      if (m < n) {  // a wrong old root is caught
        CHECK_FALSE(verify_consistency(m, n, merkle_leaf_hash("forged"), root, *proof).ok());
      }
      ++checked;
    }
  }
  MESSAGE(checked << " proofs checked");
  CHECK(checked == 128 * 129);
}

TEST_CASE("a missing stored node is an error, not a wrong answer") {
  MemoryNodes nodes;
  auto f = Frontier::Load(nodes, 3);
  CHECK_FALSE(f.ok());
  CHECK_FALSE(tree_root(nodes, 5).ok());
}

}  // namespace
}  // namespace auditgraph::storage
