#include "queries/pii_reach.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace auditgraph::queries {

PiiReach pii_reach(const LineageGraph& graph, const AccessState& access,
                   const std::vector<std::pair<std::string, uint64_t>>& sources, Timestamp now,
                   uint64_t size) {
  PiiReach out;
  for (const auto& [column, seq] : sources) {
    out.sources.push_back(column);
    out.source_seqs.push_back(seq);
  }
  const Moment at{size, std::nullopt};
  auto append = [](std::vector<uint64_t>& to, const std::vector<uint64_t>& seqs) {
    to.insert(to.end(), seqs.begin(), seqs.end());
    std::sort(to.begin(), to.end());
    to.erase(std::unique(to.begin(), to.end()), to.end());
  };
  // tainted dataset id -> the source dataset ids its taint comes from
  std::map<std::string, std::set<std::string>> tainted;
  for (const auto& [source, tagged_at] : sources) {
    auto start = graph.find(source);
    if (!start) continue;
    const std::string source_dataset(graph.id(graph.node(*start).dataset));
    tainted[source_dataset].insert(source_dataset);
    struct Step {
      NodeId node;
      std::vector<std::string> path, jobs;
      std::vector<uint64_t> seqs;
    };
    std::set<NodeId> seen{*start};
    std::deque<Step> queue{{*start, {source}, {}, {tagged_at}}};
    while (!queue.empty()) {
      Step s = std::move(queue.front());
      queue.pop_front();
      graph.each_out(s.node, [&](NodeId to, EdgeId id) {
        const EdgeRecord& e = graph.edge(id);
        if (!e.alive_at(size) || !seen.insert(to).second) return;
        const std::string job(graph.id(e.job));
        const std::string column(graph.id(to));
        const std::vector<uint64_t> evidence = graph.evidence(id, at);
        if (e.masking) {
          std::vector<uint64_t> seqs = s.seqs;
          append(seqs, evidence);
          out.masked.push_back({column, source, job, std::move(seqs)});
          return;
        }
        Step next{to, s.path, s.jobs, s.seqs};
        next.path.push_back(column);
        next.jobs.push_back(job);
        append(next.seqs, evidence);
        const std::string dataset(graph.id(graph.node(to).dataset));
        tainted[dataset].insert(source_dataset);
        out.reached.push_back({column, dataset, source, next.path, next.jobs, next.seqs});
        queue.push_back(std::move(next));
      });
    }
  }
  std::sort(out.reached.begin(), out.reached.end(), [](const auto& a, const auto& b) {
    return std::tie(a.column, a.source) < std::tie(b.column, b.source);
  });
  std::sort(out.masked.begin(), out.masked.end(), [](const auto& a, const auto& b) {
    return std::tie(a.column, a.source) < std::tie(b.column, b.source);
  });

  // Who can read what, by principal.
  std::map<std::string, std::set<std::string>> can_read;  // "kind:name" -> datasets
  std::map<std::string, PrincipalRef> principals;
  std::map<std::string, std::vector<uint64_t>> grant_seqs;  // "kind:name" -> its paths' seqs
  for (const auto& [dataset, from] : tainted) {
    auto node = graph.find(dataset);
    const std::string domain(node ? graph.domain(*node) : "");
    const std::vector<std::string> names = node ? graph.ids_of(*node) : std::vector{dataset};
    for (const AccessPath& p : access.who_can_read(names, domain, now)) {
      const std::string key =
          std::to_string(static_cast<int>(p.principal.kind)) + ":" + p.principal.name;
      principals[key] = p.principal;
      can_read[key].insert(dataset);
      append(grant_seqs[key], p.seqs);
    }
  }
  for (const auto& [key, datasets] : can_read) {
    PiiReader reader{principals.at(key), {datasets.begin(), datasets.end()}, {}, grant_seqs[key]};
    for (const std::string& d : datasets) {
      for (const std::string& source_dataset : tainted.at(d)) {
        if (!datasets.count(source_dataset)) {
          reader.without_source_grant.push_back(d);
          break;
        }
      }
    }
    out.readers.push_back(std::move(reader));
  }
  std::sort(out.readers.begin(), out.readers.end(),
            [](const auto& a, const auto& b) { return a.principal.name < b.principal.name; });
  return out;
}

}  // namespace auditgraph::queries
