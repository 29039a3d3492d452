// GET /checkpoint: the latest signed checkpoint (C2SP), to anyone, from a server with a signing
// key; a clear 404 from one without.
#include <doctest/doctest.h>

#include "auditgraph/checkpoint.h"
#include "auditgraph/note.h"
#include "test/src/server/test_server.h"

namespace auditgraph {
namespace {

using testing::post_demo;
using testing::TestServer;

TEST_CASE("GET /checkpoint: a signed note of the head, public, after every append") {
  std::array<uint8_t, 32> seed{};
  seed.fill(7);
  const NoteSigner key = *NoteSigner::FromSeed("auditgraph.test/mesh", NoteKeyType::kEd25519, seed);
  EngineOptions engine;
  engine.signing_key = key;
  TestServer s({}, true, engine);
  post_demo(s);
  const uint64_t posted = s.engine().log().head().size;

  // The publisher signs at most once a second: the demo's checkpoint follows within about one.
  auto r = s.client().Get("/checkpoint");  // no token: checkpoints are public
  for (int i = 0; i < 100 && r && r->body.find("\n" + std::to_string(posted) + "\n") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    r = s.client().Get("/checkpoint");
  }
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  CHECK(r->get_header_value("Content-Type") == "text/plain; charset=utf-8");
  auto opened = open_note(r->body, std::vector{key.verifier()});
  REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
  auto cp = Checkpoint::Parse(opened->note.body);
  REQUIRE(cp.ok());
  CHECK(cp->origin == "auditgraph.test/mesh");
  CHECK(cp->size == posted);
  CHECK(cp->root == s.engine().log().root_at(posted).value());
}

TEST_CASE("GET /checkpoint without a signing key: 404 saying how to get one") {
  TestServer s;
  auto r = s.client().Get("/checkpoint");
  REQUIRE(r);
  CHECK(r->status == 404);
  CHECK(r->body.find("serve --signing-key") != std::string::npos);
}

}  // namespace
}  // namespace auditgraph
