// Index (include/auditgraph/index.h) over a LineageGraph, AccessState, SchemaState and RunLedger.
#include <algorithm>
#include <memory>
#include <set>
#include <thread>
#include <unordered_map>

#include "auditgraph/index.h"
#include "auditgraph/merkle.h"
#include "queries/history_ledger.h"
#include "queries/access_state.h"
#include "queries/catalog.h"
#include "queries/change_check.h"
#include "queries/lineage_cursor.h"
#include "queries/lineage_graph.h"
#include "queries/lineage_query.h"
#include "queries/lineage_reach.h"
#include "queries/pii_reach.h"
#include "queries/run_ledger.h"
#include "queries/snapshot_file.h"

namespace auditgraph {

const char* node_kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::kDataset:
      return "dataset";
    case NodeKind::kColumn:
      return "column";
    case NodeKind::kJob:
      return "job";
  }
  return "unknown";
}

std::optional<NodeKind> parse_node_kind(std::string_view name) {
  for (NodeKind k : {NodeKind::kDataset, NodeKind::kColumn, NodeKind::kJob}) {
    if (name == node_kind_name(k)) return k;
  }
  return std::nullopt;
}

Status parse_node_kinds(const std::vector<std::string>& names, std::string_view what,
                        std::vector<NodeKind>* out) {
  for (const auto& name : names) {
    auto kind = parse_node_kind(name);
    if (!kind) {
      return Status::InvalidArgument(std::string(what) + ": '" + name +
                                     "' is not dataset, column or job");
    }
    out->push_back(*kind);
  }
  return Status::Ok();
}

std::optional<NodeIdParts> split_node_id(std::string_view id) {
  NodeIdParts parts;
  std::string_view rest;
  for (auto [prefix, kind] : {std::pair{std::string_view("dataset:"), NodeKind::kDataset},
                              {std::string_view("datasetField:"), NodeKind::kColumn},
                              {std::string_view("job:"), NodeKind::kJob}}) {
    if (id.substr(0, prefix.size()) == prefix) {
      parts.kind = kind;
      rest = id.substr(prefix.size());
      break;
    }
  }
  auto take_last = [&](std::string* out) {
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == rest.size()) return false;
    *out = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    return true;
  };
  if (rest.empty()) return std::nullopt;
  if (parts.kind == NodeKind::kColumn && !take_last(&parts.field)) return std::nullopt;
  if (!take_last(&parts.name) || rest.empty()) return std::nullopt;
  parts.ns = std::string(rest);
  return parts;
}

namespace {

class GraphIndex final : public Index {
 public:
  explicit GraphIndex(const EventLog* log)
      : log_(log),
        own_history_(log ? nullptr : make_memory_history_store()),
        history_(log ? &log->history() : own_history_.get(), log) {}
  const queries::RunLedger& ledger() const { return ledger_; }  // queries::run_ledger()
  const queries::LineageGraph& graph() const { return graph_; }  // queries::lineage_graph()
  const queries::AccessState& access_state() const { return access_; }  // queries::access_state()

  Status add(const Event& event, const LogHead& head_after) override {
    if (event.seq != head_.size) {
      return Status::InvalidArgument("event seq " + std::to_string(event.seq) +
                                     ": the index expects seq " + std::to_string(head_.size));
    }
    if (!history_open_) {
      if (Status s = open_history(); !s.ok()) return s;
    }
    if (Status s = history_.add(event); !s.ok()) return s;
    graph_.add(event);
    access_.add(event);
    schemas_.add(event);
    ledger_.add(event);
    head_ = head_after;
    return Status::Ok();
  }

  LogHead head() const override { return head_; }

  // For a replay from the start: the graph's adjacency is built once, by compact().
  void defer_adjacency() { graph_.defer_adjacency(); }
  // Replay is done: fold the graph's appended adjacency into its CSR, drop growth slack.
  void compact() {
    graph_.compact();
    graph_.trim();
    ledger_.trim();
  }

  // Reads where the history on disk stops being complete (HistoryLedger::open). Called
  // before the first event is added, and by Open once a snapshot is loaded.
  Status open_history() {
    auto complete = history_.open();
    if (!complete.ok()) return complete.status();
    history_open_ = true;
    return Status::Ok();
  }
  uint64_t history_complete() const { return history_.complete(); }

