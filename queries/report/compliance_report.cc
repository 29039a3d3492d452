// compliance_report: one pass over the log prefix collects what the events say directly
// (declarations, grants, schema changes, reads) and recomputes the root from the records; an
// index at the report's size (the caller's, or one this pass feeds) answers what needs the graph
// (unknown provenance, group chains, PII reach) and holds the runs (its RunLedger).
// Everything is sorted, and nothing reads the wall clock, so the same query gives the same value.
#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "auditgraph/index.h"
#include "auditgraph/report.h"
#include "queries/access_state.h"
#include "queries/change_check.h"
#include "queries/lineage_graph.h"
#include "queries/run_ledger.h"
#include "storage/merkle_tree.h"

namespace auditgraph {
namespace {

using Report = ComplianceReport;
constexpr int64_t kSecond = 1'000'000'000;

bool in_period(Timestamp t, const ReportQuery& q) { return q.from <= t && t < q.to; }

std::string resource_name(const Resource& r) {
  switch (r.kind) {
    case Resource::Kind::kDomain:
      return "domain:" + r.domain;
    case Resource::Kind::kColumns: {
      std::string s = queries::dataset_id(r.dataset) + "[";
      for (size_t i = 0; i < r.columns.size(); ++i) s += (i ? "," : "") + r.columns[i];
      return s + "]";
    }
    case Resource::Kind::kDataset:
      break;
  }
  return queries::dataset_id(r.dataset);
}

// What the pass over the events gathers.
struct Facts {
  // Every dataset seen, by id (the inventory is sorted when it is made). A node map: the ids
  // that reads point to stay where they are.
  std::unordered_map<std::string, Report::Dataset> datasets;
  std::map<std::string, std::vector<SchemaField>> schema;  // the latest known, by dataset
  std::map<std::string, std::set<std::string>> versions;  // completed runs writing it
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<uint64_t>> derivations;
  std::vector<Report::SchemaChange> changes;
  std::map<std::string, std::vector<std::pair<uint64_t, Timestamp>>> notices;  // (seq, sunset)
  struct Write {
    Timestamp at;               // the run's completion
    std::vector<uint64_t> seqs;  // the run's events
    friend bool operator<(const Write& a, const Write& b) { return a.at < b.at; }
  };
  std::map<std::string, std::vector<Write>> writes;  // completed runs writing it
  // By access records or runs completed in the period.
  std::unordered_set<std::string> read_in_period;
  struct Read {
    PrincipalRef principal;
    const std::string* dataset;  // its id, a key of `datasets`
    uint64_t seq;
  };
  std::vector<Read> reads;  // in the period
};

// The dataset's facts, made (with its id) the first time it is named.
Report::Dataset& dataset(Facts& f, const DatasetRef& d) {
  auto [it, made] = f.datasets.try_emplace(queries::dataset_id(d));
  if (made) it->second.id = it->first;
  return it->second;
}

void collect(const Event& e, const ReportQuery& q, Facts& f) {
  const uint64_t seq = e.seq;
  if (const auto* d = std::get_if<DatasetDeclared>(&e.payload)) {
    auto& ds = dataset(f, d->dataset);
    ds.product = ds.product || d->data_product;
    if (!d->domain.empty()) ds.domain = d->domain;
    if (!d->owners.empty()) {
      ds.owners.clear();
      for (const auto& o : d->owners) ds.owners.push_back(o.name);
    }
    if (!d->lifecycle_state.empty()) ds.lifecycle = d->lifecycle_state;
    if (d->freshness_slo_seconds) ds.freshness_slo_seconds = d->freshness_slo_seconds;
    if (!d->schema.empty()) {
      f.schema[ds.id] = d->schema;
      ds.schema_version = d->version;
    }
    ds.seqs.push_back(seq);
  } else if (const auto* o = std::get_if<OwnershipChanged>(&e.payload)) {
    auto& ds = dataset(f, o->dataset);
    ds.owners.clear();
    for (const auto& owner : o->owners) ds.owners.push_back(owner.name);
    ds.seqs.push_back(seq);
  } else if (const auto* c = std::get_if<SchemaChanged>(&e.payload)) {
    auto& ds = dataset(f, c->dataset);
    ds.seqs.push_back(seq);
    ds.schema_version = c->version;
    if (in_period(e.event_time, q)) {
      Report::SchemaChange change;
      change.dataset = ds.id;
      change.version = c->version;
      change.at = e.event_time;
      change.changes = queries::diff_schema(f.schema[ds.id], c->schema);
      change.breaking = std::any_of(change.changes.begin(), change.changes.end(),
                                    [](const FieldChange& fc) { return fc.breaking(); });
      for (const auto& [notice_seq, sunset] : f.notices[ds.id]) {
        change.notice_seq = notice_seq;  // the latest notice logged before the change
        change.notice_sunset = sunset;
      }
      if (change.notice_seq) change.seqs.push_back(*change.notice_seq);
      change.seqs.push_back(seq);
      f.changes.push_back(std::move(change));
    }
    f.schema[ds.id] = c->schema;
  } else if (const auto* n = std::get_if<DeprecationNotice>(&e.payload)) {
    f.notices[queries::dataset_id(n->dataset)].emplace_back(seq, n->sunset);
  } else if (const auto* a = std::get_if<AccessRecorded>(&e.payload)) {
    const std::string& id = dataset(f, a->dataset).id;
    if (in_period(e.event_time, q) && a->mode == AccessRecorded::Mode::kRead) {
      f.read_in_period.insert(id);
      f.reads.push_back({a->principal, &id, seq});
    }
  } else if (const auto* run = std::get_if<RunEvent>(&e.payload)) {
    // What a run derived, wrote and read comes from the whole run (runs_of), not this event.
    for (const auto& in : run->inputs) dataset(f, in.dataset);
    for (const auto& out : run->outputs) dataset(f, out.dataset);
  }
}

// The facts that runs give, from the run model: a run's events add up, in any order, so a run
// whose inputs and outputs came on START and that completed with a bare COMPLETE counts like one
// that named them all on COMPLETE. Each completed run writes a version of each output (dated by
// its completion), derives each output from each input, and reads its inputs.
void runs_of(const queries::RunLedger& runs, const ReportQuery& q, Facts& f) {
  runs.for_each_run([&](const queries::RunSummary& run) {
    if (!run.completed_at) return;
    const Timestamp done = *run.completed_at;
    const std::string job = queries::job_id(run.job);
    if (in_period(done, q)) {
      for (const auto& in : run.inputs) f.read_in_period.insert(queries::dataset_id(in));
    }
    for (const auto& out : run.outputs) {
      const std::string to = queries::dataset_id(out);
      f.versions[to].insert(run.run_id);
      f.writes[to].push_back({done, run.seqs});
      for (const auto& in : run.inputs) {
        auto& seqs = f.derivations[{queries::dataset_id(in), to, job}];
        seqs.insert(seqs.end(), run.seqs.begin(), run.seqs.end());
      }
    }
  });
  for (auto& [key, seqs] : f.derivations) {
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  }
}

template <class T, class Key>
void sort_by(std::vector<T>& v, Key key) {
  std::sort(v.begin(), v.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

// Gaps longer than the SLO between consecutive writes, from the first write in the period on.
void freshness(const Facts& f, const Report::Dataset& ds, const ReportQuery& q, Report& out) {
  auto it = f.writes.find(ds.id);
  if (!ds.freshness_slo_seconds || it == f.writes.end()) return;
  std::vector<Facts::Write> writes;
  for (const auto& w : it->second) {
    if (in_period(w.at, q)) writes.push_back(w);
  }
  if (writes.empty()) return;
  std::stable_sort(writes.begin(), writes.end());
  const int64_t slo = *ds.freshness_slo_seconds;
  for (size_t i = 0; i < writes.size(); ++i) {
    const bool last = i + 1 == writes.size();
    const Timestamp until = last ? q.to : writes[i + 1].at;
    const int64_t gap = (until.unix_nanos - writes[i].at.unix_nanos) / kSecond;
    if (gap <= slo) continue;
    std::vector<uint64_t> seqs = writes[i].seqs;
    if (!last) seqs.insert(seqs.end(), writes[i + 1].seqs.begin(), writes[i + 1].seqs.end());
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    out.freshness_breaches.push_back({ds.id, slo, writes[i].at, until, gap, seqs});
  }
}

// Checks the query against the log: InvalidArgument for an empty period, or a log_size or
// since_size past the head (or a since_size past the asked log_size).
Status check_query(const EventLog& log, const ReportQuery& query) {
  if (!(query.from < query.to)) {
    return Status::InvalidArgument("to: must be after from (the period is [from, to))");
  }
  const uint64_t head = log.head().size;
  if (query.log_size && *query.log_size > head) {
    return Status::InvalidArgument("log_size: " + std::to_string(*query.log_size) +
                                   " is past the log's head (" + std::to_string(head) + ")");
  }
  const uint64_t size = query.log_size.value_or(head);
  if (query.since_size && *query.since_size > size) {
    return Status::InvalidArgument("since_size: " + std::to_string(*query.since_size) +
                                   " is past the report's log size (" + std::to_string(size) +
                                   ")");
  }
  return Status::Ok();
}

// One pass over the records gathers the facts and recomputes the root from the records' bytes
// (the leaves); an index of the report's own, when there is one, is fed by the same pass.
class Builder final : public ReportBuilder {
 public:
  Builder(const EventLog& log, const ReportQuery& query, bool own_index)
      : log_(log), query_(query), own_(own_index ? make_index(&log) : nullptr) {}

  Status read(uint64_t size) override {
    if (!broken_.ok()) return broken_;
    if (size <= read_) return Status::Ok();
    if (size > log_.head().size) {
      return Status::InvalidArgument("log_size: " + std::to_string(size) +
                                     " is past the log's head (" +
                                     std::to_string(log_.head().size) + ")");
    }
    // The own index's last head carries its root (heads before it none: only the last is read).
    Hash last;
    if (own_) {
      auto root = log_.root_at(size);
      if (!root.ok()) return root.status();
      last = *root;
    }
    Status added = Status::Ok();
    Status scanned = log_.scan_records(read_, size, [&](const Event& e, std::string_view record) {
      completed_.clear();
      tree_.append(merkle_leaf_hash(record), &completed_);
      collect(e, query_, f_);
      if (own_) added = own_->add(e, LogHead{e.seq + 1, e.seq + 1 == size ? last : Hash{}});
      return added.ok();
    });
    if (scanned.ok() && !added.ok()) scanned = added;
    if (scanned.ok() && tree_.size() != size) {
      scanned = Status::Corruption("the log ends at " + std::to_string(tree_.size()) +
                                   " records, not " + std::to_string(size));
    }
    // A pass cut short has gathered part of a range: it cannot be resumed.
    if (!scanned.ok()) broken_ = scanned;
    read_ = tree_.size();
    return scanned;
  }

  Status ask(const Index& index) override;
  Result<ComplianceReport> finish() override;
  // ask() of the report's own index, at what was read.
  Status ask_own() { return ask(*own_); }

 private:
  bool in_scope(const std::string& id) const {
    if (query_.domain.empty()) return true;
    auto it = f_.datasets.find(id);
    return it != f_.datasets.end() && it->second.domain == query_.domain;
  }
  Status take(const Index& index);  // ask()'s part that changes the facts
  void lineage_rows();
  void grant_rows(const queries::AccessState& access);
  void pii_rows();
  void change_rows();
  void usage_rows();

  const EventLog& log_;
  const ReportQuery query_;
  std::unique_ptr<Index> own_;  // null: ask() is given the index
  Facts f_;
  storage::Frontier tree_;  // over the records read
  std::vector<storage::TreeNode> completed_;  // what each leaf completes: unused here
  uint64_t read_ = 0;
  Status broken_;          // a failed read() or ask(): every later call returns it
  bool asked_ = false;     // ask() took the index's part: once only
  bool finished_ = false;  // finish() moves the report out: once only
  Report out_;             // made by ask(), then finish()
  PiiReach pii_;           // the index's answer, read by finish()
};

// The index's part, under the caller's hold: the runs (the index's RunLedger), the inventory
// in its order, unknown provenance, the access paths through groups, the grants (AccessState),
// and PII reach.
Status Builder::ask(const Index& index) {
  if (asked_) return Status::FailedPrecondition("report: the index was asked already");
  if (!broken_.ok()) return broken_;
  const uint64_t size = index.head().size;
  const ReportQuery& query = query_;
  if (query.log_size && *query.log_size != size) {
    return Status::InvalidArgument("log_size: the report reads " +
                                   std::to_string(*query.log_size) + " records, the index is at " +
                                   std::to_string(size));
  }
  if (query.since_size && *query.since_size > size) {
    return Status::InvalidArgument("since_size: " + std::to_string(*query.since_size) +
                                   " is past the report's log size (" + std::to_string(size) +
                                   ")");
  }
  if (size < read_) {
    return Status::InvalidArgument("index: at size " + std::to_string(size) + ", below the " +
                                   std::to_string(read_) + " records read");
  }
  if (Status s = read(size); !s.ok()) return s;
  auto root = log_.root_at(size);
  if (!root.ok()) return root.status();
  if (index.head().root != *root) {
    return Status::InvalidArgument("index: its root at size " + std::to_string(size) +
                                   " is not this log's (an index of another log)");
  }
  asked_ = true;  // the facts change below: a second ask would count the runs twice
  out_.query = query;
  out_.query.log_size = size;
  out_.at = {size, *root};
  Status taken = take(index);
  if (!taken.ok()) broken_ = taken;  // half taken: finish() must not make a report of it
  return taken;
}

Status Builder::take(const Index& index) {
  const ReportQuery& query = query_;
  Facts& f = f_;
  Report& out = out_;
  runs_of(queries::run_ledger(index), query, f);

  // 1. Inventory (here: the access paths are listed in its order).
  for (auto& [id, ds] : f.datasets) {
    if (!in_scope(id)) continue;
    ds.versions = f.versions.count(id) ? f.versions[id].size() : 0;
    out.inventory.push_back(ds);
  }
  sort_by(out.inventory, [](const auto& d) { return std::make_tuple(!d.product, d.id); });

  // 2. Lineage coverage: what has no known source.
  for (const auto& id : queries::lineage_graph(index).unknown_provenance()) {
    if (in_scope(id)) out.unknown_provenance.push_back(id);
  }

  // 3. Access through groups.
  for (const auto& ds : out.inventory) {
    AccessQuery aq;
    aq.dataset = ds.id;
    aq.as_of = query.to;
    auto access = index.access(aq);
    // NotFound: a dataset only named by a grant or a read has no graph node, and so no access
    // paths to list. Any other error is the index failing: the report must not hide it.
    if (!access.ok() && access.status().is_not_found()) continue;
    if (!access.ok()) return access.status();
    for (const auto& p : access->paths) {
      if (p.chain.empty()) continue;
      ++out.group_access_total;
      if (query.list_group_access) {
        out.group_access.push_back({ds.id, p.principal, p.grant_id, p.chain, p.seqs});
      }
    }
  }

  // 3b. Grants, from the index's access state.
  grant_rows(queries::access_state(index));

  // 4. PII, made into rows by finish().
  PiiQuery pq;
  pq.now = query.to;
  auto pii = index.pii_reach(pq);
  if (!pii.ok()) return pii.status();
  pii_ = std::move(*pii);
  return Status::Ok();
}

// The rest, from the facts and the index's answers: no index needed.
Result<ComplianceReport> Builder::finish() {
  if (!broken_.ok()) return broken_;
  if (!asked_) return Status::FailedPrecondition("report: ask the index first");
  if (finished_) return Status::FailedPrecondition("report: finished already");
  finished_ = true;  // the report is moved out below
  Report& out = out_;
  const uint64_t size = out.at.size;
  const Hash recomputed = tree_.root();
  out.verified = recomputed == out.at.root;
  out.verification = out.verified
                         ? "the root recomputed from all " + std::to_string(size) +
                               " records matches the stored tree"
                         : "the records give root " + recomputed.hex() +
                               ", the stored tree says " + out.at.root.hex();
  if (query_.since_size) {
    auto proof = log_.prove_consistency(*query_.since_size, size);
    if (!proof.ok()) return proof.status();
    out.since = *proof;
  }
  // The signed checkpoints of both sizes, where they were published (NotFound: none was).
  for (auto [at, note] : {std::pair{std::optional(size), &out.checkpoint},
                          std::pair{query_.since_size, &out.since_checkpoint}}) {
    if (!at) continue;
    auto signed_at = log_.signed_checkpoint(*at);
    if (signed_at.ok()) {
      *note = signed_at->note;
    } else if (!signed_at.status().is_not_found()) {
      return signed_at.status();
    }
  }
  lineage_rows();
  pii_rows();
  change_rows();
  usage_rows();
  // 7. Freshness.
  for (const auto& ds : out.inventory) freshness(f_, ds, query_, out);
  return std::move(out_);
}

// 2. Lineage coverage: every derivation in scope, and those that cross domains.
void Builder::lineage_rows() {
  for (const auto& [key, seqs] : f_.derivations) {
    const auto& [from, to, job] = key;
    const std::string& a = f_.datasets[from].domain;
    const std::string& b = f_.datasets[to].domain;
    if (!in_scope(from) && !in_scope(to)) continue;
    out_.lineage.push_back({from, to, job, a, b, seqs});
    if (!a.empty() && !b.empty() && a != b) out_.cross_domain.push_back(out_.lineage.back());
  }
}

// 3. Grants, from the index's access state (the model `access` answers from): each grant event
// issued in the period, each revoked in it (by the first revocation dated after it and before
// the id's next grant), and those in force at the period's end as `access` finds them then (the
// last grant event dated at or before `to`, neither expired nor revoked by then).
void Builder::grant_rows(const queries::AccessState& access) {
  const ReportQuery& query = query_;
  Report& out = out_;
  auto grant_in_scope = [&](const Report::Grant& g) {
    if (query.domain.empty()) return true;
    if (g.resource == "domain:" + query.domain) return true;
    const std::string id = g.resource.substr(0, g.resource.find('['));
    return in_scope(id);
  };
  using GrantEvent = queries::AccessState::GrantEvent;
  auto row_of = [](const std::string& id, const GrantEvent& e) {
    const AccessGranted& g = *e.granted;
    Report::Grant row{id,        g.grantee,  resource_name(g.resource), g.privilege,
                      g.purpose, g.approver, g.ticket, e.at, g.expires_at, e.revoked_at,
                      {e.seq}};
    if (e.revoked_at) row.seqs.push_back(e.revoked_seq);
    return row;
  };
  access.each_grant([&](const std::string& id, const std::vector<GrantEvent>& events) {
    const AccessGranted* active = access.in_force(id, query.to);
    const GrantEvent* last = nullptr;  // the event in force at `to`, if any
    for (const GrantEvent& e : events) {
      if (e.granted == active) last = &e;
      const bool issued = in_period(e.at, query);
      const bool revoked = e.revoked_at && in_period(*e.revoked_at, query);
      if (!issued && !revoked) continue;
      Report::Grant row = row_of(id, e);
      if (!grant_in_scope(row)) continue;
      if (issued) out.grants_issued.push_back(row);
      if (revoked) out.grants_revoked.push_back(std::move(row));
    }
    if (!last) return;
    Report::Grant row = row_of(id, *last);
    if (!grant_in_scope(row)) return;
    const AccessGranted& g = *last->granted;
    if (!g.expires_at || g.purpose.empty()) out.grants_unbounded.push_back(row);
    if (g.privilege == "WRITE" || g.privilege == "ADMIN") out.grants_privileged.push_back(row);
    out.grants_active.push_back(std::move(row));
  });
}

// 4. PII: the tagged columns, where they flow, and who reads them.
void Builder::pii_rows() {
  Report& out = out_;
  const PiiReach& pii = pii_;
  auto column_in_scope = [&](const std::string& column) {
    auto parts = split_node_id(column);
    return parts ? in_scope(parts->dataset_id()) : query_.domain.empty();
  };
  for (size_t i = 0; i < pii.sources.size(); ++i) {
    if (column_in_scope(pii.sources[i])) {
      out.pii_columns.push_back({pii.sources[i], {pii.source_seqs[i]}});
    }
  }
  for (const auto& r : pii.reached) {
    if (column_in_scope(r.column) || column_in_scope(r.source)) {
      out.pii_flows.push_back({r.source, r.column, false, r.path, r.jobs, r.seqs});
    }
  }
  for (const auto& m : pii.masked) {
    if (column_in_scope(m.column) || column_in_scope(m.source)) {
      out.pii_flows.push_back({m.source, m.column, true, {}, {m.job}, m.seqs});
    }
  }
  sort_by(out.pii_flows, [](const auto& p) { return std::tie(p.source, p.column, p.masked); });
  for (const auto& r : pii.readers) {
    Report::PiiReader reader{r.principal, {}, r.without_source_grant, r.seqs};
    for (const auto& d : r.datasets) {
      if (in_scope(d)) reader.datasets.push_back(d);
    }
    if (reader.datasets.empty()) continue;
    if (!reader.without_source_grant.empty()) out.pii_readers_without_source_grant.push_back(reader);
    out.pii_readers.push_back(std::move(reader));
  }
}

// 5. Changes: the schema changes of the period, and the breaking ones without notice.
void Builder::change_rows() {
  Report& out = out_;
  for (auto& c : f_.changes) {
    if (in_scope(c.dataset)) out.schema_changes.push_back(std::move(c));
  }
  sort_by(out.schema_changes, [](const auto& c) { return std::tie(c.at, c.dataset); });
  for (const auto& c : out.schema_changes) {
    if (c.breaking && !c.notice_seq) out.breaking_without_notice.push_back(c);
  }
}

// 6. Usage: unused products, unowned datasets, and the top 10 consumers of the period.
void Builder::usage_rows() {
  Report& out = out_;
  for (const auto& ds : out.inventory) {
    if (ds.product && !f_.read_in_period.count(ds.id)) out.unused_products.push_back(ds.id);
    if (!ds.seqs.empty() && ds.owners.empty()) out.unowned_datasets.push_back(ds.id);
  }
  // The reads in scope, tallied by principal name (views into f_.reads; the dataset ids are
  // the facts' own), and only the top 10 made into rows.
  struct Tally {
    const PrincipalRef* principal = nullptr;  // the latest read's
    std::vector<uint64_t> seqs;
    std::vector<const std::string*> datasets;
  };
  std::unordered_map<std::string_view, Tally> tallies;
  for (const auto& r : f_.reads) {
    if (!in_scope(*r.dataset)) continue;
    Tally& t = tallies[r.principal.name];
    t.principal = &r.principal;
    t.seqs.push_back(r.seq);
    t.datasets.push_back(r.dataset);
  }
  std::vector<Tally*> ranked;
  ranked.reserve(tallies.size());
  for (auto& [name, t] : tallies) ranked.push_back(&t);
  auto busier = [](const Tally* a, const Tally* b) {
    if (a->seqs.size() != b->seqs.size()) return a->seqs.size() > b->seqs.size();
    return a->principal->name < b->principal->name;
  };
  const size_t top = std::min<size_t>(ranked.size(), 10);
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(top),
                    ranked.end(), busier);
  for (size_t i = 0; i < top; ++i) {
    Tally& t = *ranked[i];
    Report::Consumer c;
    c.principal = *t.principal;
    c.reads = t.seqs.size();
    c.seqs = std::move(t.seqs);
    std::sort(t.datasets.begin(), t.datasets.end());  // by address: made unique, then by id
    t.datasets.erase(std::unique(t.datasets.begin(), t.datasets.end()), t.datasets.end());
    for (const std::string* id : t.datasets) c.datasets.push_back(*id);
    std::sort(c.datasets.begin(), c.datasets.end());
    out.top_consumers.push_back(std::move(c));
  }
}

}  // namespace

Result<std::unique_ptr<ReportBuilder>> ReportBuilder::Start(const EventLog& log,
                                                            const ReportQuery& query) {
  if (Status s = check_query(log, query); !s.ok()) return s;
  return std::unique_ptr<ReportBuilder>(std::make_unique<Builder>(log, query, false));
}

Result<ComplianceReport> compliance_report(const EventLog& log, const ReportQuery& query) {
  if (Status s = check_query(log, query); !s.ok()) return s;
  Builder builder(log, query, true);
  if (Status s = builder.read(query.log_size.value_or(log.head().size)); !s.ok()) return s;
  if (Status s = builder.ask_own(); !s.ok()) return s;
  return builder.finish();
}

Result<ComplianceReport> compliance_report(const EventLog& log, const Index& index,
                                           const ReportQuery& query) {
  if (Status s = check_query(log, query); !s.ok()) return s;
  Builder builder(log, query, false);
  if (Status s = builder.ask(index); !s.ok()) return s;
  return builder.finish();
}

}  // namespace auditgraph
