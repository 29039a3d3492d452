// The demo mesh: deterministic for a seed, accepted whole by ingest, idempotent to reload, and
// holding the pitfalls it promises (checked through the index, as a user would find them).
#include "src/demo/demo_mesh.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "auditgraph/index.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_CASE("the demo mesh is the same for a seed, and differs for another or at another scale") {
  const auto a = demo_mesh_events({.seed = 7, .scale = 2});
  CHECK(a == demo_mesh_events({.seed = 7, .scale = 2}));
  CHECK(a != demo_mesh_events({.seed = 8, .scale = 2}));
  const auto small = demo_mesh_events({.seed = 7, .scale = 1});
  CHECK(a.size() > small.size());
}

TEST_CASE("the demo mesh loads through ingest once, and its story is in the index") {
  testing::TempDir dir;
  auto log = EventLog::Open(LogOptions{}, dir.path());
  REQUIRE(log.ok());
  auto loaded = load_demo_mesh(**log, {});
  REQUIRE(loaded.ok());
  CHECK(loaded->events == demo_mesh_events({}).size());
  CHECK(loaded->fresh == loaded->events);
  auto again = load_demo_mesh(**log, {});  // a retry appends nothing
  REQUIRE(again.ok());
  CHECK(again->fresh == 0);
  CHECK((*log)->head().size == loaded->events);

  auto index = Index::Build(**log);
  REQUIRE(index.ok());
  const auto stats = *(*index)->stats(kDemoEnd);
  CHECK(has(stats.without_owner, "dataset:s3://lake:tmp.orders_export"));
  CHECK(has(stats.unused_products, "dataset:s3://lake:marketing.segments.legacy.v1"));

  // supplychain.health.v1 is built from three ERP CDC feeds (and the order stream).
  LineageQuery q;
  q.node = "dataset:s3://lake:supplychain.health.v1";
  q.max_depth = 1;
  auto up = (*index)->lineage(q);
  REQUIRE(up.ok());
  std::vector<std::string> ids;
  for (const auto& n : up->nodes) ids.push_back(n.id);
  for (const char* feed : {"dataset:postgres://erp-sap:5432:sap.public.mara",
                           "dataset:oracle://erp-ora:1521:INVENTORY.STOCK_LEVELS",
                           "dataset:sqlserver://erp-dyn:1433:dynamics.dbo.shipments",
                           "dataset:kafka://broker:9092:orders.events.v1"}) {
    CAPTURE(feed);
    CHECK(has(ids, feed));
  }

  // PII: the customer address reaches the profile unmasked; the card number is masked on its
  // way to settlements.
  PiiQuery pii;
  pii.now = kDemoEnd;
  auto reach = (*index)->pii_reach(pii);
  REQUIRE(reach.ok());
  bool address = false, card_masked = false;
  for (const auto& r : reach->reached) {
    address |= r.column == "datasetField:s3://lake:customers.profile.v2:address";
  }
  for (const auto& m : reach->masked) {
    card_masked |= m.column == "datasetField:s3://lake:payments.settlements.v1:card_last4";
  }
  CHECK(address);
  CHECK(card_masked);

  // Groups within groups: dave reads the revenue through eu-finance-analysts, a member of
  // finance-analysts, which holds the grant.
  AccessQuery access;
  access.dataset = "dataset:s3://lake:finance.revenue.daily.v2";
  access.as_of = kDemoEnd;
  auto who = (*index)->access(access);
  REQUIRE(who.ok());
  bool chained = false;
  for (const auto& p : who->paths) {
    chained |= p.principal.name == "dave" && p.grant_id == "grant-001" &&
               p.chain == std::vector<std::string>{"finance-analysts", "eu-finance-analysts"};
  }
  CHECK(chained);
}

}  // namespace
}  // namespace auditgraph
