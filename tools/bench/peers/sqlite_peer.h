// SQLite as an embedded lineage peer: the bench mesh in the same tables as PostgreSQL's (peer.h),
// in memory, queried with the same recursive CTEs.
#pragma once

#include <memory>

#include "tools/bench/peers/peer.h"

namespace auditgraph::bench {

Result<std::unique_ptr<LineagePeer>> open_sqlite();

}  // namespace auditgraph::bench
