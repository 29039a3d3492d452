// The stored Merkle tree: every perfect subtree's hash is kept, addressed by (level, index), where
// node (L, i) covers leaves [i * 2^L, (i + 1) * 2^L). Any tree size's root and any RFC 6962 proof
// is then built from O(log n) node reads, and appending a leaf writes on average two nodes.
#pragma once

#include <cstdint>
#include <vector>

#include "auditgraph/merkle.h"
#include "auditgraph/status.h"

namespace auditgraph::storage {

// Where the perfect-subtree hashes live (RocksDB in the log, a vector in tests).
class NodeReader {
 public:
  virtual ~NodeReader() = default;
  // The hash of node (level, index); NotFound or Corruption when it is missing.
  virtual Result<Hash> node(uint8_t level, uint64_t index) const = 0;
};

// RFC 6962 MTH(D[begin:end]). REQUIRES: begin < end, and begin a multiple of the largest power of
// two not above end - begin (true of every range the RFC's recursion visits).
Result<Hash> subtree_hash(const NodeReader& nodes, uint64_t begin, uint64_t end);

// MTH of the first `size` leaves (the empty root for 0).
Result<Hash> tree_root(const NodeReader& nodes, uint64_t size);

// RFC 6962 PATH(index, D[0:size]). REQUIRES: index < size.
Result<std::vector<Hash>> inclusion_path(const NodeReader& nodes, uint64_t index, uint64_t size);

// RFC 6962 PROOF(from, D[0:to]). REQUIRES: 0 < from <= to.
Result<std::vector<Hash>> consistency_path(const NodeReader& nodes, uint64_t from, uint64_t to);

// One node of the tree, as written by Frontier::append.
struct TreeNode {
  uint8_t level;
  uint64_t index;
  Hash hash;
};

// The right edge of a growing tree: the roots of its perfect subtrees, largest first. Enough to
// append leaves and compute the root without reading anything.
class Frontier {
 public:
  // The frontier of the tree of `size` leaves stored in `nodes` (popcount(size) reads).
  static Result<Frontier> Load(const NodeReader& nodes, uint64_t size);

  // Adds a leaf and appends to `out` every node it completes: the leaf itself at level 0, then
  // each parent that became perfect.
  void append(const Hash& leaf_hash, std::vector<TreeNode>* out);

  uint64_t size() const { return size_; }
  Hash root() const;

 private:
  struct Peak {
    uint8_t level;
    Hash hash;
  };
  std::vector<Peak> peaks_;  // strictly decreasing levels
  uint64_t size_ = 0;
};

}  // namespace auditgraph::storage
