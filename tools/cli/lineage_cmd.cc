#include "tools/cli/lineage_cmd.h"

#include <charconv>
#include <iostream>

#include "auditgraph/event_log.h"
#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "src/index_json.h"
#include "src/open_index.h"

namespace auditgraph::cli {
Status parse_as_of(const std::string& text, LineageQuery* q) {
  if (text.empty()) return Status::Ok();
  if (text.rfind("seq:", 0) == 0) {
    uint64_t n = 0;
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data() + 4, end, n);
    if (ec != std::errc() || p != end || text.size() == 4) {
      return Status::InvalidArgument("--as-of: '" + text + "' is not seq:N with N a log size");
    }
    q->as_of_seq = n;
    return Status::Ok();
  }
  auto t = parse_rfc3339(text);
  if (!t) {
    return Status::InvalidArgument("--as-of: '" + text + "' is neither seq:N nor an RFC 3339 time");
  }
  q->as_of_time = *t;
  return Status::Ok();
}

namespace {

Status parse_kinds(const std::vector<std::string>& names, LineageQuery* q) {
  for (const auto& k : names) {
    auto kind = parse_node_kind(k);
    if (!kind) return Status::InvalidArgument("--kind: '" + k + "' is not dataset, column or job");
    q->kinds.push_back(*kind);
  }
  return Status::Ok();
}

void print_text(const LineageAnswer& a, const LineageCommand& cmd) {
  const bool up = cmd.direction == LineageQuery::Direction::kUpstream;
  std::cout << (up ? "provenance of " : "impact of ") << cmd.node << " at log size " << a.at.size
            << " (root " << a.at.root.hex() << ")\n";
  for (const auto& n : a.nodes) {
    std::cout << "  " << n.distance << "  " << node_kind_name(n.kind) << "  " << n.id;
    if (!n.owner.empty()) std::cout << "  owner " << n.owner;
    if (!n.domain.empty()) std::cout << "  domain " << n.domain;
    std::cout << "\n";
  }
  std::cout << "edges:\n";
  for (const auto& e : a.edges) {
    std::cout << "  " << e.from << " -> " << e.to << "  via " << e.via_job;
    if (!e.transformation.empty()) std::cout << "  " << e.transformation;
    if (e.masking) std::cout << " (masked)";
    std::cout << "  seqs";
    for (uint64_t s : e.seqs) std::cout << " " << s;
    std::cout << "\n";
  }
  for (const auto& c : a.cycles) {
    std::cout << "cycle:";
    for (const auto& id : c) std::cout << " " << id;
    std::cout << "\n";
  }
  if (a.partial) {
    std::cout << "PARTIAL: the node budget ran out; not expanded:";
    for (const auto& id : a.frontier) std::cout << " " << id;
    std::cout << "\ncontinue with: --cursor " << a.cursor << "\n";
  }
}

}  // namespace

int run_lineage(const LineageCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  LineageQuery q;
  q.node = cmd.node;
  q.direction = cmd.direction;
  q.max_depth = cmd.depth;
  q.max_nodes = cmd.max_nodes;
  q.cursor = cmd.cursor;
  q.domain = cmd.domain;
  q.include_edges = cmd.include_edges;
  for (Status s : {parse_as_of(cmd.as_of, &q), parse_kinds(cmd.kinds, &q)}) {
    if (!s.ok()) {
      std::cerr << "auditgraph: " << s.to_string() << "\n";
      return 2;
    }
  }
  auto opened = open_index(cmd.store, std::move(logger));
  if (!opened.ok()) {
    std::cerr << "auditgraph: " << opened.status().to_string() << "\n";
    return 1;
  }
  auto answer = opened->index->lineage(q);
  if (!answer.ok()) {
    std::cerr << "auditgraph: " << answer.status().to_string() << "\n";
    return 1;
  }
  if (cmd.json_out) {
    std::cout << lineage_to_json(*answer).dump(2, ' ', false,
                                               nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
  } else {
    print_text(*answer, cmd);
  }
  return 0;
}

}  // namespace auditgraph::cli
