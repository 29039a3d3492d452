// One run model for every reader: the same mesh sent three ways (inputs and outputs on COMPLETE;
// on START only, with a bare COMPLETE, as Marquez's seed data and Airflow send them; split across
// START, RUNNING and COMPLETE) gives the same report, catalog and versions.
//
//   raw.orders ----(etl.clean: 01:00, 05:00, 09:00)----> clean.orders --(etl.daily: 02:00)--> mart.daily
//   raw.customers ---------------------------------------------------------^
//
// Each run completes 10 minutes after it starts. clean.orders (SLO 3 h) and mart.daily (a
// product, SLO 2 h) are declared; raw.customers is a product nobody reads by access record.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "auditgraph/report.h"
#include "src/event_json.h"
#include "test/util/temp_dir.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

enum class Shape { kOnComplete, kOnStart, kSplit };

std::string at(int hour, int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2026-09-30T%02d:%02d:00Z", hour, minute);
  return buf;
}

std::string datasets(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i)
    out += (i ? "," : "") + std::string(R"({"namespace":"lake","name":")") + names[i] + "\"}";
  return out + "]";
}

std::string run_event(const std::string& type, const std::string& time, const std::string& run,
                      const std::string& job, const std::vector<std::string>& in,
                      const std::vector<std::string>& out) {
  std::string e = R"({"eventType":")" + type + R"(","eventTime":")" + time +
                  R"(","run":{"runId":")" + run + R"("},"job":{"namespace":"etl","name":")" + job +
                  "\"}";
  if (!in.empty()) e += R"(,"inputs":)" + datasets(in);
  if (!out.empty()) e += R"(,"outputs":)" + datasets(out);
  return e + "}";
}

// One run, as `shape` sends it.
void add_run(std::vector<std::string>& events, Shape shape, const std::string& run,
             const std::string& job, int hour, const std::vector<std::string>& in,
             const std::vector<std::string>& out) {
  const std::string start = at(hour, 0), done = at(hour, 10);
  switch (shape) {
    case Shape::kOnComplete:
      events.push_back(run_event("START", start, run, job, {}, {}));
      events.push_back(run_event("COMPLETE", done, run, job, in, out));
      break;
    case Shape::kOnStart:
      events.push_back(run_event("START", start, run, job, in, out));
      events.push_back(run_event("COMPLETE", done, run, job, {}, {}));
      break;
    case Shape::kSplit:
      events.push_back(run_event("START", start, run, job, in, {}));
      // The first output on RUNNING, the rest (none here) on COMPLETE.
      events.push_back(run_event("RUNNING", at(hour, 5), run, job, {}, {out.front()}));
      events.push_back(run_event("COMPLETE", done, run, job, {},
                                 std::vector<std::string>(out.begin() + 1, out.end())));
      break;
  }
}

std::string mesh(Shape shape) {
  std::vector<std::string> events = {
      R"({"kind":"dataset_declared","eventTime":"2026-09-30T00:00:00Z","dataset":{"namespace":"lake","name":"clean.orders"},"domain":"Orders","owners":[{"name":"team:orders"}],"freshnessSloSeconds":10800})",
      R"({"kind":"data_product_published","eventTime":"2026-09-30T00:00:00Z","dataset":{"namespace":"lake","name":"mart.daily"},"domain":"Finance","owners":[{"name":"team:finance"}],"schema":[{"name":"total","type":"decimal"}],"freshnessSloSeconds":7200})",
      R"({"kind":"data_product_published","eventTime":"2026-09-30T00:00:00Z","dataset":{"namespace":"lake","name":"raw.customers"},"domain":"Customers","owners":[{"name":"team:customers"}],"schema":[{"name":"id","type":"string"}]})",
  };
  add_run(events, shape, "c1", "etl.clean", 1, {"raw.orders"}, {"clean.orders"});
  add_run(events, shape, "d1", "etl.daily", 2, {"clean.orders", "raw.customers"}, {"mart.daily"});
  add_run(events, shape, "c2", "etl.clean", 5, {"raw.orders"}, {"clean.orders"});
  add_run(events, shape, "c3", "etl.clean", 9, {"raw.orders"}, {"clean.orders"});
  std::string ndjson;
  for (const auto& e : events) ndjson += e + "\n";
  return ndjson;
}

