// The report read from an index the caller already has (the CLI's, opened from the store's
// snapshot; the server's, under its lock) equals the report that replays its own index, on the
// seeded demo mesh (src/demo: domains, products, runs sent the ways real producers send them,
// grants, nested groups, revocations, access records, schema changes) and on the real
// OpenLineage events of ../shared/fixtures. And in two steps (ReportBuilder): a pass over the
// log, more events appended, then the rest read under the index: the report at the index's
// size, as if made at once. And the root the pass recomputes catches a record changed on disk.
//
//   log: [0 ........................ half) [half ................ head)
//         read() without an index            ask(index at head) reads these, then asks it;
//                                            finish() makes the rest without the index
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "auditgraph/report.h"
#include "src/demo/demo_mesh.h"
#include "src/report/report_json.h"
#include "storage/keys.h"
#include "test/util/events.h"
#include "test/util/raw_store.h"
#include "test/util/temp_dir.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

ReportQuery november(std::optional<uint64_t> size = std::nullopt) {
  ReportQuery q;
  q.from = kDemoPeriod;
  q.to = kDemoEnd;
  q.log_size = size;
  return q;
}

std::string json_of(const Result<ComplianceReport>& r) {
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  return report_to_json(*r, true).dump();
}

std::unique_ptr<Index> index_of(const EventLog& log) {
  auto built = Index::Build(log);
  REQUIRE_MESSAGE(built.ok(), built.status().message());
  return std::move(*built);
}

// Logs `events` in batches of 1,000 (as load_demo_mesh does), every one accepted.
void ingest(EventLog& log, const std::vector<std::string>& events) {
  Ingestor ingestor(log);
  for (size_t at = 0; at < events.size(); at += 1000) {
    std::string ndjson;
    for (size_t i = at; i < std::min(events.size(), at + 1000); ++i) ndjson += events[i] + "\n";
    auto r = ingestor.ingest(ndjson);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    REQUIRE(r->errors.empty());
  }
}

TEST_CASE("the report from the caller's index equals the report that replays its own") {
  testing::TestStore store;
  DemoMeshOptions options;
  options.scale = 2;
  REQUIRE(load_demo_mesh(*store.log, options).ok());
  auto index = index_of(*store.log);

  for (const char* domain : {"", "Orders"}) {
    CAPTURE(domain);
    ReportQuery q = november();
    q.domain = domain;
    q.since_size = 10;
    const std::string replayed = json_of(compliance_report(*store.log, q));
    const std::string from_index = json_of(compliance_report(*store.log, *index, q));
    CHECK(from_index == replayed);
    CHECK(replayed.find("\"verified\":true") != std::string::npos);
  }
}

TEST_CASE("the report of real OpenLineage events from the caller's index equals the replayed") {
  const char* dir = std::getenv("AUDITGRAPH_FIXTURES");
  REQUIRE_MESSAGE(dir != nullptr, "AUDITGRAPH_FIXTURES is set by meson test");
  testing::TestStore store;
  size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(dir) + "/openlineage/events")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Ingestor ingestor(*store.log);
    auto r = ingestor.ingest(text.str());
    const std::string what = entry.path().string() + ": " + r.status().message();
    REQUIRE_MESSAGE(r.ok(), what);
    ++files;
  }
  REQUIRE(files > 0);
  REQUIRE(store.log->head().size > 0);
  auto index = index_of(*store.log);
  ReportQuery q;
  q.from = Timestamp{0};
  q.to = Timestamp{4'102'444'800'000'000'000};  // 2100-01-01: every fixture's time
  CHECK(json_of(compliance_report(*store.log, *index, q)) ==
        json_of(compliance_report(*store.log, q)));
}

