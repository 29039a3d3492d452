// `auditgraph stats [--unused-days N]`: the index's counts, and the datasets with no owner, the
// products nobody read in N days and the datasets of unknown provenance. Exit code 0 with an
// answer, 1 when the store cannot be read, 2 for bad usage.
#pragma once

#include "tools/cli/command.h"

namespace auditgraph::cli {

void add_stats_command(CLI::App& app, Context& ctx);

}  // namespace auditgraph::cli
