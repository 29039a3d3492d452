// make_seeds FIXTURES DOCS_EVENTS_MD OUT: writes the fuzz targets' seed corpora into OUT/<target>/.
//   openlineage: every file of FIXTURES/openlineage/{events,invalid,facets} and the JSONTestSuite
//   native:      the native examples of docs/events.md (its ```json blocks with a "kind"), and the
//                JSONTestSuite
//   record:      the records the log would store for all of those events that parse
//   proof:       FIXTURES/merkle's inclusion and consistency vectors in proof_fuzz's raw layout,
//                and valid inclusion proofs in its forge layout (see proof_fuzz.cc)
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "auditgraph/ingest.h"
#include "auditgraph/merkle.h"
#include "storage/record_codec.h"

namespace fs = std::filesystem;
using namespace auditgraph;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int written = 0;
void put(const fs::path& dir, const std::string& name, const std::string& bytes) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
  ++written;
}

std::string base64_decode(const std::string& in) {
  static const std::string abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    size_t v = abc.find(c);
    if (v == std::string::npos) continue;  // '=' padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string be64(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xff);
  return s;
}

// RFC 6962 PATH(m, D[lo, hi)) over `leaves`.
void path_of(const std::vector<Hash>& leaves, size_t m, size_t lo, size_t hi,
             std::vector<Hash>* out) {
  if (hi - lo <= 1) return;
  size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  std::span<const Hash> all(leaves);
  if (m < k) {
    path_of(leaves, m, lo, lo + k, out);
    out->push_back(merkle_root(all.subspan(lo + k, hi - lo - k)));
  } else {
    path_of(leaves, m - k, lo + k, hi, out);
    out->push_back(merkle_root(all.subspan(lo, k)));
  }
}

// The ```json blocks of a markdown file that hold a native event.
std::vector<std::string> native_examples(const std::string& markdown) {
  std::vector<std::string> out;
  for (size_t at = 0; (at = markdown.find("```json\n", at)) != std::string::npos;) {
    at += 8;
    size_t end = markdown.find("```", at);
    if (end == std::string::npos) break;
    std::string block = markdown.substr(at, end - at);
    if (block.find("\"kind\"") != std::string::npos) out.push_back(block);
    at = end + 3;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: make_seeds FIXTURES DOCS_EVENTS_MD OUT\n";
    return 2;
  }
  const fs::path fixtures = argv[1], out = argv[3];
  EventParser parser;
  int records = 0;
  auto add_records = [&](const std::string& text, IngestFormat format) {
    parser.for_each(text, Framing::kAuto, format, [&](size_t, Event* e, const IngestError*) {
      if (e == nullptr) return;
      const uint64_t seq = records++;
      put(out / "record", "r" + std::to_string(seq),
          storage::encode_record(*e, seq, Timestamp{1'800'000'000'000'000'000}));
    });
  };

  for (const char* sub : {"openlineage/events", "openlineage/invalid", "openlineage/facets"}) {
    for (const auto& f : fs::directory_iterator(fixtures / sub)) {
      std::string text = slurp(f.path());
      put(out / "openlineage", f.path().filename().string(), text);
      add_records(text, IngestFormat::kOpenLineage);
    }
  }
  int n = 0;
  for (const std::string& example : native_examples(slurp(argv[2]))) {
    put(out / "native", "docs_" + std::to_string(n++) + ".json", example);
    add_records(example, IngestFormat::kNative);
  }
  for (const auto& f : fs::directory_iterator(fixtures / "json-test-suite")) {
    if (f.path().extension() != ".json") continue;
    std::string text = slurp(f.path());
    put(out / "openlineage", f.path().filename().string(), text);
    put(out / "native", f.path().filename().string(), text);
  }

  for (const auto& f : fs::recursive_directory_iterator(fixtures / "merkle")) {
    if (f.path().extension() != ".json" || f.path().filename() == "rfc6962-known-answers.json") {
      continue;
    }
    auto j = nlohmann::json::parse(slurp(f.path()));
    std::string seed = "\x01";
    if (j.contains("leafIdx")) {
      seed += be64(j["leafIdx"]) + be64(j["treeSize"]) +
              base64_decode(j.value("leafHash", std::string())) +
              base64_decode(j.value("root", std::string()));
    } else {
      seed += be64(j["size1"]) + be64(j["size2"]) + base64_decode(j.value("root1", std::string())) +
              base64_decode(j.value("root2", std::string()));
    }
    for (const auto& h : j.value("proof", nlohmann::json::array())) {
      seed += base64_decode(h.get<std::string>());
    }
    put(out / "proof", "v" + std::to_string(written), seed);
  }
  for (size_t size : {1, 2, 3, 5, 8, 13, 31, 64}) {
    std::vector<Hash> leaves;
    for (size_t i = 0; i < size; ++i)
      leaves.push_back(merkle_leaf_hash("leaf " + std::to_string(i)));
    for (size_t index : {size_t{0}, size / 2, size - 1}) {
      std::vector<Hash> path;
      path_of(leaves, index, 0, size, &path);
      std::string seed = std::string("\x00", 1) + static_cast<char>(size - 1) +
                         static_cast<char>(index) + std::string(leaves[index].view());
      for (const Hash& h : path) seed += h.view();
      put(out / "proof", "forge_" + std::to_string(size) + "_" + std::to_string(index), seed);
    }
  }
  std::cout << "make_seeds: " << written << " seed files in " << out.string() << "\n";
  return 0;
}
