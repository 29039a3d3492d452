// The OpenLineage fixture events, ingested through the real Ingestor into a temp store: every
// facet the engine interprets lands where docs/events.md says (checked against the event's JSON
// read on its own with nlohmann), every other facet is kept verbatim under its group, and the
// index built from the store answers schemas, owners and lineage from them (docs/lineage.md), as
// it does owners, descriptions, schemas and tags from the spec's facet examples on a DatasetEvent.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "auditgraph/pii.h"
#include "src/ingest/framing.h"
#include "test/util/fixtures.h"
#include "test/util/temp_dir.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A string member, "" when absent or null.
std::string str(const json& o, const char* key) {
  auto it = o.find(key);
  return it == o.end() || it->is_null() ? "" : it->get<std::string>();
}

std::optional<int64_t> integer(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return std::nullopt;
  return it->get<int64_t>();
}

void check_fields(const json& want, const std::vector<SchemaField>& got) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].name == str(want[i], "name"));
    CHECK(got[i].type == str(want[i], "type"));
    CHECK(got[i].description == str(want[i], "description"));
    check_fields(want[i].value("fields", json::array()), got[i].fields);
  }
}

std::vector<Owner> owners_of(const json& facet) {
  std::vector<Owner> out;
  for (const auto& o : facet.value("owners", json::array())) out.push_back({str(o, "name"), str(o, "type")});
  return out;
}

std::vector<Tag> tags_of(const json& facet) {
  std::vector<Tag> out;
  for (const auto& t : facet.value("tags", json::array()))
    out.push_back({str(t, "key"), str(t, "value"), str(t, "source"), str(t, "field")});
  return out;
}

// The facets kept verbatim: {"group": {"name": facet}}; empty when none.
json verbatim_of(const std::string& facets_json) {
  return facets_json.empty() ? json::object() : json::parse(facets_json);
}

// Checks one facet kept verbatim, or not kept, in `verbatim[group][name]`.
void check_verbatim(const json& verbatim, const std::string& group, const std::string& name,
                    const json& facet, bool kept) {
  CAPTURE(group);
  CAPTURE(name);
  const bool found = verbatim.contains(group) && verbatim[group].contains(name);
  CHECK(found == kept);
  if (found && kept) CHECK(verbatim[group][name] == facet);
}

// A dataset of a run or a job event (or a DatasetEvent's dataset, as a RunDataset) against its
// JSON: each interpreted facet in its field, the others verbatim.
void check_dataset(const json& want, const RunDataset& d) {
  CAPTURE(str(want, "name"));
  CHECK(d.dataset == DatasetRef{str(want, "namespace"), str(want, "name")});
  const json verbatim = verbatim_of(d.facets_json);
  size_t kept = 0;
  for (const char* group : {"facets", "inputFacets", "outputFacets"}) {
    if (!want.contains(group)) continue;
    for (const auto& [name, facet] : want[group].items()) {
      if (facet.is_null()) continue;
      bool interpreted = true, also_verbatim = false;
      if (name == "schema") {
        check_fields(facet.value("fields", json::array()), d.schema);
      } else if (name == "ownership") {
        CHECK(d.owners == owners_of(facet));
      } else if (name == "documentation") {
        CHECK(d.description == str(facet, "description"));
      } else if (name == "dataSource") {
        CHECK(d.data_source == DataSource{str(facet, "name"), str(facet, "uri")});
      } else if (name == "tags") {
        CHECK(d.tags == tags_of(facet));
      } else if (name == "version") {
        CHECK(d.version == str(facet, "datasetVersion"));
      } else if ((name == "outputStatistics" && std::string(group) == "outputFacets") ||
                 (name == "inputStatistics" && std::string(group) == "inputFacets")) {
        CHECK(d.row_count == integer(facet, "rowCount"));
        CHECK(d.bytes == integer(facet, "size"));
      } else if (name == "dataQualityMetrics" && std::string(group) != "outputFacets") {
        CHECK(d.row_count == integer(facet, "rowCount"));
        CHECK(d.bytes == integer(facet, "bytes"));
        also_verbatim = true;  // its column metrics are not modelled
      } else {
        // columnLineage, symlinks, lifecycleStateChange and lineage appear in no fixture event;
        // the facet examples' test covers them.
        interpreted = false;
      }
      check_verbatim(verbatim, group, name, facet, !interpreted || also_verbatim);
      kept += !interpreted || also_verbatim;
    }
  }
  size_t stored = 0;
  for (const auto& [group, facets] : verbatim.items()) stored += facets.size();
  CHECK(stored == kept);  // nothing else was added
}

