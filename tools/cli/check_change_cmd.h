// `auditgraph check-change DATASET --schema NEW.json`: what the proposed schema breaks
// downstream, for producer teams to gate their CI on. Exit code 0 safe, 1 breaking with a
// deprecation notice, 2 breaking without one, 3 when the store, the dataset or the schema file
// cannot be read (and 2, as for every verb, for a malformed command line).
#pragma once

#include <memory>
#include <string>

#include "auditgraph/change.h"
#include "auditgraph/event.h"
#include "auditgraph/status.h"
#include "tools/cli/command.h"
#include "tools/cli/proof_options.h"

namespace auditgraph::cli {

struct CheckChangeCommand {
  std::string store;
  std::string dataset;
  std::string schema_file;  // an OpenLineage schema facet {"fields": [...]}, or just the array
  int64_t recent_days = ChangeQuery{}.recent_days;
  std::string now;  // RFC 3339: judge recent consumers and live notices as of then; "" = now
  bool json_out = false;
  ProofOptions proofs;
};

int run_check_change(const CheckChangeCommand& cmd, std::shared_ptr<spdlog::logger> logger);

void add_check_change_command(CLI::App& app, Context& ctx);

}  // namespace auditgraph::cli
