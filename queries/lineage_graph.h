// LineageGraph: the nodes and temporal edges of the lineage the log's run events describe.
//
//   input dataset --(input edge)--> job --(output edge)--> output dataset
//   input column  --(column edge, via job, transformation, masking)--> output column
//
// Each edge record holds while its job's latest completed run (by the producer's completion
// time) has it: it opens at the seq of the event that made it so and closes at the seq of the
// event after which the job's latest run no longer has it. A closed edge stays; a later run that
// has it again opens a new record. So the graph at any log size N is the records with
// from_seq < N <= to_seq.
//
// The graph can also be read as of a producer's time t (with everything the log knows): a job's
// lineage at t is then its run with the latest completion at or before t. For that, every edge
// key a job's runs ever had has a record (the newest record for its key is `latest`; a key no
// current run had yet has a record that was never alive by seq: from_seq == to_seq).
//
// A rename (lifecycleStateChange RENAME with previousIdentifier, or a declaration's
// previous_identifier) and a symlinks alias make the new name another id of the same node, so
// lineage survives it; the node then shows its newest name. Columns of a renamed dataset are
// keyed by its first name, so column lineage survives too. (A new name that was already a node
// of its own before the rename is not merged.)
//
// Storage is compact, for meshes of millions of datasets: names live once in a NameTable, an edge
// record is 32 bytes, adjacency is a Boost CSR graph plus an overlay (topology.h), and the
// evidence for an edge is read from the runs that show it rather than copied onto each record.
//
// Events must be added in seq order. Not thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/index.h"
#include "auditgraph/lineage.h"
#include "queries/archive.h"
#include "queries/flat_lists.h"
#include "queries/name_table.h"
#include "queries/topology.h"

namespace auditgraph::queries {

using NodeId = uint32_t;
using EdgeId = uint32_t;

constexpr uint64_t kOpen = std::numeric_limits<uint64_t>::max();

struct NodeInfo {
  uint32_t name = 0;  // its id in the graph's names: "dataset:ns:name", "job:ns:name", ...
  uint32_t owner = 0, domain = 0;  // names; 0 = none
  NodeId dataset = 0;              // columns: their dataset's node
  uint64_t first_seq = 0;          // the event that first named it
  NodeKind kind = NodeKind::kDataset;
  bool declared = false;  // datasets: a dataset_declared event named it (a known source)
  bool product = false;   // datasets: declared as a data product
};

struct EdgeRecord {
  NodeId from = 0, to = 0;
  NodeId job = 0;                   // column edges: the job they go through; dataset edges: the job end
  uint32_t transformation : 30 = 0;  // LineageGraph::transformation(); 0 = ""
  uint32_t masking : 1 = 0;
  uint32_t latest : 1 = 1;  // the newest record of its (job, from, to, transformation, masking)
  uint64_t from_seq = 0;
  uint64_t to_seq = kOpen;
  bool alive_at(uint64_t size) const { return from_seq < size && size <= to_seq; }
};

template <>
inline constexpr bool kRawBytes<NodeInfo> = true;
template <>
inline constexpr bool kRawBytes<EdgeRecord> = true;

// Where a query reads the graph: at a log size, or as of a producer's time (at the head).
struct Moment {
  uint64_t size = 0;
  std::optional<Timestamp> time;
};

class LineageGraph {
 public:
  void add(const Event& event);

