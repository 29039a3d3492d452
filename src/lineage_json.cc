#include "src/lineage_json.h"

#include "src/event_json.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

json lineage_to_json(const LineageAnswer& a) {
  json nodes = json::array();
  for (const auto& n : a.nodes) {
    nodes.push_back({{"id", n.id},
                     {"kind", node_kind_name(n.kind)},
                     {"distance", n.distance},
                     {"owner", text_or_null(n.owner)},
                     {"domain", text_or_null(n.domain)}});
  }
  json edges = json::array();
  for (const auto& e : a.edges) {
    edges.push_back({{"from", e.from},
                     {"to", e.to},
                     {"via_job", e.via_job},
                     {"transformation", text_or_null(e.transformation)},
                     {"masking", e.masking},
                     {"seqs", e.seqs}});
  }
  return {{"at", head_to_json(a.at)}, {"nodes", std::move(nodes)}, {"edges", std::move(edges)},
          {"cycles", a.cycles},       {"partial", a.partial},      {"frontier", a.frontier}};
}

}  // namespace auditgraph
