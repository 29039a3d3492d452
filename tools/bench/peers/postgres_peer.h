// PostgreSQL as a lineage peer, the way Marquez uses it: the bench mesh in Marquez's tables
// (peer.h), loaded with COPY, queried with recursive CTEs as prepared statements over libpq.
// The server is started and stopped by `tools/dev bench peers`; this only connects.
#pragma once

#include <memory>
#include <string>

#include "tools/bench/peers/peer.h"

namespace auditgraph::bench {

// `conninfo`: a libpq connection string ("host=127.0.0.1 port=54329 user=postgres").
Result<std::unique_ptr<LineagePeer>> connect_postgres(const std::string& conninfo);

}  // namespace auditgraph::bench
