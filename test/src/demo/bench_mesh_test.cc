// The benchmark mesh: seeded, exactly the edges asked for, a DAG, and its events carry its graph
// (checked through ingest and the index, as the benchmark relies on).
#include "src/demo/bench_mesh.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "auditgraph/index.h"
#include "src/demo/demo_mesh.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

BenchMeshOptions small() {
  BenchMeshOptions o;
  o.datasets = 300;
  o.edges = 1'200;
  o.sources = 20;
  o.window = 50;
  o.column_share = 0.3;
  o.access_records = 500;
  return o;
}

std::vector<std::string> lines(const BenchMesh& mesh, size_t batch, size_t* batches = nullptr) {
  std::vector<std::string> out;
  Status s = mesh.emit(batch, [&](std::string&& text) {
    if (batches) ++*batches;
    size_t start = 0, count = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
      out.push_back(text.substr(start, end - start));
      ++count;
    }
    CHECK(count <= batch);
    return Status::Ok();
  });
  REQUIRE(s.ok());
  return out;
}

TEST_CASE("options are checked, each error naming its option") {
  auto message = [](BenchMeshOptions o) { return o.validate().message(); };
  BenchMeshOptions o = small();
  CHECK(o.validate().ok());
  o.datasets = 1;
  CHECK(message(o).find("datasets") == 0);
  o = small();
  o.sources = o.datasets;
  CHECK(message(o).find("sources") == 0);
  o = small();
  o.edges = 10;  // fewer than one per derived dataset
  CHECK(message(o).find("edges") == 0);
  o.edges = 280 * 21;  // more inputs per job than there are sources
  CHECK(message(o).find("edges") == 0);
  o = small();
  o.far_every = 0;
  o.window = 3;  // jobs read 4 or 5 inputs
  CHECK(message(o).find("window") == 0);
  o = small();
  o.column_share = 1.5;
  CHECK(message(o).find("column_share") == 0);
}

TEST_CASE("the mesh has exactly the edges asked for, as a DAG, and is the same for a seed") {
  const BenchMesh mesh(small());
  CHECK(mesh.edges() == 1'200);
  uint64_t edges = 0;
  for (uint64_t i = 0; i < mesh.datasets(); ++i) {
    const auto in = mesh.inputs_of(i);
    CHECK(mesh.has_job(i) == (i >= 20));
    CHECK(std::is_sorted(in.begin(), in.end()));
    CHECK(std::adjacent_find(in.begin(), in.end()) == in.end());
    for (uint64_t j : in) CHECK(j < i);  // only earlier datasets: no cycles
    edges += in.size();
  }
  CHECK(edges == 1'200);
  CHECK(BenchMesh::index_of(mesh.dataset_id(123)) == 123);
  CHECK(BenchMesh::index_of(mesh.dataset_name(7)) == 7);

  size_t batches = 0;
  const auto a = lines(mesh, 64, &batches);
  CHECK(a.size() == mesh.events());
  CHECK(batches == (a.size() + 63) / 64);
  CHECK(a == lines(BenchMesh(small()), 1000));  // batch size does not change the events
  BenchMeshOptions other = small();
  other.seed = 1;
  CHECK(a != lines(BenchMesh(other), 64));
}

TEST_CASE("the mesh's events ingest whole and carry its graph, columns and access records") {
  const BenchMesh mesh(small());
  testing::TempDir dir;
  auto log = EventLog::Open(LogOptions{}, dir.path());
  REQUIRE(log.ok());
  auto written = load_bench_mesh(mesh, **log);
  REQUIRE_MESSAGE(written.ok(), written.status().to_string());
  CHECK(*written == mesh.events());
  auto index = Index::Build(**log);
  REQUIRE(index.ok());
  const auto stats = *(*index)->stats(kDemoEnd);
  CHECK(stats.datasets == mesh.datasets());
  CHECK(stats.access_records == 500);

  // Each derived dataset's one-hop provenance is its job's inputs.
  for (uint64_t i : {20, 21, 150, 299}) {
    LineageQuery q{mesh.dataset_id(i), LineageQuery::Direction::kUpstream};
    q.max_depth = 1;
    q.kinds = {NodeKind::kDataset};
    auto set = (*index)->reach(q);
    REQUIRE(set.ok());
    std::vector<std::string> got, want;
    for (size_t k = 1; k < set->size(); ++k) got.emplace_back(set->id(k));
    for (uint64_t j : mesh.inputs_of(i)) want.push_back(mesh.dataset_id(j));
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    CHECK(got == want);
  }
  // A dataset with columns that reads one with columns has column lineage from it.
  bool found = false;
  for (uint64_t i = 20; i < mesh.datasets() && !found; ++i) {
    if (!mesh.has_columns(i)) continue;
    for (uint64_t j : mesh.inputs_of(i)) {
      if (!mesh.has_columns(j)) continue;
      LineageQuery q{"datasetField:s3://lake:" + mesh.dataset_name(i) + ":email",
                     LineageQuery::Direction::kUpstream};
      q.max_depth = 1;
      auto set = (*index)->reach(q);
      REQUIRE(set.ok());
      bool from_j = false;
      for (size_t k = 0; k < set->size(); ++k) {
        from_j = from_j || set->id(k) == "datasetField:s3://lake:" + mesh.dataset_name(j) + ":email";
      }
      CHECK(from_j);
      found = true;
      break;
    }
  }
  CHECK(found);
}

}  // namespace
}  // namespace auditgraph
