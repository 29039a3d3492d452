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
// Events must be added in seq order. Not thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/lineage.h"

namespace auditgraph::queries {

using NodeId = uint32_t;
using EdgeId = uint32_t;

constexpr uint64_t kOpen = std::numeric_limits<uint64_t>::max();

struct NodeInfo {
  std::string id;  // "dataset:ns:name", "job:ns:name", "datasetField:ns:name:field"
  NodeKind kind = NodeKind::kDataset;
  uint64_t first_seq = 0;  // the event that first named it
  NodeId dataset = 0;      // columns: their dataset's node
  bool declared = false;   // datasets: a dataset_declared event named it (a known source)
  bool product = false;    // datasets: declared as a data product
  std::string owner;
  std::string domain;
};

struct EdgeRecord {
  NodeId from = 0, to = 0;
  NodeId job = 0;               // column edges: the job they go through; dataset edges: the job end
  uint32_t transformation = 0;  // into LineageGraph::strings(); 0 = ""
  bool masking = false;
  uint64_t from_seq = 0;
  uint64_t to_seq = kOpen;
  bool latest = true;          // the newest record of its (job, from, to, transformation, masking)
  std::vector<uint64_t> seqs;  // the events that show it, sorted
  bool alive_at(uint64_t size) const { return from_seq < size && size <= to_seq; }
};

// Where a query reads the graph: at a log size, or as of a producer's time (at the head).
struct Moment {
  uint64_t size = 0;
  std::optional<Timestamp> time;
};

class LineageGraph {
 public:
  void add(const Event& event);

  std::optional<NodeId> find(const std::string& id) const;
  // The column `field` of dataset node `dataset`, under whatever name it was keyed by.
  std::optional<NodeId> find_column(NodeId dataset, const std::string& field) const;
  const NodeInfo& node(NodeId n) const { return nodes_[n]; }
  size_t node_count() const { return nodes_.size(); }
  const EdgeRecord& edge(EdgeId e) const { return edges_[e]; }
  size_t edge_count() const { return edges_.size(); }
  const std::vector<EdgeId>& out_edges(NodeId n) const { return out_[n]; }
  const std::vector<EdgeId>& in_edges(NodeId n) const { return in_[n]; }
  const std::string& string(uint32_t i) const { return strings_[i]; }
  size_t open_edge_count() const;
  // Datasets an input of some run that completed in [from, to).
  std::set<NodeId> read_by_runs(Timestamp from, Timestamp to) const;

  // Whether edge `e` holds at `m`, and the seqs of the events that show it there.
  bool alive(EdgeId e, const Moment& m) const;
  const std::vector<uint64_t>& evidence(EdgeId e, const Moment& m) const;

 private:
  // What one run has shown so far, over all its events.
  struct Run {
    std::optional<Timestamp> completed_at;
    // edge key -> the seqs of the run's events that show it
    std::map<std::tuple<NodeId, NodeId, uint32_t, bool>, std::vector<uint64_t>> edges;  // by Key
  };
  using Key = std::tuple<NodeId, NodeId, uint32_t, bool>;  // from, to, transformation, masking
  struct Job {
    std::map<std::string, Run> runs;
    std::set<std::pair<Timestamp, std::string>> completed;  // (completion, run id)
    std::string current;           // run id of the latest completed run, "" before any
    std::map<Key, EdgeId> open;    // its edges now
    std::map<Key, EdgeId> latest;  // every key any of its runs had -> its newest record
  };
  static Key key_of(const EdgeRecord& e) { return {e.from, e.to, e.transformation, e.masking}; }
  // The run of `job` with the latest completion at or before `t`; null when none.
  const Run* run_at(NodeId job, Timestamp t) const;
  // Gives `key` of job `j` a record if it has none (never alive by seq).
  void know(NodeId job_node, Job& j, const Key& key, uint64_t seq);

  NodeId intern(const std::string& id, NodeKind kind, uint64_t seq);
  uint32_t intern_string(const std::string& s);
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
  void describe(const DatasetRef& d, const std::vector<Owner>& owners, const std::string& domain,
                uint64_t seq);
  // Makes job `j`'s open edges those of its current run, at `seq`.
  void sync_job(NodeId job_node, Job& j, uint64_t seq);

  std::vector<NodeInfo> nodes_;
  std::unordered_map<std::string, NodeId> ids_;
  std::vector<EdgeRecord> edges_;
  std::vector<std::vector<EdgeId>> out_, in_;
  std::vector<std::string> strings_{""};
  std::unordered_map<std::string, uint32_t> string_ids_{{"", 0}};
  std::unordered_map<NodeId, Job> jobs_;
  std::unordered_map<NodeId, std::string> first_names_;  // renamed datasets: "ns:name" first
};

// Node ids (the Marquez convention).
std::string dataset_id(const DatasetRef& d);
std::string job_id(const JobRef& j);
std::string column_id(const DatasetRef& d, const std::string& field);

}  // namespace auditgraph::queries
