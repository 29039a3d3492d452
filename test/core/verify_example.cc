// What a third party needs to check the log's proofs: include/auditgraph/merkle.h and the core
// library (auditgraph_core: OpenSSL's libcrypto and nothing else). This program verifies an RFC
// 6962 inclusion proof and a consistency proof from transparency-dev/merkle's vectors
// (../shared/fixtures/merkle), given as raw bytes the way they arrive from outside, and refuses
// a corrupted variant of each. It is linked with the core library alone, and links.py (the
// verify-example-links test) fails if anything else, storage included, is linked in.
//
// Exit status 0 when every check holds; otherwise 1, naming the failed check.
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>  // header-only: reads the vectors, links nothing

#include "auditgraph/merkle.h"
#include "test/util/fixtures.h"  // header-only: the fixtures folder and base64

namespace {

using nlohmann::json;
namespace ag = auditgraph;

int failures = 0;

void check(bool ok, const std::string& what, const ag::Status& s = ag::Status::Ok()) {
  std::cout << (ok ? "ok     " : "FAILED ") << what;
  if (!s.ok()) std::cout << " (" << s.to_string() << ")";
  std::cout << std::endl;
  if (!ok) ++failures;
}

json vector_file(const std::string& name) {
  return json::parse(ag::testing::read_file(ag::testing::fixtures_dir() / "merkle" / name));
}

// A vector's base64 field as raw bytes, as a proof arrives from outside (the vectors used here
// are valid base64).
std::string bytes_of(const json& field) {
  return ag::testing::base64_decode(field.get<std::string>()).value();
}

std::vector<std::string> path_of(const json& proof) {
  std::vector<std::string> path;
  if (!proof.is_null()) {
    for (const auto& h : proof) path.push_back(bytes_of(h));
  }
  return path;
}

ag::Status inclusion(const json& v) {
  return ag::verify_inclusion_bytes(v["leafIdx"].get<uint64_t>(), v["treeSize"].get<uint64_t>(),
                                    bytes_of(v["leafHash"]), path_of(v["proof"]),
                                    bytes_of(v["root"]));
}

ag::Status consistency(const json& v) {
  return ag::verify_consistency_bytes(v["size1"].get<uint64_t>(), v["size2"].get<uint64_t>(),
                                      bytes_of(v["root1"]), bytes_of(v["root2"]),
                                      path_of(v["proof"]));
}

}  // namespace

int main() {
  // Leaf 1 of the tree of 5 leaves, and the tree of 6 leaves as a prefix of the tree of 7.
  const json in = vector_file("inclusion/4/happy-path.json");
  const json cons = vector_file("consistency/4/happy-path.json");
  ag::Status s = inclusion(in);
  check(s.ok(), "inclusion of leaf 1 in the tree of 5 leaves", s);
  s = consistency(cons);
  check(s.ok(), "consistency of the trees of 6 and 7 leaves", s);

  // The same proofs with one bit of a path hash flipped: they no longer compute the root.
  s = inclusion(vector_file("inclusion/4/modified-proof[0]-bit-@3.json"));
  check(s.is_corruption(), "inclusion proof with a flipped bit refused", s);
  s = consistency(vector_file("consistency/4/modified-proof@0-bit-@4.json"));
  check(s.is_corruption(), "consistency proof with a flipped bit refused", s);

  // The proven leaf's hash is RFC 6962's, SHA-256(0x00 || leaf), of the tree's leaf 1: 0x00.
  check(ag::merkle_leaf_hash(std::string(1, '\0')).view() == bytes_of(in["leafHash"]),
        "the proven leaf hash is RFC 6962's hash of the leaf 0x00");
  return failures == 0 ? 0 : 1;
}
