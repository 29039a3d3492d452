// report_bench: `tools/dev bench report`.
//
// The bench mesh (src/demo/bench_mesh.h) at --datasets, with the governance a compliance report
// is about laid over it (below: groups, grants, products, schema changes), in a store at
// --store; then the store's index opened as the CLI opens it (from the store's snapshot, which
// the first open writes after replaying the log), and the compliance report of the mesh's
// quarter (2026-09-01 to 2026-12-01), --runs times, as `report compliance` makes it by default
// (the summary and the rows that need action):
//   access     --access-queries questions "who can read this dataset" of the index, p50, p99
//   report     the report from that index (ReportBuilder, as the server makes it): the pass
//              over the log, then the index's part (what the server holds its index lock for)
//   json/html  the default JSON document and the HTML page made from the report, and their sizes
//              (the JSON's as `report compliance --format json` writes it: indented by 2)
// and once with every table listed (`--full`, as the CSV), for its size; then --replay-runs
// times the report that replays an index of its own (a report of an earlier size than the
// index's, and every report before the index was passed in). The figures are the median of the
// runs; RSS is the process's peak.
//
// The governance overlay, per domain d of the mesh's seven: a group "<d>.readers" holding a
// group "<d>.analysts" of --group-members users (user0, user1, ... as the mesh's access records
// name them), and a READ grant of the whole domain to "<d>.readers"; so every dataset has
// --group-members access paths through groups. One dataset in 100 is published as a product
// with a one-day freshness SLO (written once by its run: a breach each); one in --grant-every
// (100) is granted to a user (one grant in 3 without expiry, one in 5 without purpose, one in 7
// WRITE); one dataset with columns in 200 changes its schema in the quarter, dropping a column
// (breaking), half of them after a deprecation notice.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "auditgraph/event_log.h"
#include "auditgraph/index.h"
#include "auditgraph/report.h"
#include "src/demo/bench_mesh.h"
#include "src/demo/demo_mesh.h"
#include "src/open_index.h"
#include "src/report/report_files.h"
#include "src/report/report_json.h"
#include "tools/bench/measure.h"
#include "tools/bench/must.h"

