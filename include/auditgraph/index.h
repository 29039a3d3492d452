// Index: the graph index over one event log, answering lineage (lineage.h) and access (access.h)
// questions. Built by replaying the log; kept current by add(). It holds everything in memory but
// the access records and the OpenLineage events' times, which it writes to the log's history
// families as it applies them and reads back by key range (made without a log, make_index keeps
// them in a store in memory).
//
// Not thread-safe: build once, then query from one thread (or guard it).
#pragma once

#include <functional>
#include <map>
#include <memory>

#include "auditgraph/access.h"
#include "auditgraph/catalog.h"
#include "auditgraph/change.h"
#include "auditgraph/event.h"
#include "auditgraph/event_log.h"
#include "auditgraph/lineage.h"
#include "auditgraph/pii.h"
#include "auditgraph/status.h"
#include "auditgraph/versions.h"

namespace auditgraph {

// How Index::Open started.
struct IndexStart {
  bool from_snapshot = false;
  uint64_t snapshot_size = 0;  // the log size the snapshot was taken at
  std::string snapshot_ignored;  // why a snapshot present was not used; "" otherwise
  uint64_t replayed = 0;         // events replayed from the log
  // Events read from the log only to write their history (access records, OpenLineage events by
  // time) to the history families, which stopped below the snapshot (a store from before them,
  // or whose families were lost).
  uint64_t history_replayed = 0;
};

// Told how far a long start has got: `done` of `total` events (Index::Open).
using IndexProgress = std::function<void(uint64_t done, uint64_t total)>;

class Index {
 public:
  // Replays `log` from the start. `log` must outlive the index: answers as of a past size read
  // that size's Merkle root from it.
  static Result<std::unique_ptr<Index>> Build(const EventLog& log);
  // Like Build, but starts from the snapshot at `snapshot_path` when it matches `log` (its size
  // is within the log and the log's Merkle root at that size is the snapshot's) and replays only
  // the events after it. A missing, damaged or mismatched snapshot is never trusted: the index
  // is then built from the whole log, and `start` (optional) says why. The history lives
  // in the log's history families (EventLog::history); when those stop below the snapshot, the
  // log up to it is read again to fill them, and `progress` (optional) is told as it goes.
  static Result<std::unique_ptr<Index>> Open(const EventLog& log, const std::string& snapshot_path,
                                             IndexStart* start = nullptr,
                                             const IndexProgress& progress = {});
  // Writes the index's state, keyed by its head, to `path` (atomically), for Open.
  virtual Status save_snapshot(const std::string& path) const = 0;
  virtual ~Index() = default;

  // Applies the event that follows the ones already indexed (its seq must be the index's size)
  // and moves the head to `head_after` (the log's head once it is in).
  virtual Status add(const Event& event, const LogHead& head_after) = 0;
  // The log position indexed so far.
  virtual LogHead head() const = 0;

  // Provenance or impact. NotFound naming the id when the index has never seen the node;
  // InvalidArgument for an as_of_seq past the head.
  virtual Result<LineageAnswer> lineage(const LineageQuery& query) const = 0;
  // The same walk, answering only which nodes it reaches (of query.kinds; all when empty), with
  // the same errors. No budget, cursor or domain filter: InvalidArgument naming the field.
  virtual Result<LineageSet> reach(const LineageQuery& query) const = 0;
  // Who can read a dataset, and why. NotFound when the dataset is unknown.
  virtual Result<AccessAnswer> access(const AccessQuery& query) const = 0;
  // Who read or wrote a dataset in a period: one key range of the access records on disk per id
  // of the dataset. An error when they cannot be read.
  virtual Result<AccessHistory> access_history(const AccessHistoryQuery& query) const = 0;
  // The OpenLineage events received in a period, a page of them (catalog.h), at the index's
  // size: one key range of the events-by-time history on disk, whatever the log's size. An
  // error when it cannot be read.
  virtual Result<LineageEventsPage> lineage_events(const LineageEventsQuery& query) const = 0;

  // What a proposed schema of a dataset breaks downstream (change.h). NotFound when the dataset
  // is unknown.
  virtual Result<ChangeReport> check_change(const ChangeQuery& query) const = 0;

