// The newer OpenLineage facets (LineageFacet, CatalogDatasetFacet, HierarchyDatasetFacet,
// DatasetTypeDatasetFacet, JobDependenciesRunFacet): accepted and kept verbatim; the dataset form
// of LineageFacet is also read as column lineage, and answers like columnLineage does.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "test/util/fixtures.h"
#include "test/util/temp_dir.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

using nlohmann::json;

json facet_example(const std::string& file) {
  return json::parse(testing::read_file(testing::fixtures_dir() / "openlineage" / "facets" / file));
}

// A COMPLETE RunEvent of job n/j reading n/in and writing n/out, with `facets` ({"name": facet})
// on the run, the job or the output dataset.
enum class Place { kRun, kJob, kOutput };
json run_event(const json& facets, Place place) {
  json e = {{"eventType", "COMPLETE"},
            {"eventTime", "2026-01-01T00:00:00Z"},
            {"run", {{"runId", "0176a8c2-fe01-7439-87e6-56a1a1b4029f"}}},
            {"job", {{"namespace", "n"}, {"name", "j"}}},
            {"inputs", {{{"namespace", "n"}, {"name", "in"}}}},
            {"outputs", {{{"namespace", "n"}, {"name", "out"}}}}};
  if (place == Place::kRun) e["run"]["facets"] = facets;
  if (place == Place::kJob) e["job"]["facets"] = facets;
  if (place == Place::kOutput) e["outputs"][0]["facets"] = facets;
  return e;
}

RunEvent parse(const json& e) {
  EventParser parser;
  Event event;
  auto error = parser.parse_event(e.dump(), 0, IngestFormat::kOpenLineage, event);
  if (error) CAPTURE(error->message());
  REQUIRE_FALSE(error.has_value());
  return std::get<RunEvent>(event.payload);
}

// The facets of `facets` kept verbatim in `facets_json` under `group`, unchanged.
void check_kept(const json& facets, const std::string& facets_json, const std::string& group) {
  REQUIRE_FALSE(facets_json.empty());
  const json kept = json::parse(facets_json);
  for (const auto& [name, facet] : facets.items()) {
    CAPTURE(name);
    REQUIRE(kept.contains(group));
    CHECK(kept[group][name] == facet);
  }
}

TEST_CASE("DatasetTypeDatasetFacet is kept verbatim") {
  const json f = facet_example("DatasetTypeDatasetFacet__1.json");
  check_kept(f, parse(run_event(f, Place::kOutput)).outputs[0].facets_json, "facets");
}

TEST_CASE("HierarchyDatasetFacet is kept verbatim") {
  const json f = facet_example("HierarchyDatasetFacet__1.json");
  check_kept(f, parse(run_event(f, Place::kOutput)).outputs[0].facets_json, "facets");
}

TEST_CASE("CatalogDatasetFacet is kept verbatim") {
  // No example in the spec's tests: this one has every field of CatalogDatasetFacet.json.
  const json f = {{"catalog",
                   {{"_producer", "https://example.com/spark"},
                    {"_schemaURL",
                     "https://openlineage.io/spec/facets/1-1-0/CatalogDatasetFacet.json#/$defs/"
                     "CatalogDatasetFacet"},
                    {"framework", "iceberg"},
                    {"type", "jdbc"},
                    {"name", "my_iceberg_catalog"},
                    {"metadataUri", "jdbc:mysql://host:3306/iceberg_database"},
                    {"warehouseUri", "s3://bucket/path/to/iceberg/warehouse"},
                    {"source", "spark"},
                    {"catalogProperties", {{"io-impl", "org.apache.iceberg.aws.s3.S3FileIO"}}}}}};
  check_kept(f, parse(run_event(f, Place::kOutput)).outputs[0].facets_json, "facets");
}

