// RunLedger: OpenLineage run semantics over the RunEvents of a log.
//
// The events of one run may each carry part of its inputs and outputs, and arrive in any order
// (a COMPLETE before its START; five STARTs and two COMPLETEs for one run). The ledger keeps
// their union per run and derives everything from it on demand, so its answers do not depend on
// the order the events were added in:
// - a run's state is its most final one (COMPLETE, then FAIL, ABORT, RUNNING, START, OTHER);
//   it started at its earliest START (or its earliest event when it has none) and completed at
//   its earliest COMPLETE;
// - a completed run writes one new version of each of its outputs, dated by its completion;
// - each input of a run is bound to the version of that dataset that was current when the run
//   started (the latest version completed at or before then, by another run), unless the
//   producer named the version (datasetVersion facet) and the ledger knows it.
//
// A value-like resource: copyable, not thread-safe. Compact: names are interned once, a run's
// datasets are pairs of ids. The graph index (queries/) builds on it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/index.h"
#include "queries/archive.h"
#include "queries/flat_lists.h"
#include "queries/name_table.h"
#include "queries/pair_table.h"

namespace auditgraph::queries {

struct RunSummary {
  std::string run_id;
  JobRef job;
  RunState state = RunState::kOther;
  Timestamp started_at;
  std::optional<Timestamp> completed_at;  // set when the run completed
  std::vector<DatasetRef> inputs;         // the union over its events, sorted
  std::vector<DatasetRef> outputs;
  std::vector<uint64_t> seqs;  // the log entries that make up the run, sorted
};

// One version of a dataset: written by one completed run.
struct DatasetVersion {
  DatasetRef dataset;
  std::string run_id;    // the run that wrote it
  Timestamp written_at;  // the run's completion
  std::string label;     // the producer's datasetVersion when given, else the run id
  friend bool operator==(const DatasetVersion&, const DatasetVersion&) = default;
};

class RunLedger {
 public:
  // Adds one event; all but RunEvents are ignored. `event.seq` names it in RunSummary::seqs.
  void add(const Event& event);

  std::optional<RunSummary> run(const std::string& run_id) const;
  size_t run_count() const { return runs_.size(); }

  // Every version of `dataset`, oldest first (by completion time, then run id).
  std::vector<DatasetVersion> versions(const DatasetRef& dataset) const;
  // The same by node id, "dataset:<namespace>:<name>" (the namespace may hold colons: every
  // split is tried against the datasets the ledger knows).
  std::vector<DatasetVersion> versions_of_id(std::string_view id) const;

  // The latest start or completion of a run, by namespace: of its job's namespace, and (its
  // completion) of each namespace it wrote a dataset into. One pass over the runs; the views
  // point into the ledger and stay valid while it lives.
  std::unordered_map<std::string_view, Timestamp> updated_by_namespace() const;

  // Calls `fn` with every run, in the order the ledger first heard of each.
  void for_each_run(const std::function<void(const RunSummary&)>& fn) const;

  // Every run of `job`, latest first (by start, then run id).
  std::vector<RunSummary> runs_of(const JobRef& job) const;

  // The version of `input` that run `run_id` read; nothing when the run is unknown, does not
  // read `input`, or no version of it existed when the run started.
  std::optional<DatasetVersion> input_version(const std::string& run_id,
                                              const DatasetRef& input) const;

  // Every member but the derived ones, for snapshots (archive.h); restore() checks them after
  // loading and rebuilds the rest.
  template <class A>
  void fields(A& a) {
    a(names_, datasets_, jobs_);
    columns(a, runs_, &Run::id, &Run::job, &Run::states, &Run::first_start, &Run::first_event,
            &Run::first_complete);
    a(inputs_, outputs_, seqs_, run_of_, writers_, runs_of_job_);
  }
  bool restore();
  // Drops the lists' garbage and the vectors' growth slack (after a replay).
  void trim();

 private:
  static constexpr int64_t kNever = INT64_MIN;
  // Names (run ids, namespaces, dataset and job names, labels) are interned once in names_; a
  // dataset is an id in datasets_, a job one in jobs_.
  struct Run {
    uint32_t id = 0;   // its run id
    uint32_t job = 0;  // its job, as the latest event that named one gave it
    uint32_t states = 0;  // bit per RunState seen
    int64_t first_start = kNever, first_event = kNever, first_complete = kNever;
  };
  // A run's lists, by its index in runs_ (flat: a list is no allocation of its own).
  // (dataset, the largest version label any event gave, 0 = none), sorted by dataset.
  using DatasetLabels = FlatLists<std::pair<uint32_t, uint32_t>>;
  DatasetLabels inputs_, outputs_;
  FlatLists<uint64_t> seqs_;  // the log entries of the run, ascending
  uint32_t index_of(const Run& run) const { return static_cast<uint32_t>(&run - runs_.data()); }
  RunSummary summarize(const Run& run) const;
  static Timestamp started_at(const Run& run);
  uint32_t dataset(const DatasetRef& d);
  std::optional<uint32_t> find_dataset(const DatasetRef& d) const;
  DatasetRef ref(uint32_t dataset) const;
  const Run* find_run(const std::string& run_id) const;
  std::vector<DatasetVersion> versions(uint32_t dataset) const;

  NameTable names_;
  PairTable datasets_, jobs_;  // (namespace, name)
  std::vector<Run> runs_;
  static constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> run_of_;  // by name: the runs_ index of the run it is the id of, or kNone
  FlatLists<uint32_t> writers_;  // by dataset: the runs that output it
  // By job: the runs that named it, which may be stale if a run's job changed since (runs_of()
  // checks each run's job again). A run without a job is in no list.
  FlatLists<uint32_t> runs_of_job_;
};

// The run model an Index (make_index) holds, for readers inside queries/ that need every run
// (the compliance report). Valid while `index` lives; reflects what was added to it.
const RunLedger& run_ledger(const Index& index);

}  // namespace auditgraph::queries
