// The log's own verbs: `auditgraph log head|show SEQ [--raw]|checkpoint` (its size and root, one
// record, publishing a checkpoint), `auditgraph prove inclusion SEQ [--size N]|consistency FROM
// TO` (Merkle proofs, RFC 6962) and `auditgraph verify` (recompute the tree from the records).
// Exit code 0 with an answer (verify: the store verifies), 1 when the store, the record or the
// proof cannot be read (verify: it does not verify), 2 for bad usage.
#pragma once

#include "tools/cli/command.h"

namespace auditgraph::cli {

void add_log_commands(CLI::App& app, Context& ctx);  // log, prove, verify

}  // namespace auditgraph::cli