  // Writes the history of the log's events [from, to) that the store lacks, for an
  // index that starts past them (from a snapshot). `progress` (optional) is told every million
  // events.
  Status catch_up_history(const EventLog& log, uint64_t from, uint64_t to,
                          const std::function<void(uint64_t done, uint64_t total)>& progress) {
    Status failed;
    Status s = log.scan(from, to, [&](const Event& e) {
      failed = history_.add(e);
      if (progress && (e.seq - from + 1) % 1'000'000 == 0) progress(e.seq - from + 1, to - from);
      return failed.ok();
    });
    if (!s.ok()) return s;
    if (!failed.ok()) return failed;
    return history_.flush();
  }

  // Writes the buffered history and the marker at the index's size (the end of a
  // replay, so the next open starts from here).
  Status flush_history() const { return history_.flush(); }
  // Writes the buffered history, if any, so a question about it sees every event
  // indexed; with none buffered it writes nothing (the marker may lag: see HistoryLedger).
  Status history_for_reads() const { return history_.write_buffered(); }

  Status save_snapshot(const std::string& path) const override {
    queries::ArchiveOut count(queries::ArchiveOut::CountOnly{});
    count(graph_, access_, schemas_, ledger_);
    queries::ArchiveOut out;
    out.reserve(count.size());
    out(graph_, access_, schemas_, ledger_);
    if (out.size() != count.size()) {  // the two passes walk the same members: a bug if not
      return Status::FailedPrecondition("snapshot: " + std::to_string(out.size()) +
                                        " bytes written, " + std::to_string(count.size()) +
                                        " counted");
    }
    return queries::write_snapshot(path, head_, out.bytes());
  }

  // Takes the state from a snapshot's payload, taken at `at`, in the mapping `file`: its large
  // arrays stay views of it (archive.h), keeping it mapped. False (and the index unusable) when
  // the payload does not decode to a consistent state.
  bool load(std::string_view payload, const LogHead& at, std::shared_ptr<const void> file) {
    queries::ArchiveIn in(payload, std::move(file));
    in(graph_, access_, schemas_, ledger_);
    if (in.failed() || !in.done() || !graph_.restore() || !ledger_.restore() ||
        !schemas_.restore()) {
      return false;
    }
    head_ = at;
    return true;
  }

  // Adds the log's events from the index's size up to `head`.
  Status replay(const EventLog& log, const LogHead& head) {
    Status failed;
    LogHead running = head_;
    Status s = log.scan(head_.size, head.size, [&](const Event& e) {
      running.size = e.seq + 1;
      failed = add(e, e.seq + 1 == head.size ? head : running);
      return failed.ok();
    });
    if (!s.ok()) return s;
    return failed;
  }

  Result<LineageAnswer> lineage(const LineageQuery& q) const override {
    if (q.as_of_seq && q.as_of_time) {
      return Status::InvalidArgument("as_of: give a seq or a time, not both");
    }
    uint64_t size = q.as_of_seq.value_or(head_.size);
    uint64_t skip = 0;
    if (!q.cursor.empty()) {
      auto cursor = queries::decode_cursor(q);
      if (!cursor.ok()) return cursor.status();
      if (q.as_of_seq && *q.as_of_seq != cursor->size) {
        return Status::InvalidArgument("cursor: it was made at seq " +
                                       std::to_string(cursor->size) + ", not at as_of seq " +
                                       std::to_string(*q.as_of_seq));
      }
      if (q.as_of_time && cursor->size != head_.size) {
        return Status::InvalidArgument(
            "cursor: the log has grown since this as-of-time answer began; run the query again");
      }
      size = cursor->size;
      skip = cursor->skip;
    }
    if (size > head_.size) {
      return Status::InvalidArgument("as_of: seq " + std::to_string(size) +
                                     " is past the log's size " + std::to_string(head_.size));
    }
    auto node = query_node(q.node, size);
    if (!node.ok()) return node.status();
    const queries::Moment at{size, q.as_of_time};
    size_t reached = 0;
    LineageAnswer answer = queries::traverse(graph_, *node, q, at, skip, &visited_, &reached);
    if (answer.partial) answer.cursor = queries::encode_cursor(q, {size, reached});
    auto head = head_at(size);
    if (!head.ok()) return head.status();
    answer.at = *head;
    return answer;
  }

