// Offline tampering with raw RocksDB: verify() names the first bad seq, the tampered record's
// inclusion proof no longer verifies, and open refuses heads that disagree with their tree.
#include <doctest/doctest.h>

#include "auditgraph/event_log.h"
#include "storage/keys.h"
#include "test/util/events.h"
#include "test/util/raw_store.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

using namespace storage;

using testing::RawStore;

// A store of 20 access events, closed.
LogHead make_store(const std::string& path) {
  auto log = EventLog::Open({}, path);
  REQUIRE(log.ok());
  std::vector<Event> events;
  for (int i = 0; i < 20; ++i) events.push_back(testing::access_event(i));
  REQUIRE((*log)->append(events).ok());
  REQUIRE((*log)->verify().ok);
  return (*log)->head();
}

TEST_CASE("a changed record is found by verify, and its inclusion proof fails") {
  testing::TempDir dir;
  LogHead head = make_store(dir.path());
  for (uint64_t victim : {0, 7, 19}) {
    CAPTURE(victim);
    testing::TempDir copy;
    std::filesystem::copy(dir.path(), copy.path(),
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::overwrite_existing);
    {
      RawStore raw(copy.path());
      std::string record = raw.get(raw.log(), seq_key(victim));
      record[record.size() / 2] ^= 0x01;  // one flipped bit
      raw.put(raw.log(), seq_key(victim), record);
    }
    auto log = EventLog::Open({}, copy.path());
    REQUIRE(log.ok());  // the head still matches the (untouched) tree
    VerifyReport r = (*log)->verify();
    CHECK_FALSE(r.ok);
    REQUIRE(r.first_bad_seq.has_value());
    CHECK(*r.first_bad_seq == victim);
    auto proof = (*log)->prove_inclusion(victim, head.size);
    REQUIRE(proof.ok());
    CHECK(proof->root == head.root);
    CHECK_FALSE(
        verify_inclusion(proof->index, proof->size, proof->leaf_hash, proof->path, head.root).ok());
    // Its neighbours still prove fine.
    uint64_t other = victim == 0 ? 1 : victim - 1;
    auto ok = (*log)->prove_inclusion(other, head.size);
    CHECK(verify_inclusion(ok->index, ok->size, ok->leaf_hash, ok->path, head.root).ok());
  }
}

TEST_CASE("deleted, swapped and rewritten records are found") {
  testing::TempDir dir;
  make_store(dir.path());
  SUBCASE("a deleted record") {
    {
      RawStore raw(dir.path());
      raw.del(raw.log(), seq_key(5));
    }
    auto log = EventLog::Open({}, dir.path());
    REQUIRE(log.ok());
    VerifyReport r = (*log)->verify();
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad_seq == 5);
    CHECK((*log)->read(5).status().is_corruption());
  }
  SUBCASE("two swapped records") {
    {
      RawStore raw(dir.path());
      std::string a = raw.get(raw.log(), seq_key(3)), b = raw.get(raw.log(), seq_key(4));
      raw.put(raw.log(), seq_key(3), b);
      raw.put(raw.log(), seq_key(4), a);
    }
    auto log = EventLog::Open({}, dir.path());
    VerifyReport r = (*log)->verify();
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad_seq == 3);
  }
  SUBCASE("a record and its leaf rewritten together: the parent node gives it away") {
    {
      RawStore raw(dir.path());
      std::string record = raw.get(raw.log(), seq_key(9));
      record[record.size() - 9] ^= 0x40;
      raw.put(raw.log(), seq_key(9), record);
      std::string entry = raw.get(raw.merkle(), seq_key(9));  // leaf 9 completed nodes (0,9), (1,4)
      REQUIRE(entry.size() == 2 * Hash::kSize);
      entry.replace(0, Hash::kSize, merkle_leaf_hash(record).view());
      raw.put(raw.merkle(), seq_key(9), entry);
    }
    auto log = EventLog::Open({}, dir.path());
    VerifyReport r = (*log)->verify();
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad_seq == 8);  // node (1, 4) covers seqs [8, 10)
    CHECK(r.message.find("[8, 10)") != std::string::npos);
  }
}

TEST_CASE("open refuses a head that disagrees with its tree or its checkpoint") {
  testing::TempDir dir;
  LogHead head = make_store(dir.path());
  SUBCASE("a rewritten head root") {
    {
      RawStore raw(dir.path());
      std::string h = raw.get(raw.meta(), std::string(kHeadKey));
      h[8] ^= 0x01;
      raw.put(raw.meta(), std::string(kHeadKey), h);
    }
    auto log = EventLog::Open({}, dir.path());
    REQUIRE_FALSE(log.ok());
    CHECK(log.status().is_corruption());
    CHECK(log.status().message().find("does not match the stored tree's root") !=
          std::string::npos);
  }
  SUBCASE("a head that claims more records than there are") {
    {
      RawStore raw(dir.path());
      raw.del(raw.log(), seq_key(19));
    }
    auto log = EventLog::Open({}, dir.path());
    REQUIRE_FALSE(log.ok());
    CHECK(log.status().message() == "head says 20 records but the last stored record is seq 18");
  }
  SUBCASE("a record appended behind the log's back") {
    {
      RawStore raw(dir.path());
      raw.put(raw.log(), seq_key(20), raw.get(raw.log(), seq_key(19)));
    }
    auto log = EventLog::Open({}, dir.path());
    REQUIRE_FALSE(log.ok());
    CHECK(log.status().message() == "head says 20 records but the last stored record is seq 20");
  }
  SUBCASE("truncation below a published checkpoint, done carefully, is refused") {
    {
      auto log = EventLog::Open({}, dir.path());
      REQUIRE((*log)->publish_checkpoint().ok());
    }
    // The attacker removes the last record and writes a head that matches the shorter tree.
    {
      RawStore raw(dir.path());
      raw.del(raw.log(), seq_key(19));
      std::vector<Hash> leaves;
      for (uint64_t i = 0; i < 19; ++i)
        leaves.push_back(merkle_leaf_hash(raw.get(raw.log(), seq_key(i))));
      std::string shorter;
      put_u64_be(&shorter, 19);
      shorter += merkle_root(leaves).view();
      shorter += raw.get(raw.meta(), std::string(kHeadKey)).substr(8 + Hash::kSize);
      raw.put(raw.meta(), std::string(kHeadKey), shorter);
    }
    auto log = EventLog::Open({}, dir.path());
    REQUIRE_FALSE(log.ok());
    CHECK(log.status().message() ==
          "log size 19 is below the published checkpoint of size 20: records were removed");
    CHECK(head.size == 20);
  }
}

}  // namespace
}  // namespace auditgraph
