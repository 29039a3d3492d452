// OpenLineage -> Event: times, event types, facets, the idempotency key, errors and limits.
#include "auditgraph/ingest.h"

#include <doctest/doctest.h>

namespace auditgraph {
namespace {

class FixedClock final : public Clock {
 public:
  Timestamp now() const override { return Timestamp{42}; }
};

// A RunEvent with `extra` spliced in after the job (e.g. inputs/outputs).
std::string run_event(const std::string& type_and_time, const std::string& extra = "") {
  return "{" + type_and_time +
         R"(,"run":{"runId":"3f5e83fa-3480-44ff-99c5-ff943904e5e8"},"job":{"namespace":"spark://c","name":"orders.enrich"})" +
         extra + "}";
}

Event parse_ok(const std::string& text) {
  EventParser parser;
  Event e;
  auto error = parser.parse_event(text, 0, IngestFormat::kOpenLineage, e);
  if (error) FAIL_CHECK(error->message());
  return e;
}

std::string parse_error(const std::string& text, IngestLimits limits = {}) {
  EventParser parser(limits);
  Event e;
  auto error = parser.parse_event(text, 3, IngestFormat::kOpenLineage, e);
  return error ? error->message() : "accepted";
}

TEST_CASE("RFC 3339 times: Z, offsets, fractions to nanoseconds, no offset as UTC") {
  const int64_t base = 1'609'185'121LL * 1'000'000'000;  // 2020-12-28T19:52:01Z
  CHECK(parse_rfc3339("2020-12-28T19:52:01Z")->unix_nanos == base);
  CHECK(parse_rfc3339("2020-12-28T19:52:01z")->unix_nanos == base);
  CHECK(parse_rfc3339("2020-12-29T05:52:01+10:00")->unix_nanos == base);
  CHECK(parse_rfc3339("2020-12-28T14:22:01-05:30")->unix_nanos == base);
  CHECK(parse_rfc3339("2020-12-28T19:52:01.641499Z")->unix_nanos == base + 641'499'000);
  CHECK(parse_rfc3339("2020-12-28T19:52:01.123456789Z")->unix_nanos == base + 123'456'789);
  CHECK(parse_rfc3339("2020-12-28T19:52:01.1234567891Z")->unix_nanos == base + 123'456'789);
  CHECK(parse_rfc3339("2020-12-28T19:52:01.641499")->unix_nanos == base + 641'499'000);
  CHECK(parse_rfc3339("2020-12-28 19:52:01Z")->unix_nanos == base);
  CHECK(parse_rfc3339("1969-12-31T23:59:59Z")->unix_nanos == -1'000'000'000);
  CHECK(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  for (const char* bad : {"", "2020-12-28", "2020-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
                          "2020-12-28T24:00:00Z", "2020-12-28T19:52:01.Z", "2020-12-28T19:52:01+1",
                          "2020-12-28T19:52:01Z ", "9999-01-01T00:00:00Z", "yesterday"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_rfc3339(bad).has_value());
  }
}

TEST_CASE("event types and times of a RunEvent") {
  for (const auto& [type, state] : std::vector<std::pair<std::string, RunState>>{
           {"START", RunState::kStart},
           {"RUNNING", RunState::kRunning},
           {"COMPLETE", RunState::kComplete},
           {"FAIL", RunState::kFail},
           {"ABORT", RunState::kAbort},
           {"OTHER", RunState::kOther}}) {
    CAPTURE(type);
    Event e = parse_ok(run_event(R"("eventType":")" + type + R"(","eventTime":"2020-12-28T19:52:01Z")"));
    CHECK(std::get<RunEvent>(e.payload).state == state);
  }
  // eventType is optional in the spec.
  Event e = parse_ok(run_event(R"("eventTime":"2020-12-28T19:52:01Z")"));
  CHECK(std::get<RunEvent>(e.payload).state == RunState::kOther);
  CHECK(parse_error(run_event(R"("eventType":"DONE","eventTime":"2020-12-28T19:52:01Z")")) ==
        "event 3: /eventType: must be one of START, RUNNING, COMPLETE, FAIL, ABORT, OTHER");
  CHECK(parse_error(run_event(R"("eventType":"START","eventTime":"28/12/2020")")) ==
        "event 3: /eventTime: not an RFC 3339 date-time (e.g. 2026-09-30T12:00:00Z)");
  CHECK(parse_error(run_event(R"("eventType":"START","eventTime":7)")) ==
        "event 3: /eventTime: expected a string, got a number");
  CHECK(parse_error(run_event(R"("eventType":"START")")) ==
        "event 3: /eventTime: required field is missing");
}

TEST_CASE("a template placeholder for eventTime is dated by the parser's clock") {
  FixedClock clock;
  EventParser parser({}, &clock);
  Event e;
  REQUIRE_FALSE(parser.parse_event(run_event(R"("eventType":"START","eventTime":"{{ is_datetime(result) }}")"),
                                   0, IngestFormat::kOpenLineage, e));
  CHECK(e.event_time == Timestamp{42});
}

TEST_CASE("the idempotency key: the event's whole content, whatever its key order or spacing") {
  auto key = [](const std::string& text) {
    Event e;
    EventParser parser;
    auto error = parser.parse_event(text, 0, IngestFormat::kOpenLineage, e);
    REQUIRE_MESSAGE(!error, (error ? error->message() : ""));
    return e.idempotency_key;
  };
  const std::string k = key(run_event(R"("eventType":"COMPLETE","eventTime":"2020-12-28T19:52:01Z")"));
  CHECK(k.starts_with("auditgraph:content:"));
  CHECK(k.size() == 19 + 64);
  const std::string a =
      R"({"eventType":"COMPLETE","eventTime":"2020-12-28T19:52:01Z","run":{"runId":"r"},"job":{"namespace":"n","name":"j"},"outputs":[{"namespace":"n","name":"o","facets":{"x":{"n":1.0,"s":"\u00e9\n"}}}]})";
  // Other key order, whitespace, a literal é for the escape and 1 for 1.0.
  const std::string b = R"({ "job": {"name":"j", "namespace":"n"},
    "run": {"runId":"r"}, "outputs":[{"facets":{"x":{"s":"é\n","n":1}},"name":"o","namespace":"n"}],
    "eventTime":"2020-12-28T19:52:01Z", "eventType":"COMPLETE"})";
  CHECK(key(a) == key(b));
  // Anything else that differs makes another event: an output, a facet value, the type, the time.
  CHECK(key(a) != key(R"({"eventType":"COMPLETE","eventTime":"2020-12-28T19:52:01Z","run":{"runId":"r"},"job":{"namespace":"n","name":"j"},"outputs":[{"namespace":"n","name":"o2"}]})"));
  CHECK(k != key(run_event(R"("eventType":"START","eventTime":"2020-12-28T19:52:01Z")")));
  CHECK(k != key(run_event(R"("eventType":"COMPLETE","eventTime":"2020-12-28T19:52:02Z")")));
}

TEST_CASE("facets: column lineage, statistics, ownership, job type, parent; the rest verbatim") {
  //   in.orders (order_id, email) --[orders.enrich]--> out.enriched (order_id, email_hash)
  Event e = parse_ok(run_event(R"("eventType":"COMPLETE","eventTime":"2020-12-28T19:52:01Z")",
                               R"(,"inputs":[{"namespace":"kafka://b:9092","name":"orders","inputFacets":{"inputStatistics":{"rowCount":5,"size":10}}}],
      "outputs":[{"namespace":"s3://lake","name":"enriched","facets":{
        "schema":{"fields":[{"name":"order_id","type":"string"},{"name":"customer","type":"struct","fields":[{"name":"email_hash","type":"string","description":"sha256"}]}]},
        "columnLineage":{"fields":{
          "order_id":{"inputFields":[{"namespace":"kafka://b:9092","name":"orders","field":"order_id","transformations":[{"type":"DIRECT","subtype":"IDENTITY"}]}]},
          "customer.email_hash":{"inputFields":[{"namespace":"kafka://b:9092","name":"orders","field":"email","transformations":[{"type":"DIRECT","subtype":"TRANSFORMATION","masking":true},{"type":"INDIRECT","subtype":"FILTER"}]}]},
          "legacy":{"inputFields":[{"namespace":"kafka://b:9092","name":"orders","field":"x"}],"transformationType":"IDENTITY","transformationDescription":"copy"}},
          "dataset":[{"namespace":"kafka://b:9092","name":"orders","field":"status","transformations":[{"type":"INDIRECT","subtype":"FILTER"}]}]},
        "ownership":{"owners":[{"name":"team:orders","type":"MAINTAINER"}]},
        "storage":{"storageLayer":"iceberg","fileFormat":"parquet"}},
        "outputFacets":{"outputStatistics":{"rowCount":3,"size":99,"fileCount":1}}}])"));
  const auto& run = std::get<RunEvent>(e.payload);
  REQUIRE(run.inputs.size() == 1);
  CHECK(run.inputs[0].row_count == 5);
  CHECK(run.inputs[0].bytes == 10);
  REQUIRE(run.outputs.size() == 1);
  const RunDataset& out = run.outputs[0];
  REQUIRE(out.schema.size() == 2);
  CHECK(out.schema[1].fields == std::vector<SchemaField>{{"email_hash", "string", "sha256", {}, {}}});
  REQUIRE(out.column_lineage.size() == 3);
  CHECK(out.column_lineage[1].output_field == "customer.email_hash");
  const FieldRef email{{"kafka://b:9092", "orders"}, "email"};
  CHECK(out.column_lineage[1].inputs ==
        std::vector<ColumnInput>{{email, "DIRECT", "TRANSFORMATION", "", true},
                                 {email, "INDIRECT", "FILTER", "", false}});
  CHECK(out.column_lineage[2].inputs ==
        std::vector<ColumnInput>{{{{"kafka://b:9092", "orders"}, "x"}, "DIRECT", "IDENTITY", "copy", false}});
  CHECK(out.dataset_lineage.size() == 1);
  CHECK(out.owners == std::vector<Owner>{{"team:orders", "MAINTAINER"}});
  CHECK(out.row_count == 3);
  CHECK(out.file_count == 1);
  CHECK(out.facets_json == R"({"facets":{"storage":{"storageLayer":"iceberg","fileFormat":"parquet"}}})");
}

TEST_CASE("malformed interpreted facets are refused, naming the path") {
  const std::string head = R"("eventType":"COMPLETE","eventTime":"2020-12-28T19:52:01Z")";
  auto out = [&](const std::string& facets) {
    return parse_error(run_event(head, R"(,"outputs":[{"namespace":"n","name":"o","facets":)" + facets + "}]"));
  };
  CHECK(out(R"({"schema":{"fields":[{"type":"string"}]}})") ==
        "event 3: /outputs/0/facets/schema/fields/0/name: required field is missing");
  CHECK(out(R"({"columnLineage":{"fields":{"a":{"inputFields":[{"namespace":"n","name":"i","field":"f","transformations":[{"type":"SIDEWAYS"}]}]}}}})") ==
        "event 3: /outputs/0/facets/columnLineage/fields/a/inputFields/0/transformations/0/type: must be one of DIRECT, INDIRECT");
  CHECK(out(R"({"columnLineage":{"fields":{"a":{"inputFields":[{"namespace":"n","name":"i"}]}}}})") ==
        "event 3: /outputs/0/facets/columnLineage/fields/a/inputFields/0/field: required field is missing");
  CHECK(out(R"({"lifecycleStateChange":{"lifecycleStateChange":"MOVE"}})") ==
        "event 3: /outputs/0/facets/lifecycleStateChange/lifecycleStateChange: must be one of ALTER, CREATE, DROP, OVERWRITE, RENAME, TRUNCATE");
  CHECK(out(R"({"symlinks":{"identifiers":[{"namespace":"n","name":"x"}]}})") ==
        "event 3: /outputs/0/facets/symlinks/identifiers/0/type: required field is missing");
  CHECK(out(R"({"version":{"datasetVersion":12}})") ==
        "event 3: /outputs/0/facets/version/datasetVersion: expected a string, got a number");
  CHECK(out(R"({"tags":{"tags":[{"value":"v"}]}})") ==
        "event 3: /outputs/0/facets/tags/tags/0/key: required field is missing");
  CHECK(out(R"({"schema":"none"})") == "event 3: /outputs/0/facets/schema: expected an object, got a string");
  CHECK(parse_error(run_event(head, R"(,"outputs":[{"namespace":"n"}])")) ==
        "event 3: /outputs/0/name: required field is missing");
  CHECK(parse_error(run_event(head, R"(,"inputs":{})")) == "event 3: /inputs: expected an array, got an object");
  CHECK(parse_error(R"({"eventTime":"2020-12-28T19:52:01Z","run":{"runId":""},"job":{"namespace":"n","name":"j"}})") ==
        "event 3: /run/runId: must not be empty");
  CHECK(parse_error(R"({"eventTime":"2020-12-28T19:52:01Z","run":{"runId":"r"}})") ==
        "event 3: /job: required field is missing");
  CHECK(parse_error(R"({"eventTime":"2020-12-28T19:52:01Z","run":{"runId":"r"},"job":{"namespace":"n","name":"j","facets":{"jobType":{"integration":"SPARK"}}}})") ==
        "event 3: /job/facets/jobType/processingType: required field is missing");
  CHECK(parse_error(R"({"eventTime":"2020-12-28T19:52:01Z","run":{"runId":"r"},"job":{"namespace":"n","name":"j"},"inputs":[{"namespace":"n","name":"i","inputFacets":{"dataQualityMetrics":{"rowCount":1.5}}}]})") ==
        "event 3: /inputs/0/inputFacets/dataQualityMetrics/rowCount: expected an integer, got a number out of range or with a fraction");
  CHECK(parse_error(R"({"eventTime":"2020-12-28T19:52:01Z"})") ==
        "event 3: /run: required field is missing (an OpenLineage event has a run and a job, a dataset, or a job)");
  CHECK(parse_error("[1]") == "event 3: expected an object, got an array");
  CHECK(parse_error("{\"eventTime\":") .starts_with("event 3: malformed JSON"));
}

TEST_CASE("DatasetEvent and JobEvent") {
  Event d = parse_ok(R"({"eventTime":"2020-12-28T19:52:00.001+10:00","dataset":{"namespace":"pg://db:5432","name":"shop.public.orders",
      "facets":{"schema":{"fields":[{"name":"id","type":"int"}]},"documentation":{"description":"orders"},
                "lifecycleStateChange":{"lifecycleStateChange":"RENAME","previousIdentifier":{"namespace":"pg://db:5432","name":"shop.public.orders_old"}},
                "dataSource":{"name":"shop","uri":"postgres://db:5432/shop"},"custom":{"a":[1,2]}}},"producer":"p"})");
  const auto& declared = std::get<DatasetDeclared>(d.payload);
  CHECK(declared.dataset == DatasetRef{"pg://db:5432", "shop.public.orders"});
  CHECK(declared.schema.size() == 1);
  CHECK(declared.description == "orders");
  CHECK(declared.lifecycle_state == "RENAME");
  CHECK(declared.previous_identifier == DatasetRef{"pg://db:5432", "shop.public.orders_old"});
  CHECK(declared.data_source == DataSource{"shop", "postgres://db:5432/shop"});
  CHECK(declared.facets_json == R"({"facets":{"custom":{"a":[1,2]}}})");
  CHECK(d.idempotency_key.starts_with("auditgraph:content:"));
  CHECK(d.producer == "p");

