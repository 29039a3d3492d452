#include "tools/cli/backup_cmd.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "src/event_json.h"

namespace auditgraph::cli {
namespace {

struct BackupCommand {
  std::string dir;  // backup: --to; restore: --from
  bool json_out = false;
};

int backup(const Context& ctx, const BackupCommand& cmd) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  auto head = (*log)->backup(cmd.dir);
  if (!head.ok()) return fail(head.status());
  if (cmd.json_out) {
    print_json(head_to_json(*head));
  } else {
    std::cout << "backup in " << cmd.dir << ": size " << head->size << " root " << head->root.hex()
              << "\n";
  }
  return 0;
}

int restore(const Context& ctx, const BackupCommand& cmd) {
  namespace fs = std::filesystem;
  const std::string& from = cmd.dir;
  std::error_code ec;
  if (!fs::is_directory(from, ec) || !fs::exists(fs::path(from) / "CURRENT", ec)) {
    return fail(Status::InvalidArgument("--from: " + from + " is not a backup (no store there)"));
  }
  // An error here (a parent that is a file, no permission) is reported by the creation below.
  if (fs::exists(ctx.store, ec)) {
    const bool empty = fs::is_empty(ctx.store, ec);
    if (ec) {
      return fail(Status::IOError("--store: cannot read " + ctx.store + ": " + ec.message()));
    }
    if (!empty) {
      return fail(Status::AlreadyExists("--store: " + ctx.store +
                                        " is not empty; restore into a new folder"));
    }
  }
  if (Status s = make_store_dir(ctx.store); !s.ok()) return fail(s);
  fs::copy(from, ctx.store, fs::copy_options::recursive, ec);
  if (ec) return fail(Status::IOError("restore: copying " + from + ": " + ec.message()));
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  VerifyReport r = (*log)->verify();
  if (!r.ok) {
    return fail(Status::Corruption("restore: the restored store does not verify: " + r.message));
  }
  const LogHead h = (*log)->head();
  if (cmd.json_out) {
    print_json(head_to_json(h));
  } else {
    std::cout << "restored " << from << " into " << ctx.store << ": size " << h.size << " root "
              << h.root.hex() << " (verified)\n";
  }
  return 0;
}

}  // namespace

void add_backup_commands(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<BackupCommand>();
  auto* backup_cmd = app.add_subcommand(
      "backup", "a consistent copy of the store (RocksDB checkpoint) into a new folder");
  backup_cmd->add_option("--to", cmd->dir, "the folder to create")->required();
  backup_cmd->add_flag("--json", cmd->json_out, "JSON output");
  backup_cmd->callback([&ctx, cmd] { ctx.run = [&ctx, cmd] { return backup(ctx, *cmd); }; });

  auto* restore_cmd =
      app.add_subcommand("restore", "copy a backup into --store (new or empty), then verify it");
  restore_cmd->add_option("--from", cmd->dir, "the backup folder")->required();
  restore_cmd->add_flag("--json", cmd->json_out, "JSON output");
  restore_cmd->callback([&ctx, cmd] { ctx.run = [&ctx, cmd] { return restore(ctx, *cmd); }; });
}

}  // namespace auditgraph::cli
