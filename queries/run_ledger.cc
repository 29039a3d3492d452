#include "queries/run_ledger.h"

#include <algorithm>

namespace auditgraph::queries {
namespace {

void keep_min(int64_t& slot, Timestamp t, int64_t never) {
  if (slot == never || t.unix_nanos < slot) slot = t.unix_nanos;
}

}  // namespace

uint32_t RunLedger::dataset(const DatasetRef& d) {
  const uint32_t ns = names_.intern(d.ns);
  const uint32_t id = datasets_.intern({ns, names_.intern(d.name)});
  if (id >= writers_.size()) writers_.resize(datasets_.size());
  return id;
}

std::optional<uint32_t> RunLedger::find_dataset(const DatasetRef& d) const {
  auto ns = names_.find(d.ns), name = names_.find(d.name);
  if (!ns || !name) return std::nullopt;
  return datasets_.find({*ns, *name});
}

std::vector<DatasetVersion> RunLedger::versions_of_id(std::string_view id) const {
  constexpr std::string_view kPrefix = "dataset:";
  if (id.substr(0, kPrefix.size()) != kPrefix) return {};
  const std::string_view rest = id.substr(kPrefix.size());
  for (size_t colon = rest.find(':'); colon != std::string_view::npos;
       colon = rest.find(':', colon + 1)) {
    auto ns = names_.find(rest.substr(0, colon)), name = names_.find(rest.substr(colon + 1));
    if (!ns || !name) continue;
    if (auto d = datasets_.find({*ns, *name})) return versions(*d);
  }
  return {};
}

DatasetRef RunLedger::ref(uint32_t d) const {
  return {std::string(names_.view(datasets_[d].first)),
          std::string(names_.view(datasets_[d].second))};
}

const RunLedger::Run* RunLedger::find_run(const std::string& run_id) const {
  auto name = names_.find(run_id);
  if (!name) return nullptr;
  return *name < run_of_.size() && run_of_[*name] != kNone ? &runs_[run_of_[*name]] : nullptr;
}

void RunLedger::add(const Event& event) {
  const auto* r = std::get_if<RunEvent>(&event.payload);
  if (!r) return;
  const uint32_t id = names_.intern(r->run_id);
  if (id >= run_of_.size()) run_of_.resize(names_.size(), kNone);
  const bool added = run_of_[id] == kNone;
  if (added) {
    run_of_[id] = static_cast<uint32_t>(runs_.size());
    runs_.emplace_back();
    runs_.back().id = id;
    runs_.back().job = jobs_.intern({0, 0});  // none yet: the empty names
    inputs_.resize(runs_.size());
    outputs_.resize(runs_.size());
    seqs_.resize(runs_.size());
  }
  const uint32_t run_index = run_of_[id];
  if (!r->job.name.empty()) {
    Run& run = runs_[run_index];
    const uint32_t ns = names_.intern(r->job.ns);
    const uint32_t job = jobs_.intern({ns, names_.intern(r->job.name)});
    if (job >= runs_of_job_.size()) runs_of_job_.resize(jobs_.size());
    if (added || run.job != job) {
      runs_of_job_.push_back(job, run_index);  // runs_of() checks the job again
    }
    run.job = job;
  }
  // Deterministic whatever the arrival order: the largest label any event gave.
  // Returns the dataset when it is new to the list.
  auto note = [&](DatasetLabels& lists, const RunDataset& d) -> std::optional<uint32_t> {
    const uint32_t ds = dataset(d.dataset);
    const uint32_t label = d.version.empty() ? 0 : names_.intern(d.version);
    const auto list = lists[run_index];
    const auto it = std::lower_bound(list.begin(), list.end(), std::pair<uint32_t, uint32_t>(ds, 0));
    const auto pos = static_cast<size_t>(it - list.begin());
    if (it == list.end() || it->first != ds) {
      lists.insert(run_index, pos, {ds, label});
      return ds;
    }
    uint32_t& kept = lists.at(run_index, pos).second;
    if (label != 0 && (kept == 0 || names_.view(label) > names_.view(kept))) kept = label;
    return std::nullopt;
  };
  for (const auto& d : r->inputs) note(inputs_, d);
  for (const auto& d : r->outputs) {
    if (auto added_output = note(outputs_, d)) writers_.push_back(*added_output, run_index);
  }
  Run& run = runs_[run_index];
  run.states |= 1u << static_cast<unsigned>(r->state);
  keep_min(run.first_event, event.event_time, kNever);
  if (r->state == RunState::kStart) keep_min(run.first_start, event.event_time, kNever);
  if (r->state == RunState::kComplete) keep_min(run.first_complete, event.event_time, kNever);
  const auto seqs = seqs_[run_index];
  const auto at = std::lower_bound(seqs.begin(), seqs.end(), event.seq);
  if (at == seqs.end() || *at != event.seq) {
    seqs_.insert(run_index, static_cast<size_t>(at - seqs.begin()), event.seq);
  }
}

Timestamp RunLedger::started_at(const Run& run) {
  return Timestamp{run.first_start != kNever ? run.first_start : run.first_event};
}

std::vector<RunSummary> RunLedger::runs_of(const JobRef& job) const {
  std::vector<RunSummary> out;
  const auto ns = names_.find(job.ns), name = names_.find(job.name);
  if (!ns || !name) return out;
  const auto id = jobs_.find({*ns, *name});
  if (!id || *id >= runs_of_job_.size()) return out;
  const auto named = runs_of_job_[*id];
  std::vector<uint32_t> indexes(named.begin(), named.end());
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  for (uint32_t i : indexes) {
    if (runs_[i].job == *id) out.push_back(summarize(runs_[i]));
  }
  std::sort(out.begin(), out.end(), [](const RunSummary& a, const RunSummary& b) {
    return std::tie(b.started_at.unix_nanos, b.run_id) < std::tie(a.started_at.unix_nanos, a.run_id);
  });
  return out;
}

RunSummary RunLedger::summarize(const Run& run) const {
  RunSummary s;
  s.run_id = names_.view(run.id);
  const auto [job_ns, job_name] = jobs_[run.job];
  s.job = {std::string(names_.view(job_ns)), std::string(names_.view(job_name))};
  for (RunState state : {RunState::kComplete, RunState::kFail, RunState::kAbort, RunState::kRunning,
                         RunState::kStart, RunState::kOther}) {
    if (run.states & (1u << static_cast<unsigned>(state))) {
      s.state = state;
      break;
    }
  }
  s.started_at = started_at(run);
  if (run.first_complete != kNever) s.completed_at = Timestamp{run.first_complete};
  auto by_name = [](const DatasetRef& a, const DatasetRef& b) {
    return std::tie(a.ns, a.name) < std::tie(b.ns, b.name);
  };
  const uint32_t i = index_of(run);
  for (const auto& [d, label] : inputs_[i]) s.inputs.push_back(ref(d));
  for (const auto& [d, label] : outputs_[i]) s.outputs.push_back(ref(d));
  std::sort(s.inputs.begin(), s.inputs.end(), by_name);
  std::sort(s.outputs.begin(), s.outputs.end(), by_name);
  s.seqs.assign(seqs_[i].begin(), seqs_[i].end());
  return s;
}

std::unordered_map<std::string_view, Timestamp> RunLedger::updated_by_namespace() const {
  std::unordered_map<std::string_view, Timestamp> out;
  auto later = [&out](std::string_view ns, Timestamp t) {
    auto [it, added] = out.try_emplace(ns, t);
    if (!added && it->second < t) it->second = t;
  };
  for (const Run& run : runs_) {
    const bool completed = run.first_complete != kNever;
    const Timestamp last = completed ? std::max(started_at(run), Timestamp{run.first_complete})
                                     : started_at(run);
    later(names_.view(jobs_[run.job].first), last);
    if (!completed) continue;
    for (const auto& [d, label] : outputs_[index_of(run)]) {
      later(names_.view(datasets_[d].first), Timestamp{run.first_complete});
    }
  }
  return out;
}

void RunLedger::for_each_run(const std::function<void(const RunSummary&)>& fn) const {
  for (const Run& run : runs_) fn(summarize(run));
}

std::optional<RunSummary> RunLedger::run(const std::string& run_id) const {
  const Run* run = find_run(run_id);
  if (!run) return std::nullopt;
  return summarize(*run);
}

std::vector<DatasetVersion> RunLedger::versions(const DatasetRef& dataset) const {
  auto d = find_dataset(dataset);
  return d ? versions(*d) : std::vector<DatasetVersion>{};
}

std::vector<DatasetVersion> RunLedger::versions(uint32_t d) const {
  std::vector<DatasetVersion> out;
  for (uint32_t index : writers_[d]) {
    const Run& run = runs_[index];
    if (run.first_complete == kNever) continue;
    const auto outputs = outputs_[index];
    auto it = std::lower_bound(outputs.begin(), outputs.end(), std::pair<uint32_t, uint32_t>(d, 0));
    const std::string id(names_.view(run.id));
    out.push_back({ref(d), id, Timestamp{run.first_complete},
                   it->second == 0 ? id : std::string(names_.view(it->second))});
  }
  std::sort(out.begin(), out.end(), [](const DatasetVersion& a, const DatasetVersion& b) {
    return std::tie(a.written_at, a.run_id) < std::tie(b.written_at, b.run_id);
  });
  return out;
}

std::optional<DatasetVersion> RunLedger::input_version(const std::string& run_id,
                                                       const DatasetRef& input) const {
  const Run* run = find_run(run_id);
  auto d = find_dataset(input);
  if (!run || !d) return std::nullopt;
  const auto inputs = inputs_[index_of(*run)];
  auto in = std::lower_bound(inputs.begin(), inputs.end(), std::pair<uint32_t, uint32_t>(*d, 0));
  if (in == inputs.end() || in->first != *d) return std::nullopt;
  const std::vector<DatasetVersion> all = versions(*d);
  if (in->second != 0) {  // the producer named the version it read
    for (const auto& v : all) {
      if (v.label == names_.view(in->second)) return v;
    }
  }
  const Timestamp start = started_at(*run);
  std::optional<DatasetVersion> current;
  for (const auto& v : all) {
    if (v.written_at > start) break;
    if (v.run_id != run_id) current = v;
  }
  return current;
}

void RunLedger::trim() {
  runs_.shrink_to_fit();
  for (auto* lists : {&inputs_, &outputs_}) lists->shrink_to_fit();
  seqs_.shrink_to_fit();
  writers_.shrink_to_fit();
  runs_of_job_.shrink_to_fit();
}

bool RunLedger::restore() {
  if (!names_.restore() || !datasets_.restore() || !jobs_.restore() ||
      writers_.size() != datasets_.size() || !writers_.restore() ||
      runs_of_job_.size() > jobs_.size() || !runs_of_job_.restore()) {
    return false;
  }
  for (const auto* lists : {&inputs_, &outputs_}) {
    if (lists->size() != runs_.size() || !lists->restore()) return false;
  }
  if (seqs_.size() != runs_.size() || !seqs_.restore()) return false;
  const size_t names = names_.size();
  for (const PairTable* table : {&datasets_, &jobs_}) {
    for (uint32_t id = 0; id < table->size(); ++id) {
      if ((*table)[id].first >= names || (*table)[id].second >= names) return false;
    }
  }
  for (uint32_t i = 0; i < runs_.size(); ++i) {
    const Run& r = runs_[i];
    if (r.id >= names || r.job >= jobs_.size()) return false;
    for (const auto* lists : {&inputs_, &outputs_}) {
      for (const auto& [d, label] : (*lists)[i]) {
        if (d >= datasets_.size() || label >= names) return false;
      }
    }
  }
  if (run_of_.size() > names) return false;
  for (uint32_t index : run_of_) {
    if (index != kNone && index >= runs_.size()) return false;
  }
  for (const auto* lists : {&writers_, &runs_of_job_}) {
    for (size_t i = 0; i < lists->size(); ++i) {
      for (uint32_t index : (*lists)[i]) {
        if (index >= runs_.size()) return false;
      }
    }
  }
  return true;
}

}  // namespace auditgraph::queries
