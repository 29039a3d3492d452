// The catalog view over the index's parts (include/auditgraph/catalog.h): datasets with their
// current schema, owner and latest version; jobs with what their latest run read and wrote;
// runs with the dataset versions they read and wrote. Lists walk the graph's nodes, so a
// namespace listing costs O(nodes); a single dataset or job costs one lookup plus its runs.
#pragma once

#include <string>
#include <vector>

#include "auditgraph/catalog.h"
#include "auditgraph/status.h"
#include "queries/access_state.h"
#include "queries/lineage_graph.h"
#include "queries/run_ledger.h"
#include "queries/schema_state.h"

namespace auditgraph::queries {

class Catalog {
 public:
  Catalog(const LineageGraph& graph, const SchemaState& schemas, const RunLedger& ledger)
      : graph_(graph), schemas_(schemas), ledger_(ledger) {}

  std::vector<std::string> namespaces() const;
  CatalogPage<CatalogDataset> datasets(const std::string& ns, size_t limit, size_t offset) const;
  CatalogPage<CatalogJob> jobs(const std::string& ns, size_t limit, size_t offset) const;
  Result<CatalogDataset> dataset(const std::string& id) const;
  Result<CatalogJob> job(const std::string& id) const;
  Result<CatalogPage<CatalogRun>> runs(const std::string& job_id, size_t limit,
                                       size_t offset) const;
  Result<CatalogRun> run(const std::string& run_id) const;
  // Principals come from `access` (grants and memberships). O(nodes + principals).
  SearchResult search(const SearchQuery& q, const AccessState& access) const;
  // O(nodes + open edges).
  Overview overview(size_t per_domain) const;

 private:
  // The nodes of `kind` in namespace `ns`, sorted by id.
  std::vector<NodeId> nodes_in(const std::string& ns, NodeKind kind) const;
  CatalogDataset dataset_of(NodeId n) const;
  CatalogJob job_of(NodeId n) const;
  CatalogRun run_of(const RunSummary& run) const;

  const LineageGraph& graph_;
  const SchemaState& schemas_;
  const RunLedger& ledger_;
};

}  // namespace auditgraph::queries
