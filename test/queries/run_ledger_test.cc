#include "queries/run_ledger.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

namespace auditgraph::queries {
namespace {

const DatasetRef kRaw{"kafka://b:9092", "raw.orders"};
const DatasetRef kClean{"s3://lake", "clean.orders"};
const DatasetRef kReport{"s3://lake", "report"};

Event run_event(std::string id, std::string job, RunState state, int64_t t,
                std::vector<DatasetRef> inputs, std::vector<DatasetRef> outputs) {
  RunEvent r;
  r.run_id = std::move(id);
  r.job = {"airflow", std::move(job)};
  r.state = state;
  for (auto& d : inputs) r.inputs.push_back(RunDataset{d});
  for (auto& d : outputs) r.outputs.push_back(RunDataset{d});
  Event e;
  e.event_time = Timestamp{t};
  e.payload = std::move(r);
  return e;
}

// Two runs of `clean` write clean.orders at t=20 (a1) and t=60 (a2); two runs of `report` read
// it, b1 starting at t=30 (so it read a1's version) and b2 at t=65 (a2's):
//
//   raw.orders --[clean: a1 10..20, a2 50..60]--> clean.orders --[report: b1 30..70, b2 65..80]-->
//   report
//
// Each run's events carry parts of its inputs and outputs; a1's COMPLETE comes without its
// outputs' START, a2 reports five STARTs and two COMPLETEs, b2 never says START.
std::vector<Event> history() {
  using S = RunState;
  std::vector<Event> events = {
      run_event("a1", "clean", S::kStart, 10, {kRaw}, {}),
      run_event("a1", "clean", S::kComplete, 20, {}, {kClean}),
      run_event("b1", "report", S::kStart, 30, {kClean}, {}),
      run_event("b1", "report", S::kRunning, 40, {}, {}),
      run_event("b1", "report", S::kComplete, 70, {}, {kReport}),
      run_event("b2", "report", S::kRunning, 65, {kClean}, {}),
      run_event("b2", "report", S::kComplete, 80, {}, {kReport}),
      run_event("a3", "clean", S::kStart, 55, {kRaw}, {kClean}),
      run_event("a3", "clean", S::kFail, 58, {}, {}),
  };
  for (int i = 0; i < 5; ++i)
    events.push_back(run_event("a2", "clean", S::kStart, 50 + i, {kRaw}, {}));
  events.push_back(run_event("a2", "clean", S::kComplete, 61, {}, {kClean}));
  events.push_back(run_event("a2", "clean", S::kComplete, 60, {kRaw}, {kClean}));
  for (size_t i = 0; i < events.size(); ++i) events[i].seq = i;
  return events;
}

TEST_CASE("events of a run add up, in any order, to the same runs, versions and bindings") {
  std::vector<Event> events = history();
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    CAPTURE(round);
    if (round > 0) std::shuffle(events.begin(), events.end(), rng);
    RunLedger ledger;
    for (const auto& e : events) ledger.add(e);
    REQUIRE(ledger.run_count() == 5);

    auto a2 = ledger.run("a2");
    REQUIRE(a2);
    CHECK(a2->state == RunState::kComplete);
    CHECK(a2->started_at == Timestamp{50});
    CHECK(a2->completed_at == Timestamp{60});
    CHECK(a2->inputs == std::vector<DatasetRef>{kRaw});
    CHECK(a2->outputs == std::vector<DatasetRef>{kClean});
    CHECK(a2->seqs.size() == 7);

    auto b1 = ledger.run("b1");
    CHECK(b1->inputs == std::vector<DatasetRef>{kClean});
    CHECK(b1->outputs == std::vector<DatasetRef>{kReport});
    CHECK(ledger.run("a3")->state == RunState::kFail);
    CHECK(ledger.run("b2")->started_at == Timestamp{65});  // no START: its first event

    // One version per completed run that wrote it; the failed run a3 wrote none.
    const auto clean = ledger.versions(kClean);
    REQUIRE(clean.size() == 2);
    CHECK(clean[0] == DatasetVersion{kClean, "a1", Timestamp{20}, "a1"});
    CHECK(clean[1] == DatasetVersion{kClean, "a2", Timestamp{60}, "a2"});
    CHECK(ledger.versions(kReport).size() == 2);

    // Inputs bind to the version current when the run started.
    CHECK(ledger.input_version("b1", kClean)->run_id == "a1");
    CHECK(ledger.input_version("b2", kClean)->run_id == "a2");
    CHECK_FALSE(ledger.input_version("a1", kRaw));  // nothing wrote raw.orders
    CHECK_FALSE(ledger.input_version("b1", kRaw));  // b1 does not read it
    CHECK_FALSE(ledger.input_version("zz", kClean));
  }
}

// A MERGE job reads and rewrites its own table: each run reads the previous run's version.
//   t --[merge: m1 0..10, m2 20..30]--> t
TEST_CASE("a run that reads and writes one dataset reads the version before its own") {
  RunLedger ledger;
  ledger.add(run_event("m1", "merge", RunState::kStart, 0, {kClean}, {kClean}));
  ledger.add(run_event("m1", "merge", RunState::kComplete, 10, {kClean}, {kClean}));
  ledger.add(run_event("m2", "merge", RunState::kComplete, 30, {kClean}, {kClean}));
  ledger.add(run_event("m2", "merge", RunState::kStart, 20, {kClean}, {kClean}));
  CHECK_FALSE(ledger.input_version("m1", kClean));
  CHECK(ledger.input_version("m2", kClean)->run_id == "m1");
  CHECK(ledger.versions(kClean).size() == 2);
}

TEST_CASE("a version the producer named is the one bound") {
  RunLedger ledger;
  Event w1 = run_event("w1", "load", RunState::kComplete, 10, {}, {kClean});
  std::get<RunEvent>(w1.payload).outputs[0].version = "v1";
  Event w2 = run_event("w2", "load", RunState::kComplete, 20, {}, {kClean});
  std::get<RunEvent>(w2.payload).outputs[0].version = "v2";
  Event r = run_event("r", "read", RunState::kStart, 30, {kClean}, {});
  std::get<RunEvent>(r.payload).inputs[0].version = "v1";  // read the older snapshot on purpose
  for (const auto& e : {w1, w2, r}) ledger.add(e);
  CHECK(ledger.versions(kClean)[1].label == "v2");
  CHECK(ledger.input_version("r", kClean)->label == "v1");
}

}  // namespace
}  // namespace auditgraph::queries
