// Opening a store and its index: the log, then the index from the store's snapshot when it
// matches, replaying the rest; for the query verbs and the server.
#pragma once

#include <memory>
#include <string>

#include "auditgraph/event_log.h"
#include "auditgraph/index.h"

namespace spdlog {
class logger;
}

namespace auditgraph {

struct OpenIndex {
  std::unique_ptr<EventLog> log;  // declared first: the index reads roots from it
  std::unique_ptr<Index> index;
};

// The index snapshot kept in a store's folder, and how many replayed events make writing a new
// one worthwhile.
inline constexpr const char* kIndexSnapshotFile = "index.snapshot";
inline constexpr uint64_t kSnapshotAfter = 10'000;

// The store at `store` (which must exist) and its index, started from the store's index snapshot
// when it matches (Index::Open); writes a new snapshot when it replayed kSnapshotAfter events or
// more. Prints nothing; warnings go to `logger`.
Result<OpenIndex> open_index(const std::string& store, std::shared_ptr<spdlog::logger> logger);
// The same with the log's options given (create_if_missing, sync, clock, ...); its logger is used.
Result<OpenIndex> open_index(const std::string& store, LogOptions options);
// The index of `log`, already open from the store at `store`, started as above. `log` must
// outlive the index.
Result<std::unique_ptr<Index>> open_index(const EventLog& log, const std::string& store,
                                          std::shared_ptr<spdlog::logger> logger);

}  // namespace auditgraph
