#include "tools/cli/access_cmd.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "auditgraph/clock.h"
#include "auditgraph/ingest.h"
#include "src/event_json.h"
#include "src/index_json.h"
#include "src/open_index.h"

namespace auditgraph::cli {
namespace {

using json = nlohmann::ordered_json;

Result<Timestamp> time_option(const std::string& name, const std::string& text) {
  auto t = parse_rfc3339(text);
  if (!t) return Status::InvalidArgument(name + ": '" + text + "' is not an RFC 3339 time");
  return *t;
}

void print_text(const AccessAnswer& a, const std::string& dataset) {
  std::cout << "who can read " << dataset << " at " << format_rfc3339(a.as_of) << " (log size "
            << a.at.size << ")\n";
  if (a.paths.empty()) std::cout << "  nobody holds a grant\n";
  for (const auto& p : a.paths) {
    std::cout << "  " << p.principal.name << "  " << p.privilege << "  grant " << p.grant_id;
    if (p.scope == AccessPath::Scope::kDomain) std::cout << " on domain " << p.domain;
    if (p.scope == AccessPath::Scope::kColumns) {
      std::cout << " on columns";
      for (const auto& c : p.columns) std::cout << " " << c;
    }
    if (!p.chain.empty()) {
      std::cout << "  via group";
      for (const auto& g : p.chain) std::cout << " " << g;
    }
    if (p.expires_at) std::cout << "  expires " << format_rfc3339(*p.expires_at);
    std::cout << "  seqs";
    for (uint64_t s : p.seqs) std::cout << " " << s;
    std::cout << "\n";
  }
}

void print_text(const AccessHistory& h, const std::string& dataset) {
  std::cout << "access to " << dataset << ": " << h.seqs.size() << " records (log size "
            << h.at.size << ")\n";
  for (const auto& p : h.principals) {
    std::cout << "  " << p.principal.name << "  " << p.reads << " reads  " << p.writes
              << " writes  last " << format_rfc3339(p.last) << "\n";
  }
}

}  // namespace

int run_access(const AccessCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  AccessQuery access{cmd.dataset, SystemClock().now()};
  AccessHistoryQuery history{cmd.dataset, {}, {}};
  for (auto [name, text, slot] :
       {std::tuple{"--as-of", &cmd.as_of, &access.as_of},
        std::tuple{"--from", &cmd.from, &history.from}, std::tuple{"--to", &cmd.to, &history.to}}) {
    if (text->empty()) continue;
    auto t = time_option(name, *text);
    if (!t.ok()) return fail(t.status(), 2);
    *slot = *t;
  }
  auto opened = open_index(cmd.store, std::move(logger));
  if (!opened.ok()) return fail(opened.status());
  if (cmd.history) {
    auto h = opened->index->access_history(history);
    if (!h.ok()) return fail(h.status());
    cmd.json_out ? print_json(access_history_to_json(*h)) : print_text(*h, cmd.dataset);
    return 0;
  }
  auto a = opened->index->access(access);
  if (!a.ok()) return fail(a.status());
  if (cmd.proofs.with_proofs) {
    return print_bundle(*opened->log, cmd.proofs, provable(*a, cmd.dataset));
  }
  cmd.json_out ? print_json(access_to_json(*a)) : print_text(*a, cmd.dataset);
  return 0;
}

void add_access_commands(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<AccessCommand>();
  auto* access = app.add_subcommand("access", "who can read a dataset, and why");
  access->add_option("dataset", cmd->dataset, "dataset:<namespace>:<name>")->required();
  access->add_option("--as-of", cmd->as_of, "RFC 3339 time (default: now)");
  access->add_flag("--json", cmd->json_out, "JSON output");
  add_proof_options(access, &cmd->proofs);
  auto* history = app.add_subcommand("access-history", "who read or wrote a dataset");
  history->add_option("dataset", cmd->dataset, "dataset:<namespace>:<name>")->required();
  history->add_option("--from", cmd->from, "RFC 3339 time")->required();
  history->add_option("--to", cmd->to, "RFC 3339 time (exclusive)")->required();
  history->add_flag("--json", cmd->json_out, "JSON output");
  for (auto* c : {access, history}) {
    c->callback([&ctx, cmd, is_history = c == history] {
      ctx.run = [&ctx, cmd, is_history] {
        cmd->store = ctx.store;
        cmd->history = is_history;
        return run_access(*cmd, ctx.logger);
      };
    });
  }
}

}  // namespace auditgraph::cli