  Result<LineageSet> reach(const LineageQuery& q) const override {
    if (q.as_of_seq && q.as_of_time) {
      return Status::InvalidArgument("as_of: give a seq or a time, not both");
    }
    if (q.max_nodes) return Status::InvalidArgument("max_nodes: reach answers every node");
    if (!q.cursor.empty()) return Status::InvalidArgument("cursor: reach has no pages");
    if (!q.domain.empty()) return Status::InvalidArgument("domain: reach does not filter by it");
    const uint64_t size = q.as_of_seq.value_or(head_.size);
    if (size > head_.size) {
      return Status::InvalidArgument("as_of: seq " + std::to_string(size) +
                                     " is past the log's size " + std::to_string(head_.size));
    }
    auto node = query_node(q.node, size);
    if (!node.ok()) return node.status();
    LineageSet set = queries::reach(graph_, *node, q, {size, q.as_of_time}, &reach_bits_);
    auto head = head_at(size);
    if (!head.ok()) return head.status();
    set.at = *head;
    return set;
  }

  Result<AccessAnswer> access(const AccessQuery& q) const override {
    auto node = dataset_node(q.dataset);
    if (!node.ok()) return node.status();
    AccessAnswer answer;
    answer.at = head_;
    answer.as_of = q.as_of;
    answer.paths =
        access_.who_can_read(graph_.ids_of(*node), std::string(graph_.domain(*node)), q.as_of);
    return answer;
  }

  Result<AccessHistory> access_history(const AccessHistoryQuery& q) const override {
    if (q.to < q.from) return Status::InvalidArgument("to: before from");
    auto node = dataset_node(q.dataset);
    if (!node.ok()) return node.status();
    if (Status s = history_for_reads(); !s.ok()) return s;
    auto h = history_.history(graph_.ids_of(*node), q.from, q.to, head_.size);
    if (!h.ok()) return h.status();
    h->at = head_;
    return h;
  }

  Result<LineageEventsPage> lineage_events(const LineageEventsQuery& q) const override {
    if (Status s = history_for_reads(); !s.ok()) return s;
    return history_.lineage_events(q, head_.size);
  }

  Result<ChangeReport> check_change(const ChangeQuery& q) const override {
    auto node = dataset_node(q.dataset);
    if (!node.ok()) return node.status();
    if (Status s = history_for_reads(); !s.ok()) return s;
    auto report = queries::check_change(graph_, schemas_, history_, *node, q, head_.size);
    if (!report.ok()) return report.status();
    report->at = head_;
    return report;
  }

  Result<PiiReach> pii_reach(const PiiQuery& q) const override {
    std::vector<std::pair<std::string, uint64_t>> sources;
    if (q.node.empty()) {
      sources = schemas_.tagged_columns(q.tag);
    } else {
      auto node = graph_.find(q.node);
      if (!node || graph_.node(*node).kind == NodeKind::kJob) {
        return Status::NotFound("node: no dataset or column has the id '" + q.node + "'");
      }
      // Only the tagged columns whose ids begin as the node's columns' do (a range of the tag's
      // columns per id of the node: not the mesh's), then those that are the node or its columns.
      for (const std::string& id : graph_.ids_of(*node)) {
        std::string prefix = id;
        if (prefix.rfind("dataset:", 0) == 0) prefix = "datasetField:" + prefix.substr(8) + ":";
        for (auto& c : schemas_.tagged_columns(q.tag, prefix)) sources.push_back(std::move(c));
      }
      std::sort(sources.begin(), sources.end());
      sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
      std::erase_if(sources, [&](const std::pair<std::string, uint64_t>& source) {
        auto c = graph_.find(source.first);
        return !c || (*c != *node && graph_.node(*c).dataset != *node);
      });
    }
    PiiReach reach = queries::pii_reach(graph_, access_, sources, q.now, head_.size);
    reach.at = head_;
    return reach;
  }

  Result<VersionAnswer> version_provenance(const VersionQuery& q) const override {
    auto node = dataset_node(q.dataset);
    if (!node.ok()) return node.status();
    // Versions written under any of the dataset's names (a rename keeps its history).
    std::vector<queries::DatasetVersion> all;
    for (const std::string& name : graph_.ids_of(*node)) {
      auto some = ledger_.versions_of_id(name);
      all.insert(all.end(), some.begin(), some.end());
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return std::tie(a.written_at, a.run_id) < std::tie(b.written_at, b.run_id);
    });
    const queries::DatasetVersion* chosen = nullptr;
    for (const auto& v : all) {
      if (!q.version.empty() ? v.label == q.version
                             : !q.as_of_time || !(*q.as_of_time < v.written_at)) {
        chosen = &v;  // the last match: the latest version by then
      }
    }
    if (!chosen) {
      return Status::NotFound("version: '" + q.dataset + "' has no version " +
                              (q.version.empty() ? std::string("by then") : "'" + q.version + "'"));
    }
    VersionAnswer answer;
    answer.at = head_;
    for (const auto& v : all) answer.versions.push_back(version_node(v));
    Expansion expansion;
    answer.root = expand(*chosen, q.max_depth, &expansion);
    return answer;
  }

