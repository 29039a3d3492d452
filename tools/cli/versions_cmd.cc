#include "tools/cli/versions_cmd.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "src/event_json.h"
#include "src/index_json.h"
#include "src/open_index.h"
#include "tools/cli/proof_options.h"

namespace auditgraph::cli {
namespace {

struct VersionsCommand {
  VersionQuery query;
  std::string as_of;  // RFC 3339; "": --version, or the latest
  bool json_out = false;
  ProofOptions proofs;
};

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

int versions(const Context& ctx, const VersionsCommand& cmd) {
  VersionQuery query = cmd.query;
  if (!cmd.as_of.empty()) {
    auto t = parse_rfc3339(cmd.as_of);
    if (!t) return fail("--as-of: '" + cmd.as_of + "' is not an RFC 3339 time", 2);
    query.as_of_time = *t;
  }
  auto opened = open_index(ctx.store, ctx.logger);
  if (!opened.ok()) return fail(opened.status());
  auto a = opened->index->version_provenance(query);
  if (!a.ok()) return fail(a.status());
  if (cmd.proofs.with_proofs) {
    return print_bundle(*opened->log, cmd.proofs, provable(*a, query.dataset));
  }
  if (cmd.json_out) {
    print_json(versions_to_json(*a));
  } else {
    std::cout << a->versions.size() << " versions of " << query.dataset << "; provenance of "
              << a->root.version << " (log size " << a->at.size << "):\n";
    print_version(a->root, 2);
  }
  return 0;
}

}  // namespace

void add_versions_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<VersionsCommand>();
  auto* c = app.add_subcommand(
      "versions", "the run that wrote a dataset version and the input versions it read");
  c->add_option("dataset", cmd->query.dataset, "dataset:<namespace>:<name>")->required();
  c->add_option("--version", cmd->query.version, "a version label (default: latest)");
  c->add_option("--as-of", cmd->as_of, "the version current at this RFC 3339 time");
  c->add_option("--depth", cmd->query.max_depth, "levels of inputs (default: all)");
  c->add_flag("--json", cmd->json_out, "JSON output");
  add_proof_options(c, &cmd->proofs);
  c->callback([&ctx, cmd] { ctx.run = [&ctx, cmd] { return versions(ctx, *cmd); }; });
}

}  // namespace auditgraph::cli