// What a reader sees, without the seqs and log sizes that differ with the number of events.
struct Seen {
  std::vector<std::string> inventory, lineage, freshness, unused, unknown;
  std::vector<std::string> runs, versions;
  friend bool operator==(const Seen&, const Seen&) = default;
};

Seen seen(Shape shape) {
  testing::TestStore store;
  Ingestor ingestor(*store.log);
  auto r = ingestor.ingest(mesh(shape));
  REQUIRE(r.ok());
  for (const auto& e : r->errors) CAPTURE(e.message());
  REQUIRE(r->errors.empty());

  ReportQuery q;
  q.from = *parse_rfc3339("2026-09-30T00:00:00Z");
  q.to = *parse_rfc3339("2026-10-01T00:00:00Z");
  auto report = compliance_report(*store.log, q);
  REQUIRE(report.ok());
  CHECK(report->at.size == store.log->head().size);  // no size given: the whole log
  Seen s;
  for (const auto& d : report->inventory)
    s.inventory.push_back(d.id + " versions=" + std::to_string(d.versions));
  for (const auto& l : report->lineage) s.lineage.push_back(l.from + " -> " + l.to + " by " + l.job);
  for (const auto& b : report->freshness_breaches)
    s.freshness.push_back(b.dataset + " " + format_rfc3339(b.from) + " gap " + std::to_string(b.gap_seconds));
  s.unused = report->unused_products;
  s.unknown = report->unknown_provenance;

  auto index = Index::Build(*store.log);
  REQUIRE(index.ok());
  for (const std::string job : {"job:etl:etl.clean", "job:etl:etl.daily"}) {
    auto runs = (*index)->runs(job, 10, 0);
    REQUIRE(runs.ok());
    for (const auto& run : runs->items) {
      std::string line = run.run_id + " " + format_rfc3339(*run.completed_at) + " in:";
      for (const auto& i : run.inputs) line += " " + i.dataset.name + "@" + i.version;
      line += " out:";
      for (const auto& o : run.outputs) line += " " + o.dataset.name + "@" + o.version;
      s.runs.push_back(line);
    }
  }
  for (const std::string id : {"dataset:lake:clean.orders", "dataset:lake:mart.daily"}) {
    VersionQuery vq;
    vq.dataset = id;
    auto v = (*index)->version_provenance(vq);
    REQUIRE(v.ok());
    std::string line = id + " " + std::to_string(v->versions.size()) + " latest from:";
    for (const auto& in : v->root.inputs) line += " " + in.dataset + "@" + in.version;
    s.versions.push_back(line);
  }
  return s;
}

TEST_CASE("inputs and outputs on COMPLETE, on START only, or split: one report, one catalog") {
  const Seen on_complete = seen(Shape::kOnComplete);
  // The mesh as the run model reads it, drawn above.
  CHECK(on_complete.lineage == std::vector<std::string>{
                                   "dataset:lake:clean.orders -> dataset:lake:mart.daily by job:etl:etl.daily",
                                   "dataset:lake:raw.customers -> dataset:lake:mart.daily by job:etl:etl.daily",
                                   "dataset:lake:raw.orders -> dataset:lake:clean.orders by job:etl:etl.clean"});
  CHECK(on_complete.freshness.size() == 4);  // clean.orders: 3 gaps over 3 h; mart.daily: 1 over 2 h
  CHECK(on_complete.versions ==
        std::vector<std::string>{"dataset:lake:clean.orders 3 latest from:",
                                 "dataset:lake:mart.daily 1 latest from: dataset:lake:clean.orders@c1"});
  CHECK(on_complete.unused == std::vector<std::string>{"dataset:lake:mart.daily"});
  CHECK(on_complete.runs.size() == 4);
  const Seen on_start = seen(Shape::kOnStart);
  CHECK(on_start == on_complete);
  CHECK(on_start.lineage == on_complete.lineage);  // named apart, so a failure shows which
  CHECK(on_start.freshness == on_complete.freshness);
  CHECK(on_start.inventory == on_complete.inventory);
  CHECK(on_start.runs == on_complete.runs);
  const Seen split = seen(Shape::kSplit);
  CHECK(split == on_complete);
  CHECK(split.lineage == on_complete.lineage);
  CHECK(split.runs == on_complete.runs);
}

}  // namespace
}  // namespace auditgraph
