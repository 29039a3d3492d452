#include "queries/lineage_query.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <tuple>
#include <unordered_map>

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

std::vector<uint64_t> merged(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::vector<uint64_t> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// Strongly connected components of the reached subgraph (iterative Tarjan); returns those that
// are cycles: two or more nodes, or one node with an edge to itself.
std::vector<std::vector<NodeId>> cycles_of(const std::vector<NodeId>& nodes,
                                           const std::vector<std::pair<NodeId, NodeId>>& arcs,
                                           const VisitedSet& visited, size_t graph_nodes) {
  const size_t n = nodes.size();
  // Local numbering: dense for big answers, hashed for small ones (a query costs what it
  // touches).
  const bool dense = n * 16 > graph_nodes;
  std::vector<uint32_t> dense_local(dense ? graph_nodes : 0, UINT32_MAX);
  std::unordered_map<NodeId, uint32_t> sparse_local;
  if (!dense) sparse_local.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (dense) {
      dense_local[nodes[i]] = i;
    } else {
      sparse_local.emplace(nodes[i], i);
    }
  }
  auto local = [&](NodeId x) { return dense ? dense_local[x] : sparse_local.at(x); };
  // The local graph in compressed sparse row form: offsets[v]..offsets[v+1] index targets.
  std::vector<uint32_t> offsets(n + 1, 0), targets;
  std::vector<bool> self_loop(n, false);
  std::vector<std::pair<uint32_t, uint32_t>> local_arcs;
  local_arcs.reserve(arcs.size());
  for (auto [a, b] : arcs) {
    if (!visited.visited(a) || !visited.visited(b)) continue;
    const uint32_t ia = local(a), ib = local(b);
    if (ia == ib) self_loop[ia] = true;
    local_arcs.emplace_back(ia, ib);
    ++offsets[ia + 1];
  }
  for (size_t v = 0; v < n; ++v) offsets[v + 1] += offsets[v];
  targets.resize(local_arcs.size());
  std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
  for (auto [a, b] : local_arcs) targets[fill[a]++] = b;
  auto degree = [&](uint32_t v) { return offsets[v + 1] - offsets[v]; };
  auto child_of = [&](uint32_t v, size_t k) { return targets[offsets[v] + k]; };
  constexpr uint32_t kUnseen = UINT32_MAX;
  std::vector<uint32_t> index(n, kUnseen), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<uint32_t> stack;
  std::vector<std::vector<NodeId>> out;
  uint32_t next = 0;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnseen) continue;
    std::vector<std::pair<uint32_t, size_t>> calls{{root, 0}};  // node, next child
    index[root] = low[root] = next++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!calls.empty()) {
      auto& [v, child] = calls.back();
      if (child < degree(v)) {
        const uint32_t w = child_of(v, child++);
        if (index[w] == kUnseen) {
          index[w] = low[w] = next++;
          stack.push_back(w);
          on_stack[w] = true;
          calls.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const uint32_t done = v;
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[done]);
      if (low[done] != index[done]) continue;
      std::vector<NodeId> component;
      uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(nodes[w]);
      } while (w != done);
      if (component.size() > 1 || self_loop[done]) out.push_back(std::move(component));
    }
  }
  return out;
}

}  // namespace

