// Cycles of a directed graph: its strongly connected components of two or more nodes, or of one
// node with an edge to itself (iterative Tarjan, so deep graphs cannot overflow the stack).
//
//   0 -> 1 -> 2 -> 0,  3 -> 3,  4 -> 0    gives  {0, 1, 2} and {3}
//
// Nodes are [0, n); `each_successor(v, f)` calls f(w) for each edge v -> w. O(n + edges).
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace auditgraph::queries {

template <class EachSuccessor>
std::vector<std::vector<uint32_t>> find_cycles(uint32_t n, EachSuccessor&& each_successor) {
  constexpr uint32_t kUnseen = UINT32_MAX;
  std::vector<uint32_t> index(n, kUnseen), low(n, 0);
  std::vector<bool> on_stack(n, false), self_loop(n, false);
  std::vector<uint32_t> stack, successors;
  // The call stack: node, and where its successors start and end in `successors`.
  struct Frame {
    uint32_t v;
    size_t begin, next, end;
  };
  std::vector<Frame> calls;
  std::vector<std::vector<uint32_t>> out;
  uint32_t counter = 0;
  auto enter = [&](uint32_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    const size_t begin = successors.size();
    each_successor(v, [&](uint32_t w) {
      if (w == v) self_loop[v] = true;
      successors.push_back(w);
    });
    calls.push_back({v, begin, begin, successors.size()});
  };
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kUnseen) continue;
    enter(root);
    while (!calls.empty()) {
      Frame& f = calls.back();
      if (f.next < f.end) {
        const uint32_t w = successors[f.next++];
        if (index[w] == kUnseen) {
          enter(w);
        } else if (on_stack[w]) {
          low[f.v] = std::min(low[f.v], index[w]);
        }
        continue;
      }
      const uint32_t done = f.v;
      successors.resize(f.begin);
      calls.pop_back();
      if (!calls.empty()) low[calls.back().v] = std::min(low[calls.back().v], low[done]);
      if (low[done] != index[done]) continue;
      std::vector<uint32_t> component;
      uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(w);
      } while (w != done);
      if (component.size() > 1 || self_loop[done]) out.push_back(std::move(component));
    }
  }
  return out;
}

}  // namespace auditgraph::queries
