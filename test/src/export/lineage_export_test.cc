// Exports over the demo mesh: both directions merged into one subgraph, and the OpenLineage
// events behind a subgraph, which ingested into an empty store give back the same lineage.
#include "src/export/lineage_export.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "src/demo/demo_mesh.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

const std::string kOrders = "dataset:kafka://broker:9092:orders.events.v1";

std::set<std::pair<std::string, std::string>> edge_set(const LineageAnswer& a) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& e : a.edges) out.emplace(e.from, e.to);
  return out;
}

LineageAnswer lineage(const Index& index, LineageQuery::Direction direction) {
  LineageQuery q;
  q.node = kOrders;
  q.direction = direction;
  auto a = index.lineage(q);
  REQUIRE(a.ok());
  return *a;
}

TEST_CASE("export: upstream and downstream merge into one subgraph, the node once") {
  testing::TempDir dir;
  auto log = EventLog::Open(LogOptions{}, dir.path());
  REQUIRE(log.ok());
  REQUIRE(load_demo_mesh(**log, {}).ok());
  auto index = Index::Build(**log);
  REQUIRE(index.ok());
  const LineageAnswer up = lineage(**index, LineageQuery::Direction::kUpstream);
  const LineageAnswer down = lineage(**index, LineageQuery::Direction::kDownstream);
  REQUIRE(up.nodes.size() > 0);
  REQUIRE(down.edges.size() > 1);
  const LineageAnswer both = merge_lineage(up, down);
  CHECK(both.nodes.front().id == kOrders);
  std::set<std::string> ids;
  for (const auto& n : both.nodes) CHECK_MESSAGE(ids.insert(n.id).second, n.id);
  auto want = edge_set(up);
  for (const auto& e : edge_set(down)) want.insert(e);
  CHECK(edge_set(both) == want);
  CHECK(both.edges.size() == want.size());  // no duplicates
  CHECK(both.at.size == (*log)->head().size);
}

TEST_CASE("export: the OpenLineage events behind a subgraph rebuild its lineage elsewhere") {
  testing::TempDir dir;
  auto log = EventLog::Open(LogOptions{}, dir.sub("mesh"));
  REQUIRE(log.ok());
  REQUIRE(load_demo_mesh(**log, {}).ok());
  auto index = Index::Build(**log);
  REQUIRE(index.ok());
  const LineageAnswer down = lineage(**index, LineageQuery::Direction::kDownstream);

  size_t count = 0;
  auto events = openlineage_events(**log, down, &count);
  REQUIRE(events.ok());
  const auto array = nlohmann::json::parse(*events);
  REQUIRE(array.is_array());
  CHECK(array.size() == count);
  CHECK(count > 0);
  for (const auto& e : array) {
    CHECK(e.contains("eventType"));
    CHECK(e.contains("run"));
  }

  // Ingested into an empty store, they give the same impact of orders.
  auto copy = EventLog::Open(LogOptions{}, dir.sub("copy"));
  REQUIRE(copy.ok());
  Ingestor ingestor(**copy);
  auto receipt = ingestor.ingest(*events);
  REQUIRE(receipt.ok());
  CHECK((*copy)->head().size == count);
  auto copy_index = Index::Build(**copy);
  REQUIRE(copy_index.ok());
  CHECK(edge_set(lineage(**copy_index, LineageQuery::Direction::kDownstream)) == edge_set(down));

  // An answer with no edges exports an empty array.
  LineageAnswer none;
  auto empty = openlineage_events(**log, none, &count);
  REQUIRE(empty.ok());
  CHECK(nlohmann::json::parse(*empty) == nlohmann::json::array());
  CHECK(count == 0);
}

}  // namespace
}  // namespace auditgraph