  // Where data from columns tagged query.tag flows, and who can read it (pii.h). NotFound when
  // query.node is given and unknown.
  virtual Result<PiiReach> pii_reach(const PiiQuery& query) const = 0;

  // The run that wrote a version of a dataset and, recursively, the input versions it read
  // (versions.h). NotFound for an unknown dataset, or one with no such version.
  virtual Result<VersionAnswer> version_provenance(const VersionQuery& query) const = 0;

  // The catalog (catalog.h). Namespaces of datasets and jobs, sorted; lists sorted by id.
  virtual std::vector<std::string> namespaces() const = 0;
  virtual CatalogPage<CatalogDataset> datasets(const std::string& ns, size_t limit,
                                               size_t offset) const = 0;
  virtual CatalogPage<CatalogJob> jobs(const std::string& ns, size_t limit,
                                       size_t offset) const = 0;
  // NotFound naming the id when unknown.
  virtual Result<CatalogDataset> dataset(const std::string& id) const = 0;
  virtual Result<CatalogJob> job(const std::string& id) const = 0;
  // A job's runs, latest first. NotFound naming the id when the job is unknown.
  virtual Result<CatalogPage<CatalogRun>> runs(const std::string& job_id, size_t limit,
                                               size_t offset) const = 0;
  // One run by its run id (the run model's view, as in runs()). NotFound naming the run id.
  virtual Result<CatalogRun> run(const std::string& run_id) const = 0;

  // Tags defined on nothing (tag_defined events): name -> its latest description ("" for none).
  virtual std::map<std::string, std::string> tag_definitions() const = 0;
  // Datasets, jobs and principals whose name, domain, owner or tags contain `text`.
  virtual SearchResult search(const SearchQuery& query) const = 0;
  // Domains, the lineage between them, and each one's `per_domain` most connected products.
  virtual Overview overview(size_t per_domain) const = 0;

  // How big the index is, in O(1) (for metrics; stats() walks every node).
  struct Sizes {
    size_t nodes = 0;  // datasets, columns and jobs
    size_t edges = 0, open_edges = 0;
  };
  virtual Sizes sizes() const = 0;

  // When the datasets or the jobs (`kind`) were first named: each one's first seq, ascending, and
  // for each namespace that holds one, the first seq of its first. One pass over the nodes that
  // touches integers and ids only, for counts over time (Marquez's stats routes).
  struct FirstSeen {
    std::vector<uint64_t> nodes;
    std::vector<uint64_t> namespaces;
  };
  virtual FirstSeen first_seen(NodeKind kind) const = 0;

  // Every namespace of datasets and jobs (as namespaces() lists them), with when it was first
  // named (the first seq of its first dataset or job) and last changed (the latest start or
  // completion of a run of one of its jobs, or completion of a run that wrote one of its
  // datasets; none when no run touched it). One pass over the nodes and one over the runs.
  struct NamespaceSummary {
    std::string name;
    uint64_t first_seq = 0;
    std::optional<Timestamp> updated_at;
    bool holds_datasets = false;  // a Marquez source
  };
  virtual std::vector<NamespaceSummary> namespace_summaries() const = 0;

  struct Stats {
    size_t datasets = 0, columns = 0, jobs = 0, edges = 0, open_edges = 0;
    size_t grants = 0, principals = 0, access_records = 0;
    // Hygiene, as of `now` (stats(now)); dataset ids, sorted.
    std::vector<std::string> without_owner;
    std::vector<std::string> unused_products;     // products nobody read in unused_days
    std::vector<std::string> unknown_provenance;  // nothing writes them and none is declared
  };
  // Counts, and the hygiene lists as of `now`: a product is unused when no access record reads
  // it and no run that completed reads it in [now - unused_days, now). An error when the access
  // records on disk cannot be read.
  virtual Result<Stats> stats(Timestamp now, int64_t unused_days = 90) const = 0;
};

// A new, empty index over `log` (null: answers as of a past size carry no root).
std::unique_ptr<Index> make_index(const EventLog* log);

}  // namespace auditgraph