  std::vector<std::string> namespaces() const override { return catalog().namespaces(); }
  CatalogPage<CatalogDataset> datasets(const std::string& ns, size_t limit,
                                       size_t offset) const override {
    return catalog().datasets(ns, limit, offset);
  }
  std::map<std::string, std::string> tag_definitions() const override {
    return schemas_.tag_definitions();
  }
  CatalogPage<CatalogJob> jobs(const std::string& ns, size_t limit, size_t offset) const override {
    return catalog().jobs(ns, limit, offset);
  }
  Result<CatalogDataset> dataset(const std::string& id) const override {
    return catalog().dataset(id);
  }
  Result<CatalogJob> job(const std::string& id) const override { return catalog().job(id); }
  Result<CatalogRun> run(const std::string& run_id) const override {
    return catalog().run(run_id);
  }
  SearchResult search(const SearchQuery& q) const override { return catalog().search(q, access_); }
  Overview overview(size_t per_domain) const override { return catalog().overview(per_domain); }
  Result<CatalogPage<CatalogRun>> runs(const std::string& job_id, size_t limit,
                                       size_t offset) const override {
    return catalog().runs(job_id, limit, offset);
  }

  Sizes sizes() const override {
    return {graph_.node_count(), graph_.edge_count(), graph_.open_edge_count()};
  }

  FirstSeen first_seen(NodeKind kind) const override {
    FirstSeen out;
    std::unordered_map<std::string_view, uint64_t> by_namespace;
    each_named_node([&](queries::NodeId, const queries::NodeInfo& info, std::string_view ns) {
      if (info.kind != kind) return;
      out.nodes.push_back(info.first_seq);
      auto [it, added] = by_namespace.try_emplace(ns, info.first_seq);
      if (!added) it->second = std::min(it->second, info.first_seq);
    });
    for (const auto& [ns, seq] : by_namespace) out.namespaces.push_back(seq);
    std::sort(out.nodes.begin(), out.nodes.end());
    std::sort(out.namespaces.begin(), out.namespaces.end());
    return out;
  }

  std::vector<NamespaceSummary> namespace_summaries() const override {
    std::map<std::string_view, NamespaceSummary> by_name;
    each_named_node([&](queries::NodeId, const queries::NodeInfo& info, std::string_view ns) {
      auto [it, added] = by_name.try_emplace(ns);
      NamespaceSummary& s = it->second;
      if (added || info.first_seq < s.first_seq) s.first_seq = info.first_seq;
      s.holds_datasets = s.holds_datasets || info.kind == NodeKind::kDataset;
    });
    for (const auto& [ns, t] : ledger_.updated_by_namespace()) {
      auto it = by_name.find(ns);
      if (it != by_name.end()) it->second.updated_at = t;
    }
    std::vector<NamespaceSummary> out;
    out.reserve(by_name.size());
    for (auto& [ns, s] : by_name) {
      s.name = std::string(ns);
      out.push_back(std::move(s));
    }
    return out;
  }

