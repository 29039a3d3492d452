#include "queries/change_check.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace auditgraph {

const char* field_change_name(FieldChange::Kind kind) {
  switch (kind) {
    case FieldChange::Kind::kRemoved:
      return "removed";
    case FieldChange::Kind::kRenamed:
      return "renamed";
    case FieldChange::Kind::kRetyped:
      return "retyped";
    case FieldChange::Kind::kAdded:
      return "added";
  }
  return "unknown";
}

const char* change_class_name(ChangeImpact::Class cls) {
  switch (cls) {
    case ChangeImpact::Class::kBreaking:
      return "breaking";
    case ChangeImpact::Class::kAffected:
      return "affected";
    case ChangeImpact::Class::kNotDerived:
      return "not_derived";
  }
  return "unknown";
}

const char* change_verdict_name(ChangeReport::Verdict v) {
  switch (v) {
    case ChangeReport::Verdict::kSafe:
      return "safe";
    case ChangeReport::Verdict::kBreakingWithNotice:
      return "breaking_with_notice";
    case ChangeReport::Verdict::kBreakingWithoutNotice:
      return "breaking_without_notice";
  }
  return "unknown";
}

}  // namespace auditgraph

namespace auditgraph::queries {
namespace {

struct Flat {
  std::string type, parent;
  size_t index = 0;
};

// Dotted path -> type and position, for every field, nested ones too.
void flatten(const std::vector<SchemaField>& fields, const std::string& parent,
             std::map<std::string, Flat>* out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string path = parent.empty() ? fields[i].name : parent + "." + fields[i].name;
    (*out)[path] = {fields[i].type, parent, i};
    flatten(fields[i].fields, path, out);
  }
}

bool is_direct(std::string_view transformation) { return transformation.starts_with("DIRECT"); }

}  // namespace

std::vector<FieldChange> diff_schema(const std::vector<SchemaField>& current,
                                     const std::vector<SchemaField>& proposed) {
  std::map<std::string, Flat> before, after;
  flatten(current, "", &before);
  flatten(proposed, "", &after);
  std::vector<FieldChange> out;
  std::set<std::string> renamed_targets;
  for (const auto& [path, f] : before) {
    auto it = after.find(path);
    if (it != after.end()) {
      if (it->second.type != f.type) {
        out.push_back({FieldChange::Kind::kRetyped, path, f.type, it->second.type, ""});
      }
      continue;
    }
    // A field of the same type at the same place that is new: a rename.
    std::string target;
    for (const auto& [new_path, g] : after) {
      if (!before.count(new_path) && !renamed_targets.count(new_path) && g.parent == f.parent &&
          g.index == f.index && g.type == f.type) {
        target = new_path;
        break;
      }
    }
    if (!target.empty()) {
      renamed_targets.insert(target);
      out.push_back({FieldChange::Kind::kRenamed, path, f.type, f.type, target});
    } else {
      out.push_back({FieldChange::Kind::kRemoved, path, f.type, "", ""});
    }
  }
  for (const auto& [path, g] : after) {
    if (!before.count(path) && !renamed_targets.count(path)) {
      out.push_back({FieldChange::Kind::kAdded, path, "", g.type, ""});
    }
  }
  return out;
}

