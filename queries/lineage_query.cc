#include "queries/lineage_query.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "queries/cycles.h"

namespace auditgraph::queries {

void VisitedSet::start(size_t nodes) {
  if (stamps_.size() < nodes) stamps_.resize(nodes, 0);
  if (++epoch_ == 0) {  // wrapped: old stamps could collide
    std::fill(stamps_.begin(), stamps_.end(), 0);
    epoch_ = 1;
  }
}

namespace {

using Direction = LineageQuery::Direction;

constexpr EdgeId kNoEdge = UINT32_MAX;

// One edge of the answer in node ids, data-flow direction: a column edge, or a dataset edge made
// of the input edge and the output edge of its job (first, second; in traversal order).
struct Step {
  NodeId from, to, job;
  EdgeId first, second;  // second: kNoEdge for column edges
};

// What the walk found.
struct Walk {
  // (node, distance) in visit order, the start first.
  std::vector<std::pair<NodeId, uint32_t>> reached;
  // When query.include_edges: the answer's candidate edges; a far end may not be reached.
  std::vector<Step> steps;
  // When walk_arcs: the arcs walked, in data-flow direction.
  std::vector<std::pair<NodeId, NodeId>> arcs;
  // When partial: the nodes left to expand, unsorted.
  std::vector<NodeId> frontier;
  bool partial = false;   // the budget stopped the walk
  bool revisits = false;  // some arc led to a node already reached: only then can there be a cycle
};

// Whether `at` is the graph's head (the open edges are then the alive ones).
bool is_head(const LineageGraph& graph, const Moment& at) {
  return !at.time && at.size >= graph.size();
}

// Breadth-first from `start` in query.direction over the edges alive at `at`, to query.max_depth,
// reaching at most skip + query.max_nodes nodes (the start included). Dataset walks pass through
// jobs (a job is reached, not expanded on its own); column walks follow column edges. Records the
// answer's candidate edges when query.include_edges, and the arcs it walks when `walk_arcs` (for
// the cycles). REQUIRES: `visited` is not in use; on return it holds exactly
// the reached nodes.
Walk walk(const LineageGraph& graph, NodeId start, const LineageQuery& query, const Moment& at,
          size_t skip, bool walk_arcs, VisitedSet* visited) {
  const bool up = query.direction == Direction::kUpstream;
  const bool columns = graph.node(start).kind == NodeKind::kColumn;
  const bool at_head = is_head(graph, at);
  const std::optional<size_t> budget =
      query.max_nodes ? std::optional(skip + *query.max_nodes) : std::nullopt;
  visited->start(graph.node_count());

  auto alive = [&](EdgeId e) { return at_head ? graph.open(e) : graph.alive(e, at); };
  auto each_toward = [&](NodeId n, auto&& f) {
    if (up) {
      graph.each_in(n, f);
    } else {
      graph.each_out(n, f);
    }
  };
  auto flow = [&](NodeId near, NodeId far) {  // an arc in data-flow direction
    return up ? std::pair(far, near) : std::pair(near, far);
  };

  Walk w;
  w.reached = {{start, 0}};
  std::vector<std::pair<NodeId, uint32_t>> queue{{start, 0}};  // datasets or columns to expand
  size_t next = 0;
  visited->visit(start);

  // Adds `n` at `distance`; false when the budget is spent (n is then not added).
  auto reach = [&](NodeId n, uint32_t distance, bool expand) {
    if (visited->visited(n)) {
      w.revisits = true;
      return true;
    }
    if (budget && w.reached.size() >= *budget) return false;
    visited->visit(n);
    w.reached.push_back({n, distance});
    if (expand) queue.push_back({n, distance});
    return true;
  };

  while (next < queue.size()) {
    auto [node, distance] = queue[next++];
    if (query.max_depth && distance >= *query.max_depth) continue;
    bool spent = false;
    each_toward(node, [&](NodeId far, EdgeId id) {
      if (!alive(id)) return;
      if (columns) {
        if (query.include_edges) {
          const auto [from, to] = flow(node, far);
          w.steps.push_back({from, to, graph.edge(id).job, id, kNoEdge});
        }
        if (walk_arcs) w.arcs.push_back(flow(node, far));
        if (!reach(far, distance + 1, true)) spent = true;
        return;
      }
      const NodeId job = far;  // a dataset's neighbours are jobs
      const bool job_is_new = !visited->visited(job);
      if (!reach(job, distance + 1, false)) {
        spent = true;
        return;
      }
      if (walk_arcs) w.arcs.push_back(flow(node, job));
      // A job met before was expanded then: its far side is reached, its arcs are recorded.
      if (!job_is_new && !query.include_edges) return;
      each_toward(job, [&](NodeId other, EdgeId id2) {
        if (!alive(id2)) return;
        if (job_is_new && walk_arcs) w.arcs.push_back(flow(job, other));
        if (query.include_edges) {
          const auto [from, to] = flow(node, other);
          w.steps.push_back({from, to, job, id, id2});
        }
        if (!reach(other, distance + 1, true)) spent = true;
      });
    });
    if (spent) {
      w.partial = true;
      w.frontier.push_back(node);
      for (size_t i = next; i < queue.size(); ++i) w.frontier.push_back(queue[i].first);
      break;
    }
  }
  return w;
}

// Appends to answer->nodes the reached nodes from `skip` on (in visit order, so by distance)
// that pass query.kinds and query.domain (the start always), with their owners and domains as of
// the answer's log size. When the query filters, returns for every reached node, skipped or not,
// whether it passes; otherwise an empty map (every node passes).
std::unordered_map<NodeId, bool> list_nodes(const LineageGraph& graph, NodeId start,
                                            const LineageQuery& query, const Moment& at,
                                            size_t skip, const Walk& w, LineageAnswer* answer) {
  const auto& reached = w.reached;
  // Owners and domains as of the answer's log size (as of a time: the head's, like the rest).
  const uint64_t described_at = at.time ? graph.size() : at.size;
  // A column has its dataset's owner and domain.
  auto described = [&](NodeId n) {
    const NodeInfo& info = graph.node(n);
    return info.kind == NodeKind::kColumn ? info.dataset : n;
  };
  auto owner_of = [&](NodeId n) { return graph.owner_at(described(n), described_at); };
  auto domain_of = [&](NodeId n) { return graph.domain_at(described(n), described_at); };
  // Report the reached nodes that pass the filters; the query node always (on the first page).
  auto reported = [&](NodeId n) {
    if (n == start) return true;
    const NodeInfo& info = graph.node(n);
    if (!query.kinds.empty() &&
        std::find(query.kinds.begin(), query.kinds.end(), info.kind) == query.kinds.end()) {
      return false;
    }
    return query.domain.empty() || domain_of(n) == query.domain;
  };
  const bool filtered = !query.kinds.empty() || !query.domain.empty();
  std::unordered_map<NodeId, bool> keep;  // only when filtered; otherwise every reached node
  answer->nodes.reserve(reached.size() - std::min(skip, reached.size()));
  for (size_t i = 0; i < reached.size(); ++i) {  // in BFS order: by distance already
    // The nodes are scattered in memory: fetch records and names a few nodes ahead.
    graph.prefetch_ahead(i, reached.size(), [&](size_t j) { return reached[j].first; });
    const auto [n, d] = reached[i];
    if (filtered && !(keep[n] = reported(n))) continue;
    if (i < skip) continue;
    const NodeInfo& info = graph.node(n);
    answer->nodes.push_back({std::string(graph.id(n)), info.kind, d, std::string(owner_of(n)),
                             std::string(domain_of(n))});
  }
  return keep;
}

// Sets answer->edges to the walk's steps between two reached nodes that both pass the filters
// (`keep`, from list_nodes; empty: no filter), on a later page (skip > 0) only those touching a
// node of this page; with their evidence at `at`, sorted, duplicates removed. REQUIRES:
// `visited` holds exactly the walk's reached nodes.
void assemble_edges(const LineageGraph& graph, const Moment& at, size_t skip, const Walk& w,
                    const std::unordered_map<NodeId, bool>& keep, const VisitedSet& visited,
                    LineageAnswer* answer) {
  auto kept = [&](NodeId n) { return keep.empty() || keep.at(n); };
  // A later page's edges: those that reach one of its nodes.
  std::vector<bool> on_page;
  if (skip > 0) {
    on_page.assign(graph.node_count(), false);
    for (size_t i = skip; i < w.reached.size(); ++i) on_page[w.reached[i].first] = true;
  }
  for (const Step& s : w.steps) {
    // Only between reached nodes: the budget may have cut an edge's far end.
    if (!visited.visited(s.from) || !visited.visited(s.to)) continue;
    if (!kept(s.from) || !kept(s.to)) continue;
    if (skip > 0 && !on_page[s.from] && !on_page[s.to]) continue;
    const EdgeRecord& first = graph.edge(s.first);
    const bool column = s.second == kNoEdge;
    answer->edges.push_back(
        {std::string(graph.id(s.from)), std::string(graph.id(s.to)), std::string(graph.id(s.job)),
         column ? std::string(graph.transformation(first)) : std::string(), column && first.masking,
         column ? graph.evidence(s.first, at) : graph.evidence(s.first, s.second, at)});
  }
  auto key = [](const LineageEdge& e) {
    return std::tie(e.from, e.to, e.via_job, e.transformation, e.masking);
  };
  auto& edges = answer->edges;
  std::sort(edges.begin(), edges.end(),
            [&](const auto& a, const auto& b) { return key(a) < key(b); });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [&](const auto& a, const auto& b) { return key(a) == key(b); }),
              edges.end());
}

