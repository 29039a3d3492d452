// proofs=true on the query routes (routes_query.cc): a bundle that verify_answer_bundle accepts
// when the server signs checkpoints, a clear 409 when it does not.
#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <array>
#include <thread>

#include "src/proof/verify_bundle.h"
#include "src/server/engine.h"
#include "src/server/http_server.h"
#include "test/util/random_mesh.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

// The random mesh served over loopback (no tokens) by an engine with `signing_key`, or none.
struct MeshServer {
  testing::TempDir dir;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<HttpServer> server;
  std::thread thread;

  explicit MeshServer(std::optional<NoteSigner> signing_key) {
    {
      auto log = testing::open_test_log(dir.sub("store"));
      REQUIRE(log->append(testing::random_mesh_events(5)).ok());
    }
    EngineOptions options;
    options.log.sync = false;
    options.signing_key = std::move(signing_key);
    engine = Engine::Open(dir.sub("store"), std::move(options)).value();
    ServerOptions server_options;
    server_options.port = 0;
    server = std::make_unique<HttpServer>(*engine, server_options, nullptr);
    REQUIRE(server->bind().ok());
    thread = std::thread([this] { server->run(); });
  }
  ~MeshServer() {
    server->stop();
    thread.join();
  }
  httplib::Result get(const std::string& target) {
    httplib::Client c("127.0.0.1", server->port());
    c.set_read_timeout(30, 0);
    return c.Get(target);
  }
};

NoteSigner log_key() {
  std::array<uint8_t, 32> seed;
  seed.fill(7);
  return NoteSigner::FromSeed("example.com/served", NoteKeyType::kEd25519, seed).value();
}

TEST_CASE("proofs=true answers a bundle that verifies offline, under a checkpoint it signs") {
  MeshServer s(log_key());
  const std::string node = testing::mesh_dataset_id(7);
  auto r = s.get("/v1/provenance?node=" + httplib::detail::encode_query_param(node) + "&proofs=true");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  auto report = verify_answer_bundle(r->body, {log_key().verifier(), {}, 0});
  REQUIRE_MESSAGE(report.ok(), report.status().to_string());
  CHECK(report->kind == AnswerKind::kProvenance);
  CHECK(report->subject == node);
  CHECK(report->claims > 0);

  // Without proofs the answer is as before; a query with no provable form says so.
  r = s.get("/v1/provenance?node=" + httplib::detail::encode_query_param(node));
  REQUIRE(r);
  CHECK(nlohmann::json::parse(r->body).contains("edges"));
  r = s.get("/v1/access-history?dataset=" + httplib::detail::encode_query_param(node) + "&proofs=true");
  REQUIRE(r);
  CHECK(r->status == 400);
}

TEST_CASE("proofs=true without a signing key: 409 naming serve --signing-key") {
  MeshServer s(std::nullopt);
  auto r = s.get("/v1/access?dataset=" + httplib::detail::encode_query_param(testing::mesh_dataset_id(5)) +
                 "&proofs=true");
  REQUIRE(r);
  CHECK(r->status == 409);
  CHECK(r->body.find("serve --signing-key") != std::string::npos);
}

}  // namespace
}  // namespace auditgraph
