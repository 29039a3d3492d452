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

// The store at `store` (which must exist) and its index; prints nothing.
Result<OpenIndex> open_index(const std::string& store, std::shared_ptr<spdlog::logger> logger);

}  // namespace auditgraph::cli
