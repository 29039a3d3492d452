// verify-answer BUNDLE --key VKEY [--witness VKEY ...] [--quorum N]: checks an answer bundle
// (a query's --with-proofs output, or an API answer with proofs=true) offline, with no store.
// Exit codes: 0 it holds; 1 it does not (the message names what failed); 2 bad usage.
#pragma once

#include "tools/cli/command.h"

namespace auditgraph::cli {

void add_verify_answer_command(CLI::App& app, Context& ctx);

}  // namespace auditgraph::cli