// The run and job facets of a RunEvent against its JSON.
void check_run(const json& want, const RunEvent& run) {
  CHECK(run.run_id == str(want["run"], "runId"));
  CHECK(run.job == JobRef{str(want["job"], "namespace"), str(want["job"], "name")});
  const json verbatim = verbatim_of(run.facets_json);
  size_t kept = 0;
  for (const char* group : {"run", "job"}) {
    const json facets = want[group].value("facets", json::object());
    for (const auto& [name, facet] : facets.items()) {
      if (facet.is_null()) continue;
      bool interpreted = true, also_verbatim = false;
      const std::string g = group;
      if (g == "run" && name == "parent") {
        REQUIRE(run.parent.has_value());
        CHECK(run.parent->run_id == str(facet["run"], "runId"));
        CHECK(run.parent->job == JobRef{str(facet["job"], "namespace"), str(facet["job"], "name")});
        also_verbatim = facet.contains("root");
      } else if (g == "run" && name == "tags") {
        CHECK(run.run_tags == tags_of(facet));
      } else if (g == "job" && name == "ownership") {
        CHECK(run.job_owners == owners_of(facet));
      } else if (g == "job" && name == "documentation") {
        CHECK(run.job_description == str(facet, "description"));
      } else if (g == "job" && name == "tags") {
        CHECK(run.job_tags == tags_of(facet));
      } else if (g == "job" && name == "jobType") {
        std::string type = str(facet, "processingType") + "/" + str(facet, "integration");
        if (!str(facet, "jobType").empty()) type += "/" + str(facet, "jobType");
        CHECK(run.job_type == type);
      } else {
        interpreted = false;
      }
      check_verbatim(verbatim, group, name, facet, !interpreted || also_verbatim);
      kept += !interpreted || also_verbatim;
    }
  }
  size_t stored = 0;
  for (const auto& [group, facets] : verbatim.items()) stored += facets.size();
  CHECK(stored == kept);
}

void check_event(const json& want, const Event& e) {
  if (const auto* run = std::get_if<RunEvent>(&e.payload)) {
    REQUIRE(want.contains("run"));
    check_run(want, *run);
    const auto inputs = want.value("inputs", json::array());
    const auto outputs = want.value("outputs", json::array());
    REQUIRE(run->inputs.size() == inputs.size());
    REQUIRE(run->outputs.size() == outputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) check_dataset(inputs[i], run->inputs[i]);
    for (size_t i = 0; i < outputs.size(); ++i) check_dataset(outputs[i], run->outputs[i]);
  } else if (const auto* job = std::get_if<JobDeclared>(&e.payload)) {
    REQUIRE_FALSE(want.contains("run"));
    CHECK(job->job == JobRef{str(want["job"], "namespace"), str(want["job"], "name")});
    const auto outputs = want.value("outputs", json::array());
    REQUIRE(job->outputs.size() == outputs.size());
    for (size_t i = 0; i < outputs.size(); ++i) check_dataset(outputs[i], job->outputs[i]);
    const auto inputs = want.value("inputs", json::array());
    REQUIRE(job->inputs.size() == inputs.size());
    for (size_t i = 0; i < inputs.size(); ++i) check_dataset(inputs[i], job->inputs[i]);
  } else if (const auto* declared = std::get_if<DatasetDeclared>(&e.payload)) {
    RunDataset d;  // the same facets, in a DatasetDeclared's fields
    d.dataset = declared->dataset;
    d.schema = declared->schema;
    d.owners = declared->owners;
    d.description = declared->description;
    d.data_source = declared->data_source;
    d.tags = declared->tags;
    d.version = declared->version;
    d.facets_json = declared->facets_json;
    check_dataset(want["dataset"], d);
  } else {
    FAIL("an OpenLineage event became a native payload");
  }
}

using Store = testing::TestStore;

std::vector<fs::path> event_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(testing::fixtures_dir() / "openlineage" / "events"))
    out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("every fixture event's facets land where docs/events.md says, through the Ingestor") {
  Store store;
  Ingestor ingestor(*store.log);
  EventParser parser;
  size_t events = 0, checked_from_log = 0;
  for (const auto& f : event_files()) {
    CAPTURE(f.filename().string());
    const std::string text = testing::read_file(f);
    const json doc = json::parse(text);
    const json list = doc.is_array() ? doc : json::array({doc});
    const std::string_view trimmed = ingest::trim_json_space(text);
    const std::vector<std::string_view> texts =
        trimmed.front() == '[' ? ingest::split_array(trimmed) : std::vector{trimmed};
    REQUIRE(texts.size() == list.size());
    auto receipt = ingestor.ingest(text);
    REQUIRE(receipt.ok());
    REQUIRE(receipt->errors.empty());
    REQUIRE(receipt->appended.size() == list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      CAPTURE(i);
      // The parser's Event, and the one read back from the store (when this event was written
      // rather than acknowledged as a retry of an earlier one), both against the JSON.
      Event parsed;
      auto error = parser.parse_event(texts[i], i, IngestFormat::kOpenLineage, parsed);
      if (error) CAPTURE(error->message());
      REQUIRE_FALSE(error.has_value());
      check_event(list[i], parsed);
      if (!receipt->appended[i].duplicate) {
        auto stored = store.log->read(receipt->appended[i].seq);
        REQUIRE(stored.ok());
        check_event(list[i], *stored);
        CHECK(stored->payload == parsed.payload);
        ++checked_from_log;
      }
      ++events;
    }
  }
  CHECK(events == 30);
  CHECK(checked_from_log == 29);  // every distinct event (one file repeats another exactly)
}

