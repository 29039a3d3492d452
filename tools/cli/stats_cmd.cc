#include "tools/cli/stats_cmd.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "auditgraph/clock.h"
#include "auditgraph/index.h"
#include "src/index_json.h"
#include "src/open_index.h"

namespace auditgraph::cli {
namespace {

struct StatsCommand {
  int unused_days = 90;  // Index::stats's default
  bool json_out = false;
};

int stats(const Context& ctx, const StatsCommand& cmd) {
  auto opened = open_index(ctx.store, ctx.logger);
  if (!opened.ok()) return fail(opened.status());
  auto stats = opened->index->stats(SystemClock().now(), cmd.unused_days);
  if (!stats.ok()) return fail(stats.status());
  const Index::Stats& s = *stats;
  const LogHead at = opened->index->head();
  if (cmd.json_out) {
    print_json(stats_to_json(s, at));
    return 0;
  }
  std::cout << "log size " << at.size << " root " << at.root.hex() << "\n"
            << s.datasets << " datasets, " << s.columns << " columns, " << s.jobs << " jobs, "
            << s.open_edges << " lineage edges now (" << s.edges << " ever), " << s.grants
            << " grants, " << s.principals << " principals, " << s.access_records
            << " access records\n";
  auto list = [](const char* title, const std::vector<std::string>& v) {
    std::cout << title << " (" << v.size() << ")\n";
    for (const auto& x : v) std::cout << "  " << x << "\n";
  };
  list("datasets with no owner", s.without_owner);
  list(("products nobody read in " + std::to_string(cmd.unused_days) + " days").c_str(),
       s.unused_products);
  list("unknown provenance (nothing writes them, none declared)", s.unknown_provenance);
  return 0;
}

}  // namespace

void add_stats_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<StatsCommand>();
  auto* c = app.add_subcommand(
      "stats", "counts; datasets with no owner, unused products, unknown provenance");
  c->add_option("--unused-days", cmd->unused_days, "a product nobody read in this many days")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  c->add_flag("--json", cmd->json_out, "JSON output");
  c->callback([&ctx, cmd] { ctx.run = [&ctx, cmd] { return stats(ctx, *cmd); }; });
}

}  // namespace auditgraph::cli
