// auditgraph: the command-line interface. main() wires the parts: a stderr logger, the store, and
// one handler per verb. Every verb that reads a store takes --store DIR; the global options
// (--store, -v) go on either side of the verb: `--store DIR ingest f.json` is `ingest --store DIR
// f.json` (CLI11's fallthrough, which every verb inherits).
//
// Exit codes: 0 success; 1 the store or a check said no (verify failed, bad seq); 2 bad usage.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "auditgraph/clock.h"
#include "auditgraph/event_log.h"
#include "auditgraph/ingest.h"
#include "src/event_json.h"
#include "src/index_json.h"
#include "src/demo/demo_mesh.h"
#include "src/sample_mesh.h"
#include "tools/cli/access_cmd.h"
#include "tools/cli/check_change_cmd.h"
#include "tools/cli/export_cmd.h"
#include "tools/cli/ingest_cmd.h"
#include "tools/cli/lineage_cmd.h"
#include "src/open_index.h"
#include "tools/cli/pii_cmd.h"
#include "tools/cli/report_cmd.h"
#include "tools/cli/serve_cmd.h"

namespace {

using namespace auditgraph;
using json = nlohmann::ordered_json;

struct Context {
  std::string store = "./var/store";
  bool json_out = false;
  std::shared_ptr<spdlog::logger> logger;
};

void print_json(const json& j) {
  std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

int fail(const Status& s) {
  std::cerr << "auditgraph: " << s.to_string() << "\n";
  return 1;
}

Result<std::unique_ptr<EventLog>> open_store(const Context& ctx, bool create) {
  LogOptions options;
  options.create_if_missing = create;
  options.logger = ctx.logger;
  return EventLog::Open(options, ctx.store);
}

int cmd_head(const Context& ctx) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  LogHead h = (*log)->head();
  if (ctx.json_out)
    print_json(head_to_json(h));
  else
    std::cout << "size " << h.size << "\nroot " << h.root.hex() << "\n";
  return 0;
}

int cmd_show(const Context& ctx, uint64_t seq, bool raw) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  if (raw) {
    auto bytes = (*log)->read_raw(seq);
    if (!bytes.ok()) return fail(bytes.status());
    std::cout << to_hex(*bytes) << "\n";
    return 0;
  }
  auto event = (*log)->read(seq);
  if (!event.ok()) return fail(event.status());
  print_json(event_to_json(*event));
  return 0;
}

int cmd_checkpoint(const Context& ctx) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  auto cp = (*log)->publish_checkpoint();
  if (!cp.ok()) return fail(cp.status());
  if (ctx.json_out)
    print_json(head_to_json(*cp));
  else
    std::cout << "checkpoint size " << cp->size << " root " << cp->root.hex() << "\n";
  return 0;
}

int cmd_prove_inclusion(const Context& ctx, uint64_t seq, std::optional<uint64_t> size) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  auto proof = (*log)->prove_inclusion(seq, size.value_or((*log)->head().size));
  if (!proof.ok()) return fail(proof.status());
  if (ctx.json_out) {
    print_json(inclusion_to_json(*proof));
  } else {
    std::cout << "seq " << proof->index << " in tree of size " << proof->size << "\nleaf_hash "
              << proof->leaf_hash.hex() << "\nroot " << proof->root.hex() << "\n";
    for (const auto& h : proof->path) std::cout << "proof " << h.hex() << "\n";
  }
  return 0;
}

int cmd_prove_consistency(const Context& ctx, uint64_t from, uint64_t to) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  auto proof = (*log)->prove_consistency(from, to);
  if (!proof.ok()) return fail(proof.status());
  if (ctx.json_out) {
    print_json(consistency_to_json(*proof));
  } else {
    std::cout << "from " << proof->from << " root " << proof->from_root.hex() << "\nto "
              << proof->to << " root " << proof->to_root.hex() << "\n";
    for (const auto& h : proof->path) std::cout << "proof " << h.hex() << "\n";
  }
  return 0;
}

