// The HTTP service end to end over loopback: real store, real server, httplib's client.
#include "src/server/http_server.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <set>

#include "auditgraph/faulty_disk.h"
#include "src/server/token_store.h"
#include "test/src/server/test_server.h"
#include "test/util/fixtures.h"

namespace auditgraph {
namespace {

using testing::TestServer;

nlohmann::json body_of(const httplib::Result& r) {
  REQUIRE(r);
  return nlohmann::json::parse(r->body, nullptr, false);
}

std::string fixture(const std::string& name) {
  return testing::read_file(testing::fixtures_dir() / "openlineage" / name);
}

// marquez__event_full.json reads and writes these (see the fixture).
std::vector<std::string> ol_fixture_names() {
  std::vector<std::string> out;
  for (const auto& f :
       std::filesystem::directory_iterator(testing::fixtures_dir() / "openlineage" / "events")) {
    out.push_back("events/" + f.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

uint64_t log_size(TestServer& s) { return s.engine().log().head().size; }

// Posts one OpenLineage fixture file through the ingest token; it must be accepted.
void post_fixture(TestServer& s, const std::string& name) {
  auto r = s.client("ingestor").Post("/api/v1/lineage", fixture(name), "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 201, r->body);
}

TEST_CASE("OpenLineage events posted to /api/v1/lineage are durable, idempotent and queryable") {
  TestServer s;
  auto ingest = s.client("ingestor");
  size_t events = 0;  // written
  for (const auto& name : ol_fixture_names()) {
    CAPTURE(name);
    auto r = ingest.Post("/api/v1/lineage", fixture(name), "application/json");
    REQUIRE(r);
    CHECK(r->status == 201);
    const nlohmann::json receipt = body_of(r);
    events += receipt["written"].get<size_t>();
  }
  // Every distinct event is written: several fixtures share a run id, type and time but differ
  // (counted here by content, keys sorted by nlohmann::json).
  std::set<std::string> distinct;
  for (const auto& name : ol_fixture_names()) {
    const nlohmann::json doc = nlohmann::json::parse(fixture(name));
    if (doc.is_array()) {
      for (const auto& e : doc) distinct.insert(e.dump());
    } else {
      distinct.insert(doc.dump());
    }
  }
  CHECK(distinct.size() == 29);  // marquez__event_simple.json is fluentd__event_simple.json
  CHECK(events == distinct.size());
  CHECK(log_size(s) == events);

  // Two RUNNING events of one run, at one time, with different outputs: both written.
  auto running = [](const std::string& output) {
    return R"({"eventType":"RUNNING","eventTime":"2026-09-03T09:00:00Z","run":{"runId":"8d5e1a3c-5b2f-4f7e-9f1a-2c3d4e5f6a7b"},"job":{"namespace":"spark","name":"j"},"outputs":[{"namespace":"s3://lake","name":")" +
           output + R"("}]})";
  };
  for (const std::string out : {"a", "b"}) {
    auto r = ingest.Post("/api/v1/lineage", running(out), "application/json");
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(body_of(r)["written"] == 1);
  }
  events += 2;
  CHECK(log_size(s) == events);

  // Posting them all again writes nothing: every event has its idempotency key.
  for (const auto& name : ol_fixture_names()) {
    auto r = ingest.Post("/api/v1/lineage", fixture(name), "application/json");
    REQUIRE(r);
    CHECK(body_of(r)["written"] == 0);
  }
  CHECK(log_size(s) == events);

  // The dbt example's lineage, read back: stg_orders feeds orders.
  auto audit = s.client("alice");
  auto r = audit.Get("/v1/impact?node=" +
                     httplib::detail::encode_query_param(
                         "dataset:postgres://POSTGRES_HOST:1234:postgres.public.stg_orders"));
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  const nlohmann::json answer = body_of(r);
  std::set<std::string> ids;
  for (const auto& n : answer["nodes"]) ids.insert(n["id"].get<std::string>());
  CHECK(ids.count("dataset:postgres://POSTGRES_HOST:1234:postgres.public.orders") == 1);

  // Search finds the dbt models by name; the overview counts the datasets of no domain.
  const nlohmann::json found = body_of(audit.Get("/v1/search?q=stg_&limit=2"));
  CHECK(found["total"] == 6);  // three stg_ models and their three jobs
  CHECK(found["hits"].size() == 2);
  CHECK(found["hits"][0]["kind"] == "dataset");
  CHECK(audit.Get("/v1/search")->status == 400);
  const nlohmann::json overview = body_of(audit.Get("/v1/overview"));
  REQUIRE(overview["domains"].size() >= 1);
  CHECK(overview["domains"][0]["datasets"].get<int>() > 0);
}

TEST_CASE("bad events get 400 naming the event, the path and the reason, and write nothing") {
  TestServer s;
  auto ingest = s.client("ingestor");
  for (const auto& f :
       std::filesystem::directory_iterator(testing::fixtures_dir() / "openlineage" / "invalid")) {
    CAPTURE(f.path().filename().string());
    auto r = ingest.Post("/api/v1/lineage", testing::read_file(f.path()), "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    const nlohmann::json e = body_of(r);
    CHECK(e["error"].is_string());
    CHECK(e.contains("event"));
    CHECK(e["path"].is_string());
    CHECK(!e["reason"].get<std::string>().empty());
  }
  // One bad event in a batch of good ones refuses the batch.
  const std::string good = fixture("events/marquez__event_simple.json");
  auto r =
      ingest.Post("/v1/events", "[" + good + ", {\"eventType\": \"START\"}]", "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(body_of(r)["event"] == 1);
  CHECK(body_of(r)["errors"].size() >= 1);
  CHECK(ingest.Post("/v1/events", "{not json", "application/json")->status == 400);
  CHECK(ingest.Post("/v1/events?format=xml", good, "application/json")->status == 400);
  CHECK(log_size(s) == 0);
}

TEST_CASE("native events as NDJSON through /v1/events") {
  TestServer s;
  const std::string ndjson =
      R"({"kind": "dataset_declared", "eventTime": "2026-09-30T12:00:00Z", "actor": "alice", "dataset": {"namespace": "kafka://b:9092", "name": "orders.v1"}, "owners": [{"name": "team:orders"}], "domain": "orders", "dataProduct": true})"
      "\n"
      R"({"kind": "dataset_declared", "eventTime": "2026-09-30T12:01:00Z", "actor": "alice", "dataset": {"namespace": "s3://lake", "name": "orders.daily"}})"
      "\n";
  auto r = s.client("ingestor").Post("/v1/events", ndjson, "application/x-ndjson");
  REQUIRE(r);
  CHECK_MESSAGE(r->status == 201, r->body);
  CHECK(body_of(r)["seqs"] == nlohmann::json::array({0, 1}));
}

// Every route, every caller: no token 401, an unknown or revoked token 401, a known token
// without the role 403, else not refused for authorization.
TEST_CASE("the role matrix: every route by every kind of caller") {
  TestServer s;
  struct Route {
    const char* method;
    const char* path;
    std::set<std::string> may;  // who passes authorization
  };
  const std::set<std::string> ingest = {"ingestor", "root"}, query_roles = {"alice", "root"},
                              admin = {"root"},
                              anyone = {"", "nobody", "revoked", "ingestor", "alice", "root"};
  const std::vector<Route> routes = {
      {"POST", "/api/v1/lineage", ingest},
      {"POST", "/v1/events", ingest},
      {"GET", "/v1/provenance?node=dataset:x:y", query_roles},
      {"GET", "/v1/impact?node=dataset:x:y", query_roles},
      {"GET", "/v1/versions?dataset=dataset:x:y", query_roles},
      {"GET", "/v1/access?dataset=dataset:x:y", query_roles},
      {"GET", "/v1/access-history?dataset=dataset:x:y", query_roles},
      {"GET", "/v1/pii-reach", query_roles},
      {"POST", "/v1/check-change", query_roles},
      {"GET", "/v1/stats", query_roles},
      {"GET", "/v1/search?q=x", query_roles},
      {"GET", "/v1/overview", query_roles},
      {"GET", "/v1/node?id=dataset:x:y", query_roles},
      {"GET", "/v1/report?format=json", query_roles},
      {"GET", "/v1/log/head", query_roles},
      {"GET", "/v1/log/entries/0", query_roles},
      {"GET", "/v1/log/proof/inclusion?seq=0", query_roles},
      {"GET", "/v1/log/proof/consistency?from=0", query_roles},
      {"GET", "/api/v1/lineage?nodeId=dataset:x:y", query_roles},
      {"GET", "/api/v1/column-lineage?nodeId=dataset:x:y", query_roles},
      {"GET", "/api/v1/namespaces", query_roles},
      {"GET", "/api/v1/namespaces/x/datasets", query_roles},
      {"GET", "/api/v1/namespaces/x/jobs/y/runs", query_roles},
      {"GET", "/metrics", admin},
      {"GET", "/healthz", anyone},
  };
  size_t answered_queries = 0;  // by audit and admin tokens: each must be in the log
  for (const auto& route : routes) {
    for (const std::string who : {"", "nobody", "revoked", "ingestor", "alice", "root"}) {
      CAPTURE(route.path);
      CAPTURE(who);
      httplib::Client c("127.0.0.1", s.port());
      if (who == "nobody") {
        c.set_bearer_token_auth(
            "agt_0000000000000000000000000000000000000000000000000000000000000000");
      } else if (!who.empty()) {
        c.set_bearer_token_auth(s.token(who));
      }
      auto r = std::string(route.method) == "POST" ? c.Post(route.path, "{}", "application/json")
                                                   : c.Get(route.path);
      REQUIRE(r);
      if (route.may.count(who)) {
        CHECK(r->status != 401);
        CHECK(r->status != 403);
        const bool query = route.may == query_roles;
        if (query && r->status < 400) ++answered_queries;
      } else if (who.empty() || who == "nobody" || who == "revoked") {
        CHECK(r->status == 401);
      } else {
        CHECK(r->status == 403);
      }
    }
  }
  // The refused calls wrote nothing (every POST body was "{}": no write could succeed), and
  // each answered query left exactly one access record, besides the log's own declaration.
  size_t records = 0, other = 0;
  REQUIRE(s.engine()
              .log()
              .scan(0, log_size(s),
                    [&](const Event& e) {
                      if (std::holds_alternative<AccessRecorded>(e.payload)) {
                        ++records;
                      } else if (!std::holds_alternative<DatasetDeclared>(e.payload)) {
                        ++other;
                      }
                      return true;
                    })
              .ok());
  CHECK(answered_queries > 10);
  CHECK(records == answered_queries);
  CHECK(other == 0);
}

TEST_CASE("an auditor's query is in the log before its answer, with who asked what") {
  TestServer s;
  const std::string declare =
      R"({"kind": "dataset_declared", "eventTime": "2026-09-30T12:00:00Z", "actor": "alice", "dataset": {"namespace": "kafka://b:9092", "name": "orders.v1"}})";
  REQUIRE(s.client("ingestor").Post("/v1/events", declare, "application/json")->status == 201);
  const uint64_t before = log_size(s);
  auto r = s.client("alice").Get("/v1/access?dataset=dataset:kafka://b:9092:orders.v1");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  REQUIRE(log_size(s) == before + 1);
  auto e = s.engine().log().read(before);
  REQUIRE(e.ok());
  const auto* access = std::get_if<AccessRecorded>(&e->payload);
  REQUIRE(access != nullptr);
  CHECK(access->principal.name == "alice");
  CHECK(access->dataset == DatasetRef{"kafka://b:9092", "orders.v1"});
  CHECK(access->engine == "auditgraph-http");
  CHECK(access->query_id == "GET /v1/access?dataset=dataset:kafka://b:9092:orders.v1");
  CHECK(e->actor == "alice");

  // The recorded query shows up in the dataset's access history (asked by the admin, which is
  // recorded too).
  auto h = s.client("root").Get(
      "/v1/access-history?dataset=dataset:kafka://b:9092:orders.v1&from=2000-01-01T00:00:00Z");
  REQUIRE(h);
  REQUIRE_MESSAGE(h->status == 200, h->body);
  CHECK(body_of(h)["principals"][0]["principal"]["name"] == "alice");

  // A query about the log as a whole reads the dataset auditgraph:log, declared once.
  REQUIRE(s.client("alice").Get("/v1/log/head")->status == 200);
  REQUIRE(s.client("alice").Get("/v1/log/head")->status == 200);
  auto stats = body_of(s.client("alice").Get("/v1/stats"));
  for (const auto& list : {"without_owner", "unknown_provenance"}) {
    for (const auto& id : stats[list]) CHECK(id != "dataset:auditgraph:log");
  }

  // Failed queries answer nothing and record nothing; ingest is not a query.
  const uint64_t size = log_size(s);
  CHECK(s.client("alice").Get("/v1/impact?node=dataset:no:such")->status == 404);
  CHECK(s.client("alice").Get("/v1/impact")->status == 400);
  CHECK(s.client("alice").Get("/v1/impact?node=dataset:x:y&depth=-1")->status == 400);
  CHECK(log_size(s) == size);
}

TEST_CASE("provenance and impact: kind is a list of kinds; an unknown one is 400, naming it") {
  TestServer s;
  testing::post_demo(s);
  auto audit = s.client("alice");
  const std::string impact =
      "/v1/impact?node=" +
      httplib::detail::encode_query_param("dataset:kafka://broker:9092:orders.events.v1");
  const nlohmann::json all = body_of(audit.Get(impact));
  std::vector<std::string> want;  // the datasets and jobs, in the answer's order
  for (const auto& n : all["nodes"]) {
    if (n["kind"] != "column") want.push_back(n["id"]);
  }
  REQUIRE(want.size() > 2);
  const nlohmann::json some = body_of(audit.Get(impact + "&kind=dataset,job"));
  std::vector<std::string> got;
  for (const auto& n : some["nodes"]) got.push_back(n["id"]);
  CHECK(got == want);
  for (const std::string bad : {"dataset,table", "dataset,,job"}) {
    CAPTURE(bad);
    auto r = audit.Get(impact + "&kind=" + bad);
    REQUIRE(r);
    CHECK(r->status == 400);
    const std::string name = bad == "dataset,table" ? "table" : "";
    CHECK(body_of(r)["error"] == "kind: '" + name + "' is not dataset, column or job");
  }
}

// A log ahead of its index, on a disk that fails every read of its table files:
//   log:   [0 .. 4)  access records of /test queries, flushed to a table file by a backup
//   index: [0 .. 0)  (recording a query does not wake the indexer)
TEST_CASE("a query is answered 503 naming the index's size when the index cannot catch up, not "
          "from the stale index; once reads work again it is answered") {
  testing::TempDir dir;
  auto disk = FaultyDisk::Create({});
  REQUIRE(disk.ok());
  EngineOptions engine_options;
  engine_options.log.sync = false;
  engine_options.log.disk = *disk;
  auto engine = Engine::Open(dir.sub("store"), engine_options);
  REQUIRE(engine.ok());
  const Caller alice{"t1", "alice", Role::kAudit};
  for (int i = 0; i < 3; ++i) REQUIRE((*engine)->record_query(alice, "", "GET /test").ok());
  const uint64_t logged = (*engine)->log().head().size;
  REQUIRE(logged == 4);  // the log's own declaration, then three reads
  REQUIRE((*engine)->log().backup(dir.sub("backup")).ok());  // flushes the memtable
  REQUIRE((*disk)->set_rates({.read_failure = 1}).ok());

  const Status stuck = (*engine)->index_status();
  CHECK(stuck.code() == Status::Code::kIOError);
  CHECK(stuck.message().find("index: stuck at log size 0 of 4") == 0);
  CHECK(stuck.message().find("injected read failure") != std::string::npos);

  ServerOptions options;
  options.port = 0;
  HttpServer server(**engine, options, nullptr);
  REQUIRE(server.bind().ok());
  std::thread serving([&] { server.run(); });
  httplib::Client c("127.0.0.1", server.port());
  auto refused = c.Get("/v1/stats");
  REQUIRE((*disk)->set_rates({}).ok());
  auto answered = c.Get("/v1/stats");
  server.stop();
  serving.join();
  REQUIRE(refused);
  CHECK(refused->status == 503);
  CHECK(refused->get_header_value("Retry-After") == "5");
  CHECK(nlohmann::json::parse(refused->body)["error"].get<std::string>().find(
            "index: stuck at log size 0 of 4") == 0);
  REQUIRE(answered);
  CHECK(answered->status == 200);
  CHECK(nlohmann::json::parse(answered->body)["at"]["size"].get<uint64_t>() >= logged);
  CHECK((*engine)->index_status().ok());
}

TEST_CASE("a query whose access record cannot be written is not answered: 503") {
  testing::TempDir dir;
  TokenStore tokens(dir.sub("tokens.json"));
  const std::string alice = tokens.add("alice", Role::kAudit, Timestamp{0}).value();
  EngineOptions engine_options;
  engine_options.log.sync = false;
  engine_options.log.max_record_bytes = 64;  // every record is larger: the log refuses them
  auto engine = Engine::Open(dir.sub("store"), engine_options);
  REQUIRE(engine.ok());
  ServerOptions options;
  options.port = 0;
  options.tokens_path = dir.sub("tokens.json");
  HttpServer server(**engine, options, nullptr);
  REQUIRE(server.bind().ok());
  std::thread serving([&] { server.run(); });
  httplib::Client c("127.0.0.1", server.port());
  c.set_bearer_token_auth(alice);
  auto r = c.Get("/v1/log/head");
  server.stop();
  serving.join();
  REQUIRE(r);
  CHECK(r->status == 503);
  const nlohmann::json e = nlohmann::json::parse(r->body);
  CHECK(e["error"].get<std::string>().rfind("audit: the query could not be recorded", 0) == 0);
  CHECK(e.dump().find("\"size\"") == std::string::npos);  // the answer did not leak
  CHECK((*engine)->log().head().size == 0);
}

TEST_CASE("limits: body size 413, batch size 413, slow body 408, too many in flight 503") {
  ServerOptions options;
  options.max_body_bytes = 4096;
  options.request_timeout = std::chrono::milliseconds(300);
  options.max_in_flight = 1;
  std::mutex mu;
  std::condition_variable cv;
  bool hold = false, held = false;
  options.on_request = [&](const std::string& route) {
    if (route != "GET /healthz") return;
    std::unique_lock lock(mu);
    if (!hold) return;
    held = true;
    cv.notify_all();
    cv.wait(lock, [&] { return !hold; });
  };
  TestServer s(options);
  auto ingest = s.client("ingestor");

  auto big = ingest.Post("/v1/events", std::string(5000, ' ') + "{}", "application/json");
  REQUIRE(big);
  CHECK(big->status == 413);

  // A body that stops arriving.
  testing::RawClient stalled(s.port());
  REQUIRE(stalled.send("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                       s.token("ingestor") +
                       "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"));
  CHECK(stalled.read_reply(std::chrono::seconds(10)).rfind("HTTP/1.1 408", 0) == 0);

  // One request held in flight: the next is refused with 503 and Retry-After.
  {
    std::lock_guard lock(mu);
    hold = true;
  }
  auto first = std::async(std::launch::async, [&] { return s.client().Get("/healthz"); });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return held; });
  }
  auto second = s.client("alice").Get("/v1/stats");
  REQUIRE(second);
  CHECK(second->status == 503);
  CHECK(second->get_header_value("Retry-After") == "1");
  {
    std::lock_guard lock(mu);
    hold = false;
  }
  cv.notify_all();
  CHECK(first.get()->status == 200);
  CHECK(log_size(s) == 0);
}

TEST_CASE("a batch over the events limit gets 413 and writes nothing") {
  ServerOptions options;
  TestServer s(options);
  std::string batch = "[";
  const std::string one =
      R"({"kind": "dataset_declared", "eventTime": "2026-09-30T12:00:00Z", "actor": "a", "dataset": {"namespace": "n", "name": "d"}})";
  for (int i = 0; i < 10'001; ++i) batch += (i ? "," : "") + one;
  batch += "]";
  auto r = s.client("ingestor").Post("/v1/events", batch, "application/json");
  REQUIRE(r);
  CHECK(r->status == 413);
  CHECK(body_of(r)["event"].is_null());
  CHECK(log_size(s) == 0);
}

TEST_CASE("metrics count events, refusals, routes, the log and the index") {
  TestServer s;
  post_fixture(s, "events/marquez__event_full.json");
  s.client("ingestor").Post("/api/v1/lineage", "{}", "application/json");
  s.client().Get("/v1/stats");
  auto r = s.client("root").Get("/metrics");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const std::string& m = r->body;
  CHECK(m.find("auditgraph_events_ingested_total 1\n") != std::string::npos);
  CHECK(m.find("auditgraph_events_refused_total{reason=\"invalid\"} 1\n") != std::string::npos);
  CHECK(m.find("auditgraph_events_refused_total{reason=\"unauthorized\"} 1\n") !=
        std::string::npos);
  CHECK(
      m.find("auditgraph_http_request_duration_seconds_count{route=\"POST /api/v1/lineage\"} 2") !=
      std::string::npos);
  CHECK(
      m.find("auditgraph_http_responses_total{route=\"POST /api/v1/lineage\",status=\"400\"} 1") !=
      std::string::npos);
  CHECK(m.find("auditgraph_log_size 1\n") != std::string::npos);
  CHECK(m.find("auditgraph_log_fsyncs_total") != std::string::npos);
  CHECK(m.find("auditgraph_ingest_batch_events_count 1\n") != std::string::npos);
  CHECK(m.find("auditgraph_index_edges") != std::string::npos);
}

TEST_CASE("every route's metrics label: its method and path, or a name for a pattern") {
  TestServer s;
  auto r = s.client("root").Get("/metrics");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  std::set<std::string> labels;
  const std::string count = "auditgraph_http_request_duration_seconds_count{route=\"";
  for (size_t at = r->body.find(count); at != std::string::npos; at = r->body.find(count, at + 1)) {
    const size_t begin = at + count.size();
    labels.insert(r->body.substr(begin, r->body.find("\"}", begin) - begin));
  }
  const std::set<std::string> want = {
      "GET /healthz",
      "GET /metrics",
      "POST /api/v1/lineage",
      "POST /v1/events",
      "GET /v1/provenance",
      "GET /v1/impact",
      "GET /v1/versions",
      "GET /v1/access",
      "GET /v1/access-history",
      "GET /v1/pii-reach",
      "POST /v1/check-change",
      "GET /v1/search",
      "GET /v1/overview",
      "GET /v1/node",
      "GET /v1/stats",
      "GET /v1/log/head",
      "GET /v1/log/entries/{seq}",
      "GET /v1/log/proof/inclusion",
      "GET /v1/log/proof/consistency",
      "GET /checkpoint",
      "GET /tile/{L}/{N}[.p/{W}]",
      "GET /api/v1/namespaces",
      "GET /api/v1/namespaces/{ns}/...",
      "PUT /api/v1/namespaces/{ns}/.../tags/{tag}",
      "POST /api/v1/namespaces/{ns}/.../tags/{tag}",
      "DELETE /api/v1/namespaces/{ns}/.../tags/{tag}",
      "GET /api/v1/sources[/{name}]",
      "GET /api/v1/lineage",
      "GET /api/v1/column-lineage",
      "GET /api/v1/runlineage/upstream",
      "GET /api/v1/jobs",
      "GET /api/v1/jobs/runs/{id}[/facets]",
      "POST /api/v1/jobs/runs/{id}/...",
      "GET /api/v1/events/lineage",
      "GET /api/v1/search",
      "GET /api/v2beta/search/jobs",
      "GET /api/v2beta/search/datasets",
      "GET /api/v1/stats/lineage-events",
      "GET /api/v1/stats/jobs",
      "GET /api/v1/stats/datasets",
      "GET /api/v1/stats/sources",
      "GET /api/v1/tags",
      "PUT /api/v1/tags/{tag}",
      "GET /v1/report",
      "GET /(web page)",
  };
  CHECK(labels == want);
  // A pattern needs a label of its own: the overload that labels a route by its path refuses it.
  CHECK_THROWS_AS(
      s.server().route("GET", "/v1/things/(\\d+)", Access::kQuery,
                       [](const httplib::Request&, httplib::Response&, RequestContext&) {}),
      std::logic_error);
}

TEST_CASE("log routes: head, entries with their leaf, proofs that verify") {
  TestServer s;
  post_fixture(s, "events/dbt-postgres__result.json");
  auto audit = s.client("alice");
  const nlohmann::json head = body_of(audit.Get("/v1/log/head"));
  const uint64_t size = head["size"];
  CHECK(size >= 10);
  const nlohmann::json entry = body_of(audit.Get("/v1/log/entries/3"));
  CHECK(entry["seq"] == 3);
  CHECK(entry["record"].is_string());
  const nlohmann::json proof =
      body_of(audit.Get("/v1/log/proof/inclusion?seq=3&size=" + std::to_string(size)));
  std::vector<Hash> path;
  for (const auto& h : proof["proof"]) path.push_back(Hash::FromHex(h.get<std::string>()).value());
  CHECK(verify_inclusion(3, size, Hash::FromHex(entry["leaf_hash"].get<std::string>()).value(),
                         path, Hash::FromHex(proof["root"].get<std::string>()).value())
            .ok());
  CHECK(audit.Get("/v1/log/entries/999999")->status == 404);
  CHECK(audit.Get("/v1/log/proof/consistency?from=2&to=" + std::to_string(size))->status == 200);
  CHECK(audit.Get("/v1/log/proof/consistency?from=9999")->status == 400);
}

TEST_CASE("a restart keeps every acknowledged event and answers the same") {
  TestServer s;
  post_fixture(s, "events/dbt-postgres__result.json");
  const std::string q =
      "/v1/provenance?node=dataset:postgres://POSTGRES_HOST:1234:postgres.public.orders";
  const nlohmann::json before = body_of(s.client("root").Get(q));
  const LogHead head = s.engine().log().head();
  s.stop();
  s.start();
  CHECK(s.engine().log().head() == head);
  CHECK(s.engine().log().verify().ok);
  nlohmann::json after = body_of(s.client("root").Get(q));
  CHECK(after["nodes"] == before["nodes"]);
  CHECK(after["edges"] == before["edges"]);
}

TEST_CASE("without tokens: no authentication, and only on loopback") {
  ServerOptions options;
  TestServer s(options, /*with_tokens=*/false);
  CHECK(s.client().Get("/v1/stats")->status == 200);
  CHECK(s.client().Get("/metrics")->status == 200);
  EngineOptions engine_options;
  engine_options.log.sync = false;
  testing::TempDir dir;
  auto engine = Engine::Open(dir.path(), engine_options);
  REQUIRE(engine.ok());
  ServerOptions open;
  open.host = "0.0.0.0";
  open.port = 0;
  HttpServer exposed(**engine, open, nullptr);
  const Status s2 = exposed.bind();
  CHECK(s2.code() == Status::Code::kInvalidArgument);
  CHECK(s2.message().find("--listen") != std::string::npos);
}

}  // namespace
}  // namespace auditgraph
