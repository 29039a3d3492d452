#include "queries/catalog.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

namespace auditgraph::queries {

std::vector<std::string> Catalog::namespaces() const {
  std::set<std::string> out;
  for (size_t i = 0; i < graph_.node_count(); ++i) {
    const auto n = static_cast<NodeId>(i);
    if (graph_.node(n).kind == NodeKind::kColumn) continue;
    if (auto parts = split_node_id(graph_.id(n))) out.insert(std::move(parts->ns));
  }
  return {out.begin(), out.end()};
}

std::vector<NodeId> Catalog::nodes_in(const std::string& ns, NodeKind kind) const {
  std::vector<std::pair<std::string, NodeId>> found;
  for (size_t i = 0; i < graph_.node_count(); ++i) {
    const auto n = static_cast<NodeId>(i);
    if (graph_.node(n).kind != kind) continue;
    if (auto parts = split_node_id(graph_.id(n)); parts && parts->ns == ns) {
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

Result<CatalogRun> Catalog::run(const std::string& run_id) const {
  auto r = ledger_.run(run_id);
  if (!r) return Status::NotFound("run: no run has the id '" + run_id + "'");
  return run_of(*r);
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void collect_tags(const std::vector<SchemaField>& fields, std::set<std::string>* out) {
  for (const auto& f : fields) {
    out->insert(f.tags.begin(), f.tags.end());
    collect_tags(f.fields, out);
  }
}

}  // namespace

SearchResult Catalog::search(const SearchQuery& q, const AccessState& access) const {
  SearchResult out;
  const std::string text = lower(q.text);
  auto hit = [&](SearchHit h) {
    ++out.total;
    if (out.hits.size() < q.limit) out.hits.push_back(std::move(h));
  };
  std::vector<std::pair<std::string, NodeId>> ids;
  for (NodeKind kind : {NodeKind::kDataset, NodeKind::kJob}) {
    ids.clear();
    for (size_t i = 0; i < graph_.node_count(); ++i) {
      const auto n = static_cast<NodeId>(i);
      if (graph_.node(n).kind == kind) ids.emplace_back(std::string(graph_.id(n)), n);
    }
    std::sort(ids.begin(), ids.end());
    for (const auto& [id, n] : ids) {
      SearchHit h;
      h.kind = kind == NodeKind::kJob ? SearchHit::Kind::kJob : SearchHit::Kind::kDataset;
      h.id = id;
      h.domain = std::string(graph_.domain(n));
      h.owner = std::string(graph_.owner(n));
      if (kind == NodeKind::kDataset) {
        std::set<std::string> tags;
        if (const auto* schema = schemas_.schema(graph_.ids_of(n)))
          collect_tags(schema->fields, &tags);
        h.tags.assign(tags.begin(), tags.end());
      } else {
        h.tags = schemas_.job_tags(id);
      }
      if (lower(h.id).find(text) != std::string::npos) {
        h.matched = "id";
      } else if (!h.domain.empty() && lower(h.domain).find(text) != std::string::npos) {
        h.matched = "domain";
      } else if (!h.owner.empty() && lower(h.owner).find(text) != std::string::npos) {
        h.matched = "owner";
      } else if (std::any_of(h.tags.begin(), h.tags.end(), [&](const std::string& t) {
                   return lower(t).find(text) != std::string::npos;
                 })) {
        h.matched = "tag";
      } else {
        continue;
      }
      hit(std::move(h));
    }
  }
  for (const PrincipalRef& p : access.principals()) {
    const std::string id = std::string(principal_kind_name(p.kind)) + ":" + p.name;
    if (lower(id).find(text) == std::string::npos) continue;
    SearchHit h;
    h.kind = SearchHit::Kind::kPrincipal;
    h.id = id;
    h.matched = "id";
    hit(std::move(h));
  }
  return out;
}

Overview Catalog::overview(size_t per_domain) const {
  std::map<std::string, Overview::Domain> domains;
  std::map<std::pair<std::string, std::string>, size_t> links;
  std::map<std::string, std::vector<Overview::Product>> products;
  const Moment now{graph_.size(), std::nullopt};
  for (size_t i = 0; i < graph_.node_count(); ++i) {
    const auto n = static_cast<NodeId>(i);
    const NodeInfo& info = graph_.node(n);
    if (info.kind != NodeKind::kDataset) continue;
    const std::string domain(graph_.domain(n));
    Overview::Domain& d = domains[domain];
    d.name = domain;
    ++d.datasets;
    // A dataset lineage edge is two hops, dataset -> job -> dataset (column edges are
    // column -> column and skipped); each (input, job, output) counts once.
    size_t degree = 0;
    graph_.each_out(n, [&](NodeId job, EdgeId a) {
      if (graph_.node(job).kind != NodeKind::kJob || !graph_.alive(a, now)) return;
      graph_.each_out(job, [&](NodeId to, EdgeId b) {
        if (graph_.node(to).kind != NodeKind::kDataset || !graph_.alive(b, now)) return;
        ++degree;
        const std::string to_domain(graph_.domain(to));
        if (to_domain != domain) ++links[{domain, to_domain}];
      });
    });
    graph_.each_in(n, [&](NodeId job, EdgeId a) {
      if (graph_.node(job).kind != NodeKind::kJob || !graph_.alive(a, now)) return;
      graph_.each_in(job, [&](NodeId from, EdgeId b) {
        if (graph_.node(from).kind == NodeKind::kDataset && graph_.alive(b, now)) ++degree;
      });
    });
    if (info.product) {
      ++d.products;
      products[domain].push_back({std::string(graph_.id(n)), degree});
    }
  }
  Overview out;
  for (auto& [name, d] : domains) {
    auto& list = products[name];
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return std::tie(b.degree, a.id) < std::tie(a.degree, b.id);
    });
    if (list.size() > per_domain) list.resize(per_domain);
    d.top = std::move(list);
    out.domains.push_back(std::move(d));
  }
  for (const auto& [ends, edges] : links) out.links.push_back({ends.first, ends.second, edges});
  return out;
}

namespace {

// Gives each field (nested ones by dotted path) the tags its column carries now.
void set_tags(std::vector<SchemaField>& fields, const std::string& parent,
              const std::map<std::string, std::vector<std::string>>& tags) {
  for (auto& f : fields) {
    const std::string path = parent.empty() ? f.name : parent + "." + f.name;
    auto it = tags.find(path);
    f.tags = it == tags.end() ? std::vector<std::string>{} : it->second;
    set_tags(f.fields, path, tags);
  }
}

}  // namespace

CatalogDataset Catalog::dataset_of(NodeId n) const {
  CatalogDataset d;
  d.id = std::string(graph_.id(n));
  if (auto parts = split_node_id(d.id)) d.ref = {parts->ns, parts->name};
  const NodeInfo& info = graph_.node(n);
  d.owner = std::string(graph_.owner(n));
  d.domain = std::string(graph_.domain(n));
  d.product = info.product;
  d.first_seq = info.first_seq;
  const std::vector<std::string> ids = graph_.ids_of(n);
  if (const auto* schema = schemas_.schema(ids)) d.fields = schema->fields;
  set_tags(d.fields, "", schemas_.column_tags(ids));
  d.tags = schemas_.dataset_tags(ids);
  if (const auto contract = schemas_.contract(ids)) {
    d.freshness_slo_seconds = contract->freshness_slo_seconds;
    d.lifecycle_state = contract->lifecycle_state;
    d.description = contract->description;
    d.declared_seq = contract->seq;
  }
  d.deprecations = schemas_.notices(ids);
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
  if (auto parts = split_node_id(j.id)) j.ref = {parts->ns, parts->name};
  j.first_seq = graph_.node(n).first_seq;
  j.tags = schemas_.job_tags(j.id);
  const std::vector<RunSummary> runs = ledger_.runs_of(j.ref);
  j.runs = runs.size();
  // Its lineage now, as the graph holds it: its latest completed run's, or a later JobEvent's
  // declared inputs and outputs (docs/lineage.md). Before either, its latest run's.
  graph_.each_open_of_job(n, [&](EdgeId e) {
    const EdgeRecord& r = graph_.edge(e);
    const bool input = r.job == r.to, output = r.job == r.from;  // else a column edge
    if (!input && !output) return;
    auto parts = split_node_id(graph_.id(input ? r.from : r.to));
    if (!parts) return;  // dataset edges join datasets, whose ids always split
    (input ? j.inputs : j.outputs).push_back({parts->ns, parts->name});
  });
  auto by_name = [](const DatasetRef& a, const DatasetRef& b) {
    return std::tie(a.ns, a.name) < std::tie(b.ns, b.name);
  };
  std::sort(j.inputs.begin(), j.inputs.end(), by_name);
  std::sort(j.outputs.begin(), j.outputs.end(), by_name);
  const bool completed = std::any_of(runs.begin(), runs.end(),
                                     [](const RunSummary& r) { return r.completed_at.has_value(); });
  if (!completed && !runs.empty() && j.inputs.empty() && j.outputs.empty()) {
    j.inputs = runs[0].inputs;  // runs_of: latest first
    j.outputs = runs[0].outputs;
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
    run.inputs.push_back({input, v ? v->label : "", v ? v->run_id : ""});
  }
  for (const auto& output : r.outputs) {
    std::string label, writer;
    for (const auto& v : ledger_.versions(output)) {
      if (v.run_id == r.run_id) label = v.label, writer = v.run_id;
    }
    run.outputs.push_back({output, label, writer});
  }
  return run;
}

}  // namespace auditgraph::queries