  Result<Stats> stats(Timestamp now, int64_t unused_days) const override {
    if (Status f = history_for_reads(); !f.ok()) return f;
    Stats s;
    const Timestamp since{now.unix_nanos - unused_days * 86'400'000'000'000};
    const std::vector<queries::NodeId> run_readers = graph_.read_by_runs(since, now);
    Status failed;
    for (size_t i = 0; i < graph_.node_count(); ++i) {
      const auto n = static_cast<queries::NodeId>(i);
      const queries::NodeInfo& info = graph_.node(n);
      switch (info.kind) {
        case NodeKind::kColumn:
          ++s.columns;
          continue;
        case NodeKind::kJob:
          ++s.jobs;
          continue;
        case NodeKind::kDataset:
          ++s.datasets;
          break;
      }
      const std::string id(graph_.id(n));
      if (info.owner == 0) s.without_owner.push_back(id);
      auto read_by_someone = [&] {
        if (std::binary_search(run_readers.begin(), run_readers.end(), n)) return true;
        // An access record may name it by any of its ids: one key range each.
        auto read = history_.read_between(graph_.ids_of(n), since, now, head_.size);
        if (!read.ok()) failed = read.status();
        return !read.ok() || *read;
      };
      if (info.product && !read_by_someone()) s.unused_products.push_back(id);
      if (!failed.ok()) return failed;
    }
    for (auto* list : {&s.without_owner, &s.unused_products}) {
      std::sort(list->begin(), list->end());
    }
    s.unknown_provenance = graph_.unknown_provenance();
    s.edges = graph_.edge_count();
    s.open_edges = graph_.open_edge_count();
    s.grants = access_.grant_count();
    s.principals = access_.principal_count();
    s.access_records = access_.access_record_count();
    return s;
  }

 private:
  VersionNode version_node(const queries::DatasetVersion& v) const {
    VersionNode n;
    n.dataset = queries::dataset_id(v.dataset);
    n.version = v.label;
    n.run_id = v.run_id;
    n.written_at = v.written_at;
    if (auto run = ledger_.run(v.run_id)) {
      n.job = queries::job_id(run->job);
      n.seqs = run->seqs;
    }
    return n;
  }

  struct Expansion {
    std::set<std::string> on_path;  // run ids being expanded: a guard against equal timestamps
    std::set<std::pair<std::string, std::string>> done;  // (dataset, run id) expanded already
  };
  VersionNode expand(const queries::DatasetVersion& v, std::optional<uint32_t> depth,
                     Expansion* e) const {
    VersionNode n = version_node(v);
    if ((depth && *depth == 0) || e->on_path.count(v.run_id)) return n;
    if (!e->done.insert({n.dataset, v.run_id}).second) {
      n.inputs_shown_above = true;
      return n;
    }
    e->on_path.insert(v.run_id);
    if (auto run = ledger_.run(v.run_id)) {
      for (const DatasetRef& input : run->inputs) {
        auto read = ledger_.input_version(v.run_id, input);
        if (!read) {
          n.unversioned_inputs.push_back(queries::dataset_id(input));
          continue;
        }
        n.inputs.push_back(expand(*read, depth ? std::optional(*depth - 1) : std::nullopt, e));
      }
    }
    e->on_path.erase(v.run_id);
    return n;
  }

  queries::Catalog catalog() const { return {graph_, schemas_, ledger_}; }

  // fn(node, info, namespace) for every dataset and job node; the namespace is a view into the
  // node's id, "<kind>:<namespace>:<name>", up to its last colon (as split_node_id reads it).
  template <class F>
  void each_named_node(F&& fn) const {
    for (queries::NodeId n = 0; n < graph_.node_count(); ++n) {
      const queries::NodeInfo& info = graph_.node(n);
      if (info.kind == NodeKind::kColumn) continue;
      std::string_view id = graph_.id(n);
      id.remove_prefix(id.find(':') + 1);
      const size_t colon = id.rfind(':');
      if (colon == std::string_view::npos || colon == 0) continue;  // split_node_id refuses it
      fn(n, info, id.substr(0, colon));
    }
  }

  Result<queries::NodeId> dataset_node(const std::string& id) const {
    auto node = graph_.find(id);
    if (!node || graph_.node(*node).kind != NodeKind::kDataset) {
      return Status::NotFound("dataset: no dataset has the id '" + id + "'");
    }
    return *node;
  }

  const EventLog* log_;
  queries::LineageGraph graph_;
  queries::AccessState access_;
  queries::SchemaState schemas_;
  queries::RunLedger ledger_;
  LogHead head_{0, merkle_empty_root()};
  // The node a lineage query starts from: a dataset or column known at log size `size`.
  Result<queries::NodeId> query_node(const std::string& id, uint64_t size) const {
    auto node = graph_.find(id);
    if (!node) return Status::NotFound("node: no dataset or column has the id '" + id + "'");
    const queries::NodeInfo& info = graph_.node(*node);
    if (info.kind == NodeKind::kJob) {
      return Status::InvalidArgument("node: '" + id +
                                     "' is a job; ask for one of its datasets or columns");
    }
    if (info.first_seq >= size) {
      return Status::NotFound("node: '" + id + "' first appears at seq " +
                              std::to_string(info.first_seq) + ", after the log size asked for (" +
                              std::to_string(size) + ")");
    }
    return *node;
  }

