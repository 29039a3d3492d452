// `auditgraph access DATASET` (who can read it now or --as-of a time, and why) and
// `auditgraph access-history DATASET --from T --to T` (who read or wrote it). Exit code 0 with an
// answer, 1 when the store or the dataset cannot be read, 2 for a malformed time.
#pragma once

#include <memory>
#include <string>

#include "tools/cli/command.h"
#include "tools/cli/proof_options.h"

namespace auditgraph::cli {

struct AccessCommand {
  std::string store;
  std::string dataset;
  bool history = false;  // access-history
  std::string as_of;     // access: RFC 3339; "" = now
  std::string from, to;  // access-history: RFC 3339
  bool json_out = false;
  ProofOptions proofs;  // access only
};

int run_access(const AccessCommand& cmd, std::shared_ptr<spdlog::logger> logger);

void add_access_commands(CLI::App& app, Context& ctx);  // access, access-history

}  // namespace auditgraph::cli
