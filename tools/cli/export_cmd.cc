#include "tools/cli/export_cmd.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "auditgraph/index.h"
#include "src/export/graph_text.h"
#include "src/export/lineage_export.h"
#include "src/index_json.h"
#include "src/open_index.h"
#include "tools/cli/lineage_cmd.h"

namespace auditgraph::cli {
namespace {

Result<LineageAnswer> subgraph(const Index& index, const ExportCommand& cmd, LineageQuery q) {
  if (cmd.upstream == cmd.downstream) return lineage_both_ways(index, std::move(q));
  q.direction = cmd.downstream ? LineageQuery::Direction::kDownstream
                               : LineageQuery::Direction::kUpstream;
  return index.lineage(q);
}

// Writes `text` to `path` through a temporary file renamed over it.
Status write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f.flush()) return Status::IOError("--out: cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec)
    return Status::IOError("--out: cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

int run_export(const ExportCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  LineageQuery q;
  q.node = cmd.node;
  q.max_depth = cmd.depth;
  if (Status s = parse_as_of(cmd.as_of, &q); !s.ok()) return fail(s, 2);
  auto opened = open_index(cmd.store, std::move(logger));
  if (!opened.ok()) return fail(opened.status());
  auto answer = subgraph(*opened->index, cmd, q);
  if (!answer.ok()) return fail(answer.status());
  std::string text;
  if (cmd.format == "dot") {
    text = lineage_dot(*answer);
  } else if (cmd.format == "mermaid") {
    text = lineage_mermaid(*answer);
  } else if (cmd.format == "openlineage") {
    size_t count = 0;
    auto events = openlineage_events(*opened->log, *answer, &count);
    if (!events.ok()) return fail(events.status());
    text = std::move(*events);
    std::cerr << count << " OpenLineage events behind " << answer->edges.size() << " edges\n";
  } else {
    text = json_text(lineage_to_json(*answer));
  }
  if (cmd.out.empty() || cmd.out == "-") {
    std::cout << text;
    return std::cout.flush() ? 0 : 1;
  }
  if (Status s = write_file(cmd.out, text); !s.ok()) return fail(s);
  return 0;
}

void add_export_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<ExportCommand>();
  auto* c = app.add_subcommand(
      "export", "a node's lineage as DOT, Mermaid, JSON, or the OpenLineage events behind it");
  c->add_option("node", cmd->node,
                "dataset:<namespace>:<name> or datasetField:<namespace>:<name>:<field>")
      ->required();
  c->add_option("--format", cmd->format, "dot, mermaid, json or openlineage")
      ->check(CLI::IsMember({"dot", "mermaid", "json", "openlineage"}))
      ->capture_default_str();
  auto* up_flag = c->add_flag("--upstream", cmd->upstream, "provenance only");
  c->add_flag("--downstream", cmd->downstream, "impact only")->excludes(up_flag);
  c->add_option("--depth", cmd->depth, "hops each way (default: unlimited)");
  c->add_option("--as-of", cmd->as_of,
                "seq:N (the log at size N) or an RFC 3339 time (producers' clocks)");
  c->add_option("--out", cmd->out, "the file to write (default: stdout)");
  run_with_store(c, ctx, cmd, run_export);
}

}  // namespace auditgraph::cli
