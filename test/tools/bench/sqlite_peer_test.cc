// Our lineage against SQLite's recursive SQL (the benchmark's embedded peer) on a generated
// mesh: every impact and provenance answer, at every depth, must be the same set of datasets.
// Two implementations that share nothing but the events; a difference is a bug in one of them.
#include "tools/bench/peers/sqlite_peer.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "auditgraph/index.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

TEST_CASE("our reach and lineage answers equal SQLite's recursive CTEs on a generated mesh") {
  BenchMeshOptions options;
  options.datasets = 3'000;
  options.edges = 12'000;
  options.sources = 30;
  options.window = 200;
  options.access_records = 100;
  REQUIRE(options.validate().ok());
  const BenchMesh mesh(options);
  testing::TempDir dir;
  auto log = EventLog::Open(LogOptions{}, dir.path());
  REQUIRE(log.ok());
  REQUIRE(load_bench_mesh(mesh, **log).ok());
  auto index = Index::Build(**log);
  REQUIRE(index.ok());
  auto sqlite = bench::open_sqlite();
  REQUIRE(sqlite.ok());
  REQUIRE((*sqlite)->load(mesh).ok());

  std::mt19937_64 rng(42);
  const std::optional<uint32_t> depths[] = {1, 2, 3, 5, 20, std::nullopt};
  for (int k = 0; k < 120; ++k) {
    const bench::PeerQuery pq{rng() % mesh.datasets(), rng() % 2 == 0, depths[rng() % 6]};
    LineageQuery q{mesh.dataset_id(pq.dataset), pq.downstream
                                                    ? LineageQuery::Direction::kDownstream
                                                    : LineageQuery::Direction::kUpstream};
    q.max_depth = pq.max_depth;
    q.kinds = {NodeKind::kDataset};
    auto set = (*index)->reach(q);
    REQUIRE(set.ok());
    std::vector<uint64_t> ours;
    for (size_t i = 0; i < set->size(); ++i) ours.push_back(BenchMesh::index_of(set->id(i)));
    q.kinds.clear();
    q.include_edges = false;
    auto answer = (*index)->lineage(q);
    REQUIRE(answer.ok());
    std::vector<uint64_t> full;
    for (const auto& n : answer->nodes) {
      if (n.kind == NodeKind::kDataset) full.push_back(BenchMesh::index_of(n.id));
    }
    auto theirs = (*sqlite)->reach(pq);
    REQUIRE(theirs.ok());
    std::sort(ours.begin(), ours.end());
    std::sort(full.begin(), full.end());
    std::sort(theirs->begin(), theirs->end());
    CAPTURE(q.node);
    CAPTURE(pq.downstream);
    CAPTURE(pq.max_depth.value_or(0));
    CHECK(ours == *theirs);
    CHECK(full == *theirs);
  }
}

}  // namespace
}  // namespace auditgraph
