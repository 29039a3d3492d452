// LineageIndex (include/auditgraph/lineage.h) over a LineageGraph.
#include <memory>

#include "auditgraph/lineage.h"
#include "auditgraph/merkle.h"
#include "queries/lineage_graph.h"
#include "queries/lineage_query.h"

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

namespace {

class GraphLineageIndex final : public LineageIndex {
 public:
  explicit GraphLineageIndex(const EventLog* log) : log_(log) {}

  Status add(const Event& event, const LogHead& head_after) override {
    if (event.seq != head_.size) {
      return Status::InvalidArgument("event seq " + std::to_string(event.seq) +
                                     ": the index expects seq " + std::to_string(head_.size));
    }
    graph_.add(event);
    head_ = head_after;
    return Status::Ok();
  }

  LogHead head() const override { return head_; }

  Result<LineageAnswer> query(const LineageQuery& q) const override {
    if (q.as_of_seq && q.as_of_time) {
      return Status::InvalidArgument("as_of: give a seq or a time, not both");
    }
    const uint64_t size = q.as_of_seq.value_or(head_.size);
    if (size > head_.size) {
      return Status::InvalidArgument("as_of: seq " + std::to_string(size) +
                                     " is past the log's size " + std::to_string(head_.size));
    }
    auto node = graph_.find(q.node);
    if (!node) return Status::NotFound("node: no dataset or column has the id '" + q.node + "'");
    const queries::NodeInfo& info = graph_.node(*node);
    if (info.kind == NodeKind::kJob) {
      return Status::InvalidArgument("node: '" + q.node +
                                     "' is a job; ask for one of its datasets or columns");
    }
    if (info.first_seq >= size) {
      return Status::NotFound("node: '" + q.node + "' first appears at seq " +
                              std::to_string(info.first_seq) + ", after the log size asked for (" +
                              std::to_string(size) + ")");
    }
    const queries::Moment at{size, q.as_of_time};
    LineageAnswer answer = queries::traverse(graph_, *node, q, at, &visited_);
    answer.at = head_;
    if (size != head_.size) {
      answer.at.size = size;
      if (log_) {
        auto root = log_->root_at(size);
        if (!root.ok()) return root.status();
        answer.at.root = *root;
      } else {
        answer.at.root = Hash{};
      }
    }
    return answer;
  }

  Stats stats() const override {
    Stats s;
    for (size_t n = 0; n < graph_.node_count(); ++n) {
      switch (graph_.node(static_cast<queries::NodeId>(n)).kind) {
        case NodeKind::kDataset:
          ++s.datasets;
          break;
        case NodeKind::kColumn:
          ++s.columns;
          break;
        case NodeKind::kJob:
          ++s.jobs;
          break;
      }
    }
    s.edges = graph_.edge_count();
    s.open_edges = graph_.open_edge_count();
    return s;
  }

 private:
  const EventLog* log_;
  queries::LineageGraph graph_;
  LogHead head_{0, merkle_empty_root()};
  mutable queries::VisitedSet visited_;  // scratch for query(); the index is not thread-safe
};

}  // namespace

std::unique_ptr<LineageIndex> make_lineage_index(const EventLog* log) {
  return std::make_unique<GraphLineageIndex>(log);
}

Result<std::unique_ptr<LineageIndex>> LineageIndex::Build(const EventLog& log) {
  auto index = std::make_unique<GraphLineageIndex>(&log);
  const LogHead head = log.head();
  Status failed;
  LogHead running{0, merkle_empty_root()};
  Status s = log.scan(0, head.size, [&](const Event& e) {
    running.size = e.seq + 1;
    failed = index->add(e, e.seq + 1 == head.size ? head : running);
    return failed.ok();
  });
  if (!s.ok()) return s;
  if (!failed.ok()) return failed;
  return std::unique_ptr<LineageIndex>(std::move(index));
}

}  // namespace auditgraph