  // The log position of size `size` (the head, or the root the log had then).
  Result<LogHead> head_at(uint64_t size) const {
    if (size == head_.size) return head_;
    LogHead at{size, Hash{}};
    if (log_) {
      auto root = log_->root_at(size);
      if (!root.ok()) return root.status();
      at.root = *root;
    }
    return at;
  }

  // The access records, on disk: the log's history families, or (no log) a store in memory.
  std::unique_ptr<HistoryStore> own_history_;
  mutable queries::HistoryLedger history_;  // mutable: questions flush its buffer first
  bool history_open_ = false;
  mutable queries::VisitedSet visited_;
  mutable queries::ReachBits reach_bits_;  // scratch for reach()  // scratch for query(); the index is not thread-safe
};

}  // namespace

std::unique_ptr<Index> make_index(const EventLog* log) { return std::make_unique<GraphIndex>(log); }

namespace queries {

const RunLedger& run_ledger(const Index& index) {
  // make_index() makes every Index there is.
  return static_cast<const GraphIndex&>(index).ledger();
}

const LineageGraph& lineage_graph(const Index& index) {
  return static_cast<const GraphIndex&>(index).graph();
}

const AccessState& access_state(const Index& index) {
  return static_cast<const GraphIndex&>(index).access_state();
}

}  // namespace queries

Result<std::unique_ptr<Index>> Index::Build(const EventLog& log) {
  auto index = std::make_unique<GraphIndex>(&log);
  index->defer_adjacency();
  if (Status s = index->replay(log, log.head()); !s.ok()) return s;
  if (Status s = index->flush_history(); !s.ok()) return s;
  index->compact();
  return std::unique_ptr<Index>(std::move(index));
}

Result<std::unique_ptr<Index>> Index::Open(const EventLog& log, const std::string& snapshot_path,
                                           IndexStart* start, const IndexProgress& progress) {
  IndexStart local;
  IndexStart& info = start ? *start : local;
  info = IndexStart{};
  const LogHead head = log.head();
  auto index = std::make_unique<GraphIndex>(&log);
  auto file = queries::read_snapshot(snapshot_path);
  if (!file.ok()) {
    if (!file.status().is_not_found()) info.snapshot_ignored = file.status().message();
  } else if (file->at.size > head.size) {
    info.snapshot_ignored = "snapshot: taken at size " + std::to_string(file->at.size) +
                            ", past the log's size " + std::to_string(head.size);
  } else if (auto root = log.root_at(file->at.size); !root.ok() || *root != file->at.root) {
    info.snapshot_ignored = "snapshot: its root at size " + std::to_string(file->at.size) +
                            " is not the log's";
  } else {
    // The checksum is computed beside the load, on another core (both only read the mapping);
    // what was loaded is kept only if it matched.
    Status checked;
    bool loaded = false;
    {
      std::jthread checker([&] { checked = queries::check_snapshot(*file); });
      loaded = index->load(file->payload, file->at, file->file);
    }
    if (!checked.ok() || !loaded) {
      info.snapshot_ignored =
          !checked.ok() ? checked.message() : "snapshot: its state does not decode";
      index = std::make_unique<GraphIndex>(&log);  // drop whatever was half loaded
    } else {
      info.from_snapshot = true;
      info.snapshot_size = file->at.size;
    }
  }
  // Loaded or not, the file is ours no more: what the index took as views keeps its blocks mapped.
  if (file.ok()) *file = queries::SnapshotFile{};
  const uint64_t from = index->head().size;
  if (Status s = index->open_history(); !s.ok()) return s;
  // A store from before the history families, or whose families were lost: the snapshot holds
  // no access records, so they are written from the log up to it.
  if (index->history_complete() < from) {
    const uint64_t lacking = index->history_complete();
    if (progress) progress(0, from - lacking);
    Status s = index->catch_up_history(log, lacking, from, progress);
    if (!s.ok()) return s;
    info.history_replayed = from - lacking;
  }
  if (!info.from_snapshot) index->defer_adjacency();  // a replay from the start
  if (Status s = index->replay(log, head); !s.ok()) return s;
  if (Status s = index->flush_history(); !s.ok()) return s;
  info.replayed = head.size - from;
  index->compact();
  return std::unique_ptr<Index>(std::move(index));
}

}  // namespace auditgraph
