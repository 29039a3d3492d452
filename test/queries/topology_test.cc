// Topology (CSR + overlay) against a plain edge list, through additions and compactions; the
// NameTable's interning; find_cycles on small drawn graphs.
#include "queries/topology.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <tuple>

#include "queries/archive.h"
#include "queries/cycles.h"
#include "queries/name_table.h"

namespace auditgraph::queries {
namespace {

using Arc = std::tuple<uint32_t, uint32_t, uint32_t>;  // from, to, edge id

std::multiset<Arc> out_of(const Topology& t, uint32_t n) {
  std::multiset<Arc> got;
  t.each_out(n, [&](uint32_t to, uint32_t e) { got.insert({n, to, e}); });
  return got;
}

std::multiset<Arc> in_of(const Topology& t, uint32_t n) {
  std::multiset<Arc> got;
  t.each_in(n, [&](uint32_t from, uint32_t e) { got.insert({from, n, e}); });
  return got;
}

TEST_CASE("topology: adjacency equals the edge list through additions and compactions") {
  std::mt19937_64 rng(7);
  Topology t;
  std::vector<Arc> all;
  uint32_t nodes = 1;
  for (int round = 0; round < 30; ++round) {
    for (int k = static_cast<int>(rng() % 40); k > 0; --k) {
      nodes += static_cast<uint32_t>(rng() % 2);  // the graph grows as edges come
      const auto from = static_cast<uint32_t>(rng() % nodes);
      const auto to = static_cast<uint32_t>(rng() % nodes);  // self-loops and parallels too
      const auto e = static_cast<uint32_t>(all.size());
      t.add(from, to, e);
      all.emplace_back(from, to, e);
    }
    if (rng() % 3 == 0) {
      t.compact(nodes);
      CHECK(t.overlay_edge_count() == 0);
    }
    CHECK(t.edge_count() == all.size());
    for (uint32_t n = 0; n < nodes + 2; ++n) {  // and past the last node: nothing
      std::multiset<Arc> want_out, want_in;
      for (const Arc& a : all) {
        if (std::get<0>(a) == n) want_out.insert(a);
        if (std::get<1>(a) == n) want_in.insert(a);
      }
      CAPTURE(n);
      CHECK(out_of(t, n) == want_out);
      CHECK(in_of(t, n) == want_in);
      CHECK(t.has_in(n) == !want_in.empty());
      // Lists come in edge id order, whenever compaction ran: traversal order is canonical.
      std::vector<uint32_t> out_ids, in_ids;
      t.each_out(n, [&](uint32_t, uint32_t e) { out_ids.push_back(e); });
      t.each_in(n, [&](uint32_t, uint32_t e) { in_ids.push_back(e); });
      CHECK(std::is_sorted(out_ids.begin(), out_ids.end()));
      CHECK(std::is_sorted(in_ids.begin(), in_ids.end()));
    }
  }
}

TEST_CASE("name table: one id per distinct string, stable across growth and rebuild") {
  NameTable names;
  CHECK(names.intern("") == 0);
  std::vector<std::string> words;
  for (int i = 0; i < 5000; ++i) words.push_back("dataset:s3://lake:ds" + std::to_string(i));
  std::vector<uint32_t> ids;
  for (const auto& w : words) ids.push_back(names.intern(w));
  for (size_t i = 0; i < words.size(); ++i) {
    CHECK(names.intern(words[i]) == ids[i]);
    CHECK(names.view(ids[i]) == words[i]);
    CHECK(names.find(words[i]) == ids[i]);
  }
  CHECK_FALSE(names.find("dataset:s3://lake:nope"));
  CHECK(names.size() == words.size() + 1);
  ArchiveOut out;
  out(names);
  ArchiveOut count(ArchiveOut::CountOnly{});
  count(names);
  CHECK(count.size() == out.bytes().size());
  CHECK(count.bytes().empty());
  NameTable copy;
  ArchiveIn in(out.bytes());
  in(copy);
  REQUIRE(copy.restore());
  for (size_t i = 0; i < words.size(); ++i) CHECK(copy.find(words[i]) == ids[i]);
  CHECK(copy.intern("new") == words.size() + 1);

  SUBCASE("a lookup naming an id twice, or one past the table, is refused") {
    std::string bytes = out.bytes();
    // The lookup is the last block, 8 bytes a slot (hash << 32 | id + 1), the empty ones 0:
    // the last used slot gets an id past the table.
    for (size_t at = bytes.size() - 8; at > 0; at -= 8) {
      uint64_t v = 0;
      std::memcpy(&v, bytes.data() + at, 8);
      if (v == 0) continue;
      v = (v & ~uint64_t{0xffffffff}) | (names.size() + 1);  // an id past the table
      std::memcpy(bytes.data() + at, &v, 8);
      break;
    }
    NameTable broken;
    ArchiveIn again(bytes);
    again(broken);
    CHECK_FALSE(again.failed());
    CHECK_FALSE(broken.restore());
  }
}

//   0 -> 1 -> 2 -> 0      3 -> 3      4 -> 0      5 -> 6
TEST_CASE("find_cycles: components of two or more, and self-loops") {
  const std::vector<std::vector<uint32_t>> next{{1}, {2}, {0}, {3}, {0}, {6}, {}};
  auto cycles = find_cycles(7, [&](uint32_t v, auto&& f) {
    for (uint32_t w : next[v]) f(w);
  });
  for (auto& c : cycles) std::sort(c.begin(), c.end());
  std::sort(cycles.begin(), cycles.end());
  CHECK(cycles == std::vector<std::vector<uint32_t>>{{0, 1, 2}, {3}});
}

TEST_CASE("find_cycles: a 100,000-node chain closed into a ring does not overflow the stack") {
  const uint32_t n = 100'000;
  auto cycles = find_cycles(n, [&](uint32_t v, auto&& f) { f((v + 1) % n); });
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0].size() == n);
}

}  // namespace
}  // namespace auditgraph::queries
