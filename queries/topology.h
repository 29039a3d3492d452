// Topology: who is adjacent to whom in the lineage graph, as two Boost.Graph compressed sparse
// row graphs (out-lists, and in-lists as the reversed graph) over everything up to the last
// compaction, plus a small overlay of the edges added since. Each adjacency carries the EdgeId
// of the edge record it stands for, and every list is in EdgeId order (the overlay's ids are all
// newer), so a traversal's order depends only on the events, never on when compaction ran.
//
//   compacted CSR:  out  0 -> {1:e0, 2:e1}  1 -> {3:e2}   (and the transposed in-lists)
//   overlay:        out  3 -> {4:e3}                       (appended since; merged when large)
//
// Reading a node's adjacency costs its degree; compact() rebuilds the CSR from the overlay and
// the old CSR in O(nodes + edges). A snapshot stores both CSRs as they are and the overlay's
// edges, so loading one sorts and counts nothing. Not thread-safe.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "queries/archive.h"

namespace auditgraph::queries {

class Topology {
 public:
  using NodeId = uint32_t;
  using EdgeId = uint32_t;

  // An edge `e` from `from` to `to` (into the overlay).
  void add(NodeId from, NodeId to, EdgeId e);

  // f(NodeId to, EdgeId e) for each edge leaving n; f(NodeId from, EdgeId e) for each entering.
  template <class F>
  void each_out(NodeId n, F&& f) const;
  template <class F>
  void each_in(NodeId n, F&& f) const;
  bool has_in(NodeId n) const;

  size_t edge_count() const { return compacted_edges_ + overlay_edges_; }
  size_t overlay_edge_count() const { return overlay_edges_; }
  // Whether the overlay has grown enough that compact() pays off.
  bool wants_compaction() const {
    return overlay_edges_ > 65'536 && overlay_edges_ * 16 > compacted_edges_;
  }
  // Folds the overlay into the CSR, over `nodes` nodes (at least every node any edge names).
  void compact(size_t nodes);
  // Replaces everything with edges 0..ends.size()-1, edge e from ends[e].first to ends[e].second,
  // compacted over `nodes` nodes.
  void assign(size_t nodes, const std::vector<std::pair<NodeId, NodeId>>& ends);

  // For snapshots (archive.h): each CSR as its row starts, targets and edge ids, then the
  // overlay's edges (from, to, id; by id). load() checks them against the graph they belong to,
  // of `nodes` nodes and `edges` edges (row starts ascending and ending at the targets' count,
  // every node and id in range, ids 0..edges-1 between the CSR and the overlay) before it builds
  // the CSRs from them in one pass; if they are inconsistent it fails the archive, leaving the
  // topology empty.
  void save(ArchiveOut& a) const;
  void load(ArchiveIn& a, size_t nodes, size_t edges);

 private:
  using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeId,
                                                 boost::no_property, NodeId, EdgeId>;
  using Adjacent = std::vector<std::pair<NodeId, EdgeId>>;

  // Whether node n has overlay edges leaving (bit 2n) or entering (bit 2n + 1): most nodes have
  // none, and the bit spares them the hash lookup.
  bool in_overlay(NodeId n, bool in) const {
    const size_t bit = 2 * size_t{n} + in;
    return bit / 64 < overlay_bits_.size() && overlay_bits_[bit / 64] >> (bit % 64) & 1;
  }
  void mark_overlay(NodeId n, bool in);

  // The CSR `g` from its stored arrays, which it takes (moved from); false when they are
  // inconsistent (nothing built, nothing taken).
  static bool build(Csr& g, std::vector<EdgeId>& starts, std::vector<NodeId>& targets,
                    std::vector<EdgeId>& ids, size_t nodes, size_t edges);
  static void save_csr(ArchiveOut& a, const Csr& g);

  Csr csr_, reversed_;
  size_t csr_nodes_ = 0, compacted_edges_ = 0, overlay_edges_ = 0;
  std::unordered_map<NodeId, Adjacent> overlay_out_, overlay_in_;
  std::vector<uint64_t> overlay_bits_;
};

template <class F>
void Topology::each_out(NodeId n, F&& f) const {
  if (n < csr_nodes_) {
    for (auto [it, end] = boost::out_edges(n, csr_); it != end; ++it) {
      f(boost::target(*it, csr_), csr_[*it]);
    }
  }
  if (!in_overlay(n, false)) return;
  if (auto o = overlay_out_.find(n); o != overlay_out_.end()) {
    for (auto [to, e] : o->second) f(to, e);
  }
}

template <class F>
void Topology::each_in(NodeId n, F&& f) const {
  if (n < csr_nodes_) {
    for (auto [it, end] = boost::out_edges(n, reversed_); it != end; ++it) {
      f(boost::target(*it, reversed_), reversed_[*it]);
    }
  }
  if (!in_overlay(n, true)) return;
  if (auto o = overlay_in_.find(n); o != overlay_in_.end()) {
    for (auto [from, e] : o->second) f(from, e);
  }
}

}  // namespace auditgraph::queries
