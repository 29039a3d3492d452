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
// A value-like resource: copyable, not thread-safe. The graph index (queries/) builds on it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "auditgraph/event.h"

namespace auditgraph::queries {

struct DatasetRefLess {
  bool operator()(const DatasetRef& a, const DatasetRef& b) const {
    return std::tie(a.ns, a.name) < std::tie(b.ns, b.name);
  }
};

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

  // The version of `input` that run `run_id` read; nothing when the run is unknown, does not
  // read `input`, or no version of it existed when the run started.
  std::optional<DatasetVersion> input_version(const std::string& run_id,
                                              const DatasetRef& input) const;

  // Every member, for snapshots (archive.h).
  template <class A>
  void fields(A& a) { a(runs_, writers_); }

 private:
  struct Run {
    JobRef job;
    unsigned states = 0;  // bit per RunState seen
    std::optional<Timestamp> first_start, first_event, first_complete;
    std::map<DatasetRef, std::string, DatasetRefLess> inputs, outputs;  // -> largest label seen
    std::set<uint64_t> seqs;
    template <class A>
    void fields(A& a) { a(job, states, first_start, first_event, first_complete, inputs, outputs, seqs); }
  };
  static RunSummary summarize(const std::string& id, const Run& run);
  static Timestamp started_at(const Run& run);

  std::map<std::string, Run> runs_;
  std::map<DatasetRef, std::set<std::string>, DatasetRefLess> writers_;  // output -> run ids
};

}  // namespace auditgraph::queries
