#include "queries/lineage_reach.h"

#include <algorithm>

namespace auditgraph::queries {
namespace {

// The walk, with the edge test as a type so the head's bit test inlines into the loops.
template <class Alive>
std::vector<NodeId> walk(const LineageGraph& graph, NodeId start, const LineageQuery& query,
                         Alive&& alive, ReachBits* seen) {
  const bool up = query.direction == LineageQuery::Direction::kUpstream;
  const bool columns = graph.node(start).kind == NodeKind::kColumn;
  auto each_toward = [&](NodeId n, auto&& f) {
    if (up) {
      graph.each_in(n, f);
    } else {
      graph.each_out(n, f);
    }
  };
  std::vector<NodeId> reached{start};  // every node whose bit is set, in visit order
  std::vector<NodeId> queue{start};    // datasets or columns, by distance
  seen->set(start);
  uint32_t depth = 0;
  size_t next = 0, level_end = 1;
  while (next < queue.size()) {
    if (next == level_end) {  // the nodes at `depth` are expanded; on to the next distance
      ++depth;
      level_end = queue.size();
    }
    if (query.max_depth && depth >= *query.max_depth) break;
    each_toward(queue[next++], [&](NodeId far, EdgeId e) {
      if (!alive(e)) return;
      if (columns) {
        if (seen->set(far)) {
          reached.push_back(far);
          queue.push_back(far);
        }
        return;
      }
      // A dataset's neighbours are jobs; a job met before was expanded then.
      if (!seen->set(far)) return;
      reached.push_back(far);
      each_toward(far, [&](NodeId other, EdgeId e2) {
        if (alive(e2) && seen->set(other)) {
          reached.push_back(other);
          queue.push_back(other);
        }
      });
    });
  }
  return reached;
}

}  // namespace

LineageSet reach(const LineageGraph& graph, NodeId start, const LineageQuery& query,
                 const Moment& at, ReachBits* seen) {
  seen->start(graph.node_count());
  const bool at_head = !at.time && at.size >= graph.size();
  const std::vector<NodeId> reached =
      at_head ? walk(graph, start, query, [&](EdgeId e) { return graph.open(e); }, seen)
              : walk(graph, start, query, [&](EdgeId e) { return graph.alive(e, at); }, seen);
  for (NodeId n : reached) seen->clear(n);

  LineageSet set;
  set.reserve(reached.size(), reached.size() * 40);
  for (size_t i = 0; i < reached.size(); ++i) {
    // The nodes are scattered in memory: fetch records and names a few nodes ahead.
    graph.prefetch_ahead(i, reached.size(), [&](size_t j) { return reached[j]; });
    const NodeId n = reached[i];
    if (n != start && !query.kinds.empty() &&
        std::find(query.kinds.begin(), query.kinds.end(), graph.node(n).kind) ==
            query.kinds.end()) {
      continue;
    }
    set.add(graph.id(n));
  }
  return set;
}

}  // namespace auditgraph::queries
