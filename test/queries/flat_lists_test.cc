// FlatLists (queries/flat_lists.h): random inserts, appends and erases on many lists equal the
// same changes on a vector of vectors, through the moves and compactions they cause; a snapshot
// round trip gives the same lists; a garbled one is refused by restore().
//
//   lists 0 .. 39, each changed at random positions, in random order, 6,000 times
#include <doctest/doctest.h>

#include <cstring>
#include <random>
#include <vector>

#include "queries/archive.h"
#include "queries/flat_lists.h"

namespace auditgraph {
namespace {

using queries::FlatLists;

void check_same(const FlatLists<uint64_t>& flat, const std::vector<std::vector<uint64_t>>& model) {
  REQUIRE(flat.size() == model.size());
  for (size_t i = 0; i < model.size(); ++i) {
    CAPTURE(i);
    const auto list = flat[i];
    CHECK(std::vector<uint64_t>(list.begin(), list.end()) == model[i]);
  }
  CHECK(flat.restore());  // consistent after every change
}

TEST_CASE("flat lists: changes equal those on a vector of vectors, through moves and compactions") {
  // Two lists growing in turn, one item at a time: each move doubles the moved list's room, so
  // the array stays within a small multiple of their items.
  {
    FlatLists<uint64_t> flat;
    flat.resize(2);
    for (uint64_t k = 0; k < 4096; ++k) {
      flat.push_back(0, k);
      flat.push_back(1, k);
    }
    CHECK(flat[0].size() == 4096);
    CHECK(flat[0][4095] == 4095);
    CHECK(flat.slots() <= 4 * 8192 + 64);
  }
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    FlatLists<uint64_t> flat;
    std::vector<std::vector<uint64_t>> model;
    // The array's largest size, and the most items held at once: doubling and compaction keep
    // the one within a small multiple of the other.
    size_t peak = 0, most_live = 0, live = 0;
    for (int step = 0; step < 6000; ++step) {
      if (model.size() < 40 && rng() % 50 == 0) {
        model.resize(model.size() + 1 + rng() % 3);
        flat.resize(model.size());
        continue;
      }
      if (model.empty()) continue;
      const size_t i = rng() % model.size();
      auto& list = model[i];
      const uint64_t value = rng();
      switch (rng() % 4) {
        case 0:
        case 1:
          flat.push_back(i, value);
          list.push_back(value);
          ++live;
          break;
        case 2: {
          const size_t pos = rng() % (list.size() + 1);
          flat.insert(i, pos, value);
          list.insert(list.begin() + static_cast<std::ptrdiff_t>(pos), value);
          ++live;
          break;
        }
        default:
          if (list.empty()) break;
          const size_t pos = rng() % list.size();
          flat.erase(i, pos);
          list.erase(list.begin() + static_cast<std::ptrdiff_t>(pos));
          --live;
      }
      if (step % 500 == 0) check_same(flat, model);
      peak = std::max(peak, flat.slots());
      most_live = std::max(most_live, live);
    }
    check_same(flat, model);
    // Owned slots are at most twice the items a list ever held, and garbage at most what lists
    // own, plus the one list being moved.
    CHECK(peak <= 4 * most_live + 64);
    flat.shrink_to_fit();
    CHECK(flat.slots() == live);
    check_same(flat, model);
  }
}

TEST_CASE("flat lists: a snapshot round trip gives the same lists; a garbled one is refused") {
  FlatLists<uint64_t> flat;
  std::vector<std::vector<uint64_t>> model(6);
  flat.resize(6);
  for (uint64_t k = 0; k < 50; ++k) {
    const size_t i = (k * 7) % 6;
    flat.push_back(i, k);
    model[i].push_back(k);
  }
  flat.erase(3, 0);
  model[3].erase(model[3].begin());
  queries::ArchiveOut out;
  out(flat);
  FlatLists<uint64_t> back;
  queries::ArchiveIn in(out.bytes());
  in(back);
  REQUIRE(!in.failed());
  check_same(back, model);
  for (int first_erases = 0; first_erases < 2; ++first_erases) {
    // Loaded lists keep no capacities until one changes; then they change as any do, whether
    // the first change removes an item or adds one.
    CAPTURE(first_erases);
    FlatLists<uint64_t> changed = back;
    auto changed_model = model;
    std::mt19937_64 rng(7);
    for (int step = 0; step < 400; ++step) {
      const size_t i = rng() % changed_model.size();
      auto& list = changed_model[i];
      if (!list.empty() && (rng() % 3 == 0 || (step == 0 && first_erases))) {
        const size_t pos = rng() % list.size();
        changed.erase(i, pos);
        list.erase(list.begin() + static_cast<std::ptrdiff_t>(pos));
      } else {
        const size_t pos = rng() % (list.size() + 1);
        changed.insert(i, pos, step);
        list.insert(list.begin() + static_cast<std::ptrdiff_t>(pos), step);
      }
      if (step == 0) check_same(changed, changed_model);
      if (step == 200) {
        changed.resize(8);
        changed_model.resize(8);
      }
    }
    check_same(changed, changed_model);
  }

  // The archive: the sizes (a count, then 4 bytes each), the begins (a count, then 8 bytes
  // each), then the items (a count, then 8 bytes each). A list that begins where the one before
  // it does not end is refused:
  {
    std::string shifted(out.bytes());
    const size_t begins = 8 + 6 * 4 + 8;  // both counts, and the sizes; already aligned
    uint64_t third = 0;
    std::memcpy(&third, shifted.data() + begins + 2 * 8, 8);
    REQUIRE(third > 0);
    --third;
    std::memcpy(shifted.data() + begins + 2 * 8, &third, 8);
    FlatLists<uint64_t> overlapping;
    queries::ArchiveIn shifted_in(shifted);
    shifted_in(overlapping);
    CHECK_FALSE(overlapping.restore());
  }
  // A second list longer than the items there are is refused:
  std::string garbled(out.bytes());
  garbled[8 + 4 + 3] = '\x7f';
  FlatLists<uint64_t> bad;
  queries::ArchiveIn garbled_in(garbled);
  garbled_in(bad);
  CHECK_FALSE(bad.restore());
  // and so are items no list holds (the first list one shorter).
  std::string extra(out.bytes());
  REQUIRE(extra[8] > 0);
  --extra[8];
  FlatLists<uint64_t> loose;
  queries::ArchiveIn extra_in(extra);
  extra_in(loose);
  CHECK_FALSE(loose.restore());
}

}  // namespace
}  // namespace auditgraph
