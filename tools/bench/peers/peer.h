// A lineage engine we compare against on the bench mesh (src/demo/bench_mesh.h): it loads the
// same graph its own way and answers the same queries with its own query language.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auditgraph/status.h"
#include "src/demo/bench_mesh.h"

namespace auditgraph::bench {

// Impact (downstream) or provenance (upstream) of one dataset, with a depth limit in dataset hops
// or none (the whole closure).
struct PeerQuery {
  uint64_t dataset = 0;  // bench mesh index
  bool downstream = true;
  std::optional<uint32_t> max_depth;
};

class LineagePeer {
 public:
  virtual ~LineagePeer() = default;
  virtual std::string name() const = 0;
  // Creates the schema and loads the mesh's datasets, jobs, job versions, their input/output
  // mapping and runs, then builds indexes and statistics.
  virtual Status load(const BenchMesh& mesh) = 0;
  // The datasets the query reaches, the queried one included, as mesh indices in any order.
  virtual Result<std::vector<uint64_t>> reach(const PeerQuery& query) = 0;
};

// The SQL both peers run, in the shape Marquez's LineageDao uses: a recursive CTE over the
// current job versions' input/output mapping. With a depth limit, as Marquez does, each row
// carries its depth and UNION removes only repeats of (dataset, depth), so a dataset reached by
// paths of several lengths is expanded once per length; without one, the deduplicating closure
// (UNION over the dataset alone: each dataset expanded once). `start_param` and `depth_param`
// are the parameters' placeholders in the dialect (PostgreSQL `$1`/`$2`, SQLite `?1`/`?2`).
std::string lineage_sql(bool downstream, bool depth_limited, const std::string& start_param,
                        const std::string& depth_param);

// Marquez's tables, with integer keys, in load order; the statements that create them; and the
// indexes made after the load.
const std::vector<std::string>& table_names();
const std::vector<std::string>& schema_sql();
const std::vector<std::string>& index_sql();

// Calls `row(fields)` for each row of `table` (one of table_names()) that the mesh fills, fields
// in column order. Dataset i's job, its one version and its one completed run all have id i.
void mesh_rows(const BenchMesh& mesh, const std::string& table,
               const std::function<void(const std::vector<std::string>&)>& row);

}  // namespace auditgraph::bench
