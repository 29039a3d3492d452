// `auditgraph demo [--scale N] [--seed S] [--small]`: loads the demo data mesh (or the small
// fixed sample mesh) into --store, creating it, and shows what can be asked of it: the head, a
// record, its inclusion proof, verify, then impact, provenance, access, pii-reach and (not
// --small) the compliance report. Loading is idempotent: a second run appends nothing. Exit code
// 0 when every step answered, 1 when the store cannot be created or a step failed, 2 for bad
// usage.
#pragma once

#include "tools/cli/command.h"

namespace auditgraph::cli {

void add_demo_command(CLI::App& app, Context& ctx);

}  // namespace auditgraph::cli
