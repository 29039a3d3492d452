// Lineage queries: provenance (upstream) and impact (downstream) of a dataset or a column, over
// the lineage the log's run events describe, at any past log position.
//
// Node ids (docs/lineage.md): `dataset:<namespace>:<name>`, `job:<namespace>:<name>`,
// `datasetField:<namespace>:<name>:<field>`. Namespaces may themselves contain colons (URIs with
// ports, as Marquez's do: `dataset:postgres://db:5432:shop.public.orders`); an id is matched
// whole against the ids the index knows, never split, so that needs no escaping.
//
// A job's lineage is what its latest completed run read and wrote ("latest" by the producer's
// completion time). When a later run no longer reads or writes something, that edge is closed
// at the seq that showed it, not deleted, so `as_of_seq` reproduces any past answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/event.h"
#include "auditgraph/event_log.h"
#include "auditgraph/status.h"

namespace auditgraph {

enum class NodeKind : uint8_t { kDataset, kColumn, kJob };
const char* node_kind_name(NodeKind kind);  // "dataset", "column", "job"
std::optional<NodeKind> parse_node_kind(std::string_view name);  // the inverse
// Appends each of `names`' kinds to `out`; InvalidArgument "<what>: '<name>' is not dataset,
// column or job" for the first that is none (the CLI's --kind, the API's kind parameter).
Status parse_node_kinds(const std::vector<std::string>& names, std::string_view what,
                        std::vector<NodeKind>* out);

// A node id taken apart: `ns` and `name` (and a column's `field`) split at the last colons, so
// a namespace may hold colons and names and fields may not. Nothing when `id` has no kind
// prefix or an empty part.
struct NodeIdParts {
  NodeKind kind = NodeKind::kDataset;
  std::string ns, name, field;  // field: columns only
  std::string dataset_id() const { return "dataset:" + ns + ":" + name; }
};
std::optional<NodeIdParts> split_node_id(std::string_view id);

struct LineageQuery {
  enum class Direction : uint8_t { kUpstream, kDownstream };
  std::string node;  // a dataset or column id
  Direction direction = Direction::kUpstream;
  std::optional<uint32_t> max_depth;  // in dataset (or column) hops; none: unlimited
  std::optional<uint64_t> as_of_seq;  // the log as it was at this size; none: the index's head
  // As of a producer's time, with all the log knows: each job's run that completed last at or
  // before it (a run counts from its completion). Not with as_of_seq.
  std::optional<Timestamp> as_of_time;
  std::optional<size_t> max_nodes;  // budget: stop after this many nodes, answer partial
  // A partial answer's cursor: continue after the nodes it gave, with the same query (and a
  // fresh max_nodes budget). A cursor names the log size it was computed at; with as_of_time
  // it is refused once the log has grown, since the answer could differ.
  std::string cursor;
  std::vector<NodeKind> kinds;      // report only these kinds (traversal still passes jobs)
  std::string domain;  // report only nodes of this domain, columns by their dataset's ("" = all)
  bool include_edges = true;  // false: nodes only (a whole closure has millions of edges)
};

struct LineageNode {
  std::string id;
  NodeKind kind = NodeKind::kDataset;
  uint32_t distance = 0;  // hops from the query node; a job has the distance of the hop it is on
  std::string owner;      // first owner (a column: its dataset's), "" when none is known
  std::string domain;     // (a column: its dataset's) "" when none is known
};

struct LineageEdge {
  std::string from, to;        // in data-flow direction (input -> output), whatever the query's
  std::string via_job;         // the job whose runs made it
  std::string transformation;  // column edges: "DIRECT/IDENTITY", ...; "" for dataset edges
  bool masking = false;
  std::vector<uint64_t> seqs;  // the log entries that prove it (fetch inclusion proofs for them)
};

struct LineageAnswer {
  LogHead at;                      // the log position the answer was computed at (size and root)
  std::vector<LineageNode> nodes;  // the query node first, then by distance (in BFS order)
  std::vector<LineageEdge> edges;  // sorted by (from, to, via_job)
  // Each cycle met, as the ids on it (a MERGE job that rewrites its own input gives one).
  std::vector<std::vector<std::string>> cycles;
  bool partial = false;               // the budget ran out before the traversal did
  std::vector<std::string> frontier;  // when partial: nodes reached but not expanded
  std::string cursor;                 // when partial: pass it in LineageQuery::cursor to go on
};

// The nodes a lineage query reaches, and nothing else: their ids packed in one buffer (the query
// node first, then in BFS order). The shape for "everything downstream of X" over a million
// nodes, where LineageAnswer's per-node strings, owners and domains cost more than the walk.
class LineageSet {
 public:
  LogHead at;  // as in LineageAnswer

  size_t size() const { return ends_.size(); }
  std::string_view id(size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(ids_).substr(begin, ends_[i] - begin);
  }
  void add(std::string_view id) {
    ids_ += id;
    ends_.push_back(ids_.size());
  }
  void reserve(size_t nodes, size_t bytes) {
    ends_.reserve(nodes);
    ids_.reserve(bytes);
  }

 private:
  std::string ids_;
  std::vector<size_t> ends_;
};

}  // namespace auditgraph
