// What the web page asks of the server beyond the query API: a node's catalog entry
// (GET /v1/node), the compliance report (GET /v1/report), and the page's own files at /.
// Fixture: the demo mesh (src/demo), where orders.events.v1 is a product of Orders with a
// 5-minute freshness SLO and a deprecation notice, written by the orders-service job.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "auditgraph/report.h"
#include "src/report/report_json.h"
#include "test/src/server/marquez_client.h"
#include "test/src/server/test_server.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;
using testing::post_demo;
using testing::TestServer;

const std::string kOrders = "dataset:kafka://broker:9092:orders.events.v1";

using testing::q;

TEST_CASE("GET /v1/node: a dataset's contract, schema and notices; a column's dataset; a job") {
  TestServer s;
  post_demo(s);
  auto audit = s.client("alice");
  auto r = audit.Get("/v1/node?id=" + q(kOrders));
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  const json d = json::parse(r->body);
  CHECK(d["kind"] == "dataset");
  CHECK(d["id"] == kOrders);
  CHECK(d["namespace"] == "kafka://broker:9092");
  CHECK(d["domain"] == "Orders");
  CHECK(d["product"] == true);
  CHECK(d["freshness_slo_seconds"] == 300);
  CHECK(d["lifecycle_state"] == "ACTIVE");
  CHECK_FALSE(d["description"].is_null());
  CHECK(d["declared_seq"].is_number());
  REQUIRE(d["deprecations"].size() >= 1);
  CHECK(d["deprecations"][0]["sunset"].is_string());
  bool tagged = false;
  for (const auto& f : d["fields"]) {
    for (const auto& t : f["tags"]) tagged = tagged || t == "PII";
  }
  CHECK(tagged);

  const json c = json::parse(audit
                                 .Get("/v1/node?id=" + q("datasetField:kafka://broker:9092:"
                                                         "orders.events.v1:order_id"))
                                 ->body);
  CHECK(c["kind"] == "column");
  CHECK(c["field"] == "order_id");
  CHECK(c["dataset"]["id"] == kOrders);

  // The job that writes orders.events.v1, as the lineage names it.
  const json up = json::parse(audit.Get("/v1/provenance?depth=1&node=" + q(kOrders))->body);
  std::string job;
  for (const auto& e : up["edges"]) {
    if (e["to"] == kOrders && e["via_job"].is_string()) job = e["via_job"];
  }
  REQUIRE_FALSE(job.empty());
  const json j = json::parse(audit.Get("/v1/node?id=" + q(job))->body);
  CHECK(j["kind"] == "job");
  CHECK(j["runs"].get<int>() >= 1);
  CHECK(j["latest_run"]["seqs"].size() >= 1);

  // Refusals name the parameter.
  CHECK(audit.Get("/v1/node")->status == 400);
  auto bad = audit.Get("/v1/node?id=orders");
  CHECK(bad->status == 400);
  CHECK(json::parse(bad->body)["error"].get<std::string>().rfind("id:", 0) == 0);
  CHECK(audit.Get("/v1/node?id=" + q("dataset:kafka://broker:9092:nope"))->status == 404);
}

TEST_CASE("GET /v1/versions lists each version with the run and job that wrote it") {
  TestServer s;
  post_demo(s);
  const json v =
      json::parse(s.client("alice").Get("/v1/versions?depth=0&dataset=" + q(kOrders))->body);
  REQUIRE(v["versions"].size() >= 1);
  for (const auto& x : v["versions"]) {
    CHECK(x["run_id"].is_string());
    CHECK(x["job"].is_string());
    CHECK(x["seqs"].size() >= 1);
  }
}