  std::optional<NodeId> find(std::string_view id) const;
  // The column `field` of dataset node `dataset`, under whatever name it was keyed by.
  std::optional<NodeId> find_column(NodeId dataset, const std::string& field) const;
  const NodeInfo& node(NodeId n) const { return nodes_[n]; }
  std::string_view id(NodeId n) const { return names_.view(nodes_[n].name); }
  // Hints that node(n) and id(n) will be read soon, for loops over nodes in random order: call
  // with stage 0, 1 and 2 at decreasing distances ahead of the read (each stage reads what the
  // one before brought into cache).
  void prefetch(NodeId n, int stage) const {
    if (stage == 0) {
      __builtin_prefetch(nodes_.data() + n);
    } else {
      names_.prefetch(nodes_[n].name, stage - 1);
    }
  }
  // For a loop over `count` nodes in random order, at position i: prefetches the nodes a few
  // positions ahead (node_at(j) gives the j-th), each stage at its own distance.
  template <class NodeAt>
  void prefetch_ahead(size_t i, size_t count, NodeAt&& node_at) const {
    for (int stage = 0; stage < 3; ++stage) {
      const size_t ahead = i + static_cast<size_t>(24 - 8 * stage);
      if (ahead < count) prefetch(node_at(ahead), stage);
    }
  }
  std::string_view owner(NodeId n) const { return names_.view(nodes_[n].owner); }
  std::string_view domain(NodeId n) const { return names_.view(nodes_[n].domain); }
  // Owner and domain as they were at log size `size` (the current ones at or past the head).
  std::string_view owner_at(NodeId n, uint64_t size) const;
  std::string_view domain_at(NodeId n, uint64_t size) const;
  // Every id node n has had (renames, aliases), its shown id first: grants, schemas and access
  // records given under any of them are its own.
  std::vector<std::string> ids_of(NodeId n) const;
  size_t node_count() const { return nodes_.size(); }
  const EdgeRecord& edge(EdgeId e) const { return edges_[e]; }
  size_t edge_count() const { return edges_.size(); }
  // A column edge's transformation ("DIRECT/IDENTITY", ...; "" for dataset edges).
  std::string_view transformation(const EdgeRecord& e) const {
    return transformations_.view(e.transformation);
  }
  size_t open_edge_count() const { return open_count_; }
  // Whether record `e` is open (alive at the head); a bitset, so traversals at the head need not
  // touch the records.
  bool open(EdgeId e) const { return open_bits_[e >> 6] >> (e & 63) & 1; }
  // The log size the graph has seen: one past the last event added.
  uint64_t size() const { return size_; }
  // The cycles among the edges open at the head, as node ids (cached until those edges change).
  const std::vector<std::vector<NodeId>>& head_cycles() const;

  // f(NodeId to, EdgeId e) / f(NodeId from, EdgeId e) over every record leaving / entering n.
  template <class F>
  void each_out(NodeId n, F&& f) const { topology_.each_out(n, f); }
  template <class F>
  void each_in(NodeId n, F&& f) const { topology_.each_in(n, f); }
  bool has_in_edges(NodeId n) const { return topology_.has_in(n); }

  // f(EdgeId) for every record job `job` holds open now (the edges, dataset and column ones, of
  // the run its lineage comes from); nothing for a node that is no job with a completed run.
  // Costs the job's own edges.
  template <class F>
  void each_open_of_job(NodeId job, F&& f) const {
    const uint32_t j = job_index(job);
    if (j == kNone || jobs_[j].current == kNone) return;
    for (const auto& [key, mask] : run_keys_[jobs_[j].current]) f(latest_of(key));
  }

  // Datasets an input of some run that completed in [from, to).
  std::vector<NodeId> read_by_runs(Timestamp from, Timestamp to) const;
  // Datasets of unknown provenance: nothing writes them (no edge enters them, open or closed)
  // and no dataset_declared event names them; their ids, sorted. Costs one look at each node;
  // builds ids only for the datasets it returns.
  std::vector<std::string> unknown_provenance() const;

  // Whether edge `e` holds at `m`, and the seqs of the events that show it there (the events of
  // the job's run that the lineage at `m` is based on), sorted.
  bool alive(EdgeId e, const Moment& m) const;
  std::vector<uint64_t> evidence(EdgeId e, const Moment& m) const;
  // The union of two edges' evidence, for edges of one job (a dataset edge's input and output
  // halves): one run lookup, one list.
  std::vector<uint64_t> evidence(EdgeId e, EdgeId also, const Moment& m) const;

  // Folds appended adjacency into the CSR (Index::Build calls it once replay is done; add()
  // calls it when the overlay grows large); after defer_adjacency(), builds it from the records.
  void compact();
  // Until the next compact(), records are added without their adjacency, which compact() then
  // builds from them at once: for a replay that answers nothing until it ends (a hash-map
  // overlay per edge and repeated compactions cost more than one build). REQUIRES: no query
  // (each_out, each_in, has_in_edges, head_cycles) until compact().
  void defer_adjacency() { deferred_ = true; }
  // Returns the vectors' growth slack (after a replay; appends will grow them again).
  void trim();

