// `auditgraph versions DATASET [--version V | --as-of T] [--depth N]`: the run that wrote a
// dataset version and the input versions it read, down the inputs. Exit code 0 with an answer,
// 1 when the store, the dataset or the version cannot be read, 2 for bad usage.
#pragma once

#include "tools/cli/command.h"

namespace auditgraph::cli {

void add_versions_command(CLI::App& app, Context& ctx);

}  // namespace auditgraph::cli