namespace {

using namespace auditgraph;
using bench::fail;
using bench::must;
using bench::percentile;
using bench::seconds_since;
using bench::SteadyClock;

constexpr int64_t kDay = 86'400'000'000'000;
constexpr const char* kDomains[] = {"Orders",  "Customers", "Payments",    "Marketing",
                                    "Finance", "Risk",      "Supply Chain"};

Event event_at(Timestamp t, Payload payload) {
  Event e;
  e.event_time = t;
  e.actor = "governance";
  e.producer = "report_bench";
  e.payload = std::move(payload);
  return e;
}

// The governance overlay (see the top of the file), in event-time order within the quarter.
std::vector<Event> governance(const BenchMesh& mesh, uint32_t group_members,
                              uint64_t grant_every) {
  std::vector<Event> out;
  const Timestamp early{kDemoStart.unix_nanos + kDay}, late{kDemoEnd.unix_nanos - 30 * kDay};
  for (int d = 0; d < 7; ++d) {
    // The mesh's dataset names start with the domain's prefix: "supply_chain.p0000006.v1".
    const std::string prefix =
        mesh.dataset_name(static_cast<uint64_t>(d))
            .substr(0, mesh.dataset_name(static_cast<uint64_t>(d)).find(".p"));
    const std::string readers = prefix + ".readers", analysts = prefix + ".analysts";
    out.push_back(
        event_at(early, MembershipAdded{readers, {PrincipalRef::Kind::kGroup, analysts}}));
    for (uint32_t m = 0; m < group_members; ++m) {
      const std::string user = "user" + std::to_string(d * group_members + m);
      out.push_back(event_at(early, MembershipAdded{analysts, {PrincipalRef::Kind::kUser, user}}));
    }
    AccessGranted g;
    g.grant_id = "domain-" + prefix;
    g.grantee = {PrincipalRef::Kind::kGroup, readers};
    g.resource.kind = Resource::Kind::kDomain;
    g.resource.domain = kDomains[d];
    g.privilege = "READ";
    g.purpose = "analytics";
    g.approver = "governance-council";
    g.expires_at = Timestamp{kDemoEnd.unix_nanos + 365 * kDay};
    out.push_back(event_at(early, g));
  }
  for (uint64_t i = 0; i < mesh.datasets(); ++i) {
    if (i % 100 != 0 && i % grant_every != 0) continue;
    const DatasetRef ref{std::string(BenchMesh::kDatasetNamespace), mesh.dataset_name(i)};
    if (i % 100 == 0) {
      DatasetDeclared product;
      product.dataset = ref;
      product.data_product = true;
      product.freshness_slo_seconds = 86'400;
      out.push_back(event_at(early, product));
    }
    if (i % grant_every != 0) continue;
    AccessGranted g;
    g.grant_id = "grant-" + std::to_string(i);
    g.grantee = {PrincipalRef::Kind::kUser, "user" + std::to_string(i % 1000)};
    g.resource.dataset = ref;
    g.privilege = (i / 100) % 7 == 0 ? "WRITE" : "READ";
    g.purpose = (i / 100) % 5 == 0 ? "" : "reporting";
    if ((i / 100) % 3 != 0) g.expires_at = Timestamp{kDemoEnd.unix_nanos + 90 * kDay};
    out.push_back(event_at(early, g));
  }
  uint64_t changed = 0;
  for (uint64_t i = 0; i < mesh.datasets(); ++i) {
    if (!mesh.has_columns(i) || changed++ % 200 != 0) continue;
    const DatasetRef ref{std::string(BenchMesh::kDatasetNamespace), mesh.dataset_name(i)};
    if (changed % 400 == 1) {
      out.push_back(
          event_at(late, DeprecationNotice{ref, "", Timestamp{late.unix_nanos + 30 * kDay},
                                           std::nullopt, "amount goes"}));
    }
    SchemaChanged c;
    c.dataset = ref;
    c.version = "v2";
    c.schema = {{"key", "string"}, {"email", "string", "", {"PII"}}, {"updated_at", "timestamp"}};
    c.reason = "amount moves to the ledger";
    out.push_back(event_at(Timestamp{late.unix_nanos + kDay}, c));
  }
  return out;
}

// The store at `path` with the mesh and the overlay: made afresh, or kept when it already holds
// exactly that many events and `reuse`.
std::unique_ptr<EventLog> open_store(const BenchMesh& mesh, const std::vector<Event>& overlay,
                                     const std::string& path, bool reuse) {
  const uint64_t want = mesh.events() + overlay.size();
  if (reuse && std::filesystem::exists(path)) {
    LogOptions options;
    options.create_if_missing = false;
    auto log = must(EventLog::Open(options, path), "open " + path);
    if (log->head().size == want) {
      std::cerr << "store: " << path << " kept (" << want << " events)\n";
      return log;
    }
    std::cerr << "store: " << path << " has " << log->head().size << " events, not " << want
              << ": made again\n";
  }
  std::filesystem::remove_all(path);
  auto log = must(EventLog::Open(LogOptions{}, path), "create " + path);
  const auto t0 = SteadyClock::now();
  must(load_bench_mesh(mesh, *log), "load the bench mesh");
  for (size_t i = 0; i < overlay.size(); i += 1000) {
    const size_t n = std::min<size_t>(1000, overlay.size() - i);
    must(log->append(std::span<const Event>(overlay).subspan(i, n)), "append the governance");
  }
  std::cerr << "store: " << log->head().size << " events written to " << path << " in "
            << seconds_since(t0) << " s\n";
  if (log->head().size != want)
    fail("the store has " + std::to_string(log->head().size) + " events, not " +
         std::to_string(want));
  return log;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"the compliance report of a quarter on the bench mesh"};
  BenchMeshOptions mesh_options;
  mesh_options.datasets = 100'000;
  std::optional<uint64_t> edges, access_records;
  uint32_t group_members = 20;
  int runs = 3, replay_runs = 1;
  uint64_t grant_every = 100;
  size_t access_queries = 2000;
  bool reuse = false, skip_full = false;
  std::string store = "var/bench-report";
  app.add_option("--datasets", mesh_options.datasets, "datasets in the mesh")
      ->capture_default_str();
  app.add_option("--edges", edges, "derivation edges (default 5 per dataset)");
  app.add_option("--access-records", access_records,
                 "access_recorded events (default 20 per dataset)");
  app.add_option("--column-share", mesh_options.column_share,
                 "share of datasets with columns and column lineage")
      ->capture_default_str();
  app.add_option("--seed", mesh_options.seed, "generator seed")->capture_default_str();
  app.add_option("--group-members", group_members, "users in each domain's analysts group")
      ->capture_default_str();
  app.add_option("--grant-every", grant_every,
                 "a user grant on one dataset in this many (1: a grant on every dataset)")
      ->capture_default_str();
  app.add_option("--access-queries", access_queries,
                 "access questions timed on the index (datasets spread over the mesh)")
      ->capture_default_str();
  app.add_option("--runs", runs, "reports timed (the median is printed)")->capture_default_str();
  app.add_option("--replay-runs", replay_runs,
                 "reports that replay their own index, timed (0: none)")
      ->capture_default_str();
  app.add_option("--store", store, "the store (replaced unless --reuse finds it complete)")
      ->capture_default_str();
  app.add_flag("--reuse", reuse, "keep the store when it already holds this mesh");
  app.add_flag("--skip-full", skip_full, "do not make the full report (every table) once");
  CLI11_PARSE(app, argc, argv);
  mesh_options.edges = edges.value_or(5 * mesh_options.datasets);
  mesh_options.access_records = access_records.value_or(20 * mesh_options.datasets);
  must(mesh_options.validate(), "options");
  if (runs < 1) fail("--runs: must be at least 1");

