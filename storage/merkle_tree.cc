#include "storage/merkle_tree.h"

#include <bit>
#include <cassert>

namespace auditgraph::storage {

Result<Hash> subtree_hash(const NodeReader& nodes, uint64_t begin, uint64_t end) {
  assert(begin < end);
  uint64_t n = end - begin;
  if (std::has_single_bit(n)) {
    assert(begin % n == 0 && "perfect subtree must be aligned");
    return nodes.node(static_cast<uint8_t>(std::countr_zero(n)), begin / n);
  }
  uint64_t k = std::bit_floor(n);  // n is not a power of two, so k < n
  auto left = nodes.node(static_cast<uint8_t>(std::countr_zero(k)), begin / k);
  if (!left.ok()) return left.status();
  auto right = subtree_hash(nodes, begin + k, end);
  if (!right.ok()) return right.status();
  return merkle_node_hash(*left, *right);
}

Result<Hash> tree_root(const NodeReader& nodes, uint64_t size) {
  if (size == 0) return merkle_empty_root();
  return subtree_hash(nodes, 0, size);
}

namespace {

// PATH(m, D[begin:end]) of RFC 6962 section 2.1.1, appended leaf-first.
Status path(const NodeReader& nodes, uint64_t m, uint64_t begin, uint64_t end,
            std::vector<Hash>* out) {
  uint64_t n = end - begin;
  if (n == 1) return Status::Ok();
  uint64_t k = std::bit_floor(n - 1);
  Status s;
  Result<Hash> sibling = Status::NotFound("unset");
  if (m < k) {
    s = path(nodes, m, begin, begin + k, out);
    sibling = subtree_hash(nodes, begin + k, end);
  } else {
    s = path(nodes, m - k, begin + k, end, out);
    sibling = subtree_hash(nodes, begin, begin + k);
  }
  if (!s.ok()) return s;
  if (!sibling.ok()) return sibling.status();
  out->push_back(*sibling);
  return Status::Ok();
}

// SUBPROOF(m, D[begin:end], b) of RFC 6962 section 2.1.2, appended in proof order.
Status subproof(const NodeReader& nodes, uint64_t m, uint64_t begin, uint64_t end, bool whole,
                std::vector<Hash>* out) {
  uint64_t n = end - begin;
  if (m == n) {
    if (whole) return Status::Ok();
    auto h = subtree_hash(nodes, begin, end);
    if (!h.ok()) return h.status();
    out->push_back(*h);
    return Status::Ok();
  }
  uint64_t k = std::bit_floor(n - 1);
  Status s;
  Result<Hash> other = Status::NotFound("unset");
  if (m <= k) {
    s = subproof(nodes, m, begin, begin + k, whole, out);
    other = subtree_hash(nodes, begin + k, end);
  } else {
    s = subproof(nodes, m - k, begin + k, end, false, out);
    other = subtree_hash(nodes, begin, begin + k);
  }
  if (!s.ok()) return s;
  if (!other.ok()) return other.status();
  out->push_back(*other);
  return Status::Ok();
}

}  // namespace

Result<std::vector<Hash>> inclusion_path(const NodeReader& nodes, uint64_t index, uint64_t size) {
  assert(index < size);
  std::vector<Hash> out;
  Status s = path(nodes, index, 0, size, &out);
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Hash>> consistency_path(const NodeReader& nodes, uint64_t from, uint64_t to) {
  assert(0 < from && from <= to);
  std::vector<Hash> out;
  Status s = subproof(nodes, from, 0, to, true, &out);
  if (!s.ok()) return s;
  return out;
}

Result<Frontier> Frontier::Load(const NodeReader& nodes, uint64_t size) {
  Frontier f;
  f.size_ = size;
  uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    uint64_t width = uint64_t{1} << level;
    if (!(size & width)) continue;
    auto h = nodes.node(static_cast<uint8_t>(level), begin >> level);
    if (!h.ok()) return h.status();
    f.peaks_.push_back({static_cast<uint8_t>(level), *h});
    begin += width;
  }
  return f;
}

void Frontier::append(const Hash& leaf_hash, std::vector<TreeNode>* out) {
  out->push_back({0, size_, leaf_hash});
  peaks_.push_back({0, leaf_hash});
  ++size_;
  while (peaks_.size() >= 2 && peaks_[peaks_.size() - 2].level == peaks_.back().level) {
    Peak right = peaks_.back();
    peaks_.pop_back();
    Peak& left = peaks_.back();
    left.hash = merkle_node_hash(left.hash, right.hash);
    ++left.level;
    out->push_back({left.level, (size_ >> left.level) - 1, left.hash});
  }
}

Hash Frontier::root() const {
  if (peaks_.empty()) return merkle_empty_root();
  Hash h = peaks_.back().hash;
  for (size_t i = peaks_.size() - 1; i-- > 0;) h = merkle_node_hash(peaks_[i].hash, h);
  return h;
}

}  // namespace auditgraph::storage
