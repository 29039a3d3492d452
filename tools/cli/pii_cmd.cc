#include "tools/cli/pii_cmd.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "auditgraph/clock.h"
#include "src/index_json.h"
#include "src/open_index.h"

namespace auditgraph::cli {
namespace {

void print_text(const PiiReach& r, const std::string& tag) {
  std::cout << tag << " reach (log size " << r.at.size << "): " << r.sources.size()
            << " tagged columns\n";
  for (const auto& s : r.sources) std::cout << "  source  " << s << "\n";
  for (const auto& x : r.reached) {
    std::cout << "  reaches " << x.column << "  from " << x.source << "  via";
    for (const auto& j : x.jobs) std::cout << " " << j;
    std::cout << "\n";
  }
  for (const auto& m : r.masked) std::cout << "  masked  " << m.column << "  by " << m.job << "\n";
  for (const auto& p : r.readers) {
    std::cout << "  reader  " << p.principal.name << "  can read " << p.datasets.size()
              << " tainted datasets";
    if (!p.without_source_grant.empty()) {
      std::cout << "  FLAGGED: no grant on the source of";
      for (const auto& d : p.without_source_grant) std::cout << " " << d;
    }
    std::cout << "\n";
  }
}

}  // namespace

int run_pii_reach(const PiiCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  auto opened = open_index(cmd.store, std::move(logger));
  if (!opened.ok()) return fail(opened.status());
  auto r = opened->index->pii_reach({cmd.node, cmd.tag, SystemClock().now()});
  if (!r.ok()) return fail(r.status());
  if (cmd.json_out) {
    print_json(pii_to_json(*r));
  } else {
    print_text(*r, cmd.tag);
  }
  return 0;
}

void add_pii_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<PiiCommand>();
  auto* c = app.add_subcommand("pii-reach",
                               "where data from PII-tagged columns flows, and who can read it");
  c->add_option("node", cmd->node, "a dataset or column (default: every tagged column)");
  c->add_option("--tag", cmd->tag, "the tag that marks a source column")->capture_default_str();
  c->add_flag("--json", cmd->json_out, "JSON output");
  run_with_store(c, ctx, cmd, run_pii_reach);
}

}  // namespace auditgraph::cli
