// `auditgraph provenance NODE` and `auditgraph impact NODE`: the lineage upstream or downstream
// of a dataset or column, replayed from the store. Exit code 0 with an answer, 1 when the store
// or the node cannot be read, 2 for a malformed option value.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auditgraph/lineage.h"
#include "auditgraph/status.h"
#include "tools/cli/command.h"
#include "tools/cli/proof_options.h"

namespace auditgraph::cli {

struct LineageCommand {
  std::string store;
  LineageQuery::Direction direction = LineageQuery::Direction::kUpstream;
  std::string node;
  std::optional<uint32_t> depth;
  std::string as_of;               // "" (now), "seq:N", or an RFC 3339 time
  std::vector<std::string> kinds;  // dataset, column, job
  std::string domain;
  std::optional<size_t> max_nodes;
  std::string cursor;  // a partial answer's, to continue it
  bool include_edges = true;
  bool json_out = false;
  ProofOptions proofs;
};

// Fills q.as_of_seq or q.as_of_time from --as-of's "seq:N" or RFC 3339 time ("" leaves both).
Status parse_as_of(const std::string& text, LineageQuery* q);

int run_lineage(const LineageCommand& cmd, std::shared_ptr<spdlog::logger> logger);

void add_lineage_commands(CLI::App& app, Context& ctx);  // provenance, impact

}  // namespace auditgraph::cli
