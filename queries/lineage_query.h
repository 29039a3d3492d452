// Provenance and impact traversals over a LineageGraph, at one log size.
#pragma once

#include <cstdint>
#include <vector>

#include "auditgraph/lineage.h"
#include "queries/lineage_graph.h"

namespace auditgraph::queries {

// A visited set reused across queries: a node is visited when its stamp equals the current
// epoch, so clearing costs nothing and a query costs only what it touches.
class VisitedSet {
 public:
  void start(size_t nodes);  // a new query over a graph of `nodes` nodes
  bool visited(NodeId n) const { return stamps_[n] == epoch_; }
  void visit(NodeId n) { stamps_[n] = epoch_; }

 private:
  std::vector<uint32_t> stamps_;
  uint32_t epoch_ = 0;
};

// Breadth-first from `start` (a dataset or column) in `query.direction`, over the edges alive at
// `at`. Dataset traversals pass through jobs; column traversals follow column edges.
// `skip`: the nodes an earlier page gave (in BFS order, which is fixed at `at`); this answer
// continues after them, with the budget query.max_nodes counted from there.
// `reached` (optional) gets the nodes reached, this page and earlier ones, filtered or not: the
// next page's skip. The answer's `at` and `cursor` are left for the caller.
LineageAnswer traverse(const LineageGraph& graph, NodeId start, const LineageQuery& query,
                       const Moment& at, size_t skip, VisitedSet* visited,
                       size_t* reached = nullptr);

}  // namespace auditgraph::queries
