// `auditgraph witness --key FILE --log VKEY [--log VKEY]... --state DIR [--listen HOST:PORT]`: a
// C2SP tlog-witness (src/witness/, docs/api.md "The witness") that cosigns the checkpoints of
// the logs whose keys it is given, each only when it extends the last one it cosigned for that
// log. FILE: its cosignature/v1 key (key generate --witness); VKEY: a log's verifier key, text or
// file, whose name is the log's origin; DIR: where it remembers what it cosigned (created when
// missing). Prints "listening on http://HOST:PORT" once bound (PORT 0 picks a free port);
// SIGTERM or SIGINT: finish the requests in flight, exit 0. Exit code 1 when the state cannot be
// read or the port bound, 2 for bad usage (a bad key or --listen).
#pragma once

#include "tools/cli/command.h"

namespace auditgraph::cli {

void add_witness_command(CLI::App& app, Context& ctx);

}  // namespace auditgraph::cli
