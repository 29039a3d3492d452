// Native events: every example in docs/events.md parses (so the documentation cannot drift from
// the parser), covers every kind, and bad ones are refused naming the field.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "auditgraph/ingest.h"
#include "test/util/fixtures.h"

namespace auditgraph {
namespace {

// The ```json blocks of docs/events.md.
std::vector<std::string> doc_examples() {
  const char* docs = std::getenv("AUDITGRAPH_DOCS");
  REQUIRE_MESSAGE(docs != nullptr, "AUDITGRAPH_DOCS is set by meson");
  const std::string text = testing::read_file(std::string(docs) + "/events.md");
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = text.find("```json\n", pos)) != std::string::npos) {
    pos += 8;
    const size_t end = text.find("```", pos);
    out.push_back(text.substr(pos, end - pos));
    pos = end + 3;
  }
  return out;
}

std::string native_error(const std::string& text) {
  EventParser parser;
  Event e;
  auto error = parser.parse_event(text, 1, IngestFormat::kNative, e);
  return error ? error->message() : "accepted";
}

TEST_CASE("every native example in docs/events.md parses, and together they cover every kind") {
  EventParser parser;
  std::set<std::string> kinds;
  const auto examples = doc_examples();
  REQUIRE(examples.size() == 12);
  for (const auto& text : examples) {
    CAPTURE(text);
    Event e;
    auto error = parser.parse_event(text, 0, IngestFormat::kAuto, e);
    if (error) FAIL_CHECK(error->message());
    CHECK(e.raw.format == RawEvent::Format::kNative);
    CHECK(e.idempotency_key.starts_with("auditgraph:content:"));
    CHECK(e.event_time.unix_nanos > 0);
    CHECK_FALSE(e.actor.empty());
    kinds.insert(payload_kind_name(e.payload));
  }
  // All payload kinds but the two that only OpenLineage carries (runs and job declarations).
  CHECK(kinds.size() == std::variant_size_v<Payload> - 2);
}

TEST_CASE("native events map onto the model") {
  EventParser parser;
  Event e;
  REQUIRE_FALSE(parser.parse_event(
      R"({"kind":"access_granted","eventTime":"2026-09-03T09:00:00Z","idempotencyKey":"req-7",
          "grantId":"g1","grantee":{"kind":"service","name":"etl"},
          "resource":{"kind":"columns","dataset":{"namespace":"s3://lake","name":"t"},"columns":["a","b"]},
          "privilege":"WRITE"})",
      0, IngestFormat::kNative, e));
  CHECK(e.idempotency_key == "req-7");
  const auto& g = std::get<AccessGranted>(e.payload);
  CHECK(g.grantee == PrincipalRef{PrincipalRef::Kind::kService, "etl"});
  CHECK(g.resource == Resource{Resource::Kind::kColumns, {"s3://lake", "t"}, {"a", "b"}, ""});
  CHECK(g.privilege == "WRITE");
  CHECK_FALSE(g.expires_at.has_value());

  REQUIRE_FALSE(parser.parse_event(
      R"({"kind":"data_product_published","eventTime":"2026-09-01T08:00:00Z","dataset":{"namespace":"k","name":"orders.events.v1"},
          "domain":"Orders","owners":[{"name":"team:orders"}],"schema":[{"name":"email","type":"string","tags":["PII"]}],
          "freshnessSloSeconds":300})",
      0, IngestFormat::kNative, e));
  const auto& p = std::get<DatasetDeclared>(e.payload);
  CHECK(p.data_product);
  CHECK(p.domain == "Orders");
  CHECK(p.freshness_slo_seconds == 300);
  CHECK(p.schema[0].tags == std::vector<std::string>{"PII"});

  // The same content without a key gets the same derived key: a retry is written once.
  Event a, b;
  const std::string revoke = R"({"kind":"access_revoked","eventTime":"2026-10-15T09:00:00Z","grantId":"g1"})";
  REQUIRE_FALSE(parser.parse_event(revoke, 0, IngestFormat::kNative, a));
  REQUIRE_FALSE(parser.parse_event(" " + revoke + "\n", 0, IngestFormat::kNative, b));
  CHECK(a.idempotency_key == b.idempotency_key);
}