TEST_CASE("GET /v1/report: the compliance report as HTML or JSON, for a period") {
  TestServer s;
  post_demo(s);
  auto audit = s.client("alice");
  const std::string period = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
  auto html = audit.Get("/v1/report?" + period);
  REQUIRE(html);
  REQUIRE(html->status == 200);
  CHECK(html->get_header_value("Content-Type").rfind("text/html", 0) == 0);
  CHECK(html->body.find("<svg") != std::string::npos);
  CHECK(html->body.find("orders.events.v1") != std::string::npos);

  auto doc = audit.Get("/v1/report?format=json&domain=Orders&" + period);
  REQUIRE(doc->status == 200);
  const json j = json::parse(doc->body);
  CHECK(j.dump().find("orders.events.v1") != std::string::npos);
  CHECK(j["domain"] == "Orders");
  CHECK(j["period"]["from"].get<std::string>().rfind("2026-11-01T00:00:00", 0) == 0);
  // The summary leads; the inventory is counted, and listed only with full=true.
  CHECK(j["summary"]["rows"]["datasets"].get<int>() > 0);
  CHECK_FALSE(j["sections"][0]["tables"].contains("datasets"));
  auto full = audit.Get("/v1/report?format=json&full=true&domain=Orders&" + period);
  REQUIRE(full->status == 200);
  const json f = json::parse(full->body);
  CHECK(f["sections"][0]["tables"]["datasets"].size() == j["summary"]["rows"]["datasets"]);
  CHECK(f["sections"][2]["tables"]["access_through_groups"].size() ==
        j["summary"]["rows"]["access_through_groups"]);
  auto bad = audit.Get("/v1/report?format=json&full=yes&" + period);
  CHECK(bad->status == 400);
  CHECK(bad->body.find("full") != std::string::npos);

  // No web page served here: no links into it.
  CHECK(html->body.find("#/lineage?node=") == std::string::npos);
  CHECK(audit.Get("/v1/report?format=pdf")->status == 400);
  CHECK(audit.Get("/v1/report?from=yesterday")->status == 400);
}

TEST_CASE("GET /v1/report from the server's index equals the report replayed from the log") {
  // At the head, the server reads its own index (ReportBuilder, under its lock); at an earlier
  // size it replays one. Both must give what compliance_report gives from the log alone.
  TestServer s;
  post_demo(s);
  auto audit = s.client("alice");
  const std::string period = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
  ReportQuery query;
  query.from = *parse_rfc3339("2026-11-01T00:00:00Z");
  query.to = *parse_rfc3339("2026-12-01T00:00:00Z");
  query.list_group_access = true;
  auto replayed = [&](uint64_t size) {
    ReportQuery at = query;
    at.log_size = size;
    auto r = compliance_report(s.engine().log(), at);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return report_to_json(*r, true);
  };

  auto head = audit.Get("/v1/report?format=json&full=true&" + period);
  REQUIRE(head->status == 200);
  const json at_head = json::parse(head->body);
  const uint64_t size = at_head["log"]["size"].get<uint64_t>();
  CHECK(size > 3);
  CHECK(at_head == replayed(size));

  // The request above was recorded in the log (an audit token): the index is past `size - 3`.
  auto earlier = audit.Get("/v1/report?format=json&full=true&log_size=" +
                           std::to_string(size - 3) + "&" + period);
  REQUIRE(earlier->status == 200);
  CHECK(json::parse(earlier->body) == replayed(size - 3));
}

TEST_CASE("--web: the page's files at /, to anyone; the API still behind its tokens") {
  testing::TempDir web;
  std::filesystem::create_directories(web.sub("assets"));
  std::ofstream(web.sub("index.html")) << "<!doctype html><title>auditgraph</title>";
  std::ofstream(web.sub("assets/app-1234.js")) << "console.log(1)";
  ServerOptions options;
  options.web_dir = web.path();
  TestServer s(options);

  httplib::Client anyone("127.0.0.1", s.port());
  auto page = anyone.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("<title>auditgraph</title>") != std::string::npos);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->get_header_value("Cache-Control") == "no-cache");
  auto js = anyone.Get("/assets/app-1234.js");
  REQUIRE(js);
  CHECK(js->status == 200);
  CHECK(js->body == "console.log(1)");
  CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(js->get_header_value("Cache-Control").find("immutable") != std::string::npos);
  CHECK(anyone.Get("/assets/missing.js")->status == 404);
  CHECK(anyone.Get("/../etc/passwd")->status == 404);
  // The API keeps its authentication; unknown API paths stay the API's 404.
  CHECK(anyone.Get("/v1/log/head")->status == 401);
  CHECK(s.client("alice").Get("/v1/log/head")->status == 200);
  CHECK(s.client("alice").Get("/v1/nothing")->status == 404);

  // The HTML report links dataset ids to their lineage on the page, by the address asked.
  post_demo(s);
  auto report =
      s.client("alice").Get("/v1/report?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z");
  REQUIRE(report);
  CHECK(report->body.find(
            "<a href=\"http://127.0.0.1:" + std::to_string(s.port()) +
            "/#/lineage?node=dataset%3Akafka%3A%2F%2Fbroker%3A9092%3Aorders.events.v1\">") !=
        std::string::npos);
}

