#include "queries/topology.h"

#include <boost/iterator/transform_iterator.hpp>

#include <algorithm>
#include <iterator>

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

namespace {

// A CSR's edges as (source, target), in its order, from its row starts and targets: what Boost's
// sorted-edges constructor reads.
class SortedEdges {
 public:
  using NodeId = Topology::NodeId;
  using iterator_category = std::forward_iterator_tag;
  using value_type = std::pair<NodeId, NodeId>;
  using difference_type = std::ptrdiff_t;
  using pointer = const value_type*;
  using reference = const value_type&;

  // REQUIRES: starts ascending from 0, its last the targets' count.
  SortedEdges(const std::vector<Topology::EdgeId>& starts, const std::vector<NodeId>& targets,
              size_t at)
      : starts_(&starts), targets_(&targets), at_(at) {
    settle();
  }
  reference operator*() const { return edge_; }
  pointer operator->() const { return &edge_; }
  SortedEdges& operator++() {
    ++at_;
    settle();
    return *this;
  }
  bool operator==(const SortedEdges& other) const { return at_ == other.at_; }
  bool operator!=(const SortedEdges& other) const { return at_ != other.at_; }

 private:
  void settle() {
    if (at_ >= targets_->size()) return;
    while ((*starts_)[edge_.first + 1] <= at_) ++edge_.first;
    edge_.second = (*targets_)[at_];
  }
  const std::vector<Topology::EdgeId>* starts_;
  const std::vector<NodeId>* targets_;
  size_t at_;
  value_type edge_{0, 0};
};

}  // namespace

void Topology::save_csr(ArchiveOut& a, const Csr& g) {
  std::vector<EdgeId> ids;
  ids.reserve(g.m_forward.m_column.size());
  for (auto [it, end] = boost::edges(g); it != end; ++it) ids.push_back(g[*it]);
  a(g.m_forward.m_rowstart, g.m_forward.m_column, ids);
}

void Topology::save(ArchiveOut& a) const {
  save_csr(a, csr_);
  save_csr(a, reversed_);
  std::vector<std::pair<EdgeId, NodeId>> from, to;  // by id
  for (const auto& [n, adjacent] : overlay_out_) {
    for (auto [target, e] : adjacent) {
      from.emplace_back(e, n);
      to.emplace_back(e, target);
    }
  }
  std::sort(from.begin(), from.end());
  std::sort(to.begin(), to.end());
  a(from, to);
}

bool Topology::build(Csr& g, const std::vector<EdgeId>& starts, const std::vector<NodeId>& targets,
                     const std::vector<EdgeId>& ids, size_t nodes, size_t edges) {
  if (starts.empty() || starts.size() - 1 > nodes || starts.front() != 0 ||
      starts.back() != targets.size() || ids.size() != targets.size() ||
      !std::is_sorted(starts.begin(), starts.end())) {
    return false;
  }
  const size_t csr_nodes = starts.size() - 1;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (targets[i] >= csr_nodes || ids[i] >= edges) return false;
  }
  g = Csr(boost::edges_are_sorted, SortedEdges(starts, targets, 0),
          SortedEdges(starts, targets, targets.size()), ids.cbegin(),
          static_cast<NodeId>(csr_nodes), targets.size());
  return true;
}

void Topology::load(ArchiveIn& a, size_t nodes, size_t edges) {
  std::vector<EdgeId> starts, ids, reversed_starts, reversed_ids;
  std::vector<NodeId> targets, reversed_targets;
  std::vector<std::pair<EdgeId, NodeId>> from, to;
  a(starts, targets, ids, reversed_starts, reversed_targets, reversed_ids, from, to);
  *this = Topology();
  bool ok = !a.failed() && from.size() == to.size() && targets.size() + from.size() == edges &&
            starts.size() == reversed_starts.size() && targets.size() == reversed_targets.size();
  for (size_t i = 0; ok && i < from.size(); ++i) {
    ok = from[i].first == to[i].first && from[i].first == targets.size() + i &&  // ids in order
         from[i].second < nodes && to[i].second < nodes;
  }
  ok = ok && build(csr_, starts, targets, ids, nodes, edges) &&
       build(reversed_, reversed_starts, reversed_targets, reversed_ids, nodes, edges);
  if (!ok) {
    *this = Topology();
    a.fail();
    return;
  }
  csr_nodes_ = starts.size() - 1;
  compacted_edges_ = targets.size();
  for (size_t i = 0; i < from.size(); ++i) add(from[i].second, to[i].second, from[i].first);
}

}  // namespace auditgraph::queries
