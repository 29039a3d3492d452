// Idempotency: only the same event sent again is a retry. Events without a key of their own are
// keyed by their canonical content (key order and whitespace do not matter); stores written
// before that (key scheme 1) still answer their old retries, and only those.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "src/ingest/bulk_ingest.h"
#include "src/ingest/scheme1_keys.h"
#include "storage/keys.h"
#include "test/util/fixtures.h"
#include "test/util/raw_store.h"
#include "test/util/temp_dir.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

namespace fs = std::filesystem;

using testing::open_test_log;

// Every event of the fixture folder, one JSON text each, in file order.
std::vector<std::string> fixture_events() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(testing::fixtures_dir() / "openlineage" / "events"))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    const auto doc = nlohmann::json::parse(testing::read_file(f));
    if (doc.is_array()) {
      for (const auto& e : doc) out.push_back(e.dump());
    } else {
      out.push_back(doc.dump());
    }
  }
  return out;
}

// Two RUNNING events of one run, at one time, with different outputs (as Spark sends them).
std::string running(const std::string& output) {
  return R"({"eventType":"RUNNING","eventTime":"2026-09-03T09:00:00Z","run":{"runId":"r1"},)"
         R"("job":{"namespace":"n","name":"j"},"inputs":[{"namespace":"n","name":"in"}],)"
         R"("outputs":[{"namespace":"n","name":")" +
         output + R"("}],"producer":"p","schemaURL":"u"})";
}

TEST_CASE("every distinct fixture event is written once; resending them all writes nothing") {
  const std::vector<std::string> events = fixture_events();
  // Distinct by content, counted here independently of the engine: nlohmann's dump sorts keys.
  const std::set<std::string> distinct(events.begin(), events.end());
  REQUIRE(events.size() == 30);
  // Several share a run id, type and time and differ: each is its own event. One file repeats
  // another's event exactly (marquez__event_simple.json is fluentd__event_simple.json).
  CHECK(distinct.size() == 29);

  testing::TempDir dir;
  auto log = open_test_log(dir.sub("store"));
  CHECK(log->key_scheme() == kCurrentKeyScheme);
  Ingestor ingestor(*log);
  std::vector<uint64_t> seqs;
  for (const auto& e : events) {
    auto r = ingestor.ingest(e);
    REQUIRE(r.ok());
    REQUIRE(r->errors.empty());
    seqs.push_back(r->appended.at(0).seq);
  }
  CHECK(log->head().size == distinct.size());

  // The same events again, as one array, each with its keys in reverse order and indented.
  std::string array = "[";
  for (size_t i = 0; i < events.size(); ++i) {
    nlohmann::ordered_json reordered;
    const auto parsed = nlohmann::ordered_json::parse(events[i]);
    for (auto it = parsed.rbegin(); it != parsed.rend(); ++it) reordered[it.key()] = *it;
    array += (i ? ",\n  " : "") + reordered.dump(2);
  }
  array += "]";
  auto again = ingestor.ingest(array);
  REQUIRE(again.ok());
  REQUIRE(again->errors.empty());
  REQUIRE(again->appended.size() == events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    CAPTURE(i);
    CHECK(again->appended[i].duplicate);
    CHECK(again->appended[i].seq == seqs[i]);
  }
  CHECK(log->head().size == distinct.size());
  CHECK(log->verify().ok);
}

//   n:in --[n:j, run r1]--> n:a   (RUNNING at 09:00)
//                      \--> n:b   (RUNNING at 09:00, same run, same time)
TEST_CASE("two RUNNING events of one run, same time, different outputs: both written, both outputs the run's") {
  testing::TempDir dir;
  auto log = open_test_log(dir.sub("store"));
  Ingestor ingestor(*log);
  auto a = ingestor.ingest(running("a"));
  auto b = ingestor.ingest(running("b"));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK_FALSE(a->appended.at(0).duplicate);
  CHECK_FALSE(b->appended.at(0).duplicate);
  CHECK(log->head().size == 2);
  // A true retry of either is answered from the log.
  auto retry = ingestor.ingest(running("b"));
  REQUIRE(retry.ok());
  CHECK(retry->appended.at(0).duplicate);
  CHECK(retry->appended.at(0).seq == 1);

  auto index = Index::Build(*log);
  REQUIRE(index.ok());
  auto runs = (*index)->runs("job:n:j", 10, 0);
  REQUIRE(runs.ok());
  REQUIRE(runs->items.size() == 1);
  std::vector<std::string> outputs;
  for (const auto& o : runs->items[0].outputs) outputs.push_back(o.dataset.name);
  CHECK(outputs == std::vector<std::string>{"a", "b"});
  CHECK(runs->items[0].seqs == std::vector<uint64_t>{0, 1});
}