TEST_CASE("--web: a folder that is missing or has no index.html is refused at bind, naming --web") {
  testing::TempDir web;
  for (const std::string& dir : {web.sub("missing"), web.path()}) {
    ServerOptions options;
    options.web_dir = dir;
    options.port = 0;
    auto engine = Engine::Open(web.sub("store"), {});
    REQUIRE(engine.ok());
    HttpServer server(**engine, options, nullptr);
    const Status st = server.bind();
    CHECK(st.code() == Status::Code::kInvalidArgument);
    CHECK(st.message().rfind("--web:", 0) == 0);
  }
}

TEST_CASE("POST /v1/check-change: what reads the dataset but not the changed field is apart") {
  TestServer s;
  post_demo(s);
  auto audit = s.client("alice");
  auto check = [&](const std::string& removed) {
    json fields = json::array();
    for (const char* f : {"order_id", "customer_id", "customer_email", "shipping_address",
                          "amount", "status", "placed_at"}) {
      if (f != removed) fields.push_back({{"name", f}, {"type", "string"}});
    }
    // Same types as the current schema where it matters: only the removal is a change.
    for (auto& f : fields) {
      if (f["name"] == "amount") f["type"] = "decimal(12,2)";
      if (f["name"] == "placed_at") f["type"] = "timestamp";
    }
    json body = {{"dataset", kOrders}, {"schema", fields}, {"now", "2026-12-01T00:00:00Z"}};
    auto r = audit.Post("/v1/check-change", body.dump(), "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    return json::parse(r->body);
  };
  // Nothing downstream derives from status: safe, and the seven datasets downstream (every job
  // on the way gave column lineage) are listed apart rather than as affected.
  const json status = check("status");
  CHECK(status["verdict"] == "safe");
  CHECK(status["impacts"].empty());
  CHECK(status["owners"].empty());
  REQUIRE(status["not_derived"].size() == 7);
  for (const auto& i : status["not_derived"]) {
    CHECK(i["class"] == "not_derived");
    CHECK(i["column_lineage_known"] == true);
  }
  // amount breaks what derives from it; every class comes with whether lineage was known.
  const json amount = check("amount");
  CHECK(amount["verdict"] == "breaking_with_notice");
  REQUIRE_FALSE(amount["impacts"].empty());
  for (const auto& i : amount["impacts"]) CHECK(i["column_lineage_known"].is_boolean());
}

TEST_CASE("a page given in memory (the binary's own) is served at /; --web wins over it") {
  auto files = StaticFiles::FromMemory({{"index.html", "<title>built in</title>"},
                                        {"assets/main-1.js", "1"},
                                        {"assets/style-1.css", "a{}"}});
  REQUIRE_MESSAGE(files.ok(), files.status().to_string());
  CHECK(files->size() == 3);
  CHECK(files->find("")->content == "<title>built in</title>");
  CHECK(files->find("assets/style-1.css")->content_type == "text/css; charset=utf-8");
  CHECK(StaticFiles::FromMemory({{"main.js", "1"}}).status().code() ==
        Status::Code::kInvalidArgument);

  SUBCASE("no --web: the page in memory") {
    ServerOptions options;
    options.web = *files;
    TestServer s(options);
    httplib::Client anyone("127.0.0.1", s.port());
    auto page = anyone.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body == "<title>built in</title>");
    CHECK(anyone.Get("/assets/main-1.js")->body == "1");
  }
  SUBCASE("--web DIR: the folder's page") {
    testing::TempDir web;
    std::ofstream(web.sub("index.html")) << "<title>from the folder</title>";
    ServerOptions options;
    options.web = *files;
    options.web_dir = web.path();
    TestServer s(options);
    httplib::Client anyone("127.0.0.1", s.port());
    CHECK(anyone.Get("/")->body == "<title>from the folder</title>");
    CHECK(anyone.Get("/assets/main-1.js")->status == 404);
  }
}

TEST_CASE("no page at all: GET / is a 404 that says why") {
  TestServer s;
  httplib::Client anyone("127.0.0.1", s.port());
  auto page = anyone.Get("/");
  REQUIRE(page);
  CHECK(page->status == 404);
  CHECK(page->body.find("no web page") != std::string::npos);
  CHECK(page->body.find("--web") != std::string::npos);
  CHECK(anyone.Get("/index.html")->status == 404);
}

}  // namespace
}  // namespace auditgraph
