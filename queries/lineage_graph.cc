#include "queries/lineage_graph.h"

#include <algorithm>
#include <tuple>

#include "queries/cycles.h"

namespace auditgraph::queries {

std::string dataset_id(const DatasetRef& d) { return "dataset:" + d.ns + ":" + d.name; }
std::string job_id(const JobRef& j) { return "job:" + j.ns + ":" + j.name; }
std::string column_id(const DatasetRef& d, const std::string& field) {
  return "datasetField:" + d.ns + ":" + d.name + ":" + field;
}

namespace {

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

uint64_t key_hash(NodeId job, NodeId from, NodeId to, uint32_t transformation, bool masking) {
  return mix((uint64_t{from} << 32 | to) ^ mix(uint64_t{job} << 32 | transformation << 1 |
                                                  static_cast<uint32_t>(masking)));
}

}  // namespace

std::optional<NodeId> LineageGraph::find(std::string_view id) const {
  auto name = names_.find(id);
  if (!name || node_of_name_[*name] == kNone) return std::nullopt;
  return node_of_name_[*name];
}

std::optional<NodeId> LineageGraph::find_column(NodeId dataset, const std::string& field) const {
  // Columns are keyed by the dataset's first name ("ns:name"), which for a dataset never renamed
  // is its id without the "dataset:" prefix.
  auto first = first_names_.find(dataset);
  const std::string_view name =
      first != first_names_.end() ? std::string_view(first->second) : id(dataset).substr(8);
  return find("datasetField:" + std::string(name) + ":" + field);
}

void LineageGraph::set_description(NodeId n, uint32_t owner, uint32_t domain, uint64_t seq) {
  NodeInfo& info = nodes_[n];
  if (info.owner == owner && info.domain == domain) return;
  // A node this very event named had no owner or domain at any earlier size: it did not exist
  // then, so there is nothing to remember (most datasets are described as they are named).
  if (info.first_seq != seq || info.owner != 0 || info.domain != 0) {
    described_[n].push_back({seq, info.owner, info.domain});
  }
  info.owner = owner;
  info.domain = domain;
}

const LineageGraph::Described* LineageGraph::described_before(NodeId n, uint64_t size) const {
  // The first change at or after `size` holds the values that were current at `size`.
  if (size >= size_) return nullptr;  // at the head: the current ones, no lookup
  auto it = described_.find(n);
  if (it == described_.end()) return nullptr;
  auto change = std::lower_bound(it->second.begin(), it->second.end(), size,
                                 [](const Described& d, uint64_t s) { return d.seq < s; });
  return change == it->second.end() ? nullptr : &*change;
}

std::string_view LineageGraph::owner_at(NodeId n, uint64_t size) const {
  const Described* then = described_before(n, size);
  return names_.view(then ? then->owner : nodes_[n].owner);
}

std::string_view LineageGraph::domain_at(NodeId n, uint64_t size) const {
  const Described* then = described_before(n, size);
  return names_.view(then ? then->domain : nodes_[n].domain);
}

void LineageGraph::trim() {
  nodes_.shrink_to_fit();
  edges_.shrink_to_fit();
  runs_.shrink_to_fit();
  jobs_.shrink_to_fit();
  run_seqs_.shrink_to_fit();
  run_keys_.shrink_to_fit();
  run_late_.shrink_to_fit();
  job_completed_.shrink_to_fit();
  job_history_.shrink_to_fit();
  node_of_name_.shrink_to_fit();
  job_of_node_.shrink_to_fit();
  open_bits_.shrink_to_fit();
}

std::vector<std::string> LineageGraph::ids_of(NodeId n) const {
  std::vector<std::string> out{std::string(id(n))};
  if (auto it = other_names_.find(n); it != other_names_.end()) {
    for (uint32_t name : it->second) {
      if (name != nodes_[n].name) out.emplace_back(names_.view(name));
    }
  }
  return out;
}

std::vector<NodeId> LineageGraph::read_by_runs(Timestamp from, Timestamp to) const {
  std::vector<NodeId> out;
  for (uint32_t r = 0; r < runs_.size(); ++r) {
    const Run& run = runs_[r];
    if (run.completed == kNever || run.completed < from.unix_nanos ||
        run.completed >= to.unix_nanos) {
      continue;
    }
    for (const auto& [key, mask] : run_keys_[r]) {
      const EdgeRecord& e = edges_[key];
      if (e.to == run.job && nodes_[e.from].kind == NodeKind::kDataset) out.push_back(e.from);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> LineageGraph::unknown_provenance() const {
  std::vector<std::string> out;
  for (NodeId n = 0; n < nodes_.size(); ++n) {
    const NodeInfo& info = nodes_[n];
    if (info.kind == NodeKind::kDataset && !info.declared && !topology_.has_in(n)) {
      out.emplace_back(id(n));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

EdgeId LineageGraph::key_of(EdgeId e) const {
  auto it = key_of_.find(e);
  return it == key_of_.end() ? e : it->second;
}

EdgeId LineageGraph::latest_of(EdgeId key) const {
  auto it = newer_.find(key);
  return it == newer_.end() ? key : it->second;
}

bool LineageGraph::later(uint32_t a, uint32_t b) const {
  return std::tuple(runs_[a].completed, names_.view(runs_[a].name)) >
         std::tuple(runs_[b].completed, names_.view(runs_[b].name));
}

uint32_t LineageGraph::run_at(NodeId job, Timestamp t) const {
  const uint32_t j = job_index(job);
  if (j == kNone) return kNone;
  const auto completed = job_completed_[j];
  // The first run completed after t, then one back.
  auto it = std::upper_bound(completed.begin(), completed.end(), t.unix_nanos,
                             [&](int64_t time, uint32_t run) { return time < runs_[run].completed; });
  if (it == completed.begin()) return kNone;
  return *std::prev(it);
}

uint32_t LineageGraph::run_after(NodeId job, uint64_t seq) const {
  const uint32_t j = job_index(job);
  if (j == kNone) return kNone;
  const auto history = job_history_[j];
  auto it = std::upper_bound(history.begin(), history.end(), seq,
                             [](uint64_t s, const auto& h) { return s < h.first; });
  if (it == history.begin()) return kNone;
  return std::prev(it)->second;
}

bool LineageGraph::has_key(uint32_t run, EdgeId key) const {
  const auto keys = run_keys_[run];
  return std::binary_search(keys.begin(), keys.end(), std::pair<EdgeId, uint32_t>(key, 0),
                            [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::vector<uint64_t> LineageGraph::seqs_of(uint32_t run, EdgeId a, EdgeId b,
                                            uint64_t below) const {
  const auto keys = run_keys_[run];
  const auto seqs = run_seqs_[run];
  auto mask_of = [&](EdgeId key) -> uint32_t {
    if (key == kNone) return 0;
    auto it = std::lower_bound(keys.begin(), keys.end(), std::pair<EdgeId, uint32_t>(key, 0));
    return it == keys.end() || it->first != key ? 0u : it->second;
  };
  const uint32_t mask = mask_of(a) | mask_of(b);
  std::vector<uint64_t> out;
  for (size_t i = 0; i < std::min<size_t>(31, seqs.size()); ++i) {
    if (mask >> i & 1 && seqs[i] < below) out.push_back(seqs[i]);
  }
  if (mask >> 31 & 1) {
    for (const auto& [k, seq] : run_late_[run]) {
      if ((k == a || k == b) && seq < below) out.push_back(seq);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return out;
}

bool LineageGraph::alive(EdgeId id, const Moment& m) const {
  const EdgeRecord& e = edges_[id];
  if (!m.time) return e.alive_at(m.size);
  if (!e.latest) return false;
  const uint32_t run = run_at(e.job, *m.time);
  return run != kNone && has_key(run, key_of(id));
}

std::vector<uint64_t> LineageGraph::evidence(EdgeId id, const Moment& m) const {
  return evidence(id, kNone, m);
}

std::vector<uint64_t> LineageGraph::evidence(EdgeId id, EdgeId also, const Moment& m) const {
  // REQUIRES: alive(id, m), and alive(also, m) with the same job when given
  const EdgeRecord& e = edges_[id];
  const uint32_t run = m.time ? run_at(e.job, *m.time) : run_after(e.job, m.size - 1);
  if (run == kNone) return {};
  return seqs_of(run, key_of(id), also == kNone ? kNone : key_of(also),
                 m.time ? kOpen : m.size);
}

EdgeId LineageGraph::new_record(const EdgeRecord& r) {
  const auto e = static_cast<EdgeId>(edges_.size());
  edges_.push_back(r);
  if (open_bits_.size() * 64 <= e) open_bits_.push_back(0);
  if (!deferred_) topology_.add(r.from, r.to, e);
  return e;
}

void LineageGraph::set_open(EdgeId e, bool open) {
  const uint64_t bit = uint64_t{1} << (e & 63);
  open_bits_[e >> 6] = open ? open_bits_[e >> 6] | bit : open_bits_[e >> 6] & ~bit;
  ++changes_;
}

const std::vector<std::vector<NodeId>>& LineageGraph::head_cycles() const {
  if (cycles_at_ == changes_) return cycles_;
  cycles_ = find_cycles(static_cast<uint32_t>(nodes_.size()), [&](uint32_t v, auto&& f) {
    topology_.each_out(v, [&](NodeId to, EdgeId e) {
      if (open(e)) f(to);
    });
  });
  cycles_at_ = changes_;
  return cycles_;
}

EdgeId LineageGraph::know(NodeId job, NodeId from, NodeId to, uint32_t transformation,
                          bool masking, uint64_t seq) {
  if ((key_count_ + 1) * 4 > key_slots_.size() * 3) {  // keep the load under 3/4
    SnapshotVector<uint32_t> old(std::max<size_t>(1024, key_slots_.size() * 2), 0);
    old.swap(key_slots_);
    const size_t mask = key_slots_.size() - 1;
    for (uint32_t slot : old) {
      if (slot == 0) continue;
      const EdgeRecord& k = edges_[slot - 1];
      size_t i = key_hash(k.job, k.from, k.to, k.transformation, k.masking) & mask;
      while (key_slots_[i] != 0) i = (i + 1) & mask;
      key_slots_[i] = slot;
    }
  }
  const size_t mask = key_slots_.size() - 1;
  size_t i = key_hash(job, from, to, transformation, masking) & mask;
  for (; key_slots_[i] != 0; i = (i + 1) & mask) {
    const EdgeRecord& k = edges_[key_slots_[i] - 1];
    if (k.job == job && k.from == from && k.to == to && k.transformation == transformation &&
        k.masking == masking) {
      return key_slots_[i] - 1;
    }
  }
  EdgeRecord r;
  r.from = from;
  r.to = to;
  r.job = job;
  r.transformation = transformation;
  r.masking = masking;
  r.from_seq = r.to_seq = seq;
  const EdgeId key = new_record(r);
  key_slots_[i] = key + 1;
  ++key_count_;
  return key;
}

void LineageGraph::show(uint32_t run, EdgeId key, uint64_t seq) {
  // The run's events come in seq order: `seq` is its newest one, or the one just before.
  const auto seqs = run_seqs_[run];
  if (seqs.empty() || seqs.back() != seq) run_seqs_.push_back(run, seq);
  const size_t i = run_seqs_[run].size() - 1;
  const auto keys = run_keys_[run];
  auto it = std::lower_bound(keys.begin(), keys.end(), std::pair<EdgeId, uint32_t>(key, 0));
  const auto pos = static_cast<size_t>(it - keys.begin());
  if (it == keys.end() || it->first != key) run_keys_.insert(run, pos, {key, 0});
  uint32_t& mask = run_keys_.at(run, pos).second;
  if (i < 31) {
    mask |= 1u << i;
  } else {
    mask |= 1u << 31;
    run_late_.push_back(run, {key, seq});
  }
}

NodeId LineageGraph::intern(std::string_view id, NodeKind kind, uint64_t seq) {
  const uint32_t name = names_.intern(id);
  if (name >= node_of_name_.size()) node_of_name_.resize(names_.size(), kNone);
  if (node_of_name_[name] != kNone) return node_of_name_[name];
  const auto n = static_cast<NodeId>(nodes_.size());
  NodeInfo info;
  info.name = name;
  info.kind = kind;
  info.first_seq = seq;
  nodes_.push_back(info);
  node_of_name_[name] = n;
  return n;
}

NodeId LineageGraph::dataset(const DatasetRef& d, uint64_t seq) {
  scratch_.assign("dataset:").append(d.ns).append(":").append(d.name);
  return intern(scratch_, NodeKind::kDataset, seq);
}

NodeId LineageGraph::column(const DatasetRef& d, const std::string& field, uint64_t seq) {
  const NodeId ds = dataset(d, seq);
  scratch_.assign("datasetField:").append(d.ns).append(":").append(d.name).append(":").append(
      field);
  if (auto known = find(scratch_)) return *known;
  auto first = first_names_.find(ds);
  if (first == first_names_.end()) {
    const NodeId n = intern(scratch_, NodeKind::kColumn, seq);
    nodes_[n].dataset = ds;
    return n;
  }
  // A renamed dataset: its columns are keyed by its first name, and this id joins them.
  const uint32_t alias = names_.intern(scratch_);
  const NodeId n = intern("datasetField:" + first->second + ":" + field, NodeKind::kColumn, seq);
  nodes_[n].dataset = ds;
  node_of_name_.resize(names_.size(), kNone);
  node_of_name_[alias] = n;
  return n;
}

void LineageGraph::rename(const DatasetRef& from, const DatasetRef& to, bool renamed,
                          uint64_t seq) {
  const std::string to_id = dataset_id(to);
  if (find(to_id)) return;  // already a node (the same one, or one of its own: not merged)
  const NodeId n = dataset(from, seq);
  const uint32_t name = names_.intern(to_id);
  node_of_name_.resize(names_.size(), kNone);
  node_of_name_[name] = n;
  first_names_.try_emplace(n, from.ns + ":" + from.name);
  auto& others = other_names_[n];
  if (others.empty()) others.push_back(nodes_[n].name);
  others.push_back(name);
  if (renamed) nodes_[n].name = name;
}

void LineageGraph::renames_of(const DatasetRef& d, const std::optional<DatasetRef>& previous,
                              const std::vector<DatasetRef>& aliases, uint64_t seq) {
  if (previous) rename(*previous, d, true, seq);
  for (const auto& a : aliases) rename(d, a, false, seq);
}

NodeId LineageGraph::describe(const DatasetRef& d, const std::vector<Owner>& owners,
                              const std::string& domain, uint64_t seq) {
  const NodeId n = dataset(d, seq);
  if (owners.empty() && domain.empty()) return n;
  set_description(n, owners.empty() ? nodes_[n].owner : names_.intern(owners.front().name),
                  domain.empty() ? nodes_[n].domain : names_.intern(domain), seq);
  return n;
}

void LineageGraph::tagged_columns(const DatasetRef& d, const std::vector<SchemaField>& fields,
                                  const std::vector<Tag>& tags, const std::string& parent,
                                  uint64_t seq) {
  for (const auto& f : fields) {
    if (f.tags.empty() && f.fields.empty()) continue;  // names no column: spare the path
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
  size_ = seq + 1;
  if (const auto* r = std::get_if<RunEvent>(&event.payload)) {
    add_run(*r, event);
  } else if (const auto* j = std::get_if<JobDeclared>(&event.payload)) {
    intern(job_id(j->job), NodeKind::kJob, seq);
    // A JobEvent's inputs and outputs are the job's declared lineage (Marquez keeps them as a
    // run-less job version): they hold as a run of the job completed at the event's time would,
    // until a run that completed later says otherwise. One with neither (facets only) leaves
    // the job's lineage as it was.
    if (!j->inputs.empty() || !j->outputs.empty()) {
      RunEvent declared;
      declared.run_id = "job-event@" + std::to_string(seq);
      declared.state = RunState::kComplete;
      declared.job = j->job;
      declared.inputs = j->inputs;
      declared.outputs = j->outputs;
      add_run(declared, event);
    }
  } else if (const auto* d = std::get_if<DatasetDeclared>(&event.payload)) {
    renames_of(d->dataset, d->previous_identifier, d->aliases, seq);
    NodeInfo& n = nodes_[describe(d->dataset, d->owners, d->domain, seq)];
    n.declared = true;
    n.product = n.product || d->data_product;
    tagged_columns(d->dataset, d->schema, d->tags, "", seq);
  } else if (const auto* o = std::get_if<OwnershipChanged>(&event.payload)) {
    const NodeId n = dataset(o->dataset, seq);
    set_description(n, o->owners.empty() ? 0 : names_.intern(o->owners.front().name),
                    nodes_[n].domain, seq);
  } else if (const auto* g = std::get_if<AccessGranted>(&event.payload)) {
    if (g->resource.kind != Resource::Kind::kDomain) dataset(g->resource.dataset, seq);
  } else if (const auto* a = std::get_if<AccessRecorded>(&event.payload)) {
    dataset(a->dataset, seq);
  } else if (const auto* c = std::get_if<Classified>(&event.payload)) {
    if (c->job)
      intern(job_id(*c->job), NodeKind::kJob, seq);
    else
      c->field.empty() ? dataset(c->dataset, seq) : column(c->dataset, c->field, seq);
  } else if (const auto* c = std::get_if<SchemaChanged>(&event.payload)) {
    dataset(c->dataset, seq);
    tagged_columns(c->dataset, c->schema, {}, "", seq);
  } else if (const auto* n = std::get_if<DeprecationNotice>(&event.payload)) {
    dataset(n->dataset, seq);
  }
  if (!deferred_ && topology_.wants_compaction()) compact();
}

void LineageGraph::compact() {
  if (!deferred_) {
    topology_.compact(nodes_.size());
    return;
  }
  build_adjacency();
  deferred_ = false;
}

void LineageGraph::build_adjacency() {
  std::vector<std::pair<NodeId, NodeId>> ends(edges_.size());
  for (EdgeId e = 0; e < edges_.size(); ++e) ends[e] = {edges_[e].from, edges_[e].to};
  topology_.assign(nodes_.size(), ends);
  ++changes_;
}

void LineageGraph::add_run(const RunEvent& r, const Event& event) {
  const uint64_t seq = event.seq;
  const NodeId job = intern(job_id(r.job), NodeKind::kJob, seq);
  if (job >= job_of_node_.size()) job_of_node_.resize(nodes_.size(), kNone);
  if (job_of_node_[job] == kNone) {
    job_of_node_[job] = static_cast<uint32_t>(jobs_.size());
    jobs_.emplace_back();
    job_completed_.resize(jobs_.size());
    job_history_.resize(jobs_.size());
  }
  const uint32_t job_at = job_of_node_[job];
  const uint32_t run_index = run_of(job, names_.intern(r.run_id));
  const int64_t completed_before = runs_[run_index].completed;
  if (r.state == RunState::kComplete &&
      (completed_before == kNever || event.event_time.unix_nanos < completed_before)) {
    auto completed = job_completed_[job_at];
    if (auto was = std::find(completed.begin(), completed.end(), run_index);
        was != completed.end()) {
      job_completed_.erase(job_at, static_cast<size_t>(was - completed.begin()));
    }
    runs_[run_index].completed = event.event_time.unix_nanos;
    completed = job_completed_[job_at];
    auto at = std::lower_bound(completed.begin(), completed.end(), run_index,
                               [&](uint32_t a, uint32_t b) { return later(b, a); });
    job_completed_.insert(job_at, static_cast<size_t>(at - completed.begin()), run_index);
  }
  for (const auto* list : {&r.inputs, &r.outputs}) {
    for (const auto& d : *list) {
      renames_of(d.dataset, d.previous_identifier, d.aliases, seq);
      tagged_columns(d.dataset, d.schema, d.tags, "", seq);
    }
  }
  for (const auto& in : r.inputs) {
    show(run_index, know(job, describe(in.dataset, in.owners, "", seq), job, 0, false, seq), seq);
  }
  for (const auto& out : r.outputs) {
    show(run_index, know(job, job, describe(out.dataset, out.owners, "", seq), 0, false, seq),
         seq);
    for (const auto& cl : out.column_lineage) {
      const NodeId to = column(out.dataset, cl.output_field, seq);
      for (const auto& in : cl.inputs) {
        const NodeId from = column(in.input.dataset, in.input.field, seq);
        const uint32_t t = transformations_.intern(
            in.transformation_type +
            (in.transformation_subtype.empty() ? "" : "/" + in.transformation_subtype));
        show(run_index, know(job, from, to, t, in.masking, seq), seq);
      }
    }
  }
  // The job's current run: its latest completed one (by completion time, then run id).
  const int64_t completed = runs_[run_index].completed;
  if (completed == kNever) return;
  Job& j = jobs_[job_at];
  uint32_t current = j.current;
  if (current == run_index && completed_before != kNever && completed_before != completed) {
    // The current run's completion moved earlier: another run may be the latest now.
    current = job_completed_[job_at].back();
  } else if (current == kNone || current == run_index || later(run_index, current)) {
    current = run_index;
  } else {
    return;  // an older run: the job's lineage does not change
  }
  const uint32_t before = j.current;
  if (current != before) job_history_.push_back(job_at, {seq, current});
  j.current = current;
  sync_job(job_at, before, seq);
}

uint32_t LineageGraph::run_of(NodeId job, uint32_t name) {
  if ((runs_.size() + 1) * 4 > run_slots_.size() * 3) {  // keep the load under 3/4
    run_slots_.assign(std::max<size_t>(1024, run_slots_.size() * 2), 0);
    for (uint32_t i = 0; i < runs_.size(); ++i) place_run(i);
  }
  const size_t mask = run_slots_.size() - 1;
  size_t i = mix(uint64_t{job} << 32 | name) & mask;
  for (; run_slots_[i] != 0; i = (i + 1) & mask) {
    const Run& r = runs_[run_slots_[i] - 1];
    if (r.job == job && r.name == name) return run_slots_[i] - 1;
  }
  const auto index = static_cast<uint32_t>(runs_.size());
  runs_.emplace_back();
  runs_.back().name = name;
  runs_.back().job = job;
  run_seqs_.resize(runs_.size());
  run_keys_.resize(runs_.size());
  run_late_.resize(runs_.size());
  run_slots_[i] = index + 1;
  return index;
}

void LineageGraph::place_run(uint32_t index) {
  const size_t mask = run_slots_.size() - 1;
  size_t i = mix(uint64_t{runs_[index].job} << 32 | runs_[index].name) & mask;
  while (run_slots_[i] != 0) i = (i + 1) & mask;
  run_slots_[i] = index + 1;
}

void LineageGraph::sync_job(uint32_t job, uint32_t before, uint64_t seq) {
  const uint32_t run = jobs_[job].current;
  // Close what was open and the current run does not have. The open records were those of the
  // run current before, less any key this very event gave it (never opened).
  if (before != kNone && before != run) {
    for (const auto& [key, mask] : run_keys_[before]) {
      const EdgeId e = latest_of(key);
      if (!open(e) || has_key(run, key)) continue;
      edges_[e].to_seq = seq;
      set_open(e, false);
      --open_count_;
    }
  }
  // Open what it has and is not open (in key order, so record ids depend only on the log).
  for (const auto& [key, mask] : run_keys_[run]) {
    EdgeId e = latest_of(key);
    if (open(e)) continue;
    if (edges_[e].from_seq != edges_[e].to_seq) {
      // It held before and was closed: a new record, so the old interval stays as it was.
      edges_[e].latest = 0;
      EdgeRecord r = edges_[e];
      r.latest = 1;
      e = new_record(r);
      newer_[key] = e;
      key_of_[e] = key;
    }
    edges_[e].from_seq = seq;
    edges_[e].to_seq = kOpen;
    set_open(e, true);
    ++open_count_;
  }
}

}  // namespace auditgraph::queries

namespace auditgraph::queries {

bool LineageGraph::restore() {
  if (!names_.restore() || !transformations_.restore() || transformations_.size() > (1u << 30)) {
    return false;
  }
  const size_t names = names_.size(), nodes = nodes_.size(), edges = edges_.size();
  if (node_of_name_.size() > names || edges >= kNone || nodes >= kNone) return false;
  for (NodeId n : node_of_name_) {
    if (n != kNone && n >= nodes) return false;
  }
  for (const NodeInfo& n : nodes_) {
    if (n.name >= names || n.owner >= names || n.domain >= names || n.dataset >= nodes ||
        n.kind > NodeKind::kJob) {
      return false;
    }
  }
  for (const EdgeRecord& e : edges_) {
    if (e.from >= nodes || e.to >= nodes || e.job >= nodes ||
        e.transformation >= transformations_.size()) {
      return false;
    }
  }
  size_t keys = 0;
  for (uint32_t slot : key_slots_) {
    if (slot > edges) return false;
    keys += slot != 0;
  }
  if (keys != key_count_ || (!key_slots_.empty() && (key_slots_.size() & (key_slots_.size() - 1)))) {
    return false;
  }
  for (const auto* map : {&newer_, &key_of_}) {
    for (const auto& [a, b] : *map) {
      if (a >= edges || b >= edges) return false;
    }
  }
  if (run_seqs_.size() != runs_.size() || run_keys_.size() != runs_.size() ||
      run_late_.size() != runs_.size() || !run_seqs_.restore() || !run_keys_.restore() ||
      !run_late_.restore()) {
    return false;
  }
  for (uint32_t i = 0; i < runs_.size(); ++i) {
    const Run& r = runs_[i];
    if (r.name >= names || r.job >= nodes) return false;
    for (const auto& [key, mask] : run_keys_[i]) {
      if (key >= edges) return false;
    }
    for (const auto& [key, seq] : run_late_[i]) {
      if (key >= edges) return false;
    }
  }
  size_t slots = 1024;
  while ((runs_.size() + 1) * 4 > slots * 3) slots *= 2;
  run_slots_.assign(slots, 0);
  for (uint32_t i = 0; i < runs_.size(); ++i) place_run(i);
  if (job_of_node_.size() > nodes) return false;
  for (uint32_t slot : job_of_node_) {
    if (slot != kNone && slot >= jobs_.size()) return false;
  }
  if (job_completed_.size() != jobs_.size() || job_history_.size() != jobs_.size() ||
      !job_completed_.restore() || !job_history_.restore()) {
    return false;
  }
  for (uint32_t i = 0; i < jobs_.size(); ++i) {
    if (jobs_[i].current != kNone && jobs_[i].current >= runs_.size()) return false;
    for (uint32_t run : job_completed_[i]) {
      if (run >= runs_.size()) return false;
    }
    for (const auto& [seq, run] : job_history_[i]) {
      if (run >= runs_.size()) return false;
    }
  }
  for (const auto& [n, name] : first_names_) {
    if (n >= nodes) return false;
  }
  for (const auto& [n, list] : described_) {
    if (n >= nodes) return false;
    for (const Described& d : list) {
      if (d.owner >= names || d.domain >= names) return false;
    }
  }
  for (const auto& [n, list] : other_names_) {
    if (n >= nodes) return false;
    for (uint32_t name : list) {
      if (name >= names) return false;
    }
  }
  // Derived: the open set and the caches. (The adjacency was stored; Topology::load checked its
  // bounds, and that it matches the records is taken on trust, as the snapshot's checksum covers
  // both.)
  open_bits_.assign((edges + 63) / 64, 0);
  open_count_ = 0;
  for (EdgeId e = 0; e < edges; ++e) {
    if (edges_[e].to_seq == kOpen) {
      open_bits_[e >> 6] |= uint64_t{1} << (e & 63);
      ++open_count_;
    }
  }
  deferred_ = false;  // the topology was loaded and checked with the records
  ++changes_;
  return true;
}

}  // namespace auditgraph::queries
