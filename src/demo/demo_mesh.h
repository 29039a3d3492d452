// The demo data mesh: a seeded, scalable generator of the JSON a real mesh's producers would send
// (OpenLineage run events from the pipelines, native events from the catalogue and IAM), loaded
// through the same ingest path as real events. Used by `auditgraph demo`, the tests and the
// benchmarks.
//
// Seven domains (Orders, Customers, Payments, Marketing, Finance, Risk, Supply Chain) and their
// products, e.g. orders.events.v1 (every order placed, shipped or cancelled, 5-minute freshness
// SLO), customers.profile.v2, finance.revenue.daily.v2 and supplychain.health.v1 (built from
// three ERP CDC feeds). It holds what a governance team hunts for:
//   - PII columns (email, address, card number) flowing into masked and unmasked derivatives;
//   - grants given, expiring and revoked, groups within groups, access records;
//   - a breaking schema change without a deprecation notice (payments.transactions.v1) and one
//     with (orders.events.v1), a product nobody reads (marketing.segments.legacy.v1), a dataset
//     with no owner (tmp.orders_export), grants without expiry, freshness SLO breaches
//     (orders.events.v1 misses 30 minutes on the last day, finance.revenue.daily.v2 a day).
// `scale` adds, per step above 1, twenty more derived datasets across the domains, with their
// runs, column lineage, grants and readers, drawn from the seed.
//
// The same options always give the same events, byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/event_log.h"
#include "auditgraph/status.h"

namespace auditgraph {

struct DemoMeshOptions {
  uint64_t seed = 20261125;
  uint32_t scale = 1;  // >= 1
};

// The mesh's story runs from 2026-09-01 to 2026-12-01 (UTC); its last month, November, is the
// period the demo's compliance report covers.
inline constexpr Timestamp kDemoStart{1'788'220'800'000'000'000};   // 2026-09-01T00:00:00Z
inline constexpr Timestamp kDemoPeriod{1'793'491'200'000'000'000};  // 2026-11-01T00:00:00Z
inline constexpr Timestamp kDemoEnd{1'796'083'200'000'000'000};     // 2026-12-01T00:00:00Z

// The events, one JSON object each, in event-time order.
std::vector<std::string> demo_mesh_events(const DemoMeshOptions& options);

struct DemoLoad {
  size_t events = 0;  // in the mesh
  size_t fresh = 0;   // of those, new to the log (the rest were retries of logged events)
};

// Ingests the demo mesh into `log` (batches of 1,000 through the Ingestor; idempotent: a second
// load appends nothing).
Result<DemoLoad> load_demo_mesh(EventLog& log, const DemoMeshOptions& options);

}  // namespace auditgraph
