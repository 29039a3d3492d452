// `auditgraph export`: a node's lineage as a whole subgraph, and the original OpenLineage events
// behind it.
#pragma once

#include <string>

#include "auditgraph/event_log.h"
#include "auditgraph/index.h"
#include "auditgraph/lineage.h"
#include "auditgraph/status.h"

namespace auditgraph {

// Both directions of `query` (its direction is ignored), the second pinned to the log size the
// first was answered at unless the query is as of a producer's time; merged by merge_lineage.
Result<LineageAnswer> lineage_both_ways(const Index& index, LineageQuery query);

// Upstream and downstream answers for the same node and log position, as one subgraph: the
// node once (distance 0), then the upstream nodes, then the downstream ones; edges and cycles
// de-duplicated and sorted. Partial when either is.
LineageAnswer merge_lineage(LineageAnswer upstream, LineageAnswer downstream);

// The OpenLineage events behind the answer's edges (every seq an edge cites whose event came in
// as OpenLineage), exactly as their producers sent them, in log order, as one JSON array that
// `auditgraph ingest` or an OpenLineage consumer reads back. Native events are left out: they
// are not OpenLineage. `count` (optional) receives how many were written.
Result<std::string> openlineage_events(const EventLog& log, const LineageAnswer& answer,
                                       size_t* count = nullptr);

}  // namespace auditgraph
