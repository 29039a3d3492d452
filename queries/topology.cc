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
  if (n < csr_nodes_ && boost::out_degree(n, reversed_) > 0) return true;
  return in_overlay(n, true);
}

void Topology::compact(size_t nodes) {
  if (overlay_edges_ == 0 && nodes == csr_nodes_) return;
  // Edge ids are dense: every edge's ends, by id.
  std::vector<std::pair<NodeId, NodeId>> ends(edge_count());
  for (auto [it, end] = boost::edges(csr_); it != end; ++it) {
    ends[csr_[*it]] = {boost::source(*it, csr_), boost::target(*it, csr_)};
  }
  for (const auto& [from, adjacent] : overlay_out_) {
    for (auto [to, e] : adjacent) ends[e] = {from, to};
  }
  assign(nodes, ends);
}

void Topology::assign(size_t nodes, const std::vector<std::pair<NodeId, NodeId>>& ends) {
  // The builder places edges in the order given within each node's list: by id.
  const auto n = static_cast<NodeId>(nodes);
  csr_ = Csr(boost::edges_are_unsorted_multi_pass, ends.cbegin(), ends.cend(),
             boost::counting_iterator<EdgeId>(0), n);
  auto flip = [](const std::pair<NodeId, NodeId>& e) { return std::pair(e.second, e.first); };
  reversed_ = Csr(boost::edges_are_unsorted_multi_pass,
                  boost::make_transform_iterator(ends.cbegin(), flip),
                  boost::make_transform_iterator(ends.cend(), flip),
                  boost::counting_iterator<EdgeId>(0), n);
  csr_nodes_ = nodes;
  compacted_edges_ = ends.size();
  overlay_edges_ = 0;
  overlay_out_.clear();
  overlay_in_.clear();
  overlay_bits_.clear();
}

}  // namespace auditgraph::queries
