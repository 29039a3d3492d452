#include "tools/cli/check_change_cmd.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "auditgraph/clock.h"
#include "auditgraph/ingest.h"
#include "src/event_json.h"
#include "src/schema_json.h"
#include "src/index_json.h"
#include "src/open_index.h"

namespace auditgraph::cli {
namespace {

void print_text(const ChangeReport& r, const std::string& dataset) {
  std::cout << "check-change " << dataset << " (log size " << r.at.size
            << "): " << change_verdict_name(r.verdict) << "\n";
  if (r.current_schema.empty()) std::cout << "  no schema is known for it yet\n";
  for (const auto& c : r.changes) {
    std::cout << "  " << field_change_name(c.kind) << " " << c.field;
    if (c.kind == FieldChange::Kind::kRenamed) std::cout << " -> " << c.renamed_to;
    if (c.kind == FieldChange::Kind::kRetyped)
      std::cout << " " << c.old_type << " -> " << c.new_type;
    std::cout << "\n";
  }
  size_t unknown = 0;
  for (const auto& i : r.impacts) {
    std::cout << "  " << change_class_name(i.cls) << "  " << i.id;
    if (!i.because.empty()) std::cout << "  (from " << i.because << ")";
    if (!i.column_lineage_known) {
      ++unknown;
      std::cout << "  (column lineage unknown)";
    }
    if (!i.owner.empty()) std::cout << "  owner " << i.owner;
    std::cout << "\n";
  }
  if (unknown > 0) {
    std::cout << "  " << unknown
              << " affected only because their column lineage is unknown: no job on the way "
                 "to them gave columnLineage\n";
  }
  if (!r.not_derived.empty()) {
    std::cout << "reads it, not derived from the changed fields (" << r.not_derived.size()
              << "):\n";
    for (const auto& i : r.not_derived) {
      std::cout << "  " << i.id;
      if (!i.owner.empty()) std::cout << "  owner " << i.owner;
      std::cout << "\n";
    }
  }
  auto list = [](const char* title, const std::vector<std::string>& v) {
    if (v.empty()) return;
    std::cout << title << ":";
    for (const auto& x : v) std::cout << " " << x;
    std::cout << "\n";
  };
  list("jobs", r.jobs);
  list("owners to notify", r.owners);
  list("recent consumers", r.consumers);
  if (r.deprecation) {
    std::cout << "deprecation notice: seq " << r.deprecation->seq << ", sunset "
              << format_rfc3339(r.deprecation->sunset) << "\n";
  }
}

}  // namespace

int run_check_change(const CheckChangeCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  constexpr int kError = 3;
  std::ifstream in(cmd.schema_file, std::ios::binary);
  if (!in) return fail("--schema: cannot read " + cmd.schema_file, kError);
  std::stringstream text;
  text << in.rdbuf();
  auto fields = parse_schema_json(text.str(), "--schema");
  if (!fields.ok()) return fail(fields.status(), kError);
  Timestamp now = SystemClock().now();
  if (!cmd.now.empty()) {
    auto t = parse_rfc3339(cmd.now);
    if (!t) return fail("--now: '" + cmd.now + "' is not an RFC 3339 time", kError);
    now = *t;
  }
  auto opened = open_index(cmd.store, std::move(logger));
  if (!opened.ok()) return fail(opened.status(), kError);
  auto report =
      opened->index->check_change({cmd.dataset, std::move(*fields), now, cmd.recent_days});
  if (!report.ok()) return fail(report.status(), kError);
  if (cmd.proofs.with_proofs) {
    if (print_bundle(*opened->log, cmd.proofs, provable(*report, cmd.dataset)) != 0) return kError;
  } else if (cmd.json_out) {
    print_json(change_to_json(*report));
  } else {
    print_text(*report, cmd.dataset);
  }
  switch (report->verdict) {
    case ChangeReport::Verdict::kSafe:
      return 0;
    case ChangeReport::Verdict::kBreakingWithNotice:
      return 1;
    case ChangeReport::Verdict::kBreakingWithoutNotice:
      return 2;
  }
  return kError;
}

void add_check_change_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<CheckChangeCommand>();
  auto* c = app.add_subcommand(
      "check-change",
      "what a proposed schema breaks downstream; exit 0 safe, 1 breaking with a deprecation "
      "notice, 2 breaking without, 3 error");
  c->add_option("dataset", cmd->dataset, "dataset:<namespace>:<name>")->required();
  c->add_option("--schema", cmd->schema_file,
                "the proposed schema: {\"fields\": [...]} (OpenLineage) or [...]")
      ->required();
  c->add_option("--recent-days", cmd->recent_days, "consumers: readers in this many days")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  c->add_option("--now", cmd->now,
                "RFC 3339: judge recent consumers and deprecation notices as of then");
  c->add_flag("--json", cmd->json_out, "JSON output");
  add_proof_options(c, &cmd->proofs);
  run_with_store(c, ctx, cmd, run_check_change);
}

}  // namespace auditgraph::cli
