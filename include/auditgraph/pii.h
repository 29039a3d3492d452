// PII reach: where data derived from PII-tagged columns flows along column lineage, and who can
// read it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/event_log.h"

namespace auditgraph {

struct PiiQuery {
  // A dataset or column id (its tagged columns are the sources), or "" for every tagged column.
  std::string node;
  std::string tag = "PII";  // the classification that marks a source column
  Timestamp now;            // who can read, as of this time
};

struct PiiReached {
  std::string column;  // an unmasked derivative of `source`
  std::string dataset;
  std::string source;             // the tagged column it derives from
  std::vector<std::string> path;  // column ids from the source to it
  std::vector<std::string> jobs;  // the job of each step
  std::vector<uint64_t> seqs;     // the events that prove it: the tagging, then every step's
};

struct PiiMasked {
  std::string column;  // reached through a masking transformation: the taint stops here
  std::string source;
  std::string job;
  std::vector<uint64_t> seqs;  // the tagging and the events of the steps up to the masking one
};

struct PiiReader {
  PrincipalRef principal;
  std::vector<std::string> datasets;  // tainted datasets (sources' or derivatives') it can read
  // Derivative datasets it can read although it holds no grant on the dataset of the source
  // they derive from: the auditor's red flag.
  std::vector<std::string> without_source_grant;
  std::vector<uint64_t> seqs;  // the events behind its access paths (grants, memberships)
};

struct PiiReach {
  LogHead at;
  std::vector<std::string> sources;     // tagged column ids
  std::vector<uint64_t> source_seqs;     // for each source, the event that tagged it
  std::vector<PiiReached> reached;   // by column, then source
  std::vector<PiiMasked> masked;
  std::vector<PiiReader> readers;  // by name; flagged ones have without_source_grant
};

}  // namespace auditgraph