  // Every member a snapshot needs (archive.h); the rest is rebuilt by restore().
  template <class A>
  void fields(A& a) {
    a(names_, transformations_, node_of_name_, nodes_, edges_, key_slots_, key_count_,
      newer_, key_of_);
    columns(a, runs_, &Run::name, &Run::job, &Run::completed);
    a(run_seqs_, run_keys_, run_late_);
    columns(a, jobs_, &Job::current);
    a(job_completed_, job_history_);
    a(job_of_node_, first_names_, other_names_, described_, size_);
    // REQUIRES (saving): not deferred (an index is compacted before anyone can save it).
    if constexpr (A::kLoading) {
      topology_.load(a, nodes_.size(), edges_.size());
    } else {
      topology_.save(a);
    }
  }
  // After fields() loaded a snapshot: checks it and rebuilds the derived members; false when the
  // snapshot is inconsistent.
  bool restore();

 private:
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::min();

  // What one run has shown so far, over all its events. An edge key is named by its first
  // record's id. Its lists are kept flat, by its index in runs_ (flat_lists.h):
  //   run_seqs_  its events, ascending
  //   run_keys_  (key, which of its first 31 events show it (bit i: its i-th seq); bit 31: some
  //              later one does), sorted by key
  //   run_late_  (key, seq) for events 32 and later
  struct Run {
    uint32_t name = 0;  // its run id
    NodeId job = 0;
    int64_t completed = kNever;  // earliest COMPLETE event time (unix nanos)
  };
  // A job's open records are the latest records of its current run's keys (so they are not
  // kept twice). Its lists, by its index in jobs_:
  //   job_completed_  its completed runs, by (completion, run id)
  //   job_history_    (seq, run): its current run from that seq
  struct Job {
    uint32_t current = kNone;  // its latest completed run
  };

  // The run (its runs_ index) of `job` with the latest completion at or before `t`; kNone when
  // none.
  uint32_t run_at(NodeId job, Timestamp t) const;
  // The job's current run after the event at `seq` was added; kNone when none.
  uint32_t run_after(NodeId job, uint64_t seq) const;
  // Whether run `run` has shown edge key `key`.
  bool has_key(uint32_t run, EdgeId key) const;
  // The seqs of run's events before `below` that show key `a` or key `b` (kNone: only a).
  std::vector<uint64_t> seqs_of(uint32_t run, EdgeId a, EdgeId b, uint64_t below) const;
  EdgeId key_of(EdgeId e) const;
  EdgeId latest_of(EdgeId key) const;
  bool later(uint32_t a, uint32_t b) const;  // run a completed after run b?

  // The key (from, to, transformation, masking) of job `job`: its first record, created (never
  // alive by seq) when new.
  EdgeId know(NodeId job, NodeId from, NodeId to, uint32_t transformation, bool masking,
              uint64_t seq);
  void show(uint32_t run, EdgeId key, uint64_t seq);
  EdgeId new_record(const EdgeRecord& r);
  void set_open(EdgeId e, bool open);

  NodeId intern(std::string_view id, NodeKind kind, uint64_t seq);
  NodeId dataset(const DatasetRef& d, uint64_t seq);
  // `to` becomes another id of the dataset `from` names (renamed: it also shows as its name).
  void rename(const DatasetRef& from, const DatasetRef& to, bool renamed, uint64_t seq);
  void renames_of(const DatasetRef& d, const std::optional<DatasetRef>& previous,
                  const std::vector<DatasetRef>& aliases, uint64_t seq);
  NodeId column(const DatasetRef& d, const std::string& field, uint64_t seq);
  void add_run(const RunEvent& r, const Event& event);
  // Interns the columns a schema or tags facet tags (PII reach starts from them).
  void tagged_columns(const DatasetRef& d, const std::vector<SchemaField>& fields,
                      const std::vector<Tag>& tags, const std::string& parent, uint64_t seq);
  // The dataset's node, with its owner and domain set from what the event gives (if anything).
  NodeId describe(const DatasetRef& d, const std::vector<Owner>& owners, const std::string& domain,
                  uint64_t seq);
  // Makes job `j`'s open records those of its current run, at `seq`; `before` is the run that
  // was current until this event (kNone: none), whose keys' records were the open ones.
  void sync_job(uint32_t job, uint32_t before, uint64_t seq);

