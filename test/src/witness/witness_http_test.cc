// Witnesses over HTTP, end to end: two WitnessServers on loopback ports, and an Engine whose
// checkpoint publisher asks them through HttpCosigner; the published note, /checkpoint and
// /metrics as a client sees them. A third witness that cosigned a fork of the log refuses it.
#include "src/witness/http_cosigner.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "src/server/engine.h"
#include "src/server/http_server.h"
#include "src/witness/witness_server.h"
#include "src/witness/witness_service.h"
#include "test/util/temp_dir.h"
#include "test/util/witness_logs.h"

namespace auditgraph {
namespace {

using testing::kLogOrigin;
using testing::log_key;

// A witness serving on a loopback port until destroyed.
class RunningWitness {
 public:
  RunningWitness(const std::string& dir, const std::string& name, uint8_t seed)
      : key_(testing::test_key(name, NoteKeyType::kCosignatureV1, seed)) {
    auto witness = Witness::Create(key_, {log_key().verifier()});
    REQUIRE(witness.ok());
    auto service = WitnessService::Open(dir, std::move(witness).value(), nullptr, nullptr);
    REQUIRE_MESSAGE(service.ok(), service.status().message());
    service_ = std::move(service).value();
    server_ = std::make_unique<WitnessServer>(*service_, WitnessServerOptions{}, nullptr);
    REQUIRE(server_->bind().ok());
    thread_ = std::thread([this] {
      server_->run();
      returned_ = true;
    });
  }
  ~RunningWitness() {
    // stop() is lost until run() listens: repeat it until run() returns.
    while (!returned_) {
      server_->stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    thread_.join();
  }

  std::shared_ptr<Cosigner> cosigner() const {
    auto c = HttpCosigner::Create("http://127.0.0.1:" + std::to_string(server_->port()),
                                  key_.verifier());
    REQUIRE_MESSAGE(c.ok(), c.status().message());
    return std::move(c).value();
  }
  const NoteVerifier& key() const { return key_.verifier(); }
  WitnessService& service() { return *service_; }

 private:
  NoteSigner key_;
  std::unique_ptr<WitnessService> service_;
  std::unique_ptr<WitnessServer> server_;
  std::thread thread_;
  std::atomic<bool> returned_{false};
};

std::string grant(int n) {
  return R"({"kind":"access_granted","eventTime":"2026-09-03T09:00:00Z","grantId":"g)" +
         std::to_string(n) +
         R"(","grantee":{"kind":"user","name":"u"},"resource":{"kind":"domain","domain":"Finance"},"privilege":"READ"})";
}

void ingest(Engine& engine, int first, int n) {
  for (int i = first; i < first + n; ++i) {
    auto r = engine.ingest(grant(i), Framing::kJson, IngestFormat::kNative);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
  }
}

std::unique_ptr<Engine> open_engine(const std::string& dir,
                                    std::vector<std::shared_ptr<Cosigner>> witnesses) {
  EngineOptions options;
  options.log.sync = false;
  options.signing_key = log_key();
  options.publisher.quorum = witnesses.size();
  options.publisher.witnesses = std::move(witnesses);
  auto engine = Engine::Open(dir, std::move(options));
  REQUIRE_MESSAGE(engine.ok(), engine.status().message());
  return std::move(engine).value();
}

// The value of the unlabelled metric `name` in Prometheus text; the test fails without one.
uint64_t metric(const std::string& text, const std::string& name) {
  const size_t at = text.find("\n" + name + " ");
  REQUIRE_MESSAGE(at != std::string::npos, name);
  return std::stoull(text.substr(at + name.size() + 2));
}

// The note opened with the log's key and `witnesses`; the test fails unless all of them signed.
OpenedNote open_all(const std::string& note, const std::vector<NoteVerifier>& witnesses) {
  std::vector<NoteVerifier> trusted{log_key().verifier()};
  trusted.insert(trusted.end(), witnesses.begin(), witnesses.end());
  auto opened = open_note(note, trusted);
  REQUIRE_MESSAGE(opened.ok(), opened.status().message());
  CHECK(opened->verified_by.size() == trusted.size());
  return std::move(opened).value();
}

