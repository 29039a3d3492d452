#include "tools/cli/export_cmd.h"

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
  if (Status s = parse_as_of(cmd.as_of, &q); !s.ok()) {
    std::cerr << "auditgraph: " << s.to_string() << "\n";
    return 2;
  }
  auto opened = open_index(cmd.store, std::move(logger));
  if (!opened.ok()) {
    std::cerr << "auditgraph: " << opened.status().to_string() << "\n";
    return 1;
  }
  auto answer = subgraph(*opened->index, cmd, q);
  if (!answer.ok()) {
    std::cerr << "auditgraph: " << answer.status().to_string() << "\n";
    return 1;
  }
  std::string text;
  if (cmd.format == "dot") {
    text = lineage_dot(*answer);
  } else if (cmd.format == "mermaid") {
    text = lineage_mermaid(*answer);
  } else if (cmd.format == "openlineage") {
    size_t count = 0;
    auto events = openlineage_events(*opened->log, *answer, &count);
    if (!events.ok()) {
      std::cerr << "auditgraph: " << events.status().to_string() << "\n";
      return 1;
    }
    text = std::move(*events);
    std::cerr << count << " OpenLineage events behind " << answer->edges.size() << " edges\n";
  } else {
    text = lineage_to_json(*answer).dump(2, ' ', false,
                                         nlohmann::ordered_json::error_handler_t::replace) +
           "\n";
  }
  if (cmd.out.empty() || cmd.out == "-") {
    std::cout << text;
    return std::cout.flush() ? 0 : 1;
  }
  if (Status s = write_file(cmd.out, text); !s.ok()) {
    std::cerr << "auditgraph: " << s.to_string() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace auditgraph::cli
