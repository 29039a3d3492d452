#include "src/export/lineage_export.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace auditgraph {

LineageAnswer merge_lineage(LineageAnswer up, LineageAnswer down) {
  LineageAnswer out = std::move(up);
  std::set<std::string> seen;
  for (const auto& n : out.nodes) seen.insert(n.id);
  for (auto& n : down.nodes) {
    if (seen.insert(n.id).second) out.nodes.push_back(std::move(n));
  }
  for (auto& e : down.edges) out.edges.push_back(std::move(e));
  auto key = [](const LineageEdge& e) { return std::tie(e.from, e.to, e.via_job); };
  std::sort(out.edges.begin(), out.edges.end(),
            [&](const LineageEdge& a, const LineageEdge& b) { return key(a) < key(b); });
  out.edges.erase(
      std::unique(out.edges.begin(), out.edges.end(),
                  [&](const LineageEdge& a, const LineageEdge& b) { return key(a) == key(b); }),
      out.edges.end());
  for (auto& c : down.cycles) out.cycles.push_back(std::move(c));
  std::sort(out.cycles.begin(), out.cycles.end());
  out.cycles.erase(std::unique(out.cycles.begin(), out.cycles.end()), out.cycles.end());
  out.partial = out.partial || down.partial;
  for (auto& f : down.frontier) out.frontier.push_back(std::move(f));
  out.cursor.clear();  // a cursor continues one direction's query, not the pair
  return out;
}

Result<LineageAnswer> lineage_both_ways(const Index& index, LineageQuery q) {
  q.direction = LineageQuery::Direction::kUpstream;
  auto up = index.lineage(q);
  if (!up.ok()) return up;
  q.direction = LineageQuery::Direction::kDownstream;
  if (!q.as_of_time) q.as_of_seq = up->at.size;
  auto down = index.lineage(q);
  if (!down.ok()) return down.status();
  return merge_lineage(std::move(*up), std::move(*down));
}

Result<std::string> openlineage_events(const EventLog& log, const LineageAnswer& answer,
                                       size_t* count) {
  std::set<uint64_t> seqs;
  for (const auto& e : answer.edges) seqs.insert(e.seqs.begin(), e.seqs.end());
  std::string out = "[";
  size_t written = 0;
  for (uint64_t seq : seqs) {
    auto event = log.read(seq);
    if (!event.ok()) return event.status();
    if (event->raw.format != RawEvent::Format::kOpenLineage) continue;
    out += written++ ? ",\n" : "\n";
    out += event->raw.bytes;
  }
  out += written ? "\n]\n" : "]\n";
  if (count) *count = written;
  return out;
}

}  // namespace auditgraph