TEST_CASE("a store of key scheme 1 answers its old retries, and only those") {
  testing::TempDir dir;
  const std::string path = dir.sub("store");
  // Write two events as a build before content keys did: under their scheme-1 keys, and without
  // the key_scheme marker. `first` is logged; `second` shares its run, type, time and job.
  const std::string first = running("a"), second = running("b");
  const std::string grant =
      R"({"kind":"access_granted","eventTime":"2026-09-03T09:00:00Z","grantId":"g1","grantee":{"kind":"user","name":"u"},"resource":{"kind":"domain","domain":"F"},"privilege":"READ"})";
  {
    auto log = open_test_log(path);
    EventParser parser;
    simdjson::dom::parser json_parser;
    Event e;
    REQUIRE_FALSE(parser.parse_event(first, 0, IngestFormat::kAuto, e));
    const std::string old_key = ingest::scheme1_key(e, json_parser);
    CHECK(old_key.starts_with("ol:run:"));
    Event other;
    REQUIRE_FALSE(parser.parse_event(second, 0, IngestFormat::kAuto, other));
    CHECK(ingest::scheme1_key(other, json_parser) == old_key);  // the collision that made scheme 2
    e.idempotency_key = old_key;
    Event native;
    REQUIRE_FALSE(parser.parse_event(grant, 0, IngestFormat::kAuto, native));
    native.idempotency_key = ingest::scheme1_key(native, json_parser);
    CHECK(native.idempotency_key.starts_with("native:"));
    REQUIRE(log->append(std::vector<Event>{e, native}).ok());
  }
  {
    testing::RawStore raw(path);
    raw.del(raw.meta(), std::string(storage::kKeySchemeKey));
  }
  auto log = open_test_log(path);
  CHECK(log->key_scheme() == 1);
  Ingestor ingestor(*log);
  SUBCASE("the same events again: acknowledged with their first seqs") {
    // The run event respelled (scheme 1 keyed it by run, type, time and job); the native one as
    // it was sent (scheme 1 keyed it by its minified text, so only that was ever a retry).
    auto r = ingestor.ingest("[" + nlohmann::json::parse(first).dump(2) + "," + grant + "]");
    REQUIRE(r.ok());
    REQUIRE(r->errors.empty());
    CHECK(r->appended.at(0).duplicate);
    CHECK(r->appended.at(0).seq == 0);
    CHECK(r->appended.at(1).duplicate);
    CHECK(r->appended.at(1).seq == 1);
    CHECK(log->head().size == 2);
  }
  SUBCASE("from files (auditgraph ingest): the retry acknowledged, the distinct event written") {
    testing::TempDir files;
    const std::string path = files.sub("events.ndjson");
    std::ofstream(path) << first << "\n" << second << "\n" << grant << "\n";
    BulkIngest bulk(log.get(), {});
    REQUIRE(bulk.add_file(path).ok());
    REQUIRE(bulk.finish().ok());
    CHECK(bulk.summary().duplicates == 2);
    CHECK(bulk.summary().written == 1);
    CHECK(log->head().size == 3);
  }
  SUBCASE("a distinct event that shares the old key is written, once") {
    auto r = ingestor.ingest(second);
    REQUIRE(r.ok());
    CHECK_FALSE(r->appended.at(0).duplicate);
    CHECK(r->appended.at(0).seq == 2);
    auto again = ingestor.ingest(second);
    REQUIRE(again.ok());
    CHECK(again->appended.at(0).duplicate);
    CHECK(again->appended.at(0).seq == 2);
    CHECK(log->head().size == 3);
  }
}

TEST_CASE("a store names its key scheme; one this build does not know is refused") {
  testing::TempDir dir;
  const std::string path = dir.sub("store");
  { CHECK(open_test_log(path)->key_scheme() == kCurrentKeyScheme); }
  { CHECK(open_test_log(path)->key_scheme() == kCurrentKeyScheme); }  // reopened: still
  {
    testing::RawStore raw(path);
    raw.put(raw.meta(), std::string(storage::kKeySchemeKey), "9");
  }
  LogOptions options;
  options.sync = false;
  auto log = EventLog::Open(options, path);
  REQUIRE_FALSE(log.ok());
  CHECK(log.status().message().find("key scheme '9'") != std::string::npos);
}

}  // namespace
}  // namespace auditgraph
