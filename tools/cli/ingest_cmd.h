// `auditgraph ingest`: files or stdin of events into the store, with a progress bar and a
// summary. Exit code 0 when every event was accepted, 1 when any was refused or the log failed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "auditgraph/event_log.h"
#include "auditgraph/ingest.h"
#include "src/ingest/bulk_ingest.h"
#include "tools/cli/command.h"

namespace auditgraph::cli {

struct IngestCommand {
  std::string store;
  std::vector<std::string> files;  // "-" for stdin; empty: stdin
  IngestFormat format = BulkIngestOptions{}.format;
  bool dry_run = false;
  bool json_out = false;
  bool progress = true;        // drawn only when stderr is a terminal
  size_t chunk_events = BulkIngestOptions{}.chunk_events;  // events per append
  bool sync = LogOptions{}.sync;  // fsync each append (false only for experiments)
};

int run_ingest(const IngestCommand& cmd, std::shared_ptr<spdlog::logger> logger);

void add_ingest_command(CLI::App& app, Context& ctx);

}  // namespace auditgraph::cli
