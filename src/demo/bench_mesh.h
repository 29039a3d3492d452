// The demo mesh at benchmark scale (`tools/dev bench peers`): a million datasets and more, in the
// demo's seven domains, as their producers would send them. Seeded: the same options give the
// same events, byte for byte, and the same graph.
//
// Every dataset is declared by the catalogue (a native dataset_declared with its domain and
// owner). The first `sources` are written by nobody; every later dataset i is the only output of
// its own job, whose one run (OpenLineage START, then COMPLETE) reads `edges / derived` earlier
// datasets on average: most from the `window` datasets just before i, one in `far_every` from
// anywhere earlier. The graph is a DAG with exactly `edges` derivation edges, local
// neighbourhoods and long-range links, so the closure of an early dataset is most of the mesh.
// A `column_share` of the datasets carry a schema (with a PII column) and, when derived, a
// columnLineage facet from the columns of their inputs that have them. `access_records`
// native access_recorded events name random datasets and principals.
//
// Nothing is held but the graph (4 bytes per edge, 8 per dataset): events are made batch by batch.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/event_log.h"
#include "auditgraph/status.h"

namespace auditgraph {

struct BenchMeshOptions {
  uint64_t datasets = 1'000'000;
  uint64_t edges = 5'000'000;  // derivation edges (a job's input -> its output)
  double column_share = 0.10;
  uint64_t access_records = 20'000'000;
  uint64_t sources = 1'000;    // datasets no job writes (at most datasets - 1)
  uint32_t window = 2'000;
  uint32_t far_every = 10;     // 0: no long-range inputs
  uint64_t seed = 20261125;

  Status validate() const;  // InvalidArgument naming the option
};

class BenchMesh {
 public:
  // Draws the graph; check options.validate() first.
  explicit BenchMesh(const BenchMeshOptions& options);

  const BenchMeshOptions& options() const { return options_; }
  uint64_t datasets() const { return options_.datasets; }
  uint64_t edges() const { return inputs_.size(); }
  uint64_t events() const;  // declarations + run events + access records

  // Dataset i's namespace is "s3://lake" for every dataset; its name encodes its domain:
  // "orders.p0000123.v1". Its job (i >= sources) is "spark://lake" / "orders.build.p0000123".
  static constexpr std::string_view kDatasetNamespace = "s3://lake";
  static constexpr std::string_view kJobNamespace = "spark://lake";
  std::string dataset_name(uint64_t i) const;
  std::string job_name(uint64_t i) const;  // i >= sources
  // "dataset:s3://lake:<name>", the index's node id.
  std::string dataset_id(uint64_t i) const;
  // The dataset index in a name or id made by the two above ("...orders.p0000123.v1" -> 123).
  static uint64_t index_of(std::string_view name_or_id);
  bool has_job(uint64_t i) const { return i >= options_.sources; }
  bool has_columns(uint64_t i) const;

  // The inputs of dataset i's job (dataset indices, ascending, no repeats; empty for a source).
  std::vector<uint64_t> inputs_of(uint64_t i) const;

  // Calls `sink` with NDJSON batches of at most `batch_events` events (the last may be shorter),
  // in order: dataset i's declaration and run come before any dataset that reads it, and access
  // records are spread among them. Stops at the first error `sink` returns.
  Status emit(size_t batch_events, const std::function<Status(std::string&&)>& sink) const;

 private:
  BenchMeshOptions options_;
  std::vector<uint64_t> first_input_;  // per derived dataset: offset into inputs_; one more at the end
  std::vector<uint32_t> inputs_;       // dataset indices
};

// Ingests the mesh into `log` on this thread, batches of 1,000 through one Ingestor (the
// benchmark uses several threads); returns the events written. InvalidArgument with the
// Ingestor's message if it refuses one.
Result<uint64_t> load_bench_mesh(const BenchMesh& mesh, EventLog& log);

}  // namespace auditgraph
