// Cursors of partial lineage answers: "<size>.<skip>.<fingerprint>", where size is the log size
// the answer was computed at, skip the nodes given so far (BFS order is fixed at a log size),
// and fingerprint a hash of everything else in the query, so a cursor cannot continue a
// different query.
#pragma once

#include <cstdint>
#include <string>

#include "auditgraph/lineage.h"
#include "auditgraph/status.h"

namespace auditgraph::queries {

struct LineageCursor {
  uint64_t size = 0;
  uint64_t skip = 0;
};

std::string encode_cursor(const LineageQuery& query, const LineageCursor& cursor);
// InvalidArgument naming `cursor` when it is malformed or was made for another query.
Result<LineageCursor> decode_cursor(const LineageQuery& query);

}  // namespace auditgraph::queries
