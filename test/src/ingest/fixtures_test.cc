// The public fixtures: real OpenLineage events (accepted), invalid ones (refused, naming the
// field), one example of every facet (parsed into the model), and the JSONTestSuite corpus
// (never a crash; n_* refused as malformed JSON). The suite also runs under ASan + UBSan.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "auditgraph/ingest.h"
#include "src/ingest/framing.h"
#include "test/util/fixtures.h"
#include "test/util/temp_dir.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

using testing::open_test_log;

TEST_CASE("every OpenLineage fixture event is accepted, raw bytes kept, and a retry writes nothing") {
  testing::TempDir dir;
  auto log = open_test_log(dir.sub("store"));
  Ingestor ingestor(*log);
  const auto files = files_in(testing::fixtures_dir() / "openlineage" / "events");
  REQUIRE(files.size() >= 19);
  size_t events = 0;
  std::set<std::string> seen;  // the events sent so far, by content (nlohmann sorts keys)
  for (const auto& f : files) {
    CAPTURE(f.filename().string());
    const std::string text = testing::read_file(f);
    auto receipt = ingestor.ingest(text);
    REQUIRE(receipt.ok());
    for (const auto& e : receipt->errors) CAPTURE(e.message());
    CHECK(receipt->errors.empty());
    REQUIRE(receipt->appended.size() == receipt->events);
    events += receipt->events;

    // The producer's bytes are kept exactly: the whole object, or each element of the array.
    // Several fixtures share an earlier one's run, type, time and job but differ: each is new.
    // Only an event seen before (one file repeats another's exactly) is a retry.
    const std::string_view trimmed = ingest::trim_json_space(text);
    std::vector<std::string_view> texts =
        trimmed.front() == '[' ? ingest::split_array(trimmed) : std::vector{trimmed};
    REQUIRE(texts.size() == receipt->appended.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      const bool seen_before = !seen.insert(nlohmann::json::parse(texts[i]).dump()).second;
      CHECK(receipt->appended[i].duplicate == seen_before);
      if (seen_before) continue;
      auto stored = log->read(receipt->appended[i].seq);
      REQUIRE(stored.ok());
      CHECK(stored->raw.bytes == texts[i]);
      CHECK(stored->raw.format == RawEvent::Format::kOpenLineage);
    }

    // A retry of the same file is acknowledged with the same seqs and writes nothing.
    const uint64_t size = log->head().size;
    auto again = ingestor.ingest(text);
    REQUIRE(again.ok());
    REQUIRE(again->appended.size() == receipt->appended.size());
    for (size_t i = 0; i < again->appended.size(); ++i) {
      CHECK(again->appended[i].duplicate);
      CHECK(again->appended[i].seq == receipt->appended[i].seq);
    }
    CHECK(log->head().size == size);
  }
  CHECK(events == 30);
  CHECK(log->verify().ok);
}

TEST_CASE("every invalid OpenLineage fixture is refused with the offending field named") {
  const std::map<std::string, std::string> expected = {
      {"fluentd__event_invalid_dataset_facet.json", "/outputs/0/facets/ownership/owners/0/name"},
      {"fluentd__event_invalid_input_dataset_facet.json",
       "/inputs/0/inputFacets/dataQualityMetrics/rowCount"},
      {"fluentd__event_invalid_job_facet.json", "/job/facets/ownership/owners/0/name"},
      {"fluentd__event_invalid_output_dataset_facet.json",
       "/outputs/0/outputFacets/outputStatistics/rowCount"},
      {"fluentd__event_invalid_run_facet.json", "/run/facets/parent/run/runId"},
      {"fluentd__event_no_run_id.json", "/run/runId"},
  };
  testing::TempDir dir;
  auto log = open_test_log(dir.sub("store"));
  Ingestor ingestor(*log);
  const auto files = files_in(testing::fixtures_dir() / "openlineage" / "invalid");
  REQUIRE(files.size() == expected.size());
  for (const auto& f : files) {
    CAPTURE(f.filename().string());
    auto receipt = ingestor.ingest(testing::read_file(f));
    REQUIRE(receipt.ok());
    REQUIRE(receipt->errors.size() == 1);
    const IngestError& e = receipt->errors[0];
    CAPTURE(e.message());
    CHECK(e.event == 0u);
    CHECK(e.path == expected.at(f.filename().string()));
    CHECK(e.message().starts_with("event 0: " + e.path + ": "));
    CHECK(receipt->appended.empty());
  }
  CHECK(log->head().size == 0);  // nothing of a refused event is written
}

