#include "queries/run_ledger.h"

#include <algorithm>

namespace auditgraph::queries {
namespace {

void keep_min(std::optional<Timestamp>& slot, Timestamp t) {
  if (!slot || t < *slot) slot = t;
}

// Deterministic whatever the arrival order: the largest label any event gave.
void keep_label(std::string& slot, const std::string& label) {
  if (label > slot) slot = label;
}

}  // namespace

void RunLedger::add(const Event& event) {
  const auto* r = std::get_if<RunEvent>(&event.payload);
  if (!r) return;
  Run& run = runs_[r->run_id];
  if (!r->job.name.empty()) run.job = r->job;
  run.states |= 1u << static_cast<unsigned>(r->state);
  keep_min(run.first_event, event.event_time);
  if (r->state == RunState::kStart) keep_min(run.first_start, event.event_time);
  if (r->state == RunState::kComplete) keep_min(run.first_complete, event.event_time);
  for (const auto& d : r->inputs) keep_label(run.inputs[d.dataset], d.version);
  for (const auto& d : r->outputs) {
    keep_label(run.outputs[d.dataset], d.version);
    writers_[d.dataset].insert(r->run_id);
  }
  run.seqs.insert(event.seq);
}

Timestamp RunLedger::started_at(const Run& run) {
  return run.first_start ? *run.first_start : *run.first_event;
}

RunSummary RunLedger::summarize(const std::string& id, const Run& run) {
  RunSummary s;
  s.run_id = id;
  s.job = run.job;
  for (RunState state : {RunState::kComplete, RunState::kFail, RunState::kAbort, RunState::kRunning,
                         RunState::kStart, RunState::kOther}) {
    if (run.states & (1u << static_cast<unsigned>(state))) {
      s.state = state;
      break;
    }
  }
  s.started_at = started_at(run);
  s.completed_at = run.first_complete;
  for (const auto& [d, label] : run.inputs) s.inputs.push_back(d);
  for (const auto& [d, label] : run.outputs) s.outputs.push_back(d);
  s.seqs.assign(run.seqs.begin(), run.seqs.end());
  return s;
}

std::optional<RunSummary> RunLedger::run(const std::string& run_id) const {
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return std::nullopt;
  return summarize(it->first, it->second);
}

std::vector<DatasetVersion> RunLedger::versions(const DatasetRef& dataset) const {
  std::vector<DatasetVersion> out;
  auto w = writers_.find(dataset);
  if (w == writers_.end()) return out;
  for (const auto& id : w->second) {
    const Run& run = runs_.at(id);
    if (!run.first_complete) continue;
    const std::string& label = run.outputs.at(dataset);
    out.push_back({dataset, id, *run.first_complete, label.empty() ? id : label});
  }
  std::sort(out.begin(), out.end(), [](const DatasetVersion& a, const DatasetVersion& b) {
    return std::tie(a.written_at, a.run_id) < std::tie(b.written_at, b.run_id);
  });
  return out;
}

std::optional<DatasetVersion> RunLedger::input_version(const std::string& run_id,
                                                       const DatasetRef& input) const {
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return std::nullopt;
  auto in = it->second.inputs.find(input);
  if (in == it->second.inputs.end()) return std::nullopt;
  const std::vector<DatasetVersion> all = versions(input);
  if (!in->second.empty()) {  // the producer named the version it read
    for (const auto& v : all) {
      if (v.label == in->second) return v;
    }
  }
  const Timestamp start = started_at(it->second);
  std::optional<DatasetVersion> current;
  for (const auto& v : all) {
    if (v.written_at > start) break;
    if (v.run_id != run_id) current = v;
  }
  return current;
}

}  // namespace auditgraph::queries