TEST_CASE("JobDependenciesRunFacet is kept verbatim") {
  // No example in the spec's tests: this one has every field of JobDependenciesRunFacet.json.
  const json dependency = {{"job", {{"namespace", "airflow"}, {"name", "upstream"}}},
                           {"run", {{"runId", "b7dce052-51a6-4d66-98b9-5fd8b78a79c7"}}},
                           {"dependency_type", "DIRECT_INVOCATION"},
                           {"sequence_trigger_rule", "FINISH_TO_START"},
                           {"status_trigger_rule", "EXECUTE_ON_SUCCESS"}};
  const json f = {{"jobDependencies",
                   {{"_producer", "https://example.com/airflow"},
                    {"_schemaURL",
                     "https://openlineage.io/spec/facets/1-0-1/JobDependenciesRunFacet.json#/"
                     "$defs/JobDependenciesRunFacet"},
                    {"upstream", {dependency}},
                    {"downstream", json::array()},
                    {"trigger_rule", "ALL_SUCCESS"}}}};
  check_kept(f, parse(run_event(f, Place::kRun)).facets_json, "run");
}

// The event: job n/j reads n/in and writes n/out; its job facet `lineage` adds what it names.
TEST_CASE("LineageFacet on a job (LineageJobFacet): its dataset targets are outputs, their sources inputs") {
  const DatasetRef in{"n", "in"}, out{"n", "out"};
  auto datasets = [](const std::vector<RunDataset>& list) {
    std::vector<std::string> names;
    for (const auto& d : list) names.push_back(d.dataset.name);
    return names;
  };
  for (const char* file :
       {"LineageFacet__dataset-to-job.json", "LineageFacet__generator.json",
        "LineageFacet__implicit-job.json", "LineageFacet__job-to-dataset.json",
        "LineageFacet__job-to-job.json", "LineageFacet__mixed-sources.json"}) {
    CAPTURE(file);
    const json f = facet_example(file);
    const RunEvent run = parse(run_event(f, Place::kJob));
    check_kept(f, run.facets_json, "job");  // job targets and sources stay there
    CHECK(run.outputs[0].column_lineage.empty());  // n/out is not named by any example
    const std::string name = file;
    if (name == "LineageFacet__mixed-sources.json") {
      // public.orders feeds public.enriched_orders, as a whole and into customer_segment.
      CHECK(datasets(run.inputs) == std::vector<std::string>{"in", "public.orders"});
      CHECK(datasets(run.outputs) == std::vector<std::string>{"out", "public.enriched_orders"});
      const DatasetRef orders{"postgresql://warehouse:5432", "public.orders"};
      CHECK(run.outputs[1].column_lineage ==
            std::vector<ColumnLineage>{
                {"customer_segment", {{{orders, "customer_id"}, "", "", "", false}}}});
      CHECK(run.outputs[1].dataset_lineage ==
            std::vector<ColumnInput>{{{orders, ""}, "", "", "", false}});
    } else if (name == "LineageFacet__implicit-job.json") {
      // A JOB entry without a name is this job: its dataset source is an input.
      CHECK(datasets(run.inputs) == std::vector<std::string>{"in", "public.transactions"});
      CHECK(datasets(run.outputs) == std::vector<std::string>{"out"});
    } else if (name == "LineageFacet__generator.json" ||
               name == "LineageFacet__job-to-dataset.json") {
      // A target fed by no dataset (a generator; another job) is still written by this job.
      CHECK(run.outputs.size() == 2);
      CHECK(datasets(run.inputs) == std::vector<std::string>{"in"});
    } else {
      // Lineage into other jobs: nothing the model holds.
      CHECK(datasets(run.inputs) == std::vector<std::string>{"in"});
      CHECK(datasets(run.outputs) == std::vector<std::string>{"out"});
    }
  }
  SUBCASE("a target the event already writes gets the lineage added") {
    json f = facet_example("LineageFacet__mixed-sources.json");
    f["lineage"]["entries"][0]["namespace"] = "n";
    f["lineage"]["entries"][0]["name"] = "out";
    const RunEvent run = parse(run_event(f, Place::kJob));
    REQUIRE(run.outputs.size() == 1);
    CHECK(run.outputs[0].column_lineage.size() == 1);
    CHECK(run.outputs[0].dataset == out);
  }
}