// Where a facet example goes in a RunEvent, from its file name (`FacetName__N.json`).
std::string place_facet(const std::string& name, const std::string& facet_json) {
  const std::string run = R"("run":{"runId":"r1")", job = R"("job":{"namespace":"n","name":"j")";
  auto with = [&](const std::string& run_facets, const std::string& job_facets,
                  const std::string& input, const std::string& output) {
    return R"({"eventType":"COMPLETE","eventTime":"2026-01-01T00:00:00Z",)" + run + run_facets +
           "}," + job + job_facets + R"(},"inputs":[{"namespace":"n","name":"in")" + input +
           R"(}],"outputs":[{"namespace":"n","name":"out")" + output + "}]}";
  };
  const std::string f = ",\"facets\":" + facet_json;
  if (name.find("InputDatasetFacet") != std::string::npos)
    return with("", "", ",\"inputFacets\":" + facet_json, "");
  if (name.find("OutputDatasetFacet") != std::string::npos)
    return with("", "", "", ",\"outputFacets\":" + facet_json);
  if (name.find("RunFacet") != std::string::npos) return with(f, "", "", "");
  // LineageFacet has a job form and a dataset form, told apart by the example's _schemaURL.
  if (name.find("JobFacet") != std::string::npos ||
      (name.starts_with("LineageFacet") &&
       facet_json.find("#/$defs/LineageJobFacet") != std::string::npos))
    return with("", f, "", "");
  return with("", "", "", f);  // dataset facets, on the output
}

TEST_CASE("every facet example of the spec parses into the model") {
  EventParser parser;
  const auto files = files_in(testing::fixtures_dir() / "openlineage" / "facets");
  REQUIRE(files.size() >= 46);
  std::map<std::string, int> interpreted;
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    CAPTURE(name);
    Event event;
    auto error = parser.parse_event(place_facet(name, testing::read_file(f)), 0,
                                    IngestFormat::kOpenLineage, event);
    if (error) CAPTURE(error->message());
    REQUIRE_FALSE(error.has_value());
    const auto& run = std::get<RunEvent>(event.payload);
    const RunDataset& out = run.outputs.at(0);
    const RunDataset& in = run.inputs.at(0);
    // Each interpreted facet lands in its model field; the others are kept verbatim.
    if (name.starts_with("SchemaDatasetFacet")) {
      CHECK(out.schema.size() > 0);
      interpreted["schema"]++;
    } else if (name.starts_with("ColumnLineageDatasetFacet")) {
      CHECK(out.column_lineage.size() > 0);
      CHECK(out.column_lineage[0].inputs.size() > 0);
      if (name == "ColumnLineageDatasetFacet__2.json") CHECK(out.dataset_lineage.size() == 3);
      interpreted["columnLineage"]++;
    } else if (name.starts_with("LineageFacet") && !out.column_lineage.empty()) {
      // The dataset form (dataset-to-dataset.json); lineage_facet_test.cc checks it in full.
      CHECK(out.dataset_lineage.size() == 1);
      CHECK(out.facets_json.find("\"lineage\"") != std::string::npos);  // and kept verbatim
      interpreted["lineage"]++;
    } else if (name.starts_with("OwnershipDatasetFacet")) {
      CHECK(out.owners.size() > 0);
      interpreted["ownership"]++;
    } else if (name.starts_with("OwnershipJobFacet")) {
      CHECK(run.job_owners == std::vector<Owner>{{"owner", ""}});
      interpreted["ownership"]++;
    } else if (name.starts_with("DocumentationDatasetFacet")) {
      CHECK(out.description == "Some dataset description");
      interpreted["documentation"]++;
    } else if (name.starts_with("DocumentationJobFacet")) {
      CHECK_FALSE(run.job_description.empty());
      interpreted["documentation"]++;
    } else if (name.starts_with("SymlinksDatasetFacet")) {
      CHECK(out.aliases ==
            std::vector<DatasetRef>{{"/tmp/alter_test", "default.alter_table_test_new"}});
      interpreted["symlinks"]++;
    } else if (name.starts_with("LifecycleStateChangeDatasetFacet")) {
      CHECK(out.lifecycle_state == "RENAME");
      CHECK(out.previous_identifier == DatasetRef{"file", "/tmp/alter_test/alter_table_test"});
      interpreted["lifecycleStateChange"]++;
    } else if (name.starts_with("DatasourceDatasetFacet")) {
      CHECK_FALSE(out.data_source.name.empty());
      interpreted["dataSource"]++;
    } else if (name.starts_with("ParentRunFacet")) {
      REQUIRE(run.parent.has_value());
      CHECK_FALSE(run.parent->run_id.empty());
      interpreted["parent"]++;
    } else if (name.starts_with("JobTypeJobFacet")) {
      CHECK(std::count(run.job_type.begin(), run.job_type.end(), '/') == 2);
      interpreted["jobType"]++;
    } else if (name.starts_with("TagsDatasetFacet")) {
      REQUIRE(out.tags.size() == 2);
      CHECK(out.tags[0] == Tag{"test_tag", "test_value", "test_source", "email"});
      interpreted["tags"]++;
    } else if (name.starts_with("TagsJobFacet")) {
      CHECK(run.job_tags.size() > 0);
      interpreted["tags"]++;
    } else if (name.starts_with("TagsRunFacet")) {
      CHECK(run.run_tags.size() == 2);
      interpreted["tags"]++;
    } else if (name.starts_with("DataQualityMetrics")) {
      const RunDataset& d = name.find("Input") != std::string::npos ? in : out;
      CHECK(d.row_count == 10);
      CHECK(d.file_count == 5);
      interpreted["dataQualityMetrics"]++;
    } else if (name.starts_with("OutputStatisticsOutputDatasetFacet")) {
      CHECK(out.row_count == 2000);
      CHECK(out.bytes == 2097152);
      interpreted["outputStatistics"]++;
    } else if (name.starts_with("DatasetVersionDatasetFacet")) {
      CHECK(out.version == "2");
      interpreted["version"]++;
    } else {
      // Not interpreted: kept verbatim under its group.
      const std::string all = run.facets_json + out.facets_json + in.facets_json;
      CHECK_MESSAGE(all.size() > 2, "the facet is kept verbatim");
      interpreted["verbatim"]++;
    }
  }
  CHECK(interpreted["lineage"] == 1);  // the job form (6 examples) is kept verbatim only
  CHECK(interpreted.size() == 15);     // 14 interpreted facets, and the verbatim ones
}

