#include "storage/record_codec.h"

#include <doctest/doctest.h>

#include <set>

#include "src/sample_mesh.h"

namespace auditgraph::storage {
namespace {

// One event of every payload kind, with every optional field set somewhere.
std::vector<Event> every_kind() {
  std::vector<Event> events = sample_mesh_events(Timestamp{1'790'726'400'000'000'000});
  RunEvent run;
  run.run_id = "r-1";
  run.job = {"spark://x", "job"};
  run.state = RunState::kFail;
  run.parent = ParentRun{"p-1", {"airflow", "dag.task"}};
  RunDataset out{{"s3://lake", "out"}, "v7"};
  out.schema = {{"address",
                 "struct",
                 "",
                 {"PII"},
                 {{"city", "string", "nested", {}, {}}, {"zip", "string", "", {}, {}}}}};
  out.dataset_lineage = {{{{"s3://lake", "in"}, "filter"}, "INDIRECT", "FILTER", "where", false}};
  out.row_count = 42;
  out.bytes = 0;  // present and zero is not absent
  out.facets_json = R"({"custom":{"x":1}})";
  out.owners = {{"team:lake", "MAINTAINER"}};
  out.description = "the lake's output";
  out.aliases = {{"hive", "db.out"}};
  out.lifecycle_state = "RENAME";
  out.previous_identifier = DatasetRef{"s3://lake", "old_out"};
  out.data_source = {"lake", "s3://lake"};
  out.tags = {{"classification", "PII", "MANUAL", "address"}};
  out.file_count = 3;
  run.outputs = {out};
  run.job_owners = {{"team:x", ""}};
  run.job_description = "nightly";
  run.job_tags = {{"tier", "gold", "", ""}};
  run.run_tags = {{"attempt", "2", "", ""}};
  Event e;
  e.payload = run;
  e.raw = {RawEvent::Format::kOpenLineage, std::string("{\"eventType\":\"FAIL\"}\0\xff", 22)};
  events.push_back(e);
  AccessGranted g;
  g.grant_id = "g";
  g.resource = {Resource::Kind::kDomain, {}, {}, "Finance"};
  g.expires_at = Timestamp{-5};  // before 1970 still round-trips
  e.payload = g;
  events.push_back(e);
  e.payload = MembershipRemoved{"g", {PrincipalRef::Kind::kService, "svc"}};
  events.push_back(e);
  JobDeclared job;
  job.job = {"airflow", "dag.task"};
  job.job_type = "BATCH/AIRFLOW/TASK";
  job.owners = {{"team:x", "OWNER"}};
  job.description = "static lineage";
  job.tags = {{"tier", "gold", "", ""}};
  job.inputs = {RunDataset{{"s3://lake", "in"}}};
  job.outputs = {out};
  job.facets_json = R"({"sql":{"query":"SELECT 1"}})";
  e.payload = job;
  events.push_back(e);
  DatasetDeclared declared;
  declared.dataset = {"orders", "orders.events.v2"};
  declared.previous_identifier = DatasetRef{"orders", "orders.events.v1"};
  declared.data_source = {"kafka", "kafka://broker:9092"};
  declared.tags = {{"PII", "", "", "email"}};
  e.payload = declared;
  events.push_back(e);
  Classified on_job;  // a tag on a job: the dataset left empty, the job set (field @4)
  on_job.job = JobRef{"airflow", "dag.task"};
  on_job.tag = "CRITICAL";
  e.payload = on_job;
  events.push_back(e);
  on_job.removed = true;
  e.payload = on_job;
  events.push_back(e);
  e.payload = TagDefined{"PII", "Personally identifiable information"};
  events.push_back(e);
  e.payload = TagDefined{"BARE", ""};
  events.push_back(e);
  return events;
}

TEST_CASE("every payload kind round-trips through the stored record") {
  auto events = every_kind();
  std::set<std::string> kinds;
  for (size_t i = 0; i < events.size(); ++i) {
    Event want = events[i];
    want.seq = 1000 + i;
    want.recorded_at = Timestamp{77};
    std::string bytes = encode_record(events[i], want.seq, want.recorded_at);
    CAPTURE(i);
    auto got = decode_record(bytes);
    REQUIRE(got.ok());
    CHECK(*got == want);
    CHECK(encode_record(events[i], want.seq, want.recorded_at) == bytes);  // deterministic
    kinds.insert(payload_kind_name(events[i].payload));
  }
  CHECK(kinds.size() == std::variant_size_v<Payload>);
}

TEST_CASE("a classification of a dataset has no job, of a job no dataset") {
  Event e;
  e.payload = Classified{{"s3://lake", "t"}, "email", "PII", false, {}};
  auto got = decode_record(encode_record(e, 0, {}));
  REQUIRE(got.ok());
  const auto& c = std::get<Classified>(got->payload);
  CHECK(!c.job);
  CHECK(c.dataset == DatasetRef{"s3://lake", "t"});
  e.payload = Classified{{}, "", "GOLD", true, JobRef{"spark", "j"}};
  got = decode_record(encode_record(e, 0, {}));
  REQUIRE(got.ok());
  CHECK(std::get<Classified>(got->payload) == std::get<Classified>(e.payload));
}

TEST_CASE("texts holding NUL bytes are kept whole (JSON can carry them as \\u0000)") {
  // Found by fuzz/record_fuzz: texts were cut at their first NUL when encoded.
  const std::string nul("a\0b", 3);
  for (Event e : every_kind()) {
    e.actor = nul;
    e.idempotency_key = std::string(40, '\0');
    if (auto* a = std::get_if<AccessRecorded>(&e.payload)) {
      a->dataset.name = nul;
      a->columns.push_back(nul);  // a list of texts
    }
    if (auto* r = std::get_if<RunEvent>(&e.payload)) {
      r->run_id = nul;
      for (auto& out : r->outputs) out.owners.push_back({nul, nul});
    }
    e.seq = 3;
    e.recorded_at = Timestamp{5};
    auto got = decode_record(encode_record(e, 3, Timestamp{5}));
    REQUIRE(got.ok());
    CHECK(got->actor == nul);
    CHECK(*got == e);
  }
}

TEST_CASE("a record prepared before its seq is known is stamped in place, in any segment layout") {
  Event big_event;
  RunEvent run;
  run.run_id = "r";
  RunDataset out{{"s3://lake", "wide"}};
  for (int i = 0; i < 2000; ++i) out.schema.push_back({"column_" + std::to_string(i), "string"});
  run.outputs = {out};
  big_event.payload = run;  // no raw bytes, so the first segment is sized far too small
  const Event small = every_kind()[0];
  const Event& big = big_event;
  for (const Event* e : {&small, &big}) {
    PreparedRecord prepared = prepare_record(*e);
    const uint32_t segments = static_cast<uint8_t>(prepared.bytes[0]) + 1;
    CAPTURE(segments);
    prepared.stamp(0x0102030405060708, Timestamp{-3});
    auto got = decode_record(prepared.bytes);
    REQUIRE(got.ok());
    CHECK(got->seq == 0x0102030405060708);
    CHECK(got->recorded_at == Timestamp{-3});
    Event want = *e;
    want.seq = got->seq;
    want.recorded_at = got->recorded_at;
    CHECK(*got == want);
    CHECK((segments > 1) == (e == &big));
  }
}

TEST_CASE("empty texts and lists take no space in the record and read back empty") {
  Event e;
  e.producer = "test";
  RunEvent run;
  run.run_id = "r";
  RunDataset in{{"s3://lake", "in"}};
  in.schema = {{"a", "string"}};
  run.inputs = {in};
  e.payload = run;
  Event with_text = e;
  std::get<RunEvent>(with_text.payload).inputs[0].description = "x";
  // One more text costs one word plus nothing else: every other empty text and list is unset.
  CHECK(encode_record(with_text, 0, {}).size() == encode_record(e, 0, {}).size() + 8);
  auto got = decode_record(encode_record(e, 0, {}));
  REQUIRE(got.ok());
  CHECK(got->payload == e.payload);
}

TEST_CASE("bytes that are not a record are Corruption, never a crash") {
  std::string good = encode_record(every_kind()[0], 0, Timestamp{});
  SUBCASE("empty") { CHECK(decode_record("").status().is_corruption()); }
  SUBCASE("not whole words") { CHECK(decode_record("abc").status().is_corruption()); }
  SUBCASE("truncated") {
    CHECK(
        decode_record(std::string_view(good).substr(0, good.size() - 8)).status().is_corruption());
  }
  SUBCASE("garbage segment table") {
    std::string bad(64, '\xff');
    CHECK(decode_record(bad).status().is_corruption());
  }
  SUBCASE("every single flipped byte decodes or is Corruption (never a crash, under ASan too)") {
    for (size_t i = 0; i < good.size(); ++i) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ 0x5a);
      auto r = decode_record(bad);  // a flip in a text field may still decode
      CAPTURE(i);
      CHECK((r.ok() || r.status().is_corruption()));
    }
  }
}

}  // namespace
}  // namespace auditgraph::storage