  NameTable names_;
  NameTable transformations_;  // a few kinds, kept apart so their ids fit the record's 30 bits
  // The large arrays are loaded from a snapshot as views of it (mapped_allocator.h).
  SnapshotVector<NodeId> node_of_name_;  // by name: the node it names, or kNone
  SnapshotVector<NodeInfo> nodes_;
  SnapshotVector<EdgeRecord> edges_;
  Topology topology_;
  bool deferred_ = false;  // defer_adjacency() was called and compact() not since
  void build_adjacency();  // topology_ from every record
  size_t open_count_ = 0;
  std::vector<uint64_t> open_bits_;
  uint64_t size_ = 0;
  uint64_t changes_ = 0;  // bumped whenever an edge opens or closes
  mutable uint64_t cycles_at_ = UINT64_MAX;  // changes_ when cycles_ was computed
  mutable std::vector<std::vector<NodeId>> cycles_;
  SnapshotVector<uint32_t> key_slots_;  // open addressing over keys: key + 1, 0 = empty
  size_t key_count_ = 0;
  std::unordered_map<EdgeId, EdgeId> newer_;  // key -> its latest record, when not the key
  std::unordered_map<EdgeId, EdgeId> key_of_;  // record -> its key, when not itself
  std::vector<Run> runs_;
  FlatLists<uint64_t> run_seqs_;
  FlatLists<std::pair<EdgeId, uint32_t>> run_keys_;
  FlatLists<std::pair<EdgeId, uint64_t>> run_late_;
  // Open addressing over runs_ by (job, run name): runs_ index + 1, 0 = empty. Rebuilt, not
  // archived.
  std::vector<uint32_t> run_slots_;
  // The runs_ index of job `job`'s run named `name`; added (an empty run) when new.
  uint32_t run_of(NodeId job, uint32_t name);
  void place_run(uint32_t index);
  std::vector<Job> jobs_;
  FlatLists<uint32_t> job_completed_;
  FlatLists<std::pair<uint64_t, uint32_t>> job_history_;
  std::vector<uint32_t> job_of_node_;  // by node: its index in jobs_, or kNone
  // Node n's index in jobs_; kNone when it is no job with a run.
  uint32_t job_index(NodeId n) const {
    return n < job_of_node_.size() ? job_of_node_[n] : kNone;
  }
  std::unordered_map<NodeId, std::string> first_names_;  // renamed datasets: "ns:name" first
  std::unordered_map<NodeId, std::vector<uint32_t>> other_names_;  // renamed or aliased: all names
  // Owner and domain changes: what a node's were before the change at `seq`, by node, in seq
  // order (so answers as of a past size show the owner of then).
  struct Described {
    uint64_t seq = 0;
    uint32_t owner = 0, domain = 0;
    template <class A>
    void fields(A& a) { a(seq, owner, domain); }
  };
  std::unordered_map<NodeId, std::vector<Described>> described_;
  void set_description(NodeId n, uint32_t owner, uint32_t domain, uint64_t seq);
  const Described* described_before(NodeId n, uint64_t size) const;
  std::string scratch_;  // ids are built here before interning
};

// The lineage graph an Index (make_index) holds, for readers inside queries/ that ask it more
// than the Index does (the compliance report). Valid while `index` lives; not thread-safe: the
// caller holds whatever guards the index.
const LineageGraph& lineage_graph(const Index& index);

// Node ids (the Marquez convention).
std::string dataset_id(const DatasetRef& d);
std::string job_id(const JobRef& j);
std::string column_id(const DatasetRef& d, const std::string& field);

}  // namespace auditgraph::queries
