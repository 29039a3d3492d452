// `auditgraph backup --to DIR` (a consistent copy of the store: a RocksDB checkpoint in a new
// folder) and `auditgraph restore --from DIR` (copies a backup into --store, a new or empty
// folder, then opens and verifies it). Exit code 0 when done, 1 when the store, the backup or
// the folder cannot be used or the restored store does not verify, 2 for bad usage.
#pragma once

#include "tools/cli/command.h"

namespace auditgraph::cli {

void add_backup_commands(CLI::App& app, Context& ctx);  // backup, restore

}  // namespace auditgraph::cli