// Verifies the open store; a store that open refuses as corrupt (a rewritten head, say) is
// examined read-only instead, so the report still names the first bad seq.
int cmd_verify(const Context& ctx) {
  auto log = open_store(ctx, false);
  if (!log.ok() && !log.status().is_corruption()) return fail(log.status());
  VerifyReport r = log.ok() ? (*log)->verify() : EventLog::VerifyStore(ctx.store);
  if (ctx.json_out) {
    json j{{"ok", r.ok}, {"size", r.size}, {"message", r.message}};
    j["first_bad_seq"] = r.first_bad_seq ? json(*r.first_bad_seq) : json(nullptr);
    print_json(j);
  } else if (r.ok) {
    std::cout << "ok: " << r.message << "\n";
  } else {
    std::cerr << "auditgraph: verify FAILED"
              << (r.first_bad_seq ? " at seq " + std::to_string(*r.first_bad_seq) : std::string())
              << ": " << r.message << "\n";
  }
  return r.ok ? 0 : 1;
}

int cmd_backup(const Context& ctx, const std::string& to) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  auto head = (*log)->backup(to);
  if (!head.ok()) return fail(head.status());
  if (ctx.json_out) {
    print_json(head_to_json(*head));
  } else {
    std::cout << "backup in " << to << ": size " << head->size << " root " << head->root.hex()
              << "\n";
  }
  return 0;
}

// Copies a backup into --store (a new or empty folder), then opens and verifies it.
int cmd_restore(const Context& ctx, const std::string& from) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(from, ec) || !fs::exists(fs::path(from) / "CURRENT", ec)) {
    return fail(Status::InvalidArgument("--from: " + from + " is not a backup (no store there)"));
  }
  if (fs::exists(ctx.store, ec) && !fs::is_empty(ctx.store, ec)) {
    return fail(Status::AlreadyExists("--store: " + ctx.store +
                                      " is not empty; restore into a new folder"));
  }
  fs::create_directories(ctx.store, ec);
  fs::copy(from, ctx.store, fs::copy_options::recursive, ec);
  if (ec) return fail(Status::IOError("restore: copying " + from + ": " + ec.message()));
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  VerifyReport r = (*log)->verify();
  if (!r.ok) return fail(Status::Corruption("restore: the restored store does not verify: " +
                                            r.message));
  const LogHead h = (*log)->head();
  if (ctx.json_out) {
    print_json(head_to_json(h));
  } else {
    std::cout << "restored " << from << " into " << ctx.store << ": size " << h.size << " root "
              << h.root.hex() << " (verified)\n";
  }
  return 0;
}

