// PairTable (queries/pair_table.h): ids handed out in first-seen order, found again through the
// table's growth, equal to a std::map model; a snapshot round trip keeps every id and lookup; a
// garbled one is refused by restore().
//
//   pairs drawn from a small range (so many repeat), 20,000 interns per seed
#include "queries/pair_table.h"

#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <random>
#include <string>

#include "queries/archive.h"

namespace auditgraph {
namespace {

using queries::PairTable;
using Pair = PairTable::Pair;

std::string archived(PairTable& table) {
  queries::ArchiveOut out;
  out(table);
  return out.bytes();
}

bool loads(const std::string& bytes, PairTable* into) {
  queries::ArchiveIn in(bytes);
  in(*into);
  return !in.failed() && in.done() && into->restore();
}

TEST_CASE("pair table: ids in first-seen order, found again through growth, as a map finds them") {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    PairTable table;
    std::map<Pair, uint32_t> model;
    for (int step = 0; step < 20'000; ++step) {
      const Pair p(static_cast<uint32_t>(rng() % 300), static_cast<uint32_t>(rng() % 300));
      const auto expected = model.try_emplace(p, static_cast<uint32_t>(model.size())).first->second;
      REQUIRE(table.intern(p) == expected);
    }
    REQUIRE(table.size() == model.size());
    CHECK(table.restore());
    for (const auto& [p, id] : model) {
      CHECK(table.find(p) == id);
      CHECK(table[id] == p);
    }
    CHECK_FALSE(table.find({300, 0}).has_value());
    CHECK_FALSE(table.find({0, 300}).has_value());

    PairTable loaded;
    REQUIRE(loads(archived(table), &loaded));
    REQUIRE(loaded.size() == model.size());
    for (const auto& [p, id] : model) CHECK(loaded.find(p) == id);
    // The loaded table goes on handing out ids where the saved one stopped.
    CHECK(loaded.intern({7'000, 7'000}) == model.size());
    CHECK(loaded.intern(model.begin()->first) == model.begin()->second);
  }
}

TEST_CASE("pair table: a snapshot whose slots disagree with its pairs is refused") {
  PairTable table;
  for (uint32_t i = 0; i < 100; ++i) table.intern({i, i + 1});
  const std::string good = archived(table);
  // The archive: pairs (count u64, then 8 bytes each), slots (count u64, then 4 bytes each).
  const size_t slots_at = 8 + 100 * 8 + 8;
  auto slot_bytes = [&](size_t slot) { return slots_at + 4 * slot; };
  auto with_slot = [&](size_t slot, uint32_t value) {
    std::string bytes = good;
    std::memcpy(bytes.data() + slot_bytes(slot), &value, 4);
    return bytes;
  };
  // Find one used slot and one empty one.
  size_t used = 0, empty = 0;
  for (size_t slot = 0;; ++slot) {
    uint32_t v = 0;
    std::memcpy(&v, good.data() + slot_bytes(slot), 4);
    (v != 0 ? used : empty) = slot;
    if (used != 0 && empty != 0) break;
  }
  PairTable loaded;
  CHECK(loads(good, &loaded));
  SUBCASE("an id past the pairs") { CHECK_FALSE(loads(with_slot(used, 101), &loaded)); }
  SUBCASE("an id in two slots") {
    uint32_t v = 0;
    std::memcpy(&v, good.data() + slot_bytes(used), 4);
    CHECK_FALSE(loads(with_slot(empty, v), &loaded));
  }
  SUBCASE("an id in no slot") { CHECK_FALSE(loads(with_slot(used, 0), &loaded)); }
  SUBCASE("an id in two slots, another in none (as many ids as pairs)") {
    const uint32_t other = 1 + (used == 0 ? 1 : 0);  // some id in range
    uint32_t v = 0;
    std::memcpy(&v, good.data() + slot_bytes(used), 4);
    CHECK_FALSE(loads(with_slot(used, v == other ? other + 1 : other), &loaded));
  }
  SUBCASE("slots not a power of two") {
    std::string bytes = good.substr(0, good.size() - 4);
    const uint64_t count = (good.size() - slots_at) / 4 - 1;
    std::memcpy(bytes.data() + slots_at - 8, &count, 8);
    CHECK_FALSE(loads(bytes, &loaded));
  }
}

}  // namespace
}  // namespace auditgraph