LineageAnswer traverse(const LineageGraph& graph, NodeId start, const LineageQuery& query,
                       const Moment& at, VisitedSet* visited) {
  const bool up = query.direction == Direction::kUpstream;
  const bool columns = graph.node(start).kind == NodeKind::kColumn;
  visited->start(graph.node_count());

  std::vector<std::pair<NodeId, uint32_t>> reached{{start, 0}};  // in visit order
  std::vector<Step> steps;
  std::vector<std::pair<NodeId, NodeId>> arcs;  // data-flow arcs to visited nodes: cycle suspects
  bool revisits = false;  // some arc led to a node already reached: only then can there be a cycle
  std::deque<std::pair<NodeId, uint32_t>> queue{{start, 0}};
  visited->visit(start);
  bool partial = false;
  std::vector<NodeId> frontier;

  // Adds `n` at `distance`; false when the budget is spent (n is then not added).
  auto reach = [&](NodeId n, uint32_t distance, bool expand) {
    if (visited->visited(n)) {
      revisits = true;
      return true;
    }
    if (query.max_nodes && reached.size() >= *query.max_nodes) return false;
    visited->visit(n);
    reached.push_back({n, distance});
    if (expand) queue.push_back({n, distance});
    return true;
  };
  const auto& edges_toward = [&](NodeId n) -> const std::vector<EdgeId>& {
    return up ? graph.in_edges(n) : graph.out_edges(n);
  };
  auto far_end = [&](const EdgeRecord& e) { return up ? e.from : e.to; };

  while (!queue.empty()) {
    auto [node, distance] = queue.front();
    queue.pop_front();
    if (query.max_depth && distance >= *query.max_depth) continue;
    bool spent = false;
    for (EdgeId id : edges_toward(node)) {
      const EdgeRecord& e = graph.edge(id);
      if (!graph.alive(id, at)) continue;
      if (columns) {
        if (query.include_edges) steps.push_back({e.from, e.to, e.job, id, kNoEdge});
        arcs.emplace_back(e.from, e.to);
        if (!reach(far_end(e), distance + 1, true)) spent = true;
        continue;
      }
      const NodeId job = far_end(e);  // a dataset's neighbours are jobs
      const bool job_is_new = !visited->visited(job);
      if (!reach(job, distance + 1, false)) {
        spent = true;
        continue;
      }
      arcs.emplace_back(e.from, e.to);
      // A job met before was expanded then: its far side is reached, its arcs are recorded.
      if (!job_is_new && !query.include_edges) continue;
      for (EdgeId id2 : edges_toward(job)) {
        const EdgeRecord& e2 = graph.edge(id2);
        if (!graph.alive(id2, at)) continue;
        const NodeId other = far_end(e2);
        if (job_is_new) arcs.emplace_back(e2.from, e2.to);
        if (query.include_edges)
          steps.push_back({up ? other : node, up ? node : other, job, id, id2});
        if (!reach(other, distance + 1, true)) spent = true;
      }
    }
    if (spent) {
      partial = true;
      frontier.push_back(node);
      for (const auto& [n, d] : queue) frontier.push_back(n);
      break;
    }
  }

  LineageAnswer answer;
  answer.partial = partial;
  for (NodeId n : frontier) answer.frontier.push_back(graph.node(n).id);
  std::sort(answer.frontier.begin(), answer.frontier.end());

  // Report the reached nodes that pass the filters; the query node always.
  auto reported = [&](NodeId n) {
    if (n == start) return true;
    const NodeInfo& info = graph.node(n);
    if (!query.kinds.empty() &&
        std::find(query.kinds.begin(), query.kinds.end(), info.kind) == query.kinds.end()) {
      return false;
    }
    return query.domain.empty() || info.domain == query.domain;
  };
  const bool filtered = !query.kinds.empty() || !query.domain.empty();
  std::unordered_map<NodeId, bool> keep;  // only when filtered; otherwise every reached node
  auto kept = [&](NodeId n) { return !filtered || keep.at(n); };
  answer.nodes.reserve(reached.size());
  for (const auto& [n, d] : reached) {  // in BFS order: by distance already
    if (filtered && !(keep[n] = reported(n))) continue;
    const NodeInfo& info = graph.node(n);
    answer.nodes.push_back({info.id, info.kind, d, info.owner, info.domain});
  }
  for (const Step& s : steps) {
    // Only between reached nodes: the budget may have cut an edge's far end.
    if (!visited->visited(s.from) || !visited->visited(s.to)) continue;
    if (!kept(s.from) || !kept(s.to)) continue;
    const EdgeRecord& first = graph.edge(s.first);
    const bool column = s.second == kNoEdge;
    answer.edges.push_back(
        {graph.node(s.from).id, graph.node(s.to).id, graph.node(s.job).id,
         column ? graph.string(first.transformation) : std::string(), column && first.masking,
         column ? graph.evidence(s.first, at)
                : merged(graph.evidence(s.first, at), graph.evidence(s.second, at))});
  }
  std::sort(answer.edges.begin(), answer.edges.end(), [](const auto& a, const auto& b) {
    return std::tie(a.from, a.to, a.via_job, a.transformation, a.masking) <
           std::tie(b.from, b.to, b.via_job, b.transformation, b.masking);
  });
  answer.edges.erase(
      std::unique(answer.edges.begin(), answer.edges.end(),
                  [](const auto& a, const auto& b) {
                    return std::tie(a.from, a.to, a.via_job, a.transformation, a.masking) ==
                           std::tie(b.from, b.to, b.via_job, b.transformation, b.masking);
                  }),
      answer.edges.end());

  std::vector<NodeId> nodes;
  if (revisits) {
    for (const auto& [n, d] : reached) nodes.push_back(n);
  }
  for (auto& component :
       cycles_of(nodes, revisits ? arcs : decltype(arcs){}, *visited, graph.node_count())) {
    std::vector<std::string> ids;
    for (NodeId n : component) ids.push_back(graph.node(n).id);
    std::sort(ids.begin(), ids.end());
    answer.cycles.push_back(std::move(ids));
  }
  std::sort(answer.cycles.begin(), answer.cycles.end());
  return answer;
}

}  // namespace auditgraph::queries
