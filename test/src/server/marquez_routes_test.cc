// The Marquez read API over what was posted: the dbt example's jobs and datasets (from the
// OpenLineage fixtures) and the demo mesh's column lineage, in Marquez's response shapes.
//
//   stg_customers ─┐
//   stg_orders ────┼─ jaffle_shop.customers ─> customers
//   stg_payments ──┴─ jaffle_shop.orders ────> orders   (orders reads stg_orders, stg_payments)
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "test/src/server/test_server.h"
#include "test/util/fixtures.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;
using testing::post_demo;
using testing::TestServer;

const std::string kNs = "postgres://POSTGRES_HOST:1234";
const std::string kOrders = "dataset:" + kNs + ":postgres.public.orders";
const std::string kJob = "job:job-namespace:postgres.public.jaffle_shop.orders";

json get(TestServer& s, const std::string& target, int want = 200) {
  auto r = s.client("alice").Get(target);
  REQUIRE(r);
  CHECK_MESSAGE(r->status == want, target, " ", r->body);
  return json::parse(r->body);
}

void post_dbt(TestServer& s) {
  const std::string events = testing::read_file(testing::fixtures_dir() / "openlineage" / "events" /
                                                "dbt-postgres__result.json");
  REQUIRE(s.client("ingestor").Post("/api/v1/lineage", events, "application/json")->status == 201);
}

std::vector<std::string> keys(const json& j) {
  std::vector<std::string> out;
  for (const auto& [k, v] : j.items()) out.push_back(k);
  return out;
}

TEST_CASE("GET /api/v1/lineage: datasets and jobs with inEdges and outEdges, as Marquez") {
  TestServer s;
  post_dbt(s);
  const json g = get(s, "/api/v1/lineage?nodeId=" + httplib::detail::encode_query_param(kOrders) +
                            "&depth=2")["graph"];
  std::map<std::string, json> by_id;
  std::vector<std::string> order;
  for (const auto& n : g) {
    CHECK(keys(n) == std::vector<std::string>{"id", "type", "data", "inEdges", "outEdges"});
    order.push_back(n["id"]);
    by_id[n["id"]] = n;
  }
  CHECK(std::is_sorted(order.begin(), order.end()));
  REQUIRE(by_id.count(kOrders));
  REQUIRE(by_id.count(kJob));
  const std::string stg_orders = "dataset:" + kNs + ":postgres.public.stg_orders";
  REQUIRE(by_id.count(stg_orders));
  CHECK(by_id.count("dataset:" + kNs + ":postgres.public.customers") == 0);  // not connected

  const json& orders = by_id[kOrders];
  CHECK(orders["type"] == "DATASET");
  CHECK(orders["data"]["id"] == json{{"namespace", kNs}, {"name", "postgres.public.orders"}});
  CHECK(orders["data"]["namespace"] == kNs);
  CHECK(orders["inEdges"] == json::array({{{"origin", kJob}, {"destination", kOrders}}}));
  CHECK(orders["outEdges"].empty());
  const json& job = by_id[kJob];
  CHECK(job["type"] == "JOB");
  CHECK(job["data"]["name"] == "postgres.public.jaffle_shop.orders");
  CHECK(job["data"]["latestRun"]["state"] == "COMPLETED");
  CHECK(job["inEdges"].size() == 2);  // stg_orders, stg_payments
  CHECK(job["outEdges"] == json::array({{{"origin", kJob}, {"destination", kOrders}}}));

  // From the job: the same neighbourhood.
  const json from_job =
      get(s, "/api/v1/lineage?nodeId=" + httplib::detail::encode_query_param(kJob) +
                 "&depth=1")["graph"];
  std::set<std::string> ids;
  for (const auto& n : from_job) ids.insert(n["id"]);
  CHECK(ids.count(kOrders) == 1);
  CHECK(ids.count(stg_orders) == 1);

  CHECK(get(s, "/api/v1/lineage?nodeId=dataset:no:such", 404)["code"] == 404);
  CHECK(get(s, "/api/v1/lineage", 400)["message"].get<std::string>().find("nodeId") == 0);
}

