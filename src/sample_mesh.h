// A small, fixed sample data mesh (Orders, Customers, Payments, Finance): data products published
// with owners and SLOs, runs deriving datasets across domains with column lineage, a PII tag,
// grants, a group membership, a revocation, access records, a schema change and a deprecation.
// Used by `auditgraph demo` and by tests that want realistic events. The seeded, scalable
// generator of the reports/demo issue will grow out of this.
#pragma once

#include <vector>

#include "auditgraph/event.h"

namespace auditgraph {

// The events in the order a real mesh would have produced them, with event times from
// `start` on, one minute apart, and stable idempotency keys ("sample-<n>").
std::vector<Event> sample_mesh_events(Timestamp start);

}  // namespace auditgraph
