// `auditgraph ingest`: files or stdin of events into the store, with a progress bar and a
// summary. Exit code 0 when every event was accepted, 1 when any was refused or the log failed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "auditgraph/ingest.h"

namespace spdlog {
class logger;
}

namespace auditgraph::cli {

struct IngestCommand {
  std::string store;
  std::vector<std::string> files;  // "-" for stdin; empty: stdin
  IngestFormat format = IngestFormat::kAuto;
  bool dry_run = false;
  bool json_out = false;
  bool progress = true;        // drawn only when stderr is a terminal
  size_t chunk_events = 1000;  // events per append
  bool sync = true;            // fsync each append (false only for experiments)
};

int run_ingest(const IngestCommand& cmd, std::shared_ptr<spdlog::logger> logger);

}  // namespace auditgraph::cli
