// `auditgraph pii-reach [NODE] [--tag PII]`: where data from tagged columns flows (masking stops
// it) and who can read it, flagging readers with no grant on the source. Exit code 0 with an
// answer, 1 when the store or the node cannot be read.
#pragma once

#include <memory>
#include <string>

#include "auditgraph/pii.h"
#include "tools/cli/command.h"

namespace auditgraph::cli {

struct PiiCommand {
  std::string store;
  std::string node;  // "" = every tagged column
  std::string tag = PiiQuery{}.tag;
  bool json_out = false;
};

int run_pii_reach(const PiiCommand& cmd, std::shared_ptr<spdlog::logger> logger);

void add_pii_command(CLI::App& app, Context& ctx);  // pii-reach

}  // namespace auditgraph::cli
