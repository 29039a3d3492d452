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

// Boost's CSR keeps its row starts and targets in public vectors (m_forward.m_rowstart,
// m_column), and its edge properties in a protected one of a base class; this names that one.
// (A pointer to a protected member, taken through a derived class, points into the base.) Used
// to hand the CSR the arrays a snapshot stored, which is what its own constructors would build.
template <class Base>
struct EdgePropertiesOf : Base {
  static auto& of(Base& base) { return base.*(&EdgePropertiesOf::m_edge_properties); }
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

bool Topology::build(Csr& g, std::vector<EdgeId>& starts, std::vector<NodeId>& targets,
                     std::vector<EdgeId>& ids, size_t nodes, size_t edges) {
  if (starts.empty() || starts.size() - 1 > nodes || starts.front() != 0 ||
      starts.back() != targets.size() || ids.size() != targets.size() ||
      !std::is_sorted(starts.begin(), starts.end())) {
    return false;
  }
  const size_t csr_nodes = starts.size() - 1;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (targets[i] >= csr_nodes || ids[i] >= edges) return false;
  }
  g = Csr();
  g.m_forward.m_rowstart = std::move(starts);
  g.m_forward.m_column = std::move(targets);
  using Properties = std::remove_reference_t<decltype(g.edge_properties())>;
  EdgePropertiesOf<Properties>::of(g.edge_properties()) = std::move(ids);
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
  const size_t csr_nodes = starts.empty() ? 0 : starts.size() - 1, compacted = targets.size();
  ok = ok && build(csr_, starts, targets, ids, nodes, edges) &&
       build(reversed_, reversed_starts, reversed_targets, reversed_ids, nodes, edges);
  if (!ok) {
    *this = Topology();
    a.fail();
    return;
  }
  csr_nodes_ = csr_nodes;
  compacted_edges_ = compacted;
  for (size_t i = 0; i < from.size(); ++i) add(from[i].second, to[i].second, from[i].first);
}

}  // namespace auditgraph::queries