  const BenchMesh mesh(mesh_options);
  if (grant_every < 1) fail("--grant-every: must be at least 1");
  const std::vector<Event> overlay = governance(mesh, group_members, grant_every);
  auto log = open_store(mesh, overlay, store, reuse);
  std::cout << "machine: " << bench::machine_description() << "\n"
            << "mesh: " << mesh.datasets() << " datasets, " << mesh.edges() << " derivation edges, "
            << mesh.events() << " events + " << overlay.size() << " governance events; log size "
            << log->head().size << "\n";

  auto t0 = SteadyClock::now();
  const bool had_snapshot = std::filesystem::exists(store + "/" + kIndexSnapshotFile);
  const std::unique_ptr<Index> index =
      must(open_index(*log, store, nullptr), "open the store's index");
  std::cout << "index: opened in " << seconds_since(t0) << " s ("
            << (had_snapshot ? "from the store's snapshot" : "replayed, and the snapshot written")
            << ")\n";

  // Who can read a dataset, at the quarter's end, as /v1/access asks it.
  std::vector<double> access_ms;
  size_t paths = 0;
  for (size_t k = 0; k < access_queries; ++k) {
    AccessQuery aq;
    aq.dataset = mesh.dataset_id(k * 7919 % mesh.datasets());
    aq.as_of = kDemoEnd;
    t0 = SteadyClock::now();
    const AccessAnswer answer = must(index->access(aq), "access " + aq.dataset);
    access_ms.push_back(seconds_since(t0) * 1e3);
    paths += answer.paths.size();
  }
  if (!access_ms.empty()) {
    std::cout << "access: " << access_ms.size() << " questions, " << paths << " paths; p50 "
              << percentile(access_ms, 0.5) << " ms, p99 " << percentile(access_ms, 0.99)
              << " ms\n";
  }

  ReportQuery q;
  q.from = kDemoStart;
  q.to = kDemoEnd;
  q.list_group_access = false;
  std::vector<double> report_s, json_s, html_s;
  size_t json_bytes = 0, html_bytes = 0, action_rows = 0;
  std::vector<double> locked_s;  // ask(): what the server holds its index lock for
  for (int r = 0; r < runs; ++r) {
    t0 = SteadyClock::now();
    auto builder = must(ReportBuilder::Start(*log, q), "start the report");
    must(builder->read(log->head().size), "read the log");
    const auto t1 = SteadyClock::now();
    must(builder->ask(*index), "ask the index");
    locked_s.push_back(seconds_since(t1));
    const ComplianceReport report = must(builder->finish(), "the report");
    report_s.push_back(seconds_since(t0));
    t0 = SteadyClock::now();
    const nlohmann::ordered_json doc = report_to_json(report, false);
    json_bytes = doc.dump(2).size() + 1;
    json_s.push_back(seconds_since(t0));
    t0 = SteadyClock::now();
    html_bytes = report_html(doc, lineage_svg(report)).size();
    html_s.push_back(seconds_since(t0));
    action_rows = doc["summary"]["needs_action"].get<size_t>();
    std::cerr << "run " << r + 1 << ": report " << report_s.back() << " s, json " << json_s.back()
              << " s, html " << html_s.back() << " s\n";
  }
  std::cout << "report of the quarter (summary, the default), median of " << runs << ": report "
            << percentile(report_s, 0.5) << " s (of which the index's part, under the server's "
            << "index lock: " << percentile(locked_s, 0.5) << " s), json " << percentile(json_s, 0.5) << " s, html "
            << percentile(html_s, 0.5) << " s; JSON " << json_bytes << " bytes, HTML " << html_bytes
            << " bytes; " << action_rows << " rows need action\n";
  if (!skip_full) {
    q.list_group_access = true;
    t0 = SteadyClock::now();
    const ComplianceReport report = must(compliance_report(*log, *index, q), "the full report");
    const size_t full_bytes = report_to_json(report, true).dump(2).size() + 1;
    std::cout << "full report (--full, every table, as the CSV): " << seconds_since(t0)
              << " s with its JSON; JSON " << full_bytes << " bytes; " << report.group_access_total
              << " access paths through groups, " << report.inventory.size() << " inventory rows\n";
  }
  std::cout << "peak RSS, the store's index and the reports from it: "
            << bench::peak_rss_bytes() / (1 << 20) << " MiB\n";
  q.list_group_access = false;
  std::vector<double> replay_s;
  for (int r = 0; r < replay_runs; ++r) {
    t0 = SteadyClock::now();
    must(compliance_report(*log, q), "the report replaying its own index");
    replay_s.push_back(seconds_since(t0));
    std::cerr << "replay run " << r + 1 << ": " << replay_s.back() << " s\n";
  }
  if (!replay_s.empty()) {
    std::cout << "report replaying its own index, median of " << replay_runs << ": "
              << percentile(replay_s, 0.5) << " s\n";
  }
  if (!replay_s.empty()) {
    std::cout << "peak RSS, with the replaying reports' own indexes: "
              << bench::peak_rss_bytes() / (1 << 20) << " MiB\n";
  }
  return 0;
}
