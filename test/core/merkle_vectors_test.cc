// The RFC 6962 vectors of transparency-dev/merkle (../shared/fixtures/merkle): known roots, and
// every inclusion and consistency case, happy paths accepted and every corrupted variant refused.
#include "auditgraph/merkle.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <vector>

#include "test/util/fixtures.h"

namespace auditgraph {
namespace {

using nlohmann::json;
using testing::base64_decode;
using testing::fixtures_dir;
using testing::read_file;

std::string unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// A bytes field of a vector (standard base64); nullopt when it is not valid base64, which the
// caller of a verifier would refuse before calling it.
std::optional<std::string> bytes_field(const json& j) {
  if (!j.is_string()) return std::nullopt;
  return base64_decode(j.get<std::string>());
}

std::optional<std::vector<std::string>> proof_field(const json& j) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  for (const auto& e : j) {
    auto b = bytes_field(e);
    if (!b) return std::nullopt;
    out.push_back(*b);
  }
  return out;
}

std::vector<std::filesystem::path> vector_files(const std::string& kind) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(fixtures_dir() / "merkle" / kind)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("RFC 6962 known answers: roots of trees of 0..8 leaves") {
  json j = json::parse(read_file(fixtures_dir() / "merkle" / "rfc6962-known-answers.json"));
  std::vector<Hash> leaves;
  for (const auto& hex : j["leaf_inputs_hex"]) leaves.push_back(merkle_leaf_hash(unhex(hex)));
  const auto& roots = j["root_hashes_hex"];
  REQUIRE(roots.size() == 9);
  for (size_t n = 0; n < roots.size(); ++n) {
    CAPTURE(n);
    CHECK(merkle_root(std::span<const Hash>(leaves.data(), n)).hex() ==
          roots[n].get<std::string>());
  }
  CHECK(merkle_empty_root().hex() == roots[0].get<std::string>());
}

// Runs `verify` on every vector of `kind` and checks it agrees with the vector's wantErr.
// Returns how many it accepted.
int check_vectors(const std::string& kind, const std::function<bool(const json&)>& verify) {
  auto files = vector_files(kind);
  REQUIRE(files.size() > 50);
  int accepted = 0;
  for (const auto& file : files) {
    CAPTURE(file.string());
    json v = json::parse(read_file(file));
    bool ok = verify(v);
    CHECK(ok == !v["wantErr"].get<bool>());
    accepted += ok ? 1 : 0;
  }
  MESSAGE(kind << " vectors: " << accepted << " accepted, " << files.size() - accepted
               << " refused");
  return accepted;
}

TEST_CASE("inclusion vectors: happy paths verify, every corrupted variant is refused") {
  int accepted = check_vectors("inclusion", [](const json& v) {
    auto root = bytes_field(v["root"]);
    auto leaf = bytes_field(v["leafHash"]);
    auto proof = proof_field(v["proof"]);
    REQUIRE((root && leaf && proof));  // every vector is valid base64
    return verify_inclusion_bytes(v["leafIdx"].get<uint64_t>(), v["treeSize"].get<uint64_t>(),
                                  *leaf, *proof, *root)
        .ok();
  });
  CHECK(accepted == 6);  // five happy paths and the single entry whose root is its leaf
}

TEST_CASE("consistency vectors: happy paths verify, every corrupted variant is refused") {
  int accepted = check_vectors("consistency", [](const json& v) {
    auto root1 = bytes_field(v["root1"]);
    auto root2 = bytes_field(v["root2"]);
    auto proof = proof_field(v["proof"]);
    REQUIRE((root1 && root2 && proof));
    return verify_consistency_bytes(v["size1"].get<uint64_t>(), v["size2"].get<uint64_t>(), *root1,
                                    *root2, *proof)
        .ok();
  });
  CHECK(accepted == 6);  // five happy paths and "sizes are equal (one) and proof is empty"
}

TEST_CASE("Hash parsing names the field and the reason") {
  auto short_hash = Hash::FromBytes("abc", "root");
  REQUIRE_FALSE(short_hash.ok());
  CHECK(short_hash.status().message() == "root: a hash is 32 bytes, got 3");
  auto bad_hex = Hash::FromHex(std::string(63, 'a') + "g", "leaf_hash");
  REQUIRE_FALSE(bad_hex.ok());
  CHECK(bad_hex.status().message() == "leaf_hash: not a hex digit at position 63");
  Hash h = sha256("x");
  CHECK(Hash::FromHex(h.hex()).value() == h);
}

}  // namespace
}  // namespace auditgraph
