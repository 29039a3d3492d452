// Opening a store read-only and replaying it into an Index, for the query verbs.
#pragma once

#include <memory>
#include <string>

#include "auditgraph/event_log.h"
#include "auditgraph/index.h"

namespace spdlog {
class logger;
}

namespace auditgraph::cli {

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

}  // namespace auditgraph::cli