TEST_CASE("fixture times: no offset is UTC, nanoseconds kept, dbt's template dated at parse") {
  EventParser parser;
  auto time_of = [&](const std::string& file) {
    Event e;
    const std::string text =
        testing::read_file(testing::fixtures_dir() / "openlineage" / "events" / file);
    REQUIRE_FALSE(parser.parse_event(text, 0, IngestFormat::kOpenLineage, e).has_value());
    return e.event_time.unix_nanos;
  };
  // 2020-12-28T19:51:01.641499Z
  const int64_t expected = 1609185061'641499000;
  CHECK(time_of("marquez__event_required_nanoseconds.json") == expected);
  CHECK(time_of("marquez__event_required_no_timezone.json") == expected);
  CHECK(time_of("marquez__event_simple.json") == 1609149120'001000000);  // +10:00
}

// dbt's jaffle_shop (dbt-postgres__result.json), as the index sees it after every fixture:
//
//   stg_customers --+
//   stg_orders -----+--> [jaffle_shop.customers] --> customers
//   stg_payments ---+
//
TEST_CASE("the index answers schemas, owners and lineage from the fixture events' facets") {
  Store store;
  Ingestor ingestor(*store.log);
  for (const auto& f : event_files()) {
    auto receipt = ingestor.ingest(testing::read_file(f));
    REQUIRE(receipt.ok());
    REQUIRE(receipt->errors.empty());
  }
  auto built = Index::Build(*store.log);
  REQUIRE(built.ok());
  const Index& index = **built;

  SUBCASE("dbt: a run's ownership and schema facets give the dataset's owner and fields") {
    auto d = index.dataset("dataset:bigquery:random-gcp-project.dbt_test1.test_model");
    REQUIRE(d.ok());
    CHECK(d->owner == "data_team");
    REQUIRE(d->fields.size() == 1);
    CHECK(d->fields[0].name == "id");
  }
  SUBCASE("a DatasetEvent's schema facet is the dataset's schema") {
    auto d = index.dataset("dataset:my-dataset-namespace:my-dataset-name");
    REQUIRE(d.ok());
    REQUIRE(d->fields.size() == 1);
    CHECK(d->fields[0] == SchemaField{"col_a", "VARCHAR", "string", {}});
  }
  SUBCASE("dbt's jaffle_shop: the provenance of customers is its run's inputs, via its job") {
    const std::string ns = "postgres://POSTGRES_HOST:1234";
    LineageQuery q;
    q.node = "dataset:" + ns + ":postgres.public.customers";
    q.max_depth = 1;
    auto answer = index.lineage(q);
    REQUIRE(answer.ok());
    std::set<std::string> ids;
    for (const auto& n : answer->nodes) ids.insert(n.id);
    CHECK(ids == std::set<std::string>{q.node, "job:job-namespace:postgres.public.jaffle_shop.customers",
                                       "dataset:" + ns + ":postgres.public.stg_customers",
                                       "dataset:" + ns + ":postgres.public.stg_orders",
                                       "dataset:" + ns + ":postgres.public.stg_payments"});
    auto d = index.dataset(q.node);
    REQUIRE(d.ok());
    CHECK(d->fields.size() == 9);
    CHECK(d->fields[2].name == "customer_id");
  }
}

TEST_CASE("the spec's dataset facet examples on a DatasetEvent feed the catalog's answers") {
  const fs::path facets = testing::fixtures_dir() / "openlineage" / "facets";
  json all = json::object();
  for (const char* file : {"SchemaDatasetFacet__1.json", "OwnershipDatasetFacet__1.json",
                           "DocumentationDatasetFacet__1.json", "TagsDatasetFacet__1.json"})
    all.update(json::parse(testing::read_file(facets / file)));
  const json event = {{"eventTime", "2026-01-01T00:00:00Z"},
                      {"producer", "https://example.com/catalog"},
                      {"schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent"},
                      {"dataset", {{"namespace", "n"}, {"name", "d"}, {"facets", all}}}};
  Store store;
  Ingestor ingestor(*store.log);
  auto receipt = ingestor.ingest(event.dump());
  REQUIRE(receipt.ok());
  REQUIRE(receipt->errors.empty());
  auto built = Index::Build(*store.log);
  REQUIRE(built.ok());
  auto d = (*built)->dataset("dataset:n:d");
  REQUIRE(d.ok());
  CHECK(d->owner == "owner");                            // ownership
  CHECK(d->description == "Some dataset description");  // documentation
  check_fields(all["schema"]["fields"], d->fields);      // schema, nested fields too
  // tags: a tag with a field tags that column (pii-reach's sources).
  PiiQuery q;
  q.tag = "test_tag";
  auto pii = (*built)->pii_reach(q);
  REQUIRE(pii.ok());
  CHECK(pii->sources == std::vector<std::string>{"datasetField:n:d:email"});
}

}  // namespace
}  // namespace auditgraph
