#include "src/proof/verify_bundle.h"

#include <doctest/doctest.h>

#include <array>
#include <random>
#include <span>

#include "auditgraph/index.h"
#include "auditgraph/note.h"
#include "src/proof/answer_bundle.h"
#include "test/util/random_mesh.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {


NoteSigner note_key(std::string_view name, NoteKeyType type, uint8_t fill) {
  std::array<uint8_t, 32> seed;
  seed.fill(fill);
  return NoteSigner::FromSeed(name, type, seed).value();
}

constexpr Timestamp kAsOf{1'795'000'000'000'000'000};  // after the mesh, before g-bob expires

// The random mesh in a store, its index, and a checkpoint of the head (three events past the
// index) signed by the log's key and cosigned by one witness; bundles of its answers.
struct ProvedMesh {
  testing::TestStore store;
  NoteSigner log_key = note_key("example.com/mesh", NoteKeyType::kEd25519, 1);
  NoteSigner witness = note_key("witness.example", NoteKeyType::kCosignatureV1, 2);
  std::unique_ptr<Index> index;
  SignedCheckpoint checkpoint;

  explicit ProvedMesh(uint64_t seed) {
    const std::vector<Event> events = testing::random_mesh_events(seed);
    REQUIRE(store.log->append(events).ok());
    index = Index::Build(*store.log).value();
    // The log grows past the answers, so each bundle proves its tree a prefix of the checkpoint's.
    REQUIRE(store.log->append(std::span(events).first(3)).ok());
    const LogHead head = store.log->head();
    const std::string body = Checkpoint{log_key.verifier().name, head.size, head.root}.body();
    const Note note{body, {log_key.sign(body), witness.sign(body, 1'790'000'000)}};
    checkpoint = {head, note.to_string()};
  }
  CheckpointTrust trust() const { return {log_key.verifier(), {witness.verifier()}, 1}; }
  // A bundle with the statement the log's key signs over all of it (as the server makes them).
  std::string bundle(const ProvableAnswer& a) const {
    auto b = make_answer_bundle(*store.log, a, checkpoint, [this](std::string_view body) {
      return Note{std::string(body), {log_key.sign(body)}}.to_string();
    });
    REQUIRE_MESSAGE(b.ok(), b.status().to_string());
    return b->dump(2);
  }

  // Every answer of the mesh: provenance and impact of every dataset (and of a column, and as
  // of a past size), access, versions and check-change of every dataset; by kind.
  std::map<AnswerKind, std::vector<std::string>> bundles() const {
    std::map<AnswerKind, std::vector<std::string>> out;
    const uint64_t size = store.log->head().size;
    std::vector<std::pair<std::string, std::optional<uint64_t>>> nodes;
    for (int i = 0; i < testing::kRandomMeshDatasets; ++i) {
      nodes.push_back({testing::mesh_dataset_id(i), std::nullopt});
    }
    nodes.push_back({"datasetField:s3://mesh:mesh.d7:email", std::nullopt});
    nodes.push_back({testing::mesh_dataset_id(7), size - 9});  // before the declared job
    for (const auto& [node, as_of] : nodes) {
      for (auto d : {LineageQuery::Direction::kUpstream, LineageQuery::Direction::kDownstream}) {
        LineageQuery q;
        q.node = node;
        q.direction = d;
        q.as_of_seq = as_of;
        auto a = index->lineage(q);
        if (a.status().is_not_found()) continue;
        REQUIRE_MESSAGE(a.ok(), a.status().to_string());
        const ProvableAnswer p = provable(*a, d, node);
        out[p.kind].push_back(bundle(p));
      }
    }
    for (int i = 0; i < testing::kRandomMeshDatasets; ++i) {
      const std::string id = testing::mesh_dataset_id(i);
      auto access = index->access({id, kAsOf});
      REQUIRE(access.ok());
      out[AnswerKind::kAccess].push_back(bundle(provable(*access, id)));
      auto versions = index->version_provenance({id, "", std::nullopt, std::nullopt});
      if (versions.ok()) out[AnswerKind::kVersions].push_back(bundle(provable(*versions, id)));
      ChangeQuery change{id, {{"id", "STRING", "", {}, {}}}, kAsOf, 30};
      auto report = index->check_change(change);
      REQUIRE(report.ok());
      out[AnswerKind::kCheckChange].push_back(bundle(provable(*report, id)));
    }
    return out;
  }
};

TEST_CASE("verify-answer accepts every answer of a random mesh, witness quorum and all") {
  for (uint64_t seed : {1, 2}) {
    CAPTURE(seed);
    const ProvedMesh mesh(seed);
    size_t claims = 0;
    for (const auto& [kind, list] : mesh.bundles()) {
      CAPTURE(answer_kind_name(kind));
      CHECK_FALSE(list.empty());
      for (const std::string& b : list) {
        auto r = verify_answer_bundle(b, mesh.trust());
        REQUIRE_MESSAGE(r.ok(), r.status().to_string(), "\n", b.substr(0, 3000));
        CHECK(r->kind == kind);
        CHECK(r->cosigned == 1);
        CHECK(r->size < r->checkpoint.size);
        CHECK(r->statement);
        CHECK(r->unchecked.empty());
        CHECK_FALSE(nlohmann::json::parse(b)["consistency"].empty());
        claims += r->claims;
      }
    }
    CHECK(claims > 50);
  }
}

TEST_CASE("verify-answer refuses a bundle under keys it does not trust or without the quorum") {
  const ProvedMesh mesh(1);
  LineageQuery q;
  q.node = testing::mesh_dataset_id(7);
  const std::string b = mesh.bundle(provable(*mesh.index->lineage(q), q.direction, q.node));
  const NoteSigner other = note_key("example.com/mesh", NoteKeyType::kEd25519, 9);
  auto r = verify_answer_bundle(b, {other.verifier(), {}, 0});
  CHECK(r.status().is_corruption());
  const NoteSigner stranger = note_key("w2.example", NoteKeyType::kCosignatureV1, 3);
  r = verify_answer_bundle(b, {mesh.log_key.verifier(), {stranger.verifier()}, 1});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("witness cosignatures") != std::string::npos);
  CHECK(verify_answer_bundle(b, {mesh.log_key.verifier(), {}, 0}).ok());

  SUBCASE("without the log's statement it passes on the records, naming what they do not show") {
    nlohmann::json j = nlohmann::json::parse(b);
    j.erase("statement");
    r = verify_answer_bundle(j.dump(), mesh.trust());
    REQUIRE(r.ok());
    CHECK_FALSE(r->statement);
    CHECK(r->unchecked.find("distances") != std::string::npos);
  }
  SUBCASE("another bundle's statement is refused") {
    LineageQuery up;
    up.node = testing::mesh_dataset_id(3);
    nlohmann::json j = nlohmann::json::parse(b);
    j["statement"] = nlohmann::json::parse(
        mesh.bundle(provable(*mesh.index->lineage(up), up.direction, up.node)))["statement"];
    r = verify_answer_bundle(j.dump(), mesh.trust());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().rfind("statement:", 0) == 0);
  }
  SUBCASE("an answer kind it does not check is refused") {
    nlohmann::json j = nlohmann::json::parse(b);
    j["kind"] = "pii-reach";
    r = verify_answer_bundle(j.dump(), mesh.trust());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("'pii-reach'") != std::string::npos);
  }
  SUBCASE("an edge its records do not show is refused, naming it and the seq") {
    nlohmann::json j = nlohmann::json::parse(b);
    REQUIRE_FALSE(j["answer"]["edges"].empty());
    nlohmann::json& e = j["answer"]["edges"][0];
    e["from"] = testing::mesh_dataset_id(0) == e["from"] ? testing::mesh_dataset_id(1)
                                                         : testing::mesh_dataset_id(0);
    r = verify_answer_bundle(j.dump(), mesh.trust());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("edge " + e["from"].get<std::string>()) != std::string::npos);
  }
}

