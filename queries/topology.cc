#include "queries/topology.h"

#include <boost/iterator/transform_iterator.hpp>

namespace auditgraph::queries {

void Topology::add(NodeId from, NodeId to, EdgeId e) {
  overlay_out_[from].emplace_back(to, e);
  overlay_in_[to].emplace_back(from, e);
  mark_overlay(from, false);
  mark_overlay(to, true);
  ++overlay_edges_;
}

void Topology::mark_overlay(NodeId n, bool in) {
  const size_t bit = 2 * size_t{n} + in;
  if (bit / 64 >= overlay_bits_.size()) overlay_bits_.resize(bit / 64 + 1 + overlay_bits_.size() / 2);
  overlay_bits_[bit / 64] |= uint64_t{1} << (bit % 64);
}

bool Topology::has_in(NodeId n) const {
  if (n < csr_nodes_ && boost::in_degree(n, csr_) > 0) return true;
  return in_overlay(n, true);
}

void Topology::compact(size_t nodes) {
  if (overlay_edges_ == 0 && nodes == csr_nodes_) return;
  struct Arc {
    NodeId from, to;
    EdgeId e;
  };
  std::vector<Arc> arcs;
  arcs.reserve(edge_count());
  for (auto [it, end] = boost::edges(csr_); it != end; ++it) {
    arcs.push_back({boost::source(*it, csr_), boost::target(*it, csr_), csr_[*it]});
  }
  for (const auto& [from, adjacent] : overlay_out_) {
    for (auto [to, e] : adjacent) arcs.push_back({from, to, e});
  }
  auto ends = [](const Arc& a) { return std::pair<NodeId, NodeId>(a.from, a.to); };
  auto property = [](const Arc& a) { return a.e; };
  Csr rebuilt(boost::edges_are_unsorted_multi_pass,
              boost::make_transform_iterator(arcs.cbegin(), ends),
              boost::make_transform_iterator(arcs.cend(), ends),
              boost::make_transform_iterator(arcs.cbegin(), property),
              static_cast<NodeId>(nodes));
  csr_ = std::move(rebuilt);
  csr_nodes_ = nodes;
  compacted_edges_ = arcs.size();
  overlay_edges_ = 0;
  overlay_out_.clear();
  overlay_in_.clear();
  overlay_bits_.clear();
}

size_t Topology::memory_bytes() const {
  // Forward: row starts, targets, edge ids; backward: row starts, sources, forward indexes.
  size_t bytes = overlay_bits_.capacity() * 8 + 2 * (csr_nodes_ + 1) * sizeof(EdgeId) +
                 compacted_edges_ * (2 * sizeof(NodeId) + 2 * sizeof(EdgeId));
  for (const auto* overlay : {&overlay_out_, &overlay_in_}) {
    for (const auto& [n, adjacent] : *overlay) {
      bytes += 64 + adjacent.capacity() * sizeof(adjacent[0]);
    }
  }
  return bytes;
}

}  // namespace auditgraph::queries