TEST_CASE("witness over HTTP: a quorum of two cosigns; a witness that saw a fork refuses") {
  testing::TempDir dir;
  RunningWitness w1(dir.sub("w1"), "witness.example/w1", 11);
  RunningWitness w2(dir.sub("w2"), "witness.example/w2", 12);
  const std::vector<NoteVerifier> both{w1.key(), w2.key()};
  uint64_t published_size = 0;
  {
    auto engine = open_engine(dir.sub("store"), {w1.cosigner(), w2.cosigner()});
    ingest(*engine, 0, 3);
    auto first = engine->publisher()->publish();
    REQUIRE_MESSAGE(first.ok(), first.status().message());
    CHECK(first->head.size == 3);
    open_all(first->note, both);

    // Later checkpoints go with a consistency proof from what each witness cosigned.
    ingest(*engine, 3, 4);
    auto second = engine->publisher()->publish();
    REQUIRE_MESSAGE(second.ok(), second.status().message());
    CHECK(second->head.size == 7);
    const OpenedNote opened = open_all(second->note, both);
    CHECK(Checkpoint::Parse(opened.note.body).value() ==
          Checkpoint{kLogOrigin, 7, engine->log().head().root});
    CHECK(w1.service().state().at(kLogOrigin).size == 7);
    CHECK(w2.service().state().at(kLogOrigin).size == 7);
    CHECK(engine->log().signed_checkpoint().value().note == second->note);

    // GET /checkpoint answers the same note.
    HttpServer server(*engine, ServerOptions{.port = 0}, nullptr);
    REQUIRE(server.bind().ok());
    std::thread serving([&server] { server.run(); });
    httplib::Client client("127.0.0.1", server.port());
    auto res = client.Get("/checkpoint");
    while (!res) res = client.Get("/checkpoint");  // until run() listens
    CHECK(res->status == 200);
    CHECK(res->body == second->note);
    server.stop();
    serving.join();
    published_size = second->head.size;
  }

  // w3 cosigned a fork of size 5: the same key over other records.
  RunningWitness w3(dir.sub("w3"), "witness.example/w3", 13);
  testing::TestStore fork;
  testing::append_events(*fork.log, 100, 5);
  REQUIRE(w3.service().add_checkpoint(testing::add_body(*fork.log, 0, 5, log_key())).status ==
          200);
  const WitnessState forked = w3.service().state();

  auto engine = open_engine(dir.sub("store"), {w1.cosigner(), w3.cosigner()});
  ingest(*engine, 7, 2);
  auto refused = engine->publisher()->publish();
  REQUIRE(!refused.ok());
  CAPTURE(refused.status().message());
  CHECK(refused.status().message().find("witness.example/w3") != std::string::npos);
  CHECK(w3.service().state() == forked);
  // w1, asked from size 0 by a new HttpCosigner, answered 409 with 7 and cosigned from there.
  CHECK(w1.service().state().at(kLogOrigin).size == engine->log().head().size);
  // Nothing new was published.
  CHECK(engine->log().signed_checkpoint().value().head.size == published_size);

  HttpServer server(*engine, ServerOptions{.port = 0}, nullptr);
  REQUIRE(server.bind().ok());
  std::thread serving([&server] { server.run(); });
  httplib::Client client("127.0.0.1", server.port());
  auto metrics = client.Get("/metrics");
  while (!metrics) metrics = client.Get("/metrics");
  REQUIRE(metrics->status == 200);
  const std::string& text = metrics->body;
  CHECK(metric(text, "auditgraph_witness_refusals_total") >= 1);
  CHECK(metric(text, "auditgraph_checkpoints_failed_total") >= 1);
  server.stop();
  serving.join();
}

TEST_CASE("HttpCosigner: bad URLs and keys, an unreachable witness named in the error") {
  const NoteVerifier wkey =
      testing::test_key("witness.example/w", NoteKeyType::kCosignatureV1, 3).verifier();
  CHECK(HttpCosigner::Create("https://w.example", wkey).status().is_invalid_argument());
  CHECK(HttpCosigner::Create("w.example:80", wkey).status().is_invalid_argument());
  CHECK(HttpCosigner::Create("http://127.0.0.1:1", log_key().verifier())
            .status()
            .is_invalid_argument());
  auto down = HttpCosigner::Create("http://127.0.0.1:1/prefix/", wkey);
  REQUIRE(down.ok());
  testing::TestStore store;
  testing::append_events(*store.log, 0, 2);
  const Checkpoint cp = testing::checkpoint_of(*store.log, 2);
  auto line = (*down)->cosign(testing::signed_note(cp, log_key()), cp, *store.log);
  REQUIRE(!line.ok());
  CHECK(line.status().message().find("witness.example/w at http://127.0.0.1:1/prefix/") !=
        std::string::npos);
}

}  // namespace
}  // namespace auditgraph
