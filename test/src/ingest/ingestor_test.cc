// Ingestor: framing (object, array, NDJSON), all-or-nothing batches, retries, dry runs, limits.
#include <doctest/doctest.h>

#include "auditgraph/ingest.h"
#include "test/util/temp_dir.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

std::string grant(int n) {
  return R"({"kind":"access_granted","eventTime":"2026-09-03T09:00:00Z","grantId":"g)" +
         std::to_string(n) +
         R"(","grantee":{"kind":"user","name":"u"},"resource":{"kind":"domain","domain":"Finance"},"privilege":"READ"})";
}

const std::string kRun =
    R"({"eventType":"START","eventTime":"2026-09-03T09:00:00Z","run":{"runId":"r1"},"job":{"namespace":"n","name":"j"}})";

using Store = testing::TestStore;

TEST_CASE("an object, an array and NDJSON are told apart; raw bytes are each event's own") {
  Store s;
  Ingestor ingestor(*s.log);
  SUBCASE("one object") {
    auto r = ingestor.ingest("  " + grant(1) + "\n");
    REQUIRE(r.ok());
    REQUIRE(r->appended.size() == 1);
    CHECK(s.log->read(0)->raw.bytes == grant(1));
  }
  SUBCASE("an array, mixing native and OpenLineage") {
    auto r = ingestor.ingest("[\n  " + grant(1) + " ,\n" + kRun + "\n]");
    REQUIRE(r.ok());
    REQUIRE(r->appended.size() == 2);
    CHECK(s.log->read(0)->raw.bytes == grant(1));
    CHECK(s.log->read(1)->raw.bytes == kRun);
    CHECK(s.log->read(1)->raw.format == RawEvent::Format::kOpenLineage);
  }
  SUBCASE("NDJSON with blank lines and CRLF") {
    auto r = ingestor.ingest(grant(1) + "\r\n\n" + kRun + "\n" + grant(2));
    REQUIRE(r.ok());
    REQUIRE(r->appended.size() == 3);
    CHECK(s.log->read(2)->raw.bytes == grant(2));
  }
}

TEST_CASE("a batch with one bad event writes nothing and names every bad event") {
  Store s;
  Ingestor ingestor(*s.log);
  const std::string bad = R"({"kind":"access_revoked","eventTime":"2026-09-03T09:00:00Z"})";
  auto r = ingestor.ingest(grant(1) + "\n" + bad + "\n" + grant(2) + "\n{oops\n");
  REQUIRE(r.ok());
  REQUIRE(r->errors.size() == 2);
  CHECK(r->errors[0].message() == "event 1: /grantId: required field is missing");
  CHECK(r->errors[1].message().starts_with("event 3: malformed JSON"));
  CHECK(r->errors[1].message().ends_with("(line 4)"));
  CHECK(r->appended.empty());
  CHECK(s.log->head().size == 0);

  auto batch = ingestor.ingest("[" + grant(1) + ",]");
  REQUIRE(batch.ok());
  REQUIRE(batch->errors.size() == 1);
  CHECK(batch->errors[0].message().starts_with("batch: malformed JSON"));
  CHECK(s.log->head().size == 0);
}

TEST_CASE("a retried batch is acknowledged with its original seqs and written once") {
  Store s;
  Ingestor ingestor(*s.log);
  const std::string batch = grant(1) + "\n" + kRun + "\n" + grant(2);
  auto first = ingestor.ingest(batch);
  REQUIRE(first.ok());
  CHECK(first->written() == 3);
  auto again = ingestor.ingest("[" + grant(2) + "," + kRun + "," + grant(3) + "]");
  REQUIRE(again.ok());
  REQUIRE(again->appended.size() == 3);
  CHECK(again->appended[0].seq == 2);
  CHECK(again->appended[0].duplicate);
  CHECK(again->appended[1].seq == 1);
  CHECK(again->appended[1].duplicate);
  CHECK(again->appended[2].seq == 3);
  CHECK_FALSE(again->appended[2].duplicate);
  CHECK(again->duplicates() == 2);
  CHECK(s.log->head().size == 4);
}

TEST_CASE("a dry run validates and writes nothing") {
  Store s;
  Ingestor ingestor(*s.log);
  auto r = ingestor.ingest(grant(1) + "\n" + grant(2), Framing::kAuto, IngestFormat::kAuto, true);
  REQUIRE(r.ok());
  CHECK(r->errors.empty());
  CHECK(r->events == 2);
  CHECK(r->appended.empty());
  CHECK(s.log->head().size == 0);
}

TEST_CASE("the format can be forced, and batch limits have their own messages") {
  Store s;
  SUBCASE("forced OpenLineage refuses a native event") {
    Ingestor ingestor(*s.log);
    auto r = ingestor.ingest(grant(1), Framing::kJson, IngestFormat::kOpenLineage);
    REQUIRE(r.ok());
    REQUIRE(r->errors.size() == 1);
    CHECK(r->errors[0].message() == "event 0: /run: required field is missing (an OpenLineage event has a run and a job, a dataset, or a job)");
  }
  SUBCASE("too many events") {
    IngestLimits limits;
    limits.max_batch_events = 2;
    Ingestor ingestor(*s.log, limits);
    auto r = ingestor.ingest("[" + grant(1) + "," + grant(2) + "," + grant(3) + "]");
    REQUIRE(r.ok());
    REQUIRE(r->errors.size() == 1);
    CHECK(r->errors[0].message() == "batch: batch of 3 events is larger than the limit of 2");
    auto nd = ingestor.ingest(grant(1) + "\n" + grant(2) + "\n" + grant(3));
    REQUIRE(nd.ok());
    CHECK(nd->errors.at(0).message() == "batch: batch of 3 events is larger than the limit of 2");
  }
  SUBCASE("too many bytes") {
    IngestLimits limits;
    limits.max_batch_bytes = 100;
    Ingestor ingestor(*s.log, limits);
    auto r = ingestor.ingest(grant(1));
    REQUIRE(r.ok());
    CHECK(r->errors.at(0).reason.starts_with("batch of "));
  }
  SUBCASE("not events at all") {
    Ingestor ingestor(*s.log);
    CHECK(ingestor.ingest("42")->errors.at(0).message() ==
          "batch: expected an event object or an array of them, got a number");
    CHECK(ingestor.ingest(" \n ")->errors.at(0).message() == "batch: empty: no event given");
  }
  CHECK(s.log->head().size == 0);
}

}  // namespace
}  // namespace auditgraph