TEST_CASE("a report in two steps reads what was appended between them") {
  testing::TestStore store;
  const std::vector<std::string> events = demo_mesh_events(DemoMeshOptions{});
  const size_t half = events.size() / 2;
  ingest(*store.log, {events.begin(), events.begin() + half});

  auto builder = ReportBuilder::Start(*store.log, november());
  REQUIRE(builder.ok());
  const uint64_t first = store.log->head().size;
  REQUIRE((*builder)->read(first).ok());

  ingest(*store.log, {events.begin() + half, events.end()});
  REQUIRE(store.log->head().size > first);
  auto index = index_of(*store.log);
  CHECK((*builder)->finish().status().code() == Status::Code::kFailedPrecondition);  // not asked
  REQUIRE((*builder)->ask(*index).ok());
  CHECK((*builder)->ask(*index).code() == Status::Code::kFailedPrecondition);
  auto two_steps = (*builder)->finish();
  REQUIRE(two_steps.ok());
  CHECK(two_steps->at.size == store.log->head().size);
  CHECK(two_steps->verified);
  CHECK(json_of(two_steps) == json_of(compliance_report(*store.log, november())));

  // The facts went into that report: a second finish is refused.
  auto again = (*builder)->finish();
  REQUIRE(!again.ok());
  CHECK(again.status().code() == Status::Code::kFailedPrecondition);
}

TEST_CASE("a report refuses an index at another size or of another log") {
  testing::TestStore store, other;
  const std::vector<std::string> events = demo_mesh_events(DemoMeshOptions{});
  ingest(*store.log, events);
  auto index = index_of(*store.log);

  // An earlier size than the index's: the caller must replay (compliance_report without one).
  const uint64_t earlier = store.log->head().size - 5;
  auto at_earlier = compliance_report(*store.log, *index, november(earlier));
  REQUIRE(!at_earlier.ok());
  CHECK(at_earlier.status().is_invalid_argument());
  CHECK(at_earlier.status().message().rfind("log_size:", 0) == 0);
  CHECK(compliance_report(*store.log, november(earlier)).ok());

  // The same events logged again make another log (its records carry their own times): its
  // index does not answer for this one.
  ingest(*other.log, events);
  REQUIRE(other.log->head().size == store.log->head().size);
  auto foreign = compliance_report(*store.log, *index_of(*other.log), november());
  REQUIRE(!foreign.ok());
  CHECK(foreign.status().message().rfind("index:", 0) == 0);

  // Bad queries are refused before anything is read.
  ReportQuery empty = november();
  empty.to = empty.from;
  CHECK(compliance_report(*store.log, *index, empty).status().is_invalid_argument());
  CHECK(ReportBuilder::Start(*store.log, november(store.log->head().size + 1))
            .status()
            .is_invalid_argument());
}

TEST_CASE("a record changed on disk: the root recomputed in the report's pass says so") {
  // 20 access records; record 7's query engine "trino" becomes "trinO" behind the log's back
  // (it still decodes; the stored tree is untouched, so the log opens).
  testing::TempDir dir;
  const std::string path = dir.sub("store");
  {
    auto log = EventLog::Open({}, path);
    REQUIRE(log.ok());
    std::vector<Event> events;
    for (int i = 0; i < 20; ++i) events.push_back(testing::access_event(i));
    REQUIRE((*log)->append(events).ok());
  }
  {
    testing::RawStore raw(path);
    std::string record = raw.get(raw.log(), storage::seq_key(7));
    const size_t at = record.find("trino");
    REQUIRE(at != std::string::npos);
    record[at + 4] = 'O';
    raw.put(raw.log(), storage::seq_key(7), record);
  }
  auto log = EventLog::Open({}, path);
  REQUIRE(log.ok());
  ReportQuery q;
  q.from = Timestamp{0};
  q.to = Timestamp{4'102'444'800'000'000'000};
  auto index = index_of(**log);
  for (const auto& report : {compliance_report(**log, q), compliance_report(**log, *index, q)}) {
    REQUIRE_MESSAGE(report.ok(), report.status().message());
    CHECK_FALSE(report->verified);
    CHECK(report->verification.find("the stored tree says " + report->at.root.hex()) !=
          std::string::npos);
  }
}

}  // namespace
}  // namespace auditgraph
