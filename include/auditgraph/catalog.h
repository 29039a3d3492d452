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

#include "auditgraph/change.h"
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
    std::string run_id;   // the run that wrote that version; "" with no version
  };
  std::vector<DatasetVersionRef> inputs, outputs;  // outputs: the versions this run wrote
  std::vector<uint64_t> seqs;                      // the run's events in the log
};

struct CatalogDataset {
  std::string id;  // dataset:<namespace>:<name>
  DatasetRef ref;
  std::string owner, domain;  // "" when none is known
  bool product = false;
  std::vector<SchemaField> fields;            // the current schema; empty when none was given
  std::vector<std::string> tags;              // on the dataset itself (not its columns), sorted
  uint64_t first_seq = 0;                     // the event that first named it
  std::string current_version;                // the latest version's label; "" when never written
  std::optional<Timestamp> last_modified_at;  // when the latest version was written
  // From its declarations, each field as the latest one that gave it (declared_seq: the latest;
  // none and empty when never declared).
  std::optional<int64_t> freshness_slo_seconds;
  std::string lifecycle_state, description;
  std::optional<uint64_t> declared_seq;
  // Every deprecation notice given for it, in seq order (past sunsets included).
  std::vector<ChangeReport::Notice> deprecations;
};

struct CatalogJob {
  std::string id;  // job:<namespace>:<name>
  JobRef ref;
  uint64_t first_seq = 0;
  // Its lineage now: what its latest completed run read and wrote, or a later JobEvent declared
  // (before either, its latest run's).
  std::vector<DatasetRef> inputs, outputs;
  std::optional<CatalogRun> latest_run;
  size_t runs = 0;
  std::vector<std::string> tags;  // on the job now (tags facets, classifications), sorted
};

// Search over datasets, jobs and principals: `text` is matched, case-insensitively, as a
// substring of each one's id, domain, owner, and its tags (a dataset's columns', a job's own).
struct SearchQuery {
  std::string text;
  size_t limit = 50;
};

struct SearchHit {
  enum class Kind : uint8_t { kDataset, kJob, kPrincipal } kind = Kind::kDataset;
  std::string id;  // a node id, or "user:<name>", "group:<name>", "service:<name>"
  std::string domain, owner;
  std::vector<std::string> tags;  // datasets: the tags on their columns; jobs: their own; sorted
  std::string matched;            // what matched: "id", "domain", "owner" or "tag"
};

struct SearchResult {
  std::vector<SearchHit> hits;  // datasets, then jobs, then principals; by id within each
  size_t total = 0;             // matches before the limit
};

// The mesh at a glance: its domains, how many lineage edges run between them, and their most
// connected data products (by lineage edges open now, in and out).
struct Overview {
  struct Product {
    std::string id;
    size_t degree = 0;
  };
  struct Domain {
    std::string name;  // "" collects the datasets of no domain
    size_t datasets = 0, products = 0;
    std::vector<Product> top;  // its most connected products, most first
  };
  struct Link {
    std::string from, to;  // domains, in data-flow order
    size_t edges = 0;      // dataset lineage edges open now
  };
  std::vector<Domain> domains;  // by name
  std::vector<Link> links;      // by (from, to)
};

// The OpenLineage events of the log as received (Marquez's lineage events), by the producer's
// event time: those dated in [after, before) (an unset bound: none), ordered by (event time,
// seq), newest first unless `ascending`; `offset` of them skipped, then at most `limit`.
struct LineageEventsQuery {
  std::optional<Timestamp> after, before;
  bool ascending = false;
  size_t limit = 100, offset = 0;
};

struct LineageEventsPage {
  std::vector<uint64_t> seqs;  // the page's events, in the order asked; read them from the log
  size_t total = 0;            // every event in the period, before offset and limit
  uint64_t at = 0;             // the log size answered at: every seq is below it
};

// One page of a list: `items` from `offset`, at most `limit`, of `total`.
template <typename T>
struct CatalogPage {
  std::vector<T> items;
  size_t total = 0;
};

}  // namespace auditgraph
