// Marquez's catalog-wide routes over the demo mesh: namespace times, search (v1 and v2beta),
// sources, tags, the dashboard's stats, and column lineage from a job or with Marquez's
// booleans.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "test/src/server/marquez_client.h"

namespace auditgraph {
namespace {

using testing::marquez_get;
using testing::ojson;
using testing::post_demo;
using testing::post_events;
using testing::q;
using testing::TestServer;

TEST_CASE("namespaces carry createdAt and updatedAt; a job its currentVersion") {
  TestServer s;
  post_demo(s);
  // Each answer is held in a local: a range-for over a temporary's member would dangle.
  const ojson namespaces = marquez_get(s, "/api/v1/namespaces");
  for (const auto& ns : namespaces["namespaces"]) {
    CAPTURE(ns);
    CHECK(ns["createdAt"].is_string());
    CHECK(ns["updatedAt"].is_string());
  }
  const ojson lake = marquez_get(s, "/api/v1/namespaces/s3:%2F%2Flake");
  CHECK(lake["createdAt"].is_string());
  const ojson jobs = marquez_get(s, "/api/v1/jobs?limit=1000");
  for (const auto& j : jobs["jobs"]) {
    CAPTURE(j["name"]);
    CHECK(j["currentVersion"].is_string());
  }
}

TEST_CASE("GET /api/v1/search and /api/v2beta/search/*: datasets and jobs by name") {
  TestServer s;
  post_demo(s);
  const ojson r = marquez_get(s, "/api/v1/search?q=revenue");
  std::set<std::string> types;
  for (const auto& hit : r["results"]) {
    CHECK(hit.size() == 5);
    types.insert(hit["type"]);
    CHECK(hit["nodeId"].get<std::string>().find(hit["name"].get<std::string>()) !=
          std::string::npos);
  }
  CHECK(types == std::set<std::string>{"DATASET", "JOB"});
  CHECK(r["totalCount"] == r["results"].size());
  const ojson datasets = marquez_get(s, "/api/v1/search?q=revenue&filter=DATASET&sort=NAME");
  for (const auto& hit : datasets["results"]) CHECK(hit["type"] == "DATASET");
  for (size_t i = 1; i < datasets["results"].size(); ++i) {
    CHECK(datasets["results"][i - 1]["name"] <= datasets["results"][i]["name"]);
  }
  CHECK(marquez_get(s, "/api/v1/search?q=revenue&limit=1")["results"].size() == 1);
  CHECK(marquez_get(s, "/api/v1/search?q=revenue&namespace=nope")["totalCount"] == 0);
  CHECK(marquez_get(s, "/api/v1/search?q=zzzz-nothing")["totalCount"] == 0);
  CHECK(marquez_get(s, "/api/v1/search", 400)["message"].get<std::string>().find("q") == 0);
  CHECK(marquez_get(s, "/api/v1/search?q=a&filter=USER", 400)["code"] == 400);
  CHECK(marquez_get(s, "/api/v1/search?q=a&sort=SIZE", 400)["code"] == 400);
  CHECK(marquez_get(s, "/api/v1/search?q=a&before=2026-13", 400)["code"] == 400);
  const ojson jobs = marquez_get(s, "/api/v2beta/search/jobs?q=revenue");
  CHECK(!jobs["results"].empty());
  for (const auto& hit : jobs["results"]) CHECK(hit["type"] == "JOB");
  const ojson found = marquez_get(s, "/api/v2beta/search/datasets?q=revenue");
  CHECK(!found["results"].empty());
  for (const auto& hit : found["results"]) CHECK(hit["type"] == "DATASET");
}

TEST_CASE("GET /api/v1/sources: the namespaces that hold datasets") {
  TestServer s;
  post_demo(s);
  const ojson all = marquez_get(s, "/api/v1/sources");
  std::set<std::string> names;
  for (const auto& src : all["sources"]) names.insert(src["name"]);
  CHECK(names.count("s3://lake") == 1);
  CHECK(names.count("dbt://warehouse") == 0);  // jobs only
  const ojson lake = marquez_get(s, "/api/v1/sources/s3:%2F%2Flake");
  CHECK(lake["type"] == "S3");
  CHECK(lake["connectionUrl"] == "s3://lake");
  CHECK(marquez_get(s, "/api/v1/sources/nope", 404)["message"] == "Source 'nope' not found.");
}

TEST_CASE("GET /api/v1/tags: the tags on columns now") {
  TestServer s;
  post_demo(s);
  const ojson tags = marquez_get(s, "/api/v1/tags");
  std::set<std::string> names;
  for (const auto& t : tags["tags"]) names.insert(t["name"]);
  CHECK(names.count("PII") == 1);
}

TEST_CASE("stats: intervals of a day by the hour, a week by the day; bad period or zone 400") {
  TestServer s;
  post_events(s, "marquez__event_full.json");
  post_events(s, "openlineage-spec__example_full_event.json");
  post_events(s, "dbt-postgres__result.json");  // 10 events; many datasets in one namespace
  // What each count must add up to: the catalog's jobs, datasets, and namespaces holding datasets,
  // once a first audited query has recorded itself (on the dataset auditgraph:log).
  marquez_get(s, "/api/v1/stats/jobs");
  std::map<std::string, size_t> want{{"lineage-events", 12}};
  s.engine().with_index([&](const Index& index) {
    for (const auto& ns : index.namespaces()) {
      want["jobs"] += index.jobs(ns, 1000, 0).total;
      const size_t datasets = index.datasets(ns, 1000, 0).total;
      want["datasets"] += datasets;
      want["sources"] += datasets > 0 ? 1 : 0;
    }
  });
  CHECK(want["datasets"] > want["sources"]);
  for (const std::string what : {"lineage-events", "jobs", "datasets", "sources"}) {
    CAPTURE(what);
    const ojson day = marquez_get(s, "/api/v1/stats/" + what + "?period=DAY&timezone=UTC");
    REQUIRE(day.size() == 24);
    CHECK(day[0].size() == 3);
    size_t total = 0;
    for (size_t i = 0; i < day.size(); ++i) {
      total += day[i]["count"].get<size_t>();
      if (i > 0) CHECK(day[i]["startInterval"] == day[i - 1]["endInterval"]);
    }
    // Everything was recorded just now: all of it in the last interval.
    CHECK(day[23]["count"] == total);
    CHECK(total == want[what]);
    const ojson week = marquez_get(s, "/api/v1/stats/" + what + "?period=WEEK&timezone=" + q("+02:00"));
    REQUIRE(week.size() == 7);
    CHECK(week[6]["count"] == total);
    CHECK(week[6]["endInterval"].get<std::string>().substr(11, 8) == "22:00:00");
  }
  CHECK(marquez_get(s, "/api/v1/stats/lineage-events?period=DAY")[23]["count"] == 12);
  CHECK(marquez_get(s, "/api/v1/stats/jobs?period=MONTH", 400)["code"] == 400);
  CHECK(marquez_get(s, "/api/v1/stats/jobs?timezone=Mars%2FOlympus", 400)["message"]
            .get<std::string>()
            .find("timezone") == 0);
}

TEST_CASE("column lineage from a job's node id; withDownstream as Marquez reads booleans") {
  TestServer s;
  post_demo(s);
  const std::string job = "job:dbt://warehouse:finance.revenue.daily";
  const ojson g = marquez_get(s, "/api/v1/column-lineage?nodeId=" + q(job) + "&depth=1");
  std::set<std::string> datasets;
  for (const auto& n : g["graph"]) datasets.insert(n["data"]["dataset"]);
  CHECK(datasets.count("finance.revenue.daily.v2") == 1);
  const std::string orders = "/api/v1/column-lineage?nodeId=" +
                             q("dataset:kafka://broker:9092:orders.events.v1") + "&depth=1";
  const size_t up = marquez_get(s, orders)["graph"].size();
  for (const std::string yes : {"true", "True", "TRUE"}) {
    CHECK(marquez_get(s, orders + "&withDownstream=" + yes)["graph"].size() > up);
  }
  for (const std::string no : {"false", "False"}) {
    CHECK(marquez_get(s, orders + "&withDownstream=" + no)["graph"].size() == up);
  }
  CHECK(marquez_get(s, orders + "&withDownstream=yes", 400)["code"] == 400);
  CHECK(marquez_get(s, "/api/v1/column-lineage?nodeId=" + q("job:dbt://warehouse:nope"), 404)["code"] ==
        404);
}

}  // namespace
}  // namespace auditgraph