  Event j = parse_ok(R"({"eventType":"COMPLETE","eventTime":"2020-12-28T19:52:00Z","job":{"namespace":"airflow","name":"dag.task",
      "facets":{"jobType":{"processingType":"BATCH","integration":"AIRFLOW","jobType":"TASK"},"sql":{"query":"SELECT 1"}}},
      "inputs":[{"namespace":"n","name":"in"}],"outputs":[{"namespace":"n","name":"out"}]})");
  const auto& job = std::get<JobDeclared>(j.payload);
  CHECK(job.job == JobRef{"airflow", "dag.task"});
  CHECK(job.job_type == "BATCH/AIRFLOW/TASK");
  CHECK(job.inputs.size() == 1);
  CHECK(job.outputs.size() == 1);
  CHECK(job.facets_json == R"({"job":{"sql":{"query":"SELECT 1"}}})");
  CHECK(j.idempotency_key.starts_with("auditgraph:content:"));
}

TEST_CASE("limits: event size, nesting depth, string length; each its own message") {
  const std::string head = R"("eventType":"COMPLETE","eventTime":"2020-12-28T19:52:01Z")";
  IngestLimits small;
  small.max_event_bytes = 300;
  const std::string big = run_event(head, R"(,"outputs":[{"namespace":"n","name":")" + std::string(400, 'x') + "\"}]");
  CHECK(parse_error(big, small) ==
        "event 3: event of " + std::to_string(big.size()) + " bytes is larger than the limit of 300");
  IngestLimits shallow;
  shallow.max_depth = 4;
  CHECK(parse_error(run_event(head, R"(,"x":[[[[[1]]]]])"), shallow) ==
        "event 3: nesting deeper than 4 levels");
  IngestLimits short_strings;
  short_strings.max_string_bytes = 25;
  CHECK(parse_error(run_event(head), short_strings) ==
        "event 3: /run/runId: string of 36 bytes is longer than the limit of 25");
}

}  // namespace
}  // namespace auditgraph