TEST_CASE("namespaces, datasets, jobs and runs, with paging and Marquez's 404s") {
  TestServer s;
  post_dbt(s);
  std::set<std::string> names;
  const json namespaces = get(s, "/api/v1/namespaces");
  for (const auto& ns : namespaces["namespaces"]) {
    CHECK(keys(ns) == std::vector<std::string>{"name", "createdAt", "updatedAt", "ownerName",
                                               "description", "isHidden"});
    names.insert(ns["name"]);
  }
  CHECK(names.count(kNs) == 1);
  CHECK(names.count("job-namespace") == 1);

  const std::string ns_path = "/api/v1/namespaces/postgres:%2F%2FPOSTGRES_HOST:1234";
  const json all = get(s, ns_path + "/datasets");
  CHECK(all["totalCount"] == 5);
  CHECK(all["datasets"].size() == 5);
  const json page = get(s, ns_path + "/datasets?limit=2&offset=4");
  CHECK(page["totalCount"] == 5);
  CHECK(page["datasets"].size() == 1);
  const json d = get(s, ns_path + "/datasets/postgres.public.orders");
  CHECK(keys(d).size() >= 16);
  CHECK(d["name"] == "postgres.public.orders");
  CHECK(d["deleted"] == false);
  CHECK(d["currentVersion"].is_string());
  CHECK(d["lastModifiedAt"].is_string());

  CHECK(get(s, "/api/v1/namespaces/job-namespace/jobs")["totalCount"] == 5);
  CHECK(get(s, "/api/v1/namespaces/nope/datasets", 404) ==
        json{{"code", 404}, {"message", "Namespace 'nope' not found."}});
  CHECK(get(s, ns_path + "/datasets/nope", 404)["message"] == "Dataset 'nope' not found.");
  CHECK(get(s, "/api/v1/namespaces/job-namespace/jobs/nope", 404)["message"] ==
        "Job 'nope' not found.");
  CHECK(get(s, ns_path + "/datasets?limit=x", 400)["code"] == 400);
}

// The dbt fixture gives all its jobs one templated run id ("{{ any(result) }}"), so jobs and runs
// are checked on the demo mesh (testing::post_demo), whose runs are real UUIDs.

TEST_CASE("a job with what its latest run read and wrote, and its runs latest first") {
  TestServer s;
  post_demo(s);
  const std::string path = "/api/v1/namespaces/dbt:%2F%2Fwarehouse/jobs/finance.revenue.daily";
  const json job = get(s, path);
  CHECK(job["id"] == json{{"namespace", "dbt://warehouse"}, {"name", "finance.revenue.daily"}});
  CHECK(job["outputs"] ==
        json::array({{{"namespace", "s3://lake"}, {"name", "finance.revenue.daily.v2"}}}));
  CHECK(job["inputs"].size() == 3);
  CHECK(job["latestRuns"].size() == 1);
  const json runs = get(s, path + "/runs?limit=2");
  CHECK(runs["totalCount"].get<size_t>() > 2);
  REQUIRE(runs["runs"].size() == 2);
  CHECK(runs["runs"][0]["startedAt"] > runs["runs"][1]["startedAt"]);
  const json& run = runs["runs"][0];
  CHECK(run["id"] == job["latestRun"]["id"]);
  CHECK(run["durationMs"].is_number());
  CHECK(run["outputDatasetVersions"][0]["datasetVersionId"]["name"] == "finance.revenue.daily.v2");
  CHECK(run["outputDatasetVersions"][0]["datasetVersionId"]["version"].is_string());
  CHECK(run["inputDatasetVersions"].size() == 3);
  CHECK(run["seqs"].size() >= 2);
}

TEST_CASE("GET /api/v1/column-lineage: fields with their input fields, edges as Marquez's") {
  TestServer s;
  post_demo(s);

  const std::string revenue = "datasetField:s3://lake:finance.revenue.daily.v2:revenue";
  const json g =
      get(s, "/api/v1/column-lineage?nodeId=" + httplib::detail::encode_query_param(revenue) +
                 "&depth=1")["graph"];
  std::map<std::string, json> by_id;
  for (const auto& n : g) by_id[n["id"]] = n;
  REQUIRE(by_id.count(revenue));
  const json& node = by_id[revenue];
  CHECK(node["type"] == "DATASET_FIELD");
  CHECK(node["data"]["dataset"] == "finance.revenue.daily.v2");
  CHECK(node["data"]["field"] == "revenue");
  REQUIRE(!node["data"]["inputFields"].empty());
  for (const auto& in : node["data"]["inputFields"]) {
    const std::string id = "datasetField:" + in["namespace"].get<std::string>() + ":" +
                           in["dataset"].get<std::string>() + ":" + in["field"].get<std::string>();
    CHECK(by_id.count(id) == 1);
    // Marquez's direction: the derived field's inEdges point at its inputs.
    CHECK(std::find(node["inEdges"].begin(), node["inEdges"].end(),
                    json{{"origin", revenue}, {"destination", id}}) != node["inEdges"].end());
    CHECK(std::find(by_id[id]["outEdges"].begin(), by_id[id]["outEdges"].end(),
                    json{{"origin", id}, {"destination", revenue}}) != by_id[id]["outEdges"].end());
  }
  // A dataset's node id gives every field's lineage; withDownstream adds what they feed.
  const std::string orders = "dataset:kafka://broker:9092:orders.events.v1";
  const json up =
      get(s, "/api/v1/column-lineage?nodeId=" + httplib::detail::encode_query_param(orders) +
                 "&depth=1")["graph"];
  const json both =
      get(s, "/api/v1/column-lineage?nodeId=" + httplib::detail::encode_query_param(orders) +
                 "&depth=1&withDownstream=true")["graph"];
  CHECK(both.size() > up.size());
}

}  // namespace
}  // namespace auditgraph
