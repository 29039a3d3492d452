// Index::reach: the nodes a lineage query reaches and nothing else. A breadth-first walk by
// levels with a bit per node, and the ids copied once into one buffer at the end: a whole
// closure of a million datasets costs a pass over their edges, not a string per node.
#pragma once

#include <cstdint>
#include <vector>

#include "auditgraph/lineage.h"
#include "queries/lineage_graph.h"

namespace auditgraph::queries {

// A bit per node, reused across queries; a query clears the bits it set, so it costs only what
// it touches.
class ReachBits {
 public:
  void start(size_t nodes) {
    if (bits_.size() * 64 < nodes) bits_.resize((nodes + 63) / 64, 0);
  }
  // Sets n's bit; false when it was set already.
  bool set(NodeId n) {
    uint64_t& word = bits_[n >> 6];
    const uint64_t mask = uint64_t{1} << (n & 63);
    if (word & mask) return false;
    word |= mask;
    return true;
  }
  void clear(NodeId n) { bits_[n >> 6] &= ~(uint64_t{1} << (n & 63)); }

 private:
  std::vector<uint64_t> bits_;
};

// The nodes reached from `start` (a dataset or column) in query.direction over the edges alive
// at `at`, within query.max_depth, as traverse() would report them (the same nodes, in the same
// order), keeping only query.kinds when given. Ignores the budget, cursor, domain and edges; the
// answer's `at` is left for the caller.
LineageSet reach(const LineageGraph& graph, NodeId start, const LineageQuery& query,
                 const Moment& at, ReachBits* seen);

}  // namespace auditgraph::queries
