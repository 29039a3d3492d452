#include "tools/cli/log_cmd.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

#include "auditgraph/merkle.h"
#include "src/event_json.h"

namespace auditgraph::cli {
namespace {

struct LogCommand {
  uint64_t seq = 0;              // show, prove inclusion
  bool raw = false;              // show
  std::optional<uint64_t> size;  // prove inclusion
  uint64_t from = 0, to = 0;     // prove consistency
  bool json_out = false;
};

int head(const Context& ctx, const LogCommand& cmd) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  LogHead h = (*log)->head();
  if (cmd.json_out)
    print_json(head_to_json(h));
  else
    std::cout << "size " << h.size << "\nroot " << h.root.hex() << "\n";
  return 0;
}

int show(const Context& ctx, const LogCommand& cmd) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  if (cmd.raw) {
    auto bytes = (*log)->read_raw(cmd.seq);
    if (!bytes.ok()) return fail(bytes.status());
    std::cout << to_hex(*bytes) << "\n";
    return 0;
  }
  auto event = (*log)->read(cmd.seq);
  if (!event.ok()) return fail(event.status());
  print_json(event_to_json(*event));
  return 0;
}

int checkpoint(const Context& ctx, const LogCommand& cmd) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  auto cp = (*log)->publish_checkpoint();
  if (!cp.ok()) return fail(cp.status());
  if (cmd.json_out)
    print_json(head_to_json(*cp));
  else
    std::cout << "checkpoint size " << cp->size << " root " << cp->root.hex() << "\n";
  return 0;
}

int prove_inclusion(const Context& ctx, const LogCommand& cmd) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  auto proof = (*log)->prove_inclusion(cmd.seq, cmd.size.value_or((*log)->head().size));
  if (!proof.ok()) return fail(proof.status());
  if (cmd.json_out) {
    print_json(inclusion_to_json(*proof));
  } else {
    std::cout << "seq " << proof->index << " in tree of size " << proof->size << "\nleaf_hash "
              << proof->leaf_hash.hex() << "\nroot " << proof->root.hex() << "\n";
    for (const auto& h : proof->path) std::cout << "proof " << h.hex() << "\n";
  }
  return 0;
}

int prove_consistency(const Context& ctx, const LogCommand& cmd) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  auto proof = (*log)->prove_consistency(cmd.from, cmd.to);
  if (!proof.ok()) return fail(proof.status());
  if (cmd.json_out) {
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
int verify(const Context& ctx, const LogCommand& cmd) {
  auto log = open_store(ctx, false);
  if (!log.ok() && !log.status().is_corruption()) return fail(log.status());
  VerifyReport r = log.ok() ? (*log)->verify() : EventLog::VerifyStore(ctx.store);
  if (cmd.json_out) {
    nlohmann::ordered_json j{{"ok", r.ok}, {"size", r.size}, {"message", r.message}};
    j["first_bad_seq"] =
        r.first_bad_seq ? nlohmann::ordered_json(*r.first_bad_seq) : nlohmann::ordered_json();
    print_json(j);
  } else if (r.ok) {
    std::cout << "ok: " << r.message << "\n";
  } else {
    return fail("verify FAILED" +
                (r.first_bad_seq ? " at seq " + std::to_string(*r.first_bad_seq) : std::string()) +
                ": " + r.message);
  }
  return r.ok ? 0 : 1;
}

}  // namespace

void add_log_commands(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<LogCommand>();
  // Registers `verb` to run `fn` once parsed.
  auto runs = [&ctx, cmd](CLI::App* verb, int (*fn)(const Context&, const LogCommand&)) {
    verb->callback([&ctx, cmd, fn] { ctx.run = [&ctx, cmd, fn] { return fn(ctx, *cmd); }; });
  };

  auto* log = app.add_subcommand("log", "read the event log")->require_subcommand(1);
  auto* head_cmd = log->add_subcommand("head", "print the log size and Merkle root");
  head_cmd->add_flag("--json", cmd->json_out, "JSON output");
  runs(head_cmd, head);

  auto* show_cmd =
      log->add_subcommand("show", "print one event (decoded JSON, or --raw leaf bytes)");
  show_cmd->add_option("seq", cmd->seq, "sequence number")->required();
  show_cmd->add_flag("--raw", cmd->raw, "the exact stored record bytes (the Merkle leaf), hex");
  runs(show_cmd, show);

  auto* cp = log->add_subcommand("checkpoint", "publish the current head as a checkpoint");
  cp->add_flag("--json", cmd->json_out, "JSON output");
  runs(cp, checkpoint);

  auto* prove = app.add_subcommand("prove", "Merkle proofs")->require_subcommand(1);
  auto* incl = prove->add_subcommand("inclusion", "inclusion proof of one record");
  incl->add_option("seq", cmd->seq, "sequence number")->required();
  incl->add_option("--size", cmd->size, "tree size (default: the head)");
  incl->add_flag("--json", cmd->json_out, "JSON output");
  runs(incl, prove_inclusion);

  auto* cons = prove->add_subcommand("consistency", "consistency proof between two tree sizes");
  cons->add_option("from", cmd->from, "older tree size")->required();
  cons->add_option("to", cmd->to, "newer tree size")->required();
  cons->add_flag("--json", cmd->json_out, "JSON output");
  runs(cons, prove_consistency);

  auto* verify_cmd = app.add_subcommand("verify", "recompute the Merkle tree from the records");
  verify_cmd->add_flag("--json", cmd->json_out, "JSON output");
  runs(verify_cmd, verify);
}

}  // namespace auditgraph::cli
