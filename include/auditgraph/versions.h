// Version provenance: for one version of a dataset, the run that wrote it and, recursively, the
// versions of its inputs that run read (the version current when it started, or the one the
// producer named). A MERGE job that rewrites its own table unrolls into a chain of versions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/event_log.h"

namespace auditgraph {

struct VersionQuery {
  std::string dataset;                  // dataset:<namespace>:<name>
  std::string version;                  // a version label; "" = see as_of_time
  std::optional<Timestamp> as_of_time;  // the version current then; none (and no label): latest
  std::optional<uint32_t> max_depth;    // levels of inputs; none: unlimited
};

struct VersionNode {
  std::string dataset;
  std::string version;  // the producer's datasetVersion, else the run id
  std::string run_id;   // the run that wrote it
  std::string job;
  Timestamp written_at;             // the run's completion
  std::vector<uint64_t> seqs;       // the events of that run
  std::vector<VersionNode> inputs;  // the versions it read; inputs with no known version omitted
  std::vector<std::string> unversioned_inputs;  // inputs read before any version of them existed
  // A version many others read appears in full once; where it appears again its inputs are
  // left out and this is set, so an answer grows with the versions it holds, not exponentially.
  bool inputs_shown_above = false;
};

struct VersionAnswer {
  LogHead at;
  VersionNode root;
  std::vector<VersionNode> versions;  // every version of the dataset, oldest first (no inputs)
};

}  // namespace auditgraph
