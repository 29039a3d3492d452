// Hostile clients against the real server: oversized bodies, slow and stalled clients, invalid
// UTF-8, 10,000-deep nesting, huge arrays, bad tokens and wrong roles. Each gets its status, the
// server keeps answering, and the store is exactly as it was (not even an access record).
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <vector>

#include "src/server/http_server.h"
#include "test/src/server/test_server.h"

namespace auditgraph {
namespace {

using testing::RawClient;
using testing::TestServer;

// A valid native event whose actor is `actor` (JSON text, quotes included).
std::string declared(const std::string& actor) {
  return R"({"kind":"dataset_declared","eventTime":"2026-10-01T00:00:00Z","actor":)" + actor +
         R"(,"dataset":{"namespace":"s3://lake","name":"abuse"}})";
}

// Checks after every abuse: the server answers, and the log is still `size` long.
void still_sound(TestServer& s, uint64_t size) {
  auto health = s.client().Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(s.engine().log().head().size == size);
}

TEST_CASE("hostile requests get their status; the server stays up and the store untouched") {
  ServerOptions options;
  options.max_body_bytes = 4 << 20;  // the demo mesh is one batch of about 1.5 MiB
  options.request_timeout = std::chrono::milliseconds(500);
  TestServer s(options);
  testing::post_demo(s);
  // An auditor's first query about the log declares the log as a dataset; done here, so that each
  // query below adds exactly its access record.
  REQUIRE(s.client("alice").Get("/v1/stats")->status == 200);
  const uint64_t size = s.engine().log().head().size;
  auto ingest = s.client("ingestor");
  auto post = [&](const std::string& body) {
    auto r = ingest.Post("/v1/events", body, "application/json");
    REQUIRE(r);
    return r->status;
  };

  SUBCASE("oversized bodies: 413, sent or only announced") {
    CHECK(post(std::string(5 << 20, ' ') + declared(R"("a")")) == 413);
    RawClient announced(s.port());
    REQUIRE(announced.send("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                           s.token("ingestor") + "\r\nContent-Length: 1000000000000\r\n\r\n"));
    CHECK(announced.read_reply(std::chrono::seconds(5)).rfind("HTTP/1.1 413", 0) == 0);
  }
  SUBCASE("invalid UTF-8 in a body: 400 naming the batch or the line; in a query: refused") {
    ingest.set_read_timeout(5, 0);
    auto r = ingest.Post("/v1/events", declared("\"\xff\xfe\xc3\x28\""), "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(r->body.find("batch: malformed JSON: The input is not valid UTF-8") != std::string::npos);
    auto line = ingest.Post("/v1/events", declared(R"("a")") + "\n" + declared("\"\xc0\xaf\""),
                            "application/x-ndjson");
    REQUIRE(line);
    CHECK(line->status == 400);
    CHECK(line->body.find("event 1: malformed JSON: The input is not valid UTF-8") !=
          std::string::npos);
    auto q = s.client("alice").Get("/v1/provenance?node=dataset:s3://lake:%FF%FE");
    REQUIRE(q);
    CHECK(q->status >= 400);
    CHECK(q->status < 500);
  }
  SUBCASE("10,000-deep nesting: 400 at the depth limit, in an event and around one") {
    std::string deep = std::string(10'000, '[') + std::string(10'000, ']');
    std::string in_event = declared(R"("a")");
    in_event.insert(in_event.size() - 1, R"(,"facets":)" + deep);
    auto r = ingest.Post("/v1/events", in_event, "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(r->body.find("deep") != std::string::npos);
    CHECK(post(deep) == 400);
    CHECK(post(std::string(10'000, '{')) == 400);  // and never closed
  }
  SUBCASE("huge arrays: too many events 413; an event too large or a long array inside 400") {
    std::string many = "[";
    for (int i = 0; i < 10'001; ++i) many += (i ? "," : "") + declared(R"("a")");
    CHECK(post(many + "]") == 413);
    std::string wide = declared(R"("a")");
    std::string columns = "[";
    for (int i = 0; i < 600'000; ++i) columns += i ? ",1" : "1";  // 1.2 MB: over one event's 1 MiB
    wide.insert(wide.size() - 1, R"(,"schema":)" + columns + "]");
    auto w = ingest.Post("/v1/events", wide, "application/json");
    REQUIRE(w);
    CHECK(w->status == 400);  // one event over its own limit is that event's error
    CHECK(w->body.find("event 0: event of 1200136 bytes is larger than the limit") !=
          std::string::npos);
    std::string empties = "[";
    for (int i = 0; i < 100'000; ++i) empties += i ? ",[]" : "[]";
    std::string odd = declared(R"("a")");
    odd.insert(odd.size() - 1, R"(,"schema":)" + empties + "]");
    CHECK(post(odd) == 400);
  }
  SUBCASE("bad tokens: 401; an oversized header: refused") {
    httplib::Client none("127.0.0.1", s.port());
    CHECK(none.Get("/v1/stats")->status == 401);
    CHECK(none.Post("/v1/events", declared(R"("a")"), "application/json")->status == 401);
    httplib::Client garbage("127.0.0.1", s.port());
    garbage.set_bearer_token_auth("not-a-token");
    CHECK(garbage.Post("/v1/events", declared(R"("a")"), "application/json")->status == 401);
    CHECK(s.client("revoked").Post("/v1/events", declared(R"("a")"), "application/json")->status ==
          401);
    RawClient huge(s.port());
    REQUIRE(huge.send("GET /v1/stats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                      std::string(100'000, 'x') + "\r\n\r\n"));
    std::string reply = huge.read_reply(std::chrono::seconds(5));
    CHECK((reply.empty() || reply.rfind("HTTP/1.1 4", 0) == 0));
  }
  SUBCASE("wrong roles: 403") {
    CHECK(s.client("alice").Post("/v1/events", declared(R"("a")"), "application/json")->status ==
          403);
    CHECK(s.client("ingestor").Get("/v1/stats")->status == 403);
    CHECK(s.client("ingestor")
              .Get("/v1/provenance?node=dataset:kafka://broker:9092:orders.events.v1")
              ->status == 403);
  }
  SUBCASE("slow clients: stalled headers and bodies are cut off; others are served meanwhile") {
    std::vector<std::unique_ptr<RawClient>> slow;
    for (int i = 0; i < 20; ++i) {
      slow.push_back(std::make_unique<RawClient>(s.port()));
      // Half send part of a request line, half a whole header and part of the body.
      REQUIRE(slow.back()->send(i % 2 ? "GET /v1/st"
                                      : "POST /v1/events HTTP/1.1\r\nHost: x\r\n"
                                        "Authorization: Bearer " +
                                            s.token("ingestor") +
                                            "\r\nContent-Length: 900\r\n\r\n[{"));
    }
    const auto start = std::chrono::steady_clock::now();
    auto fine = s.client("alice").Get("/v1/stats");
    REQUIRE(fine);
    CHECK(fine->status == 200);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    for (size_t i = 0; i < slow.size(); ++i) {
      std::string reply = slow[i]->read_reply(std::chrono::seconds(10));
      CAPTURE(reply);
      if (i % 2 == 0) CHECK(reply.rfind("HTTP/1.1 408", 0) == 0);  // a body that stops
      // A request line that stops: the connection is closed (with or without a 4xx).
      if (i % 2 == 1) CHECK((reply.empty() || reply.rfind("HTTP/1.1 4", 0) == 0));
    }
    // The auditor's query above wrote its access record; nothing else did.
    CHECK(s.engine().log().head().size == size + 1);
    still_sound(s, size + 1);
    return;
  }
  still_sound(s, size);
  // And an honest request still goes through.
  CHECK(post(declared(R"("after")")) == 201);
  CHECK(s.engine().log().head().size == size + 1);
}

}  // namespace
}  // namespace auditgraph
