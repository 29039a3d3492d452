#include "src/open_index.h"

#include <spdlog/spdlog.h>

namespace auditgraph {

Result<OpenIndex> open_index(const std::string& store, std::shared_ptr<spdlog::logger> logger) {
  LogOptions options;
  options.create_if_missing = false;
  options.logger = std::move(logger);
  return open_index(store, std::move(options));
}

Result<OpenIndex> open_index(const std::string& store, LogOptions options) {
  auto log = EventLog::Open(options, store);
  if (!log.ok()) return log.status();
  OpenIndex out;
  out.log = std::move(*log);
  auto index = open_index(*out.log, store, options.logger);
  if (!index.ok()) return index.status();
  out.index = std::move(*index);
  return out;
}

Result<std::unique_ptr<Index>> open_index(const EventLog& log, const std::string& store,
                                          std::shared_ptr<spdlog::logger> logger) {
  const std::string snapshot = store + "/" + kIndexSnapshotFile;
  IndexStart start;
  auto progress = [&](uint64_t done, uint64_t total) {
    if (!logger) return;
    if (done == 0) {
      logger->info("index: writing the history of {} events (access records, OpenLineage events "
                   "by time) to the history families (once, for a store from before them)",
                   total);
    } else {
      logger->info("index: history {} of {} events", done, total);
    }
  };
  auto index = Index::Open(log, snapshot, &start, progress);
  if (!index.ok()) return index.status();
  if (logger) {
    if (!start.snapshot_ignored.empty()) {
      logger->warn("{}: ignored, replayed the whole log", start.snapshot_ignored);
    }
    logger->debug("index: {} events replayed{}", start.replayed,
                  start.from_snapshot ? " after the snapshot" : "");
    if (start.history_replayed > 0) {
      logger->info("index: history written for {} events", start.history_replayed);
    }
  }
  if (start.replayed >= kSnapshotAfter) {
    // A cache for the next start; failing to write it costs only time.
    if (Status s = (*index)->save_snapshot(snapshot); !s.ok() && logger) {
      logger->warn("{}", s.to_string());
    }
  }
  return index;
}

}  // namespace auditgraph
