// Marquez's routes over runs, versions and raw events: /api/v1/jobs, /jobs/runs/{id}[/facets],
// /events/lineage, /runlineage/upstream, dataset and job versions. Over the demo mesh (real
// run ids) and Marquez's own full event (fixtures: marquez__event_full.json, run ea041791-...).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>

#include "auditgraph/ingest.h"
#include "test/src/server/marquez_client.h"

namespace auditgraph {
namespace {

using testing::marquez_get;
using testing::ojson;
using testing::post_demo;
using testing::post_events;
using testing::q;
using testing::TestServer;

const std::string kFullRun = "ea041791-68bc-4ae1-bd89-4c8106a157e4";
const std::string kRevenueJob = "/api/v1/namespaces/dbt:%2F%2Fwarehouse/jobs/finance.revenue.daily";
const std::string kRevenue = "/api/v1/namespaces/s3:%2F%2Flake/datasets/finance.revenue.daily.v2";

TEST_CASE("GET /api/v1/jobs: every namespace's jobs, paged, filtered by their latest run's state") {
  TestServer s;
  post_demo(s);
  post_events(s, "marquez__event_full.json");
  const ojson all = marquez_get(s, "/api/v1/jobs?limit=1000");
  std::set<std::string> namespaces;
  for (const auto& j : all["jobs"]) namespaces.insert(j["namespace"]);
  CHECK(namespaces.count("dbt://warehouse") == 1);
  CHECK(namespaces.count("my-scheduler-namespace") == 1);
  CHECK(all["totalCount"] == all["jobs"].size());
  const ojson page = marquez_get(s, "/api/v1/jobs?limit=2&offset=1");
  CHECK(page["jobs"].size() == 2);
  CHECK(page["jobs"][0]["id"] == all["jobs"][1]["id"]);
  const ojson completed = marquez_get(s, "/api/v1/jobs?runState=COMPLETED&limit=1000");
  CHECK(completed["totalCount"].get<size_t>() > 0);
  CHECK(completed["totalCount"] == completed["jobs"].size());
  // Pages of 2, across namespace boundaries, add up to the whole list, filtered or not.
  for (const std::string filter : {"", "&runState=COMPLETED"}) {
    CAPTURE(filter);
    const ojson& whole = filter.empty() ? all : completed;
    ojson paged = ojson::array();
    for (size_t offset = 0; offset < whole["jobs"].size() + 2; offset += 2) {
      const ojson p = marquez_get(s, "/api/v1/jobs?limit=2&offset=" + std::to_string(offset) + filter);
      CHECK(p["totalCount"] == whole["totalCount"]);
      for (const auto& j : p["jobs"]) paged.push_back(j["id"]);
    }
    ojson ids = ojson::array();
    for (const auto& j : whole["jobs"]) ids.push_back(j["id"]);
    CHECK(paged == ids);
  }
  for (const auto& j : completed["jobs"]) CHECK(j["latestRun"]["state"] == "COMPLETED");
  CHECK(marquez_get(s, "/api/v1/jobs?runState=DONE", 400)["message"].get<std::string>().find(
            "runState") == 0);
}

TEST_CASE("GET /api/v1/jobs/runs/{id}: one run from the run model; unknown run 404") {
  TestServer s;
  post_demo(s);
  const ojson job = marquez_get(s, kRevenueJob);
  const std::string id = job["latestRun"]["id"];
  const ojson run = marquez_get(s, "/api/v1/jobs/runs/" + id);
  CHECK(run == job["latestRun"]);
  CHECK(run["jobVersion"]["version"] == job["currentVersion"]);
  for (const auto& v : run["inputDatasetVersions"]) CHECK(v["datasetVersionId"]["version"].is_string());
  CHECK(marquez_get(s, "/api/v1/jobs/runs/no-such-run", 404) ==
        ojson{{"code", 404}, {"message", "Run 'no-such-run' not found."}});
}

TEST_CASE("GET /api/v1/jobs/runs/{id}/facets: the run's or the job's facets, as Marquez") {
  TestServer s;
  post_events(s, "marquez__event_full.json");
  const ojson run = marquez_get(s, "/api/v1/jobs/runs/" + kFullRun + "/facets?type=run");
  CHECK(run["runId"] == kFullRun);
  // The shape of Marquez's own answer (fixtures/marquez/responses/facets__run_facets.json, from
  // another event): the same facets, each with the same keys; the values are this event's.
  const ojson want = ojson::parse(testing::read_file(
      testing::fixtures_dir() / "marquez" / "responses" / "facets__run_facets.json"));
  const ojson sent = ojson::parse(testing::read_file(
      testing::fixtures_dir() / "openlineage" / "events" / "marquez__event_full.json"));
  for (const auto& [name, facet] : want.items()) {
    CAPTURE(name);
    REQUIRE(run["facets"].contains(name));
    for (const auto& [k, v] : facet.items()) CHECK(run["facets"][name].contains(k));
  }
  CHECK(run["facets"] == sent["run"]["facets"]);
  const ojson job = marquez_get(s, "/api/v1/jobs/runs/" + kFullRun + "/facets?type=job");
  CHECK(job["facets"] == sent["job"]["facets"]);
  const ojson want_job = ojson::parse(testing::read_file(
      testing::fixtures_dir() / "marquez" / "responses" / "facets__job_facets.json"));
  for (const auto& [name, facet] : want_job.items()) CHECK(job["facets"].contains(name));
  CHECK(!job["facets"].contains("nominalTime"));
  CHECK(marquez_get(s, "/api/v1/jobs/runs/" + kFullRun + "/facets", 400)["code"] == 400);
  CHECK(marquez_get(s, "/api/v1/jobs/runs/" + kFullRun + "/facets?type=dataset", 400)["code"] ==
        400);
  CHECK(marquez_get(s, "/api/v1/jobs/runs/nope/facets?type=run", 404)["message"] ==
        "Run 'nope' not found.");
}

TEST_CASE("GET /api/v1/events/lineage: the raw events as received, newest first, paged") {
  TestServer s;
  post_events(s, "marquez__event_full.json");
  post_events(s, "openlineage-spec__example_full_event.json");
  post_demo(s);  // native events besides OpenLineage ones: left out
  const ojson all = marquez_get(s, "/api/v1/events/lineage?limit=1000");
  const size_t total = all["totalCount"];
  REQUIRE(total == all["events"].size());
  CHECK(total > 2);
  for (size_t i = 1; i < all["events"].size(); ++i) {
    CAPTURE(i);
    CHECK(all["events"][i - 1]["eventTime"].get<std::string>().substr(0, 10) >=
          all["events"][i]["eventTime"].get<std::string>().substr(0, 10));
  }
  // The event as sent, byte for byte in content (its own facets included).
  const ojson sent = ojson::parse(testing::read_file(
      testing::fixtures_dir() / "openlineage" / "events" / "marquez__event_full.json"));
  const ojson asc = marquez_get(s, "/api/v1/events/lineage?sortDirection=asc&limit=1");
  CHECK(asc["events"][0] == sent);  // the oldest: 2020-12-28
  const ojson window = marquez_get(
      s, "/api/v1/events/lineage?after=" + q("2023-01-01T00:00:00Z") +
             "&before=" + q("2024-01-01T00:00:00Z"));
  REQUIRE(window["totalCount"] == 1);
  CHECK(window["events"][0]["run"]["runId"] == "f69a6e9b-9bac-3c9a-9cf6-eacb70ecc9a9");
  CHECK(marquez_get(s, "/api/v1/events/lineage?offset=1&limit=1")["events"][0] == all["events"][1]);
  CHECK(marquez_get(s, "/api/v1/events/lineage?before=yesterday", 400)["code"] == 400);
  CHECK(marquez_get(s, "/api/v1/events/lineage?sortDirection=up", 400)["code"] == 400);
}

// The page as a scan of the whole log computes it (the route's answer before the events-by-time
// history): OpenLineage events in [after, before), by (time, seq), newest first unless asc.
ojson events_page_by_scan(TestServer& s, std::optional<Timestamp> after,
                          std::optional<Timestamp> before, bool ascending, size_t limit,
                          size_t offset) {
  const EventLog& log = s.engine().log();
  std::vector<std::tuple<Timestamp, uint64_t, std::string>> found;
  REQUIRE(log.scan(0, log.head().size, [&](const Event& e) {
    const bool in = e.raw.format == RawEvent::Format::kOpenLineage &&
                    (!after || !(e.event_time < *after)) && (!before || e.event_time < *before);
    if (in) found.emplace_back(e.event_time, e.seq, e.raw.bytes);
    return true;
  }).ok());
  std::sort(found.begin(), found.end());
  if (!ascending) std::reverse(found.begin(), found.end());
  ojson events = ojson::array();
  for (size_t i = offset; i < found.size() && events.size() < limit; ++i) {
    events.push_back(ojson::parse(std::get<2>(found[i])));
  }
  return {{"events", std::move(events)}, {"totalCount", found.size()}};
}

TEST_CASE("GET /api/v1/events/lineage over every real producer's event equals a scan of the log") {
  // Every fixture event (several share one run id, type and time and differ: each is its own
  // event), and the demo's native events, which are not lineage events.
  TestServer s;
  std::vector<std::string> names;
  for (const auto& f :
       std::filesystem::directory_iterator(testing::fixtures_dir() / "openlineage" / "events")) {
    names.push_back(f.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  REQUIRE(names.size() > 10);
  for (const auto& name : names) post_events(s, name);
  post_demo(s);
  struct Case {
    std::string after, before;  // "" = unbounded
    bool ascending;
    size_t limit, offset;
  };
  const std::vector<Case> cases{
      {"", "", false, 1000, 0},
      {"", "", true, 1000, 0},
      {"", "", false, 3, 2},
      {"", "", true, 4, 5},
      {"2021-01-01T00:00:00Z", "", false, 100, 0},
      {"", "2022-06-01T00:00:00Z", true, 100, 1},
      {"2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z", false, 2, 0},
      {"2020-12-28T00:00:00Z", "2020-12-29T00:00:00Z", true, 100, 0},
      {"", "", false, 5, 1000},  // past the end
      {"2030-01-01T00:00:00Z", "2020-01-01T00:00:00Z", false, 100, 0},  // an empty period
  };
  for (const Case& c : cases) {
    std::string target = "/api/v1/events/lineage?limit=" + std::to_string(c.limit) +
                         "&offset=" + std::to_string(c.offset) +
                         "&sortDirection=" + (c.ascending ? "asc" : "desc");
    std::optional<Timestamp> after, before;
    if (!c.after.empty()) {
      target += "&after=" + q(c.after);
      after = parse_rfc3339(c.after).value();
    }
    if (!c.before.empty()) {
      target += "&before=" + q(c.before);
      before = parse_rfc3339(c.before).value();
    }
    CAPTURE(target);
    CHECK(marquez_get(s, target) ==
          events_page_by_scan(s, after, before, c.ascending, c.limit, c.offset));
  }
}

TEST_CASE("GET /api/v1/runlineage/upstream: the run, the versions it read and their runs") {
  TestServer s;
  post_demo(s);
  const std::string id = marquez_get(s, kRevenueJob)["latestRun"]["id"];
  const ojson one = marquez_get(s, "/api/v1/runlineage/upstream?runId=" + id + "&depth=1");
  REQUIRE(one["runs"].size() == 1);
  CHECK(one["runs"][0]["run"]["id"] == id);
  CHECK(one["runs"][0]["run"]["status"] == "COMPLETED");
  CHECK(one["runs"][0]["job"]["name"] == "finance.revenue.daily");
  CHECK(one["runs"][0]["inputs"].size() == 3);
  const ojson deep = marquez_get(s, "/api/v1/runlineage/upstream?runId=" + id);
  CHECK(deep["runs"].size() > 1);
  std::set<std::string> runs;
  for (const auto& r : deep["runs"]) CHECK(runs.insert(r["run"]["id"]).second);  // each once
  // Every producing run named is in the answer.
  for (const auto& r : deep["runs"]) {
    for (const auto& in : r["inputs"]) {
      if (in["producedByRunId"].is_string()) CHECK(runs.count(in["producedByRunId"]) == 1);
    }
  }
  CHECK(marquez_get(s, "/api/v1/runlineage/upstream?runId=nope", 404)["code"] == 404);
  CHECK(marquez_get(s, "/api/v1/runlineage/upstream", 400)["code"] == 400);
}

TEST_CASE("dataset versions: newest first, one by its label, 404 for an unknown one") {
  TestServer s;
  post_demo(s);
  const ojson d = marquez_get(s, kRevenue);
  const ojson list = marquez_get(s, kRevenue + "/versions?limit=1000");
  REQUIRE(list["versions"].size() > 1);
  CHECK(list["totalCount"] == list["versions"].size());
  const ojson& newest = list["versions"][0];
  CHECK(newest["version"] == d["currentVersion"]);
  CHECK(newest["createdAt"] >= list["versions"][1]["createdAt"]);
  CHECK(newest["createdByRun"]["state"] == "COMPLETED");
  CHECK(marquez_get(s, kRevenue + "/versions?limit=1&offset=1")["versions"][0] ==
        list["versions"][1]);
  const std::string label = newest["version"];
  CHECK(marquez_get(s, kRevenue + "/versions/" + label) == newest);
  CHECK(marquez_get(s, kRevenue + "/versions/nope", 404)["message"] ==
        "Dataset version 'nope' not found.");
  CHECK(marquez_get(s, "/api/v1/namespaces/s3:%2F%2Flake/datasets/nope/versions", 404)["code"] ==
        404);
}

TEST_CASE("job versions: one per set of inputs and outputs; the current one is the job's") {
  TestServer s;
  post_demo(s);
  const ojson job = marquez_get(s, kRevenueJob);
  const ojson list = marquez_get(s, kRevenueJob + "/versions");
  REQUIRE(!list["versions"].empty());
  CHECK(list["versions"][0]["version"] == job["currentVersion"]);
  CHECK(list["versions"][0]["latestRun"]["id"] == job["latestRun"]["id"]);
  std::set<std::string> ids;
  for (const auto& v : list["versions"]) CHECK(ids.insert(v["version"]).second);
  const std::string current = job["currentVersion"];
  CHECK(marquez_get(s, kRevenueJob + "/versions/" + current) == list["versions"][0]);
  CHECK(marquez_get(s, kRevenueJob + "/versions/nope", 404)["message"] ==
        "Job version 'nope' not found.");
  CHECK(marquez_get(s, "/api/v1/namespaces/dbt:%2F%2Fwarehouse/jobs/nope/versions", 404)["code"] ==
        404);
}

}  // namespace
}  // namespace auditgraph