// Sets answer->cycles to the cycles (strongly connected components with an arc inside) among the
// reached nodes, each as its sorted node ids, sorted. Without `walk_arcs` (a whole closure at the
// head) they are the graph's cached head cycles the walk touched; with them, those of the walk's
// arcs between reached nodes. REQUIRES: `visited` holds exactly the walk's reached nodes.
void list_cycles(const LineageGraph& graph, bool walk_arcs, const Walk& w,
                 const VisitedSet& visited, LineageAnswer* answer) {
  auto add_cycle = [&](const auto& component, auto&& node_of) {
    std::vector<std::string> ids;
    for (auto v : component) ids.emplace_back(graph.id(node_of(v)));
    std::sort(ids.begin(), ids.end());
    answer->cycles.push_back(std::move(ids));
  };
  if (!walk_arcs) {
    // A whole closure at the head: a cycle it touches lies wholly inside it.
    if (w.revisits) {
      for (const auto& component : graph.head_cycles()) {
        if (visited.visited(component.front())) add_cycle(component, [](NodeId n) { return n; });
      }
    }
  } else if (w.revisits) {
    // The reached subgraph, numbered locally, in compressed sparse row form.
    const size_t n = w.reached.size();
    std::unordered_map<NodeId, uint32_t> local;
    local.reserve(n);
    for (uint32_t i = 0; i < n; ++i) local.emplace(w.reached[i].first, i);
    std::vector<uint32_t> offsets(n + 1, 0), targets;
    std::vector<std::pair<uint32_t, uint32_t>> local_arcs;
    for (auto [a, b] : w.arcs) {
      if (!visited.visited(a) || !visited.visited(b)) continue;
      local_arcs.emplace_back(local.at(a), local.at(b));
      ++offsets[local_arcs.back().first + 1];
    }
    for (size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
    targets.resize(local_arcs.size());
    std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (auto [a, b] : local_arcs) targets[fill[a]++] = b;
    const auto components = find_cycles(static_cast<uint32_t>(n), [&](uint32_t v, auto&& f) {
      for (uint32_t k = offsets[v]; k < offsets[v + 1]; ++k) f(targets[k]);
    });
    for (const auto& component : components) {
      add_cycle(component, [&](uint32_t v) { return w.reached[v].first; });
    }
  }
  std::sort(answer->cycles.begin(), answer->cycles.end());
}

}  // namespace

LineageAnswer traverse(const LineageGraph& graph, NodeId start, const LineageQuery& query,
                       const Moment& at, size_t skip, VisitedSet* visited, size_t* reached_count) {
  // The graph's cached head cycles serve a whole closure at the head; anything else finds the
  // cycles among the arcs it walked.
  const bool walk_arcs = !is_head(graph, at) || query.max_depth || query.max_nodes;
  const Walk w = walk(graph, start, query, at, skip, walk_arcs, visited);

  LineageAnswer answer;
  answer.partial = w.partial;
  if (reached_count) *reached_count = w.reached.size();
  for (NodeId n : w.frontier) answer.frontier.emplace_back(graph.id(n));
  std::sort(answer.frontier.begin(), answer.frontier.end());

  const auto keep = list_nodes(graph, start, query, at, skip, w, &answer);
  assemble_edges(graph, at, skip, w, keep, *visited, &answer);
  list_cycles(graph, walk_arcs, w, *visited, &answer);
  return answer;
}

}  // namespace auditgraph::queries
