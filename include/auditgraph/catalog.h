// The catalog: what the index knows of each dataset, job and run, listed by namespace (the
// Marquez-compatible read API serves it).
//
// A node id is split into namespace and name at its last colon: namespaces may hold colons
// (URIs with ports), names are taken not to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auditgraph/event.h"

namespace auditgraph {

struct CatalogRun {
  std::string run_id;
  JobRef job;
  RunState state = RunState::kOther;  // its most final state over its events
  Timestamp started_at;
  std::optional<Timestamp> completed_at;
  struct DatasetVersionRef {
    DatasetRef dataset;
    std::string version;  // "" when unknown (read before any version of it was logged)
  };
  std::vector<DatasetVersionRef> inputs, outputs;  // outputs: the versions this run wrote
  std::vector<uint64_t> seqs;                      // the run's events in the log
};

struct CatalogDataset {
  std::string id;  // dataset:<namespace>:<name>
  DatasetRef ref;
  std::string owner, domain;  // "" when none is known
  bool product = false;
  std::vector<SchemaField> fields;  // the current schema; empty when none was given
  uint64_t first_seq = 0;           // the event that first named it
  std::string current_version;      // the latest version's label; "" when never written
  std::optional<Timestamp> last_modified_at;  // when the latest version was written
};

struct CatalogJob {
  std::string id;  // job:<namespace>:<name>
  JobRef ref;
  uint64_t first_seq = 0;
  // What its latest completed run read and wrote (or, before any completed, its latest run).
  std::vector<DatasetRef> inputs, outputs;
  std::optional<CatalogRun> latest_run;
  size_t runs = 0;
};

// One page of a list: `items` from `offset`, at most `limit`, of `total`.
template <typename T>
struct CatalogPage {
  std::vector<T> items;
  size_t total = 0;
};

}  // namespace auditgraph
