// Signed checkpoints from the command line (C2SP signed-note, tlog-checkpoint):
//   auditgraph key generate --name ORIGIN --out FILE [--witness]
//       writes a new Ed25519 note key: the signer key to FILE (mode 0600), the verifier key to
//       FILE.pub, and prints the verifier key. --witness: a cosignature/v1 key, for a witness.
//   auditgraph checkpoint [--signing-key FILE] [--json]
//       prints the store's latest signed checkpoint; with a key, signs one of the head first.
//   auditgraph checkpoint verify NOTE --key VKEY [--witness VKEY ...] [--quorum N]
//       checks a signed checkpoint (a file, or - for stdin) against the log's key and, with
//       witness keys, that at least N of them cosigned it. Exit 1 when it does not verify.
#pragma once

#include "tools/cli/command.h"

namespace auditgraph::cli {

void add_key_command(CLI::App& app, Context& ctx);         // key generate
void add_checkpoint_command(CLI::App& app, Context& ctx);  // checkpoint, checkpoint verify

}  // namespace auditgraph::cli