// Loads the sample mesh into the store (idempotent: a second run appends nothing) and prints what
// an auditor can already ask of the log.
int cmd_demo(const Context& ctx, const DemoMeshOptions& mesh, bool small) {
  std::filesystem::create_directories(ctx.store);
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
  std::cout << "== " << (small ? "small sample mesh" : "demo mesh (scale " +
                                                           std::to_string(mesh.scale) + ", seed " +
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
  cli::LineageCommand impact;
  impact.store = ctx.store;
  impact.direction = LineageQuery::Direction::kDownstream;
  impact.node = orders;
  std::cout << "\n$ auditgraph --store " << ctx.store << " impact " << orders << "\n";
  int code = cli::run_lineage(impact, ctx.logger);
  cli::LineageCommand provenance = impact;
  provenance.direction = LineageQuery::Direction::kUpstream;
  provenance.node = "datasetField:s3://lake:finance.revenue.daily.v2:revenue";
  std::cout << "\n$ auditgraph --store " << ctx.store << " provenance " << provenance.node << "\n";
  code |= cli::run_lineage(provenance, ctx.logger);
  cli::AccessCommand access;
  access.store = ctx.store;
  access.dataset = revenue;
  std::cout << "\n$ auditgraph --store " << ctx.store << " access " << revenue << "\n";
  code |= cli::run_access(access, ctx.logger);
  cli::PiiCommand pii;
  pii.store = ctx.store;
  std::cout << "\n$ auditgraph --store " << ctx.store << " pii-reach\n";
  code |= cli::run_pii_reach(pii, ctx.logger);
  if (!small) {
    // The governance council's view of the story's last month.
    cli::ReportCommand report;
    report.store = ctx.store;
    report.from = format_rfc3339(kDemoPeriod);
    report.to = format_rfc3339(kDemoEnd);
    report.log_size = h.size;  // the demo's events are recorded now, whatever the story's dates
    report.out = ctx.store + "/compliance-2026-11.html";
    std::cout << "\n$ auditgraph --store " << ctx.store << " report compliance --from "
              << report.from << " --to " << report.to << " --log-size " << h.size
              << " --format html --out " << report.out << "\n";
    code |= cli::run_report(report, ctx.logger);
  }
  std::cout << "\nMore: check-change, access-history, stats, export, report compliance --format "
               "json|csv (README.md); over HTTP: auditgraph --store "
            << ctx.store << " serve (docs/api.md).\n";
  return code == 0 ? 0 : 1;
}

void print_version(const VersionNode& v, int indent) {
  std::cout << std::string(static_cast<size_t>(indent), ' ') << v.dataset << " @ " << v.version
            << "  written by run " << v.run_id << " of " << v.job << " at "
            << format_rfc3339(v.written_at) << (v.inputs_shown_above ? "  (inputs above)" : "")
            << "\n";
  for (const auto& i : v.inputs) print_version(i, indent + 2);
  for (const auto& u : v.unversioned_inputs) {
    std::cout << std::string(static_cast<size_t>(indent + 2), ' ') << u
              << " (read before any version of it was logged)\n";
  }
}

int cmd_versions(const Context& ctx, const VersionQuery& q, const std::string& as_of) {
  VersionQuery query = q;
  if (!as_of.empty()) {
    auto t = parse_rfc3339(as_of);
    if (!t) {
      std::cerr << "auditgraph: --as-of: '" << as_of << "' is not an RFC 3339 time\n";
      return 2;
    }
    query.as_of_time = *t;
  }
  auto opened = open_index(ctx.store, ctx.logger);
  if (!opened.ok()) return fail(opened.status());
  auto a = opened->index->version_provenance(query);
  if (!a.ok()) return fail(a.status());
  if (ctx.json_out) {
    print_json(versions_to_json(*a));
  } else {
    std::cout << a->versions.size() << " versions of " << query.dataset << "; provenance of "
              << a->root.version << " (log size " << a->at.size << "):\n";
    print_version(a->root, 2);
  }
  return 0;
}

int cmd_stats(const Context& ctx, int unused_days) {
  auto opened = open_index(ctx.store, ctx.logger);
  if (!opened.ok()) return fail(opened.status());
  const Index::Stats s = opened->index->stats(SystemClock().now(), unused_days);
  const LogHead at = opened->index->head();
  if (ctx.json_out) {
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
  list(("products nobody read in " + std::to_string(unused_days) + " days").c_str(),
       s.unused_products);
  list("unknown provenance (nothing writes them, none declared)", s.unknown_provenance);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"auditgraph: lineage and audit-trail graph engine over a tamper-evident log"};
  app.require_subcommand(1);
  app.fallthrough();  // before the verbs are added: they inherit it
  Context ctx;
  bool verbose = false;
  app.add_option("--store", ctx.store, "store directory")->capture_default_str();
  app.add_flag("-v,--verbose", verbose, "log to stderr at info level");

  std::function<int()> run;

  auto* log_cmd = app.add_subcommand("log", "read the event log")->require_subcommand(1);
  auto* head = log_cmd->add_subcommand("head", "print the log size and Merkle root");
  head->add_flag("--json", ctx.json_out, "JSON output");
  head->callback([&] { run = [&] { return cmd_head(ctx); }; });

  uint64_t seq = 0;
  bool raw = false;
  auto* show =
      log_cmd->add_subcommand("show", "print one event (decoded JSON, or --raw leaf bytes)");
  show->add_option("seq", seq, "sequence number")->required();
  show->add_flag("--raw", raw, "the exact stored record bytes (the Merkle leaf), hex");
  show->callback([&] { run = [&] { return cmd_show(ctx, seq, raw); }; });

  auto* cp = log_cmd->add_subcommand("checkpoint", "publish the current head as a checkpoint");
  cp->add_flag("--json", ctx.json_out, "JSON output");
  cp->callback([&] { run = [&] { return cmd_checkpoint(ctx); }; });

  auto* prove = app.add_subcommand("prove", "Merkle proofs")->require_subcommand(1);
  std::optional<uint64_t> size;
  auto* incl = prove->add_subcommand("inclusion", "inclusion proof of one record");
  incl->add_option("seq", seq, "sequence number")->required();
  incl->add_option("--size", size, "tree size (default: the head)");
  incl->add_flag("--json", ctx.json_out, "JSON output");
  incl->callback([&] { run = [&] { return cmd_prove_inclusion(ctx, seq, size); }; });

  uint64_t from = 0, to = 0;
  auto* cons = prove->add_subcommand("consistency", "consistency proof between two tree sizes");
  cons->add_option("from", from, "older tree size")->required();
  cons->add_option("to", to, "newer tree size")->required();
  cons->add_flag("--json", ctx.json_out, "JSON output");
  cons->callback([&] { run = [&] { return cmd_prove_consistency(ctx, from, to); }; });

  auto* verify = app.add_subcommand("verify", "recompute the Merkle tree from the records");
  verify->add_flag("--json", ctx.json_out, "JSON output");
  verify->callback([&] { run = [&] { return cmd_verify(ctx); }; });

  cli::IngestCommand ingest;
  std::string format = "auto";
  auto* ingest_cmd = app.add_subcommand(
      "ingest", "append events from files or stdin (JSON object, array or NDJSON)");
  ingest_cmd->add_option("files", ingest.files, "files to read; - or none: stdin");
  ingest_cmd->add_option("--format", format, "openlineage, native or auto (per event)")
      ->check(CLI::IsMember({"auto", "openlineage", "native"}))
      ->capture_default_str();
  ingest_cmd->add_flag("--dry-run", ingest.dry_run, "validate only; write nothing");
  ingest_cmd->add_flag("--json", ingest.json_out, "machine-readable summary on stdout");
  ingest_cmd->add_option("--chunk", ingest.chunk_events, "events per append")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  ingest_cmd->add_flag(
      "--no-sync", [&](int64_t) { ingest.sync = false; },
      "do not fsync (NOT durable: for measurements only)");
  ingest_cmd->add_flag(
      "--no-progress", [&](int64_t) { ingest.progress = false; },
      "no progress bar even on a terminal");
  ingest_cmd->callback([&] {
    run = [&] {
      ingest.store = ctx.store;
      ingest.format = format == "openlineage" ? IngestFormat::kOpenLineage
                      : format == "native"    ? IngestFormat::kNative
                                              : IngestFormat::kAuto;
      return cli::run_ingest(ingest, ctx.logger);
    };
  });

  cli::LineageCommand lineage;
  for (auto direction :
       {LineageQuery::Direction::kUpstream, LineageQuery::Direction::kDownstream}) {
    const bool up = direction == LineageQuery::Direction::kUpstream;
    auto* c = app.add_subcommand(up ? "provenance" : "impact",
                                 up ? "what a dataset or column comes from (upstream lineage)"
                                    : "what a dataset or column feeds (downstream lineage)");
    c->add_option("node", lineage.node,
                  "dataset:<namespace>:<name> or datasetField:<namespace>:<name>:<field>")
        ->required();
    c->add_option("--depth", lineage.depth, "hops (default: unlimited)");
    c->add_option("--as-of", lineage.as_of,
                  "seq:N (the log at size N) or an RFC 3339 time (producers' clocks)");
    c->add_option("--kind", lineage.kinds, "report only these kinds: dataset, column, job")
        ->delimiter(',');
    c->add_option("--domain", lineage.domain, "report only nodes of this domain");
    c->add_option("--max-nodes", lineage.max_nodes,
                  "node budget; the answer says when it is partial and lists the frontier");
    c->add_option("--cursor", lineage.cursor,
                  "continue a partial answer (the same query, with the cursor it printed)");
    c->add_flag(
        "--no-edges", [&](int64_t) { lineage.include_edges = false; },
        "nodes only (for large closures)");
    c->add_flag("--json", lineage.json_out, "JSON output");
    c->callback([&, direction] {
      run = [&, direction] {
        lineage.store = ctx.store;
        lineage.direction = direction;
        return cli::run_lineage(lineage, ctx.logger);
      };
    });
  }

  cli::AccessCommand access;
  auto* access_cmd = app.add_subcommand("access", "who can read a dataset, and why");
  access_cmd->add_option("dataset", access.dataset, "dataset:<namespace>:<name>")->required();
  access_cmd->add_option("--as-of", access.as_of, "RFC 3339 time (default: now)");
  access_cmd->add_flag("--json", access.json_out, "JSON output");
  auto* history_cmd = app.add_subcommand("access-history", "who read or wrote a dataset");
  history_cmd->add_option("dataset", access.dataset, "dataset:<namespace>:<name>")->required();
  history_cmd->add_option("--from", access.from, "RFC 3339 time")->required();
  history_cmd->add_option("--to", access.to, "RFC 3339 time (exclusive)")->required();
  history_cmd->add_flag("--json", access.json_out, "JSON output");
  for (auto* c : {access_cmd, history_cmd}) {
    c->callback([&, c] {
      run = [&, c] {
        access.store = ctx.store;
        access.history = c == history_cmd;
        return cli::run_access(access, ctx.logger);
      };
    });
  }

  cli::CheckChangeCommand change;
  auto* change_cmd = app.add_subcommand(
      "check-change",
      "what a proposed schema breaks downstream; exit 0 safe, 1 breaking with a deprecation "
      "notice, 2 breaking without, 3 error");
  change_cmd->add_option("dataset", change.dataset, "dataset:<namespace>:<name>")->required();
  change_cmd
      ->add_option("--schema", change.schema_file,
                   "the proposed schema: {\"fields\": [...]} (OpenLineage) or [...]")
      ->required();
  change_cmd
      ->add_option("--recent-days", change.recent_days, "consumers: readers in this many days")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  change_cmd->add_option("--now", change.now,
                         "RFC 3339: judge recent consumers and deprecation notices as of then");
  change_cmd->add_flag("--json", change.json_out, "JSON output");
  change_cmd->callback([&] {
    run = [&] {
      change.store = ctx.store;
      return cli::run_check_change(change, ctx.logger);
    };
  });

  cli::PiiCommand pii;
  auto* pii_cmd = app.add_subcommand(
      "pii-reach", "where data from PII-tagged columns flows, and who can read it");
  pii_cmd->add_option("node", pii.node, "a dataset or column (default: every tagged column)");
  pii_cmd->add_option("--tag", pii.tag, "the tag that marks a source column")
      ->capture_default_str();
  pii_cmd->add_flag("--json", pii.json_out, "JSON output");
  pii_cmd->callback([&] {
    run = [&] {
      pii.store = ctx.store;
      return cli::run_pii_reach(pii, ctx.logger);
    };
  });

  VersionQuery version_query;
  std::string version_as_of;
  auto* versions = app.add_subcommand(
      "versions", "the run that wrote a dataset version and the input versions it read");
  versions->add_option("dataset", version_query.dataset, "dataset:<namespace>:<name>")->required();
  versions->add_option("--version", version_query.version, "a version label (default: latest)");
  versions->add_option("--as-of", version_as_of, "the version current at this RFC 3339 time");
  versions->add_option("--depth", version_query.max_depth, "levels of inputs (default: all)");
  versions->add_flag("--json", ctx.json_out, "JSON output");
  versions->callback(
      [&] { run = [&] { return cmd_versions(ctx, version_query, version_as_of); }; });

  int unused_days = 90;
  auto* stats = app.add_subcommand(
      "stats", "counts; datasets with no owner, unused products, unknown provenance");
  stats->add_option("--unused-days", unused_days, "a product nobody read in this many days")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  stats->add_flag("--json", ctx.json_out, "JSON output");
  stats->callback([&] { run = [&] { return cmd_stats(ctx, unused_days); }; });

  cli::ReportCommand report;
  auto* report_cmd = app.add_subcommand("report", "reports over the log");
  report_cmd->require_subcommand(1);
  auto* compliance = report_cmd->add_subcommand(
      "compliance", "the compliance report of a period: inventory, lineage coverage, access, PII, "
                    "changes, usage, freshness, integrity");
  compliance->add_option("--domain", report.domain, "only this domain (default: all)");
  compliance->add_option("--from", report.from, "the period's start, RFC 3339")->required();
  compliance->add_option("--to", report.to, "the period's end (excluded), RFC 3339")->required();
  compliance->add_option("--format", report.format, "html, json or csv (a folder)")
      ->check(CLI::IsMember({"html", "json", "csv"}))
      ->capture_default_str();
  compliance->add_option("--out", report.out, "the file (html, json) or folder (csv) to write")
      ->required();
  compliance->add_option("--since-head", report.since_head,
                         "the previous report's log size: prove this log extends it");
  compliance->add_option("--web-base", report.web_base,
                         "html: link dataset and column ids to the web page at this address "
                         "(e.g. http://127.0.0.1:5000/)");
  compliance->add_option("--log-size", report.log_size,
                         "read the log as of this size, to reproduce an earlier report (default: the head now)");
  compliance->callback([&] {
    run = [&] {
      report.store = ctx.store;
      return cli::run_report(report, ctx.logger);
    };
  });

  std::string backup_dir;
  auto* backup = app.add_subcommand(
      "backup", "a consistent copy of the store (RocksDB checkpoint) into a new folder");
  backup->add_option("--to", backup_dir, "the folder to create")->required();
  backup->add_flag("--json", ctx.json_out, "JSON output");
  backup->callback([&] { run = [&] { return cmd_backup(ctx, backup_dir); }; });
  auto* restore = app.add_subcommand(
      "restore", "copy a backup into --store (new or empty), then verify it");
  restore->add_option("--from", backup_dir, "the backup folder")->required();
  restore->add_flag("--json", ctx.json_out, "JSON output");
  restore->callback([&] { run = [&] { return cmd_restore(ctx, backup_dir); }; });

  cli::ExportCommand exported;
  auto* export_cmd = app.add_subcommand(
      "export", "a node's lineage as DOT, Mermaid, JSON, or the OpenLineage events behind it");
  export_cmd
      ->add_option("node", exported.node,
                   "dataset:<namespace>:<name> or datasetField:<namespace>:<name>:<field>")
      ->required();
  export_cmd->add_option("--format", exported.format, "dot, mermaid, json or openlineage")
      ->check(CLI::IsMember({"dot", "mermaid", "json", "openlineage"}))
      ->capture_default_str();
  auto* up_flag = export_cmd->add_flag("--upstream", exported.upstream, "provenance only");
  export_cmd->add_flag("--downstream", exported.downstream, "impact only")->excludes(up_flag);
  export_cmd->add_option("--depth", exported.depth, "hops each way (default: unlimited)");
  export_cmd->add_option("--as-of", exported.as_of,
                         "seq:N (the log at size N) or an RFC 3339 time (producers' clocks)");
  export_cmd->add_option("--out", exported.out, "the file to write (default: stdout)");
  export_cmd->callback([&] {
    run = [&] {
      exported.store = ctx.store;
      return cli::run_export(exported, ctx.logger);
    };
  });

  cli::ServeCommand serve;
  auto* serve_cmd = app.add_subcommand("serve", "the HTTP service: OpenLineage, Marquez and native API");
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT (PORT 0: any free port)")
      ->capture_default_str();
  serve_cmd->add_option("--tokens", serve.tokens,
                        "the tokens file (auditgraph token add); without it: no authentication, "
                        "loopback only");
  serve_cmd->add_option("--max-body-bytes", serve.max_body_bytes, "larger bodies get 413")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 32))
      ->capture_default_str();
  serve_cmd->add_option("--max-batch-events", serve.max_batch_events, "larger batches get 413")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}))
      ->capture_default_str();
  serve_cmd->add_option("--max-in-flight", serve.max_in_flight,
                        "requests handled at once; more get 503")
      ->check(CLI::Range(size_t{1}, size_t{4096}))
      ->capture_default_str();
  serve_cmd->add_option("--request-timeout-ms", serve.request_timeout_ms,
                        "a body not received by then gets 408")
      ->check(CLI::Range(uint64_t{1}, uint64_t{3'600'000}))
      ->capture_default_str();
  serve_cmd->add_option("--web", serve.web,
                        "serve the web page built in this folder at / instead of the one built "
                        "into the binary (tools/dev web builds build/web)");
  serve_cmd->callback([&] {
    run = [&] {
      serve.store = ctx.store;
      return cli::run_serve(serve, ctx.logger);
    };
  });

  cli::TokenCommand token;
  auto* token_cmd = app.add_subcommand("token", "bearer tokens for serve")->require_subcommand(1);
  auto* token_add = token_cmd->add_subcommand("add", "make a token; prints it once");
  token_add->add_option("--principal", token.principal, "who the token acts as")->required();
  token_add->add_option("--role", token.role, "ingest, audit or admin")
      ->check(CLI::IsMember({"ingest", "audit", "admin"}))
      ->required();
  auto* token_list = token_cmd->add_subcommand("list", "the tokens (ids, principals, roles)");
  token_list->add_flag("--json", token.json_out, "JSON output");
  auto* token_revoke = token_cmd->add_subcommand("revoke", "revoke a token by its id");
  token_revoke->add_option("id", token.id, "the token's id (token list)")->required();
  for (auto* c : {token_add, token_list, token_revoke}) {
    c->add_option("--tokens", token.tokens, "the tokens file")->required();
    c->callback([&, c] {
      run = [&, c] {
        token.action = c->get_name();
        return cli::run_token(token);
      };
    });
  }

  DemoMeshOptions mesh;
  bool small_mesh = false;
  auto* demo = app.add_subcommand(
      "demo", "load the demo data mesh into --store and show what can be asked of it");
  demo->add_option("--scale", mesh.scale, "twenty more derived datasets per step above 1")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  demo->add_option("--seed", mesh.seed, "the generator's seed")->capture_default_str();
  demo->add_flag("--small", small_mesh,
                 "the small fixed sample mesh instead (a dozen events; the CLI tests use it)");
  demo->callback([&] { run = [&] { return cmd_demo(ctx, mesh, small_mesh); }; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  ctx.logger = std::make_shared<spdlog::logger>(
      "auditgraph", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  ctx.logger->set_level(verbose ? spdlog::level::info : spdlog::level::warn);
  return run();
}