TEST_CASE("LineageFacet on a dataset: column and dataset-level lineage, and kept verbatim") {
  const json f = facet_example("LineageFacet__dataset-to-dataset.json");
  const RunDataset out = parse(run_event(f, Place::kOutput)).outputs[0];
  const DatasetRef customers{"postgresql://warehouse:5432", "public.customers"};
  CHECK(out.column_lineage ==
        std::vector<ColumnLineage>{
            {"customer_id", {{{customers, "id"}, "DIRECT", "IDENTITY", "", false}}}});
  CHECK(out.dataset_lineage == std::vector<ColumnInput>{{{customers, ""}, "", "", "", false}});
  check_kept(f, out.facets_json, "facets");

  SUBCASE("sources that name no column are not column lineage") {
    // mixed-sources.json's entry, as a dataset facet: a whole dataset and a job as inputs, and a
    // field fed by a column and by a job.
    json entry = facet_example("LineageFacet__mixed-sources.json")["lineage"]["entries"][0];
    const json dataset_form = {{"lineage", {{"inputs", entry["inputs"]}, {"fields", entry["fields"]}}}};
    const RunDataset d = parse(run_event(dataset_form, Place::kOutput)).outputs[0];
    const DatasetRef orders{"postgresql://warehouse:5432", "public.orders"};
    CHECK(d.column_lineage == std::vector<ColumnLineage>{
                                  {"customer_segment", {{{orders, "customer_id"}, "", "", "", false}}}});
    CHECK(d.dataset_lineage == std::vector<ColumnInput>{{{orders, ""}, "", "", "", false}});
  }
}

TEST_CASE("a malformed dataset LineageFacet is refused at the offending field's pointer") {
  // A field's source with these transformations.
  auto field_with = [](const json& transformations) {
    const json source = {{"namespace", "n"}, {"name", "in"}, {"type", "DATASET"}, {"field", "a"},
                         {"transformations", transformations}};
    return json{{"fields", {{"x", {{"inputs", {source}}}}}}};
  };
  struct Case {
    json lineage;
    std::string path, reason;
  };
  const std::vector<Case> cases = {
      {{{"fields", {{"x", {{"inputs", {{{"namespace", "n"}, {"name", "in"}, {"type", "TABLE"}}}}}}}}},
       "/outputs/0/facets/lineage/fields/x/inputs/0/type", "must be one of DATASET, JOB"},
      {{{"fields", {{"x", json::object()}}}}, "/outputs/0/facets/lineage/fields/x/inputs",
       "required field is missing"},
      {{{"inputs", {{{"type", "DATASET"}, {"namespace", "n"}}}}}, "/outputs/0/facets/lineage/inputs/0/name",
       "required field is missing"},
      {{{"inputs", {{{"type", "JOB"}, {"namespace", "airflow"}}}}},
       "/outputs/0/facets/lineage/inputs/0/name", "required field is missing"},
      {field_with({{{"subtype", "IDENTITY"}}}),
       "/outputs/0/facets/lineage/fields/x/inputs/0/transformations/0/type",
       "required field is missing"},
      {field_with({{{"type", "DIRECT"}, {"masking", "yes"}}}),
       "/outputs/0/facets/lineage/fields/x/inputs/0/transformations/0/masking", ""},
  };
  EventParser parser;
  for (const auto& c : cases) {
    CAPTURE(c.lineage.dump());
    Event event;
    auto error = parser.parse_event(run_event({{"lineage", c.lineage}}, Place::kOutput).dump(), 0,
                                    IngestFormat::kOpenLineage, event);
    REQUIRE(error.has_value());
    CAPTURE(error->message());
    CHECK(error->path == c.path);
    if (!c.reason.empty()) CHECK(error->reason == c.reason);
  }
}