TEST_CASE("verify-answer refuses each of a thousand single-byte edits of the bundles") {
  const ProvedMesh mesh(7);
  // Per kind, its bundle with the most claims.
  std::vector<std::string> chosen;
  for (const auto& [kind, list] : mesh.bundles()) {
    const std::string* best = &list.front();
    size_t most = 0;
    for (const std::string& b : list) {
      const size_t claims = verify_answer_bundle(b, mesh.trust()).value().claims;
      if (claims > most) best = &b, most = claims;
    }
    chosen.push_back(*best);
  }
  std::mt19937_64 rng(20261130);
  size_t refused = 0, same_meaning = 0;
  for (int m = 0; m < 1000; ++m) {
    const std::string& original = chosen[static_cast<size_t>(m) % chosen.size()];
    std::string edited = original;
    const size_t at = rng() % edited.size();
    const auto from = edited[at];
    do {
      edited[at] = static_cast<char>(rng() % 2 ? 0x20 + rng() % 0x5f : rng() % 256);
    } while (edited[at] == from);
    CAPTURE(at);
    CAPTURE(original.substr(at > 40 ? at - 40 : 0, 80));
    CAPTURE(edited.substr(at > 40 ? at - 40 : 0, 80));
    auto r = verify_answer_bundle(edited, mesh.trust());
    if (!r.ok()) {
      CHECK_FALSE(r.status().message().empty());
      ++refused;
      continue;
    }
    const nlohmann::json before = nlohmann::json::parse(original), after = nlohmann::json::parse(edited, nullptr, false);
    REQUIRE_FALSE(after.is_discarded());
    // The log's statement covers every field: only an edit that leaves the bundle's meaning
    // as it was (whitespace between tokens) may pass.
    CHECK(after == before);
    ++same_meaning;
  }
  MESSAGE(refused, " refused, ", same_meaning, " with the same meaning");
  CHECK(refused + same_meaning == 1000);
  CHECK(refused > 900);
}

}  // namespace
}  // namespace auditgraph
