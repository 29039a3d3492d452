#include "tools/cli/lineage_cmd.h"

#include <CLI/CLI.hpp>

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
  for (Status s : {parse_as_of(cmd.as_of, &q), parse_node_kinds(cmd.kinds, "--kind", &q.kinds)}) {
    if (!s.ok()) return fail(s, 2);
  }
  auto opened = open_index(cmd.store, std::move(logger));
  if (!opened.ok()) return fail(opened.status());
  auto answer = opened->index->lineage(q);
  if (!answer.ok()) return fail(answer.status());
  if (cmd.proofs.with_proofs) {
    return print_bundle(*opened->log, cmd.proofs, provable(*answer, cmd.direction, cmd.node));
  }
  if (cmd.json_out) {
    print_json(lineage_to_json(*answer));
  } else {
    print_text(*answer, cmd);
  }
  return 0;
}

void add_lineage_commands(CLI::App& app, Context& ctx) {
  for (auto direction :
       {LineageQuery::Direction::kUpstream, LineageQuery::Direction::kDownstream}) {
    const bool up = direction == LineageQuery::Direction::kUpstream;
    auto cmd = std::make_shared<LineageCommand>();
    cmd->direction = direction;
    auto* c = app.add_subcommand(up ? "provenance" : "impact",
                                 up ? "what a dataset or column comes from (upstream lineage)"
                                    : "what a dataset or column feeds (downstream lineage)");
    c->add_option("node", cmd->node,
                  "dataset:<namespace>:<name> or datasetField:<namespace>:<name>:<field>")
        ->required();
    c->add_option("--depth", cmd->depth, "hops (default: unlimited)");
    c->add_option("--as-of", cmd->as_of,
                  "seq:N (the log at size N) or an RFC 3339 time (producers' clocks)");
    c->add_option("--kind", cmd->kinds, "report only these kinds: dataset, column, job")
        ->delimiter(',');
    c->add_option("--domain", cmd->domain, "report only nodes of this domain");
    c->add_option("--max-nodes", cmd->max_nodes,
                  "node budget; the answer says when it is partial and lists the frontier");
    c->add_option("--cursor", cmd->cursor,
                  "continue a partial answer (the same query, with the cursor it printed)");
    c->add_flag(
        "--no-edges", [cmd](int64_t) { cmd->include_edges = false; },
        "nodes only (for large closures)");
    c->add_flag("--json", cmd->json_out, "JSON output");
    add_proof_options(c, &cmd->proofs);
    run_with_store(c, ctx, cmd, run_lineage);
  }
}

}  // namespace auditgraph::cli