Result<ChangeReport> check_change(const LineageGraph& graph, const SchemaState& schemas,
                                  const HistoryLedger& access, NodeId dataset,
                                  const ChangeQuery& query, uint64_t size) {
  ChangeReport report;
  const std::vector<std::string> names = graph.ids_of(dataset);
  if (const auto* current = schemas.schema(names)) {
    report.current_schema = current->fields;
    report.current_schema_seq = current->seq;
  }
  report.changes = diff_schema(report.current_schema, query.new_schema);

  // Column level: BFS over (column, all-direct-so-far) states from every breaking change.
  struct State {
    NodeId node;
    bool direct;
    std::string because;
    std::vector<NodeId> path;
  };
  std::map<NodeId, ChangeImpact> impacts;  // by node
  std::set<std::string> jobs;
  auto note = [&](NodeId n, bool breaking, const std::string& because,
                  const std::vector<NodeId>& path) {
    auto [it, added] = impacts.try_emplace(n);
    ChangeImpact& impact = it->second;
    const auto cls = breaking ? ChangeImpact::Class::kBreaking : ChangeImpact::Class::kAffected;
    if (!added &&
        !(cls == ChangeImpact::Class::kBreaking && impact.cls == ChangeImpact::Class::kAffected)) {
      return;
    }
    const NodeInfo& info = graph.node(n);
    impact.id = graph.id(n);
    impact.cls = cls;
    impact.because = because;
    impact.path.clear();
    for (NodeId p : path) impact.path.emplace_back(graph.id(p));
    const NodeId ds = info.kind == NodeKind::kColumn ? info.dataset : n;
    impact.owner = graph.owner(ds);
    impact.domain = graph.domain(ds);
  };
  std::set<std::pair<NodeId, bool>> seen;
  std::deque<State> queue;
  for (const FieldChange& c : report.changes) {
    if (!c.breaking()) continue;
    auto start = graph.find_column(dataset, c.field);
    if (!start) continue;
    queue.push_back({*start, true, c.field, {*start}});
    seen.insert({*start, true});
  }
  while (!queue.empty()) {
    State s = std::move(queue.front());
    queue.pop_front();
    graph.each_out(s.node, [&](NodeId to, EdgeId id) {
      const EdgeRecord& e = graph.edge(id);
      if (!e.alive_at(size)) return;
      const bool direct = s.direct && is_direct(graph.transformation(e));
      if (!seen.insert({to, direct}).second) return;
      if (!direct && seen.count({to, true})) return;  // already reached as breaking
      jobs.emplace(graph.id(e.job));
      std::vector<NodeId> path = s.path;
      path.push_back(to);
      note(to, direct, s.because, path);
      note(graph.node(to).dataset, direct, s.because, path);
      queue.push_back({to, direct, s.because, std::move(path)});
    });
  }

  // Dataset level: the jobs that read the dataset, or a dataset downstream of it, and what they
  // write, walked from each dataset at one of three levels. kKnown from a dataset whose changed
  // columns the column walk above knows (the dataset itself, one derived from a changed field):
  // an output written with column lineage that the column walk did not reach is not derived from
  // the changed fields, one written without is affected, column lineage unknown. kUnknown from
  // such an affected one: every output is affected, column lineage unknown (which of its columns
  // changed is not known). kClean from a not-derived one: its data does not change, so what it
  // feeds is not derived either, unless reached otherwise.
  // job -> the outputs it gave column lineage for: read from the job's own open records (column
  // edges are adjacent to columns, not to their job or dataset), once per job met.
  std::unordered_map<NodeId, std::unordered_set<NodeId>> described;
  auto has_column_lineage = [&](NodeId job, NodeId output) {
    auto [it, added] = described.try_emplace(job);
    if (added) {
      graph.each_open_of_job(job, [&](EdgeId e) {
        const EdgeRecord& r = graph.edge(e);
        if (r.job == r.from || r.job == r.to) return;  // a dataset edge
        it->second.insert(graph.node(r.to).dataset);
      });
    }
    return it->second.count(output) > 0;
  };
  auto set_dataset = [&](ChangeImpact& impact, NodeId n, ChangeImpact::Class cls, bool known,
                         const std::vector<NodeId>& path) {
    impact.id = graph.id(n);
    impact.cls = cls;
    impact.column_lineage_known = known;
    impact.because.clear();
    impact.path.clear();
    for (NodeId p : path) impact.path.emplace_back(graph.id(p));
    impact.owner = graph.owner(n);
    impact.domain = graph.domain(n);
  };
  enum Level : uint8_t { kClean, kKnown, kUnknown };
  struct Walk {
    std::vector<NodeId> path;  // from the dataset to the one to walk from
    Level level;
  };
  std::map<NodeId, Level> walked{{dataset, kKnown}};  // dataset -> the highest level walked
  std::deque<Walk> walks{{{dataset}, kKnown}};
  auto walk = [&](NodeId n, const std::vector<NodeId>& path, Level level) {
    auto [it, added] = walked.try_emplace(n, level);
    if (!added) {
      if (it->second >= level) return;  // walked already, with as much to say
      it->second = level;
    }
    walks.push_back({path, level});
  };
  while (!walks.empty()) {
    Walk w = std::move(walks.front());
    walks.pop_front();
    graph.each_out(w.path.back(), [&](NodeId job, EdgeId id) {
      if (!graph.edge(id).alive_at(size) || graph.node(job).kind != NodeKind::kJob) return;
      graph.each_out(job, [&](NodeId output, EdgeId id2) {
        if (!graph.edge(id2).alive_at(size) || output == dataset) return;
        std::vector<NodeId> next = w.path;
        next.push_back(job);
        next.push_back(output);
        auto it = impacts.find(output);
        const bool reached =
            it != impacts.end() && it->second.cls != ChangeImpact::Class::kNotDerived;
        if (w.level == kClean || (w.level == kKnown && has_column_lineage(job, output))) {
          if (reached) {
            // Derived from a changed field by the column walk: walked from there on its own.
            if (w.level == kKnown) {
              walk(output, next, it->second.column_lineage_known ? kKnown : kUnknown);
            }
          } else {
            if (it == impacts.end()) {
              set_dataset(impacts[output], output, ChangeImpact::Class::kNotDerived, true, next);
            }
            walk(output, next, kClean);
          }
          return;
        }
        jobs.emplace(graph.id(job));
        if (!reached) {
          set_dataset(impacts[output], output, ChangeImpact::Class::kAffected, false, next);
        }
        walk(output, next, kUnknown);
      });
    });
  }

  std::set<std::string> owners;
  for (auto& [n, impact] : impacts) {
    if (impact.cls == ChangeImpact::Class::kNotDerived) {
      report.not_derived.push_back(std::move(impact));
      continue;
    }
    if (!impact.owner.empty()) owners.insert(impact.owner);
    report.impacts.push_back(std::move(impact));
  }
  std::sort(report.impacts.begin(), report.impacts.end(), [&](const auto& a, const auto& b) {
    const bool a_col = a.id.rfind("datasetField:", 0) == 0,
               b_col = b.id.rfind("datasetField:", 0) == 0;
    return std::tie(b_col, a.cls, a.id) < std::tie(a_col, b.cls, b.id);
  });
  std::sort(report.not_derived.begin(), report.not_derived.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  report.jobs.assign(jobs.begin(), jobs.end());
  report.owners.assign(owners.begin(), owners.end());

  const Timestamp since{query.now.unix_nanos - query.recent_days * 86'400'000'000'000};
  auto consumers = access.history(names, since, query.now, size);
  if (!consumers.ok()) return consumers.status();
  for (const auto& p : consumers->principals) {
    report.consumers.push_back(p.principal.name);
  }
  for (const auto& n : schemas.notices(names)) {
    if (query.now < n.sunset) report.deprecation = n;  // the last live one
  }
  const bool breaking =
      std::any_of(report.impacts.begin(), report.impacts.end(),
                  [](const auto& i) { return i.cls == ChangeImpact::Class::kBreaking; });
  report.verdict = !breaking            ? ChangeReport::Verdict::kSafe
                   : report.deprecation ? ChangeReport::Verdict::kBreakingWithNotice
                                        : ChangeReport::Verdict::kBreakingWithoutNotice;
  return report;
}

}  // namespace auditgraph::queries
