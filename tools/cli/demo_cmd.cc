#include "tools/cli/demo_cmd.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "auditgraph/ingest.h"
#include "auditgraph/merkle.h"
#include "src/demo/demo_mesh.h"
#include "src/event_json.h"
#include "src/sample_mesh.h"
#include "tools/cli/access_cmd.h"
#include "tools/cli/lineage_cmd.h"
#include "tools/cli/pii_cmd.h"
#include "tools/cli/report_cmd.h"

namespace auditgraph::cli {
namespace {

struct DemoCommand {
  DemoMeshOptions mesh;
  bool small = false;  // the small fixed sample mesh instead
};

int demo(const Context& ctx, const DemoCommand& cmd) {
  const DemoMeshOptions& mesh = cmd.mesh;
  const bool small = cmd.small;
  if (Status s = make_store_dir(ctx.store); !s.ok()) return fail(s);
  auto log = open_store(ctx, true);
  if (!log.ok()) return fail(log.status());
  size_t events = 0, fresh = 0;
  if (small) {
    // 2026-09-30T00:00:00Z
    std::vector<Event> sample = sample_mesh_events(Timestamp{1'790'726'400'000'000'000});
    auto appended = (*log)->append(sample);
    if (!appended.ok()) return fail(appended.status());
    for (const auto& a : *appended) fresh += a.duplicate ? 0 : 1;
    events = sample.size();
  } else {
    auto loaded = load_demo_mesh(**log, mesh);
    if (!loaded.ok()) return fail(loaded.status());
    events = loaded->events;
    fresh = loaded->fresh;
  }
  LogHead h = (*log)->head();
  std::cout << "== "
            << (small ? "small sample mesh"
                      : "demo mesh (scale " + std::to_string(mesh.scale) + ", seed " +
                            std::to_string(mesh.seed) + ")")
            << ": " << events << " events, " << fresh << " new, " << events - fresh
            << " already logged (idempotent retry)\n";
  std::cout << "\n$ auditgraph --store " << ctx.store << " log head --json\n";
  print_json(head_to_json(h));
  const uint64_t seq = h.size - 1;
  std::cout << "\n$ auditgraph --store " << ctx.store << " log show " << seq << "\n";
  auto e = (*log)->read(seq);
  if (!e.ok()) return fail(e.status());
  print_json(event_to_json(*e));
  std::cout << "\n$ auditgraph --store " << ctx.store << " prove inclusion " << seq << " --json\n";
  auto proof = (*log)->prove_inclusion(seq, h.size);
  if (!proof.ok()) return fail(proof.status());
  print_json(inclusion_to_json(*proof));
  Status checked =
      verify_inclusion(proof->index, proof->size, proof->leaf_hash, proof->path, proof->root);
  std::cout << "inclusion proof checks out: " << (checked.ok() ? "yes" : checked.to_string())
            << "\n";
  std::cout << "\n$ auditgraph --store " << ctx.store << " verify\n";
  VerifyReport r = (*log)->verify();
  std::cout << (r.ok ? "ok: " : "FAILED: ") << r.message << "\n";
  if (!r.ok) return 1;
  log->reset();  // the query verbs below open the store themselves

  // Example queries over the index replayed from the store.
  const std::string orders = "dataset:kafka://broker:9092:orders.events.v1";
  const std::string revenue = "dataset:s3://lake:finance.revenue.daily.v2";
  LineageCommand impact;
  impact.store = ctx.store;
  impact.direction = LineageQuery::Direction::kDownstream;
  impact.node = orders;
  std::cout << "\n$ auditgraph --store " << ctx.store << " impact " << orders << "\n";
  int code = run_lineage(impact, ctx.logger);
  LineageCommand provenance = impact;
  provenance.direction = LineageQuery::Direction::kUpstream;
  provenance.node = "datasetField:s3://lake:finance.revenue.daily.v2:revenue";
  std::cout << "\n$ auditgraph --store " << ctx.store << " provenance " << provenance.node << "\n";
  code |= run_lineage(provenance, ctx.logger);
  AccessCommand access;
  access.store = ctx.store;
  access.dataset = revenue;
  std::cout << "\n$ auditgraph --store " << ctx.store << " access " << revenue << "\n";
  code |= run_access(access, ctx.logger);
  PiiCommand pii;
  pii.store = ctx.store;
  std::cout << "\n$ auditgraph --store " << ctx.store << " pii-reach\n";
  code |= run_pii_reach(pii, ctx.logger);
  if (!small) {
    // The governance council's view of the story's last month.
    ReportCommand report;
    report.store = ctx.store;
    report.from = format_rfc3339(kDemoPeriod);
    report.to = format_rfc3339(kDemoEnd);
    report.log_size = h.size;  // the demo's events are recorded now, whatever the story's dates
    report.out = ctx.store + "/compliance-2026-11.html";
    std::cout << "\n$ auditgraph --store " << ctx.store << " report compliance --from "
              << report.from << " --to " << report.to << " --log-size " << h.size
              << " --format html --out " << report.out << "\n";
    code |= run_report(report, ctx.logger);
  }
  std::cout << "\nMore: check-change, access-history, stats, export, report compliance --format "
               "json|csv (README.md); over HTTP: auditgraph --store "
            << ctx.store << " serve (docs/api.md).\n";
  return code == 0 ? 0 : 1;
}

}  // namespace

void add_demo_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<DemoCommand>();
  auto* c = app.add_subcommand(
      "demo", "load the demo data mesh into --store and show what can be asked of it");
  c->add_option("--scale", cmd->mesh.scale, "twenty more derived datasets per step above 1")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  c->add_option("--seed", cmd->mesh.seed, "the generator's seed")->capture_default_str();
  c->add_flag("--small", cmd->small,
              "the small fixed sample mesh instead (a dozen events; the CLI tests use it)");
  c->callback([&ctx, cmd] { ctx.run = [&ctx, cmd] { return demo(ctx, *cmd); }; });
}

}  // namespace auditgraph::cli
