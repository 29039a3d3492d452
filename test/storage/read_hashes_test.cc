// EventLog::read_hashes: a level's stored node hashes, exactly as RFC 6962 computes them from the
// records, and NotFound for nodes the tree does not have yet.
#include "auditgraph/event_log.h"

#include <doctest/doctest.h>

#include <vector>

#include "test/util/events.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

using testing::access_event;
using testing::TestStore;

std::string concat(std::span<const Hash> hashes) {
  std::string out;
  for (const Hash& h : hashes) out.append(h.view());
  return out;
}

// The tree of 5 records, its nodes by level (node (L, i) covers records [i * 2^L, (i + 1) * 2^L)):
//
//   level 2:   n20
//             /    \
//   level 1:  n10   n11
//            /  \   /  \
//   level 0: l0 l1 l2  l3  l4
TEST_CASE("read_hashes: each level's nodes, as RFC 6962 computes them from the records") {
  TestStore store;
  std::vector<Event> events;
  for (uint64_t n = 0; n < 5; ++n) events.push_back(access_event(n));
  REQUIRE(store.log->append(events).ok());

  std::vector<Hash> leaves;
  for (uint64_t seq = 0; seq < 5; ++seq)
    leaves.push_back(merkle_leaf_hash(*store.log->read_raw(seq)));
  const Hash n10 = merkle_node_hash(leaves[0], leaves[1]);
  const Hash n11 = merkle_node_hash(leaves[2], leaves[3]);
  const Hash n20 = merkle_node_hash(n10, n11);

  CHECK(*store.log->read_hashes(0, 0, 5) == concat(leaves));
  CHECK(*store.log->read_hashes(0, 3, 2) == concat(std::span(leaves).subspan(3)));
  CHECK(*store.log->read_hashes(1, 0, 2) == concat(std::vector{n10, n11}));
  CHECK(*store.log->read_hashes(1, 1, 1) == concat(std::vector{n11}));
  CHECK(*store.log->read_hashes(2, 0, 1) == concat(std::vector{n20}));
  CHECK(*store.log->read_hashes(0, 5, 0) == "");

  SUBCASE("nodes past the tree are NotFound, naming the level and the tree's size") {
    struct Past {
      uint8_t level;
      uint64_t begin, count;
    };
    for (Past p : {Past{0, 0, 6}, Past{0, 5, 1}, Past{0, 6, 0}, Past{1, 2, 1}, Past{2, 1, 1},
                   Past{3, 0, 1}, Past{64, 0, 1}, Past{255, 0, 1}, Past{0, UINT64_MAX, 2}}) {
      CAPTURE(int{p.level});
      CAPTURE(p.begin);
      CAPTURE(p.count);
      auto r = store.log->read_hashes(p.level, p.begin, p.count);
      REQUIRE_FALSE(r.ok());
      CHECK(r.status().is_not_found());
      CHECK_MESSAGE(r.status().message().starts_with("level " + std::to_string(p.level)),
                    r.status().message());
      CHECK(r.status().message().find("tree of size 5") != std::string::npos);
    }
  }

  SUBCASE("more than kMaxReadHashes at once is refused") {
    auto r = store.log->read_hashes(0, 0, kMaxReadHashes + 1);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().is_invalid_argument());
    CHECK(r.status().message().starts_with("count: "));
  }
}

}  // namespace
}  // namespace auditgraph
