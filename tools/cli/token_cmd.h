// `auditgraph token add --principal P --role R|list [--json]|revoke ID --tokens FILE`: the bearer
// tokens of `serve` (src/server/token_store.h). add prints the new token once, on stdout. Exit
// code 0 when done, 1 when the file cannot be read or written or the id is unknown, 2 for bad
// usage.
#pragma once

#include <string>

#include "tools/cli/command.h"

namespace auditgraph::cli {

struct TokenCommand {
  std::string action;  // add, list, revoke
  std::string tokens;
  std::string principal, role;  // add
  std::string id;               // revoke
  bool json_out = false;
};

int run_token(const TokenCommand& cmd);

void add_token_command(CLI::App& app, Context& ctx);  // token add, list, revoke

}  // namespace auditgraph::cli
