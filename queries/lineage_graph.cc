#include "queries/lineage_graph.h"

#include <algorithm>
#include <tuple>

namespace auditgraph::queries {

std::string dataset_id(const DatasetRef& d) { return "dataset:" + d.ns + ":" + d.name; }
std::string job_id(const JobRef& j) { return "job:" + j.ns + ":" + j.name; }
std::string column_id(const DatasetRef& d, const std::string& field) {
  return "datasetField:" + d.ns + ":" + d.name + ":" + field;
}

namespace {

void insert_sorted(std::vector<uint64_t>* v, uint64_t x) {
  auto it = std::lower_bound(v->begin(), v->end(), x);
  if (it == v->end() || *it != x) v->insert(it, x);
}

void merge_sorted(std::vector<uint64_t>* into, const std::vector<uint64_t>& from) {
  for (uint64_t x : from) insert_sorted(into, x);
}

}  // namespace

std::optional<NodeId> LineageGraph::find(const std::string& id) const {
  auto it = ids_.find(id);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::optional<NodeId> LineageGraph::find_column(NodeId dataset, const std::string& field) const {
  // Columns are keyed by the dataset's first name ("ns:name"), which for a dataset never renamed
  // is its id without the "dataset:" prefix.
  auto first = first_names_.find(dataset);
  const std::string_view name = first != first_names_.end()
                                    ? std::string_view(first->second)
                                    : std::string_view(nodes_[dataset].id).substr(8);
  return find("datasetField:" + std::string(name) + ":" + field);
}

size_t LineageGraph::open_edge_count() const {
  return static_cast<size_t>(std::count_if(edges_.begin(), edges_.end(),
                                           [](const EdgeRecord& e) { return e.to_seq == kOpen; }));
}

std::set<NodeId> LineageGraph::read_by_runs(Timestamp from, Timestamp to) const {
  std::set<NodeId> out;
  for (const auto& [job, j] : jobs_) {
    for (const auto& [id, run] : j.runs) {
      if (!run.completed_at || *run.completed_at < from || !(*run.completed_at < to)) continue;
      for (const auto& [key, seqs] : run.edges) {
        const NodeId from_node = std::get<0>(key);
        if (std::get<1>(key) == job && nodes_[from_node].kind == NodeKind::kDataset) {
          out.insert(from_node);
        }
      }
    }
  }
  return out;
}

bool LineageGraph::alive(EdgeId id, const Moment& m) const {
  const EdgeRecord& e = edges_[id];
  if (!m.time) return e.alive_at(m.size);
  if (!e.latest) return false;
  const Run* run = run_at(e.job, *m.time);
  return run && run->edges.count(key_of(e));
}

const std::vector<uint64_t>& LineageGraph::evidence(EdgeId id, const Moment& m) const {
  const EdgeRecord& e = edges_[id];
  if (!m.time) return e.seqs;
  return run_at(e.job, *m.time)->edges.at(key_of(e));  // REQUIRES: alive(id, m)
}

const LineageGraph::Run* LineageGraph::run_at(NodeId job, Timestamp t) const {
  auto j = jobs_.find(job);
  if (j == jobs_.end()) return nullptr;
  const auto& completed = j->second.completed;
  // The first entry after (t, any run id), then one back.
  auto it = completed.lower_bound({Timestamp{t.unix_nanos + 1}, std::string()});
  if (it == completed.begin()) return nullptr;
  return &j->second.runs.at(std::prev(it)->second);
}

void LineageGraph::know(NodeId job_node, Job& j, const Key& key, uint64_t seq) {
  if (j.latest.count(key)) return;
  const auto& [from, to, transformation, masking] = key;
  const EdgeId e = static_cast<EdgeId>(edges_.size());
  edges_.push_back({from, to, job_node, transformation, masking, seq, seq, true, {}});
  out_[from].push_back(e);
  in_[to].push_back(e);
  j.latest.emplace(key, e);
}

NodeId LineageGraph::intern(const std::string& id, NodeKind kind, uint64_t seq) {
  auto [it, added] = ids_.try_emplace(id, static_cast<NodeId>(nodes_.size()));
  if (added) {
    nodes_.push_back({id, kind, seq, 0, false, false, "", ""});
    out_.emplace_back();
    in_.emplace_back();
  }
  return it->second;
}

uint32_t LineageGraph::intern_string(const std::string& s) {
  auto [it, added] = string_ids_.try_emplace(s, static_cast<uint32_t>(strings_.size()));
  if (added) strings_.push_back(s);
  return it->second;
}

NodeId LineageGraph::dataset(const DatasetRef& d, uint64_t seq) {
  return intern(dataset_id(d), NodeKind::kDataset, seq);
}

NodeId LineageGraph::column(const DatasetRef& d, const std::string& field, uint64_t seq) {
  const NodeId ds = dataset(d, seq);
  const std::string id = column_id(d, field);
  if (auto known = find(id)) return *known;
  auto first = first_names_.find(ds);
  if (first == first_names_.end()) {
    const NodeId n = intern(id, NodeKind::kColumn, seq);
    nodes_[n].dataset = ds;
    return n;
  }
  // A renamed dataset: its columns are keyed by its first name, and this id joins them.
  const NodeId n = intern("datasetField:" + first->second + ":" + field, NodeKind::kColumn, seq);
  nodes_[n].dataset = ds;
  ids_.emplace(id, n);
  return n;
}

void LineageGraph::rename(const DatasetRef& from, const DatasetRef& to, bool renamed,
                          uint64_t seq) {
  const std::string to_id = dataset_id(to);
  if (find(to_id)) return;  // already a node (the same one, or one of its own: not merged)
  const NodeId n = dataset(from, seq);
  ids_.emplace(to_id, n);
  first_names_.try_emplace(n, from.ns + ":" + from.name);
  if (renamed) nodes_[n].id = to_id;
}

void LineageGraph::renames_of(const DatasetRef& d, const std::optional<DatasetRef>& previous,
                              const std::vector<DatasetRef>& aliases, uint64_t seq) {
  if (previous) rename(*previous, d, true, seq);
  for (const auto& a : aliases) rename(d, a, false, seq);
}

void LineageGraph::describe(const DatasetRef& d, const std::vector<Owner>& owners,
                            const std::string& domain, uint64_t seq) {
  NodeInfo& n = nodes_[dataset(d, seq)];
  if (!owners.empty()) n.owner = owners.front().name;
  if (!domain.empty()) n.domain = domain;
}

void LineageGraph::tagged_columns(const DatasetRef& d, const std::vector<SchemaField>& fields,
                                  const std::vector<Tag>& tags, const std::string& parent,
                                  uint64_t seq) {
  for (const auto& f : fields) {
    const std::string path = parent.empty() ? f.name : parent + "." + f.name;
    if (!f.tags.empty()) column(d, path, seq);
    tagged_columns(d, f.fields, {}, path, seq);
  }
  for (const auto& t : tags) {
    if (!t.field.empty()) column(d, t.field, seq);
  }
}

void LineageGraph::add(const Event& event) {
  const uint64_t seq = event.seq;
  if (const auto* r = std::get_if<RunEvent>(&event.payload)) {
    add_run(*r, event);
  } else if (const auto* j = std::get_if<JobDeclared>(&event.payload)) {
    intern(job_id(j->job), NodeKind::kJob, seq);
    for (const auto& d : j->inputs) describe(d.dataset, d.owners, "", seq);
    for (const auto& d : j->outputs) describe(d.dataset, d.owners, "", seq);
  } else if (const auto* d = std::get_if<DatasetDeclared>(&event.payload)) {
    renames_of(d->dataset, d->previous_identifier, d->aliases, seq);
    describe(d->dataset, d->owners, d->domain, seq);
    NodeInfo& n = nodes_[dataset(d->dataset, seq)];
    n.declared = true;
    n.product = n.product || d->data_product;
    tagged_columns(d->dataset, d->schema, d->tags, "", seq);
  } else if (const auto* o = std::get_if<OwnershipChanged>(&event.payload)) {
    NodeInfo& n = nodes_[dataset(o->dataset, seq)];
    n.owner = o->owners.empty() ? "" : o->owners.front().name;
  } else if (const auto* g = std::get_if<AccessGranted>(&event.payload)) {
    if (g->resource.kind != Resource::Kind::kDomain) dataset(g->resource.dataset, seq);
  } else if (const auto* a = std::get_if<AccessRecorded>(&event.payload)) {
    dataset(a->dataset, seq);
  } else if (const auto* c = std::get_if<Classified>(&event.payload)) {
    c->field.empty() ? dataset(c->dataset, seq) : column(c->dataset, c->field, seq);
  } else if (const auto* c = std::get_if<SchemaChanged>(&event.payload)) {
    dataset(c->dataset, seq);
    tagged_columns(c->dataset, c->schema, {}, "", seq);
  } else if (const auto* n = std::get_if<DeprecationNotice>(&event.payload)) {
    dataset(n->dataset, seq);
  }
}

void LineageGraph::add_run(const RunEvent& r, const Event& event) {
  const uint64_t seq = event.seq;
  const NodeId job = intern(job_id(r.job), NodeKind::kJob, seq);
  Job& j = jobs_[job];
  Run& run = j.runs[r.run_id];
  const std::optional<Timestamp> completed_before = run.completed_at;
  if (r.state == RunState::kComplete &&
      (!run.completed_at || event.event_time < *run.completed_at)) {
    if (run.completed_at) j.completed.erase({*run.completed_at, r.run_id});
    run.completed_at = event.event_time;
    j.completed.insert({event.event_time, r.run_id});
  }
  for (const auto* list : {&r.inputs, &r.outputs}) {
    for (const auto& d : *list) {
      renames_of(d.dataset, d.previous_identifier, d.aliases, seq);
      tagged_columns(d.dataset, d.schema, d.tags, "", seq);
    }
  }
  for (const auto& in : r.inputs) {
    describe(in.dataset, in.owners, "", seq);
    const Key key{dataset(in.dataset, seq), job, 0, false};
    insert_sorted(&run.edges[key], seq);
    know(job, j, key, seq);
  }
  for (const auto& out : r.outputs) {
    describe(out.dataset, out.owners, "", seq);
    const NodeId out_node = dataset(out.dataset, seq);
    const Key key{job, out_node, 0, false};
    insert_sorted(&run.edges[key], seq);
    know(job, j, key, seq);
    for (const auto& cl : out.column_lineage) {
      const NodeId to = column(out.dataset, cl.output_field, seq);
      for (const auto& in : cl.inputs) {
        const NodeId from = column(in.input.dataset, in.input.field, seq);
        const uint32_t t = intern_string(
            in.transformation_type +
            (in.transformation_subtype.empty() ? "" : "/" + in.transformation_subtype));
        const Key key{from, to, t, in.masking};
        insert_sorted(&run.edges[key], seq);
        know(job, j, key, seq);
      }
    }
  }

  // The job's current run: its latest completed one (by completion time, then run id).
  if (!run.completed_at) return;
  auto later = [&](const std::string& a, const std::string& b) {  // a after b?
    return std::tie(*j.runs.at(a).completed_at, a) > std::tie(*j.runs.at(b).completed_at, b);
  };
  std::string current = j.current;
  if (current == r.run_id && completed_before && *completed_before != *run.completed_at) {
    // The current run's completion moved earlier: another run may be the latest now.
    for (const auto& [id, other] : j.runs) {
      if (other.completed_at && later(id, current)) current = id;
    }
  } else if (current.empty() || current == r.run_id || later(r.run_id, current)) {
    current = r.run_id;
  } else {
    return;  // an older run: the job's lineage does not change
  }
  j.current = current;
  sync_job(job, j, seq);
}

void LineageGraph::sync_job(NodeId job_node, Job& j, uint64_t seq) {
  const Run& run = j.runs.at(j.current);
  // Close what the current run does not have.
  for (auto it = j.open.begin(); it != j.open.end();) {
    if (run.edges.count(it->first)) {
      ++it;
      continue;
    }
    edges_[it->second].to_seq = seq;
    it = j.open.erase(it);
  }
  // Open what it has and is not open; add its evidence to what stays open.
  for (const auto& [key, seqs] : run.edges) {
    auto it = j.open.find(key);
    if (it != j.open.end()) {
      merge_sorted(&edges_[it->second].seqs, seqs);
      continue;
    }
    EdgeId e = j.latest.at(key);  // know() gave every key of every run a record
    if (edges_[e].from_seq != edges_[e].to_seq) {
      // It held before and was closed: a new record, so the old interval stays as it was.
      edges_[e].latest = false;
      const auto& [from, to, transformation, masking] = key;
      e = static_cast<EdgeId>(edges_.size());
      edges_.push_back({from, to, job_node, transformation, masking, seq, kOpen, true, {}});
      out_[from].push_back(e);
      in_[to].push_back(e);
      j.latest[key] = e;
    }
    edges_[e].from_seq = seq;
    edges_[e].to_seq = kOpen;
    edges_[e].seqs = seqs;
    j.open.emplace(key, e);
  }
}

}  // namespace auditgraph::queries