// The same column lineage, once as columnLineage and once as LineageFacet, on a job's output:
//
//   n/raw.email --DIRECT/IDENTITY--> n/clean.email --DIRECT/TRANSFORMATION (masked)--> n/report.contact
//   n/raw.id    --INDIRECT/FILTER--> n/clean.email
//
TEST_CASE("a LineageFacet event answers column provenance as the equivalent columnLineage event") {
  auto event = [](const std::string& job, const std::string& in, const std::string& out,
                  const std::string& field, const json& inputs, bool explicit_facet) {
    json e = run_event(json::object(), Place::kOutput);
    e["job"]["name"] = job;
    e["inputs"][0]["name"] = in;
    e["outputs"][0]["name"] = out;
    json facets;
    if (explicit_facet) {
      json sources = json::array();
      for (const auto& i : inputs) {
        json s = {{"namespace", i["namespace"]}, {"name", i["name"]}, {"type", "DATASET"},
                  {"field", i["field"]}, {"transformations", i["transformations"]}};
        sources.push_back(s);
      }
      facets = {{"lineage", {{"fields", {{field, {{"inputs", sources}}}}}}}};
    } else {
      facets = {{"columnLineage", {{"fields", {{field, {{"inputFields", inputs}}}}}}}};
    }
    e["outputs"][0]["facets"] = facets;
    return e.dump();
  };
  auto input = [](const std::string& name, const std::string& field, const std::string& type,
                  const std::string& subtype, bool masking) {
    return json{{"namespace", "n"}, {"name", name}, {"field", field},
                {"transformations", {{{"type", type}, {"subtype", subtype}, {"masking", masking}}}}};
  };
  auto answers = [&](bool explicit_facet) {
    testing::TestStore store;
      Ingestor ingestor(*store.log);
    const std::string batch =
        "[" +
        event("clean", "raw", "clean", "email",
              json::array({input("raw", "email", "DIRECT", "IDENTITY", false),
                           input("raw", "id", "INDIRECT", "FILTER", false)}),
              explicit_facet) +
        "," +
        event("report", "clean", "report", "contact",
              json::array({input("clean", "email", "DIRECT", "TRANSFORMATION", true)}),
              explicit_facet) +
        "]";
    auto receipt = ingestor.ingest(batch);
    REQUIRE(receipt.ok());
    std::string errors;
    for (const auto& e : receipt->errors) errors += e.message() + "\n";
    CAPTURE(errors);
    REQUIRE(receipt->errors.empty());
    auto index = Index::Build(*store.log);
    REQUIRE(index.ok());
    LineageQuery q;
    q.node = "datasetField:n:report:contact";
    auto up = (*index)->lineage(q);
    REQUIRE(up.ok());
    q.node = "datasetField:n:raw:id";
    q.direction = LineageQuery::Direction::kDownstream;
    auto down = (*index)->lineage(q);
    REQUIRE(down.ok());
    return std::make_pair(*up, *down);
  };
  const auto [up_column, down_column] = answers(false);
  const auto [up_explicit, down_explicit] = answers(true);
  auto ids = [](const LineageAnswer& a) {
    std::vector<std::string> out;
    for (const auto& n : a.nodes) out.push_back(n.id + "@" + std::to_string(n.distance));
    return out;
  };
  auto edges = [](const LineageAnswer& a) {
    std::vector<std::string> out;
    for (const auto& e : a.edges)
      out.push_back(e.from + " -> " + e.to + " via " + e.via_job + " " + e.transformation +
                    (e.masking ? " masked" : ""));
    return out;
  };
  CHECK(ids(up_column) == std::vector<std::string>{"datasetField:n:report:contact@0",
                                                   "datasetField:n:clean:email@1",
                                                   "datasetField:n:raw:email@2",
                                                   "datasetField:n:raw:id@2"});
  CHECK(edges(up_column).size() == 3);
  CHECK(ids(up_explicit) == ids(up_column));
  CHECK(edges(up_explicit) == edges(up_column));
  CHECK(ids(down_explicit) == ids(down_column));
  CHECK(edges(down_explicit) == edges(down_column));
  CHECK(edges(down_column) ==
        std::vector<std::string>{
            "datasetField:n:clean:email -> datasetField:n:report:contact via job:n:report "
            "DIRECT/TRANSFORMATION masked",
            "datasetField:n:raw:id -> datasetField:n:clean:email via job:n:clean INDIRECT/FILTER"});
}

}  // namespace
}  // namespace auditgraph
