#include "queries/catalog.h"

#include <algorithm>
#include <set>

namespace auditgraph::queries {

bool split_node_id(std::string_view id, std::string* ns, std::string* name) {
  const size_t kind = id.find(':');
  const size_t last = id.rfind(':');
  if (kind == std::string_view::npos || last <= kind + 1 || last + 1 >= id.size()) return false;
  *ns = std::string(id.substr(kind + 1, last - kind - 1));
  *name = std::string(id.substr(last + 1));
  return true;
}

std::vector<std::string> Catalog::namespaces() const {
  std::set<std::string> out;
  std::string ns, name;
  for (size_t i = 0; i < graph_.node_count(); ++i) {
    const auto n = static_cast<NodeId>(i);
    if (graph_.node(n).kind == NodeKind::kColumn) continue;
    if (split_node_id(graph_.id(n), &ns, &name)) out.insert(ns);
  }
  return {out.begin(), out.end()};
}

std::vector<NodeId> Catalog::nodes_in(const std::string& ns, NodeKind kind) const {
  std::vector<std::pair<std::string, NodeId>> found;
  std::string node_ns, name;
  for (size_t i = 0; i < graph_.node_count(); ++i) {
    const auto n = static_cast<NodeId>(i);
    if (graph_.node(n).kind != kind) continue;
    if (split_node_id(graph_.id(n), &node_ns, &name) && node_ns == ns) {
      found.emplace_back(std::string(graph_.id(n)), n);
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<NodeId> out;
  for (const auto& [id, n] : found) out.push_back(n);
  return out;
}

template <typename T, typename F>
CatalogPage<T> page_of(const std::vector<NodeId>& nodes, size_t limit, size_t offset, F&& make) {
  CatalogPage<T> page;
  page.total = nodes.size();
  for (size_t i = offset; i < nodes.size() && page.items.size() < limit; ++i) {
    page.items.push_back(make(nodes[i]));
  }
  return page;
}

CatalogPage<CatalogDataset> Catalog::datasets(const std::string& ns, size_t limit,
                                              size_t offset) const {
  return page_of<CatalogDataset>(nodes_in(ns, NodeKind::kDataset), limit, offset,
                                 [&](NodeId n) { return dataset_of(n); });
}

CatalogPage<CatalogJob> Catalog::jobs(const std::string& ns, size_t limit, size_t offset) const {
  return page_of<CatalogJob>(nodes_in(ns, NodeKind::kJob), limit, offset,
                             [&](NodeId n) { return job_of(n); });
}

Result<CatalogDataset> Catalog::dataset(const std::string& id) const {
  auto n = graph_.find(id);
  if (!n || graph_.node(*n).kind != NodeKind::kDataset) {
    return Status::NotFound("dataset: no dataset has the id '" + id + "'");
  }
  return dataset_of(*n);
}

Result<CatalogJob> Catalog::job(const std::string& id) const {
  auto n = graph_.find(id);
  if (!n || graph_.node(*n).kind != NodeKind::kJob) {
    return Status::NotFound("job: no job has the id '" + id + "'");
  }
  return job_of(*n);
}

Result<CatalogPage<CatalogRun>> Catalog::runs(const std::string& job_id, size_t limit,
                                              size_t offset) const {
  auto j = job(job_id);
  if (!j.ok()) return j.status();
  const std::vector<RunSummary> all = ledger_.runs_of(j->ref);
  CatalogPage<CatalogRun> page;
  page.total = all.size();
  for (size_t i = offset; i < all.size() && page.items.size() < limit; ++i) {
    page.items.push_back(run_of(all[i]));
  }
  return page;
}

CatalogDataset Catalog::dataset_of(NodeId n) const {
  CatalogDataset d;
  d.id = std::string(graph_.id(n));
  split_node_id(d.id, &d.ref.ns, &d.ref.name);
  const NodeInfo& info = graph_.node(n);
  d.owner = std::string(graph_.owner(n));
  d.domain = std::string(graph_.domain(n));
  d.product = info.product;
  d.first_seq = info.first_seq;
  if (const auto* schema = schemas_.schema(graph_.ids_of(n))) d.fields = schema->fields;
  const auto versions = ledger_.versions_of_id(d.id);
  if (!versions.empty()) {
    d.current_version = versions.back().label;
    d.last_modified_at = versions.back().written_at;
  }
  return d;
}

CatalogJob Catalog::job_of(NodeId n) const {
  CatalogJob j;
  j.id = std::string(graph_.id(n));
  split_node_id(j.id, &j.ref.ns, &j.ref.name);
  j.first_seq = graph_.node(n).first_seq;
  const std::vector<RunSummary> runs = ledger_.runs_of(j.ref);
  j.runs = runs.size();
  const RunSummary* latest_completed = nullptr;
  for (const auto& r : runs) {
    if (!r.completed_at) continue;
    if (!latest_completed || *latest_completed->completed_at < *r.completed_at) latest_completed = &r;
  }
  const RunSummary* shown = latest_completed ? latest_completed : runs.empty() ? nullptr : &runs[0];
  if (shown) {
    j.inputs = shown->inputs;
    j.outputs = shown->outputs;
  }
  if (!runs.empty()) j.latest_run = run_of(runs[0]);
  return j;
}

CatalogRun Catalog::run_of(const RunSummary& r) const {
  CatalogRun run;
  run.run_id = r.run_id;
  run.job = r.job;
  run.state = r.state;
  run.started_at = r.started_at;
  run.completed_at = r.completed_at;
  run.seqs = r.seqs;
  for (const auto& input : r.inputs) {
    auto v = ledger_.input_version(r.run_id, input);
    run.inputs.push_back({input, v ? v->label : ""});
  }
  for (const auto& output : r.outputs) {
    std::string label;
    for (const auto& v : ledger_.versions(output)) {
      if (v.run_id == r.run_id) label = v.label;
    }
    run.outputs.push_back({output, label});
  }
  return run;
}

}  // namespace auditgraph::queries