TEST_CASE("bad native events are refused, naming the field and the reason") {
  CHECK(native_error(R"({"eventTime":"2026-09-03T09:00:00Z"})") == "event 1: /kind: required field is missing");
  CHECK(native_error(R"({"kind":"grant","eventTime":"2026-09-03T09:00:00Z"})")
            .starts_with("event 1: /kind: must be one of data_product_published, dataset_declared,"));
  CHECK(native_error(R"({"kind":"access_revoked","grantId":"g"})") ==
        "event 1: /eventTime: required field is missing");
  CHECK(native_error(R"({"kind":"access_revoked","eventTime":"2026-09-03T09:00:00Z"})") ==
        "event 1: /grantId: required field is missing");
  CHECK(native_error(R"({"kind":"access_granted","eventTime":"2026-09-03T09:00:00Z","grantId":"g","grantee":{"kind":"robot","name":"r"}})") ==
        "event 1: /grantee/kind: must be one of user, group, service");
  CHECK(native_error(R"({"kind":"access_granted","eventTime":"2026-09-03T09:00:00Z","grantId":"g","grantee":{"kind":"user","name":"u"},
                         "resource":{"kind":"columns","dataset":{"namespace":"n","name":"t"},"columns":[]},"privilege":"READ"})") ==
        "event 1: /resource/columns: a columns grant must name at least one column");
  CHECK(native_error(R"({"kind":"access_granted","eventTime":"2026-09-03T09:00:00Z","grantId":"g","grantee":{"kind":"user","name":"u"},
                         "resource":{"kind":"domain","domain":"Finance"},"privilege":"OWN"})") ==
        "event 1: /privilege: must be one of READ, WRITE, ADMIN");
  CHECK(native_error(R"({"kind":"access_granted","eventTime":"2026-09-03T09:00:00Z","grantId":"g","grantee":{"kind":"user","name":"u"},
                         "resource":{"kind":"domain","domain":"Finance"},"privilege":"READ","expiresAt":"soon"})") ==
        "event 1: /expiresAt: not an RFC 3339 date-time (e.g. 2026-09-30T12:00:00Z)");
  CHECK(native_error(R"({"kind":"data_product_published","eventTime":"2026-09-01T08:00:00Z","dataset":{"namespace":"k","name":"p"},
                         "domain":"Orders","owners":[],"schema":[]})") ==
        "event 1: /owners: must name at least one owner");
  CHECK(native_error(R"({"kind":"data_product_published","eventTime":"2026-09-01T08:00:00Z","dataset":{"namespace":"k","name":"p"},
                         "domain":"Orders","owners":[{"name":"t"}],"schema":[{"name":"a","type":"int"}],"freshnessSloSeconds":0})") ==
        "event 1: /freshnessSloSeconds: must be a positive number of seconds");
  CHECK(native_error(R"({"kind":"schema_changed","eventTime":"2026-09-01T08:00:00Z","dataset":{"namespace":"k","name":"p"},
                         "schema":[{"name":"a","type":"int","fields":[{"name":"b"}]}]})") ==
        "event 1: /schema/0/fields/0/type: required field is missing");
  CHECK(native_error(R"({"kind":"deprecation","eventTime":"2026-09-01T08:00:00Z","dataset":{"namespace":"k","name":"p"}})") ==
        "event 1: /sunset: required field is missing");
  CHECK(native_error(R"({"kind":"classified","eventTime":"2026-09-01T08:00:00Z","dataset":{"namespace":"k","name":""},"tag":"PII"})") ==
        "event 1: /dataset/name: must not be empty");
  CHECK(native_error(R"({"kind":"classified","eventTime":"2026-09-01T08:00:00Z","tag":"PII"})") ==
        "event 1: /dataset: required field is missing (or give job)");
  CHECK(native_error(R"({"kind":"classified","eventTime":"2026-09-01T08:00:00Z","dataset":{"namespace":"k","name":"p"},
                         "job":{"namespace":"k","name":"j"},"tag":"PII"})") ==
        "event 1: /job: give either dataset or job, not both");
  CHECK(native_error(R"({"kind":"classified","eventTime":"2026-09-01T08:00:00Z","job":{"namespace":"k","name":"j"},
                         "field":"a","tag":"PII"})") ==
        "event 1: /field: a job has no fields; field needs a dataset");
  CHECK(native_error(R"({"kind":"classified","eventTime":"2026-09-01T08:00:00Z","job":{"namespace":"k"},"tag":"PII"})") ==
        "event 1: /job/name: required field is missing");
  CHECK(native_error(R"({"kind":"access_recorded","eventTime":"2026-09-01T08:00:00Z","principal":{"kind":"user","name":"u"},
                         "dataset":{"namespace":"k","name":"p"},"mode":"peek"})") ==
        "event 1: /mode: must be one of read, write");
  CHECK(native_error(R"({"kind":"tag_defined","eventTime":"2026-09-01T08:00:00Z","description":"d"})") ==
        "event 1: /tag: required field is missing");
  CHECK(native_error(R"({"kind":"tag_defined","eventTime":"2026-09-01T08:00:00Z","tag":"PII","description":7})") ==
        "event 1: /description: expected a string, got a number");
  CHECK(native_error(R"({"kind":"membership_added","eventTime":"2026-09-01T08:00:00Z","group":"g","member":null})") ==
        "event 1: /member: must not be null");
}

}  // namespace
}  // namespace auditgraph

namespace auditgraph {
namespace {

TEST_CASE("native: idempotency keys starting with auditgraph: are the engine's and refused") {
  EventParser parser;
  Event e;
  const std::string text =
      R"({"kind": "dataset_declared", "eventTime": "2026-09-30T12:00:00Z", "actor": "a", "idempotencyKey": "auditgraph:declare:auditgraph:log", "dataset": {"namespace": "n", "name": "d"}})";
  auto error = parser.parse_event(text, 0, IngestFormat::kNative, e);
  REQUIRE(error.has_value());
  CHECK(error->path == "/idempotencyKey");
  CHECK(error->reason.find("reserved") != std::string::npos);
}

}  // namespace
}  // namespace auditgraph
