// `auditgraph export NODE --format dot|mermaid|json|openlineage [--upstream|--downstream]
// [--depth N] [--as-of T] [--out FILE]`: a dataset's or column's lineage as a subgraph for other
// tools: DOT for Graphviz, Mermaid for docs and wikis, JSON (the lineage answer's shape), or the
// original OpenLineage events behind its edges as one JSON array. Both directions unless one is
// asked for. Writes to stdout, or to FILE (replaced whole, never left half-written). Exit code 0
// when written, 1 when the store, the node or FILE cannot be used, 2 for bad options.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tools/cli/command.h"

namespace auditgraph::cli {

struct ExportCommand {
  std::string store;
  std::string node;
  std::string format = "json";                // dot, mermaid, json, openlineage
  bool upstream = false, downstream = false;  // neither: both
  std::optional<uint32_t> depth;
  std::string as_of;  // as for provenance: "seq:N" or an RFC 3339 time
  std::string out;    // "" or "-": stdout
};

int run_export(const ExportCommand& cmd, std::shared_ptr<spdlog::logger> logger);

void add_export_command(CLI::App& app, Context& ctx);

}  // namespace auditgraph::cli