TEST_CASE("JSONTestSuite: never a crash; n_ files are malformed JSON, y_ files parse") {
  EventParser parser;
  const auto files = files_in(testing::fixtures_dir() / "json-test-suite");
  size_t yes = 0, no = 0, other = 0;
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    if (f.extension() != ".json") continue;
    CAPTURE(name);
    const std::string text = testing::read_file(f);
    size_t calls = 0;
    auto error = parser.for_each(text, Framing::kJson, IngestFormat::kAuto,
                                 [&](size_t, Event*, const IngestError*) { ++calls; });
    const bool malformed =
        error && (error->reason.starts_with("malformed JSON") ||
                  error->reason.starts_with("nesting deeper") || error->reason.starts_with("empty"));
    if (name.starts_with("n_")) {
      CHECK_MESSAGE(malformed, (error ? error->message() : "accepted"));
      CHECK(calls == 0);
      ++no;
    } else if (name.starts_with("y_")) {
      CHECK_MESSAGE(!malformed, error->message());
      ++yes;
    } else {
      ++other;  // i_*: either way, as long as nothing crashes
    }
  }
  CHECK(yes >= 90);
  CHECK(no >= 180);
  CHECK(other >= 30);
}

}  // namespace
}  // namespace auditgraph

namespace auditgraph {
namespace {

TEST_CASE("split_array: quotes escaped by odd runs of backslashes stay inside their string") {
  const std::string text =
      R"([{"a": "x\"]}"}, {"b": "y\\"}, {"c": "\\\"z,"}, {"d": ["]", "\\\\"]}])";
  const auto parts = ingest::split_array(text);
  REQUIRE(parts.size() == 4);
  CHECK(parts[0] == R"({"a": "x\"]}"})");
  CHECK(parts[1] == R"({"b": "y\\"})");
  CHECK(parts[2] == R"({"c": "\\\"z,"})");
  CHECK(parts[3] == R"({"d": ["]", "\\\\"]})");
}

}  // namespace
}  // namespace auditgraph
