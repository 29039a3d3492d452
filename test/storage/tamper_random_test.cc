// Random offline edits of a closed store (150 in a plain run, 1,000 with --long), made with raw
// RocksDB as an attacker holding the files would make them. Each edit is made on a fresh copy of one pristine store; then
// EventLog::VerifyStore must fail and name the first seq the edit touched, and the live path must
// never call the copy sound (Open refuses it, or verify() fails at the same seq).
//
// The edits, over a log of n records (seqs 0..n-1), and the first bad seq each must be named:
//
//   flip     one byte of record i xor-ed with a non-zero mask            -> i
//   delete   record i removed                                            -> i
//   swap     records i < j exchanged                                     -> i
//   insert   records i.. moved up one key; at i either a copy of another
//            record or a new record stamped with seq i (a careful forger) -> i (i = n: appended
//            past the head)
//   head     the head rewritten to size s != n with the true root of the
//            first min(s, n) records                                     -> min(s, n)
//   root     one bit of the head's root flipped                          -> no record at fault:
//            the report names the head's root instead
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "auditgraph/event_log.h"
#include "storage/keys.h"
#include "storage/record_codec.h"
#include "test/util/long_run.h"
#include "test/util/events.h"
#include "test/util/raw_store.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

using namespace storage;
using testing::RawStore;

enum class Edit { kFlip, kDelete, kSwap, kInsert, kHead, kRoot };
constexpr int kEditKinds = 6;
const char* edit_name(Edit e) {
  switch (e) {
    case Edit::kFlip:
      return "flip";
    case Edit::kDelete:
      return "delete";
    case Edit::kSwap:
      return "swap";
    case Edit::kInsert:
      return "insert";
    case Edit::kHead:
      return "head";
    case Edit::kRoot:
      return "root";
  }
  return "?";
}

// Makes one random edit of kind `kind` in the closed store at `path` (a copy of a log of `n`
// records whose roots by size are `roots`); returns the first bad seq verify must name (none for
// a root that no record disagrees with) and describes the edit in `what`.
std::optional<uint64_t> tamper(const std::string& path, Edit kind, uint64_t n,
                               const std::vector<Hash>& roots, std::mt19937_64& rng,
                               std::string* what) {
  RawStore raw(path);
  auto pick = [&](uint64_t below) { return rng() % below; };
  switch (kind) {
    case Edit::kFlip: {
      uint64_t i = pick(n);
      std::string record = raw.get(raw.log(), seq_key(i));
      size_t at = pick(record.size());
      auto mask = static_cast<char>(1 + pick(255));
      record[at] = static_cast<char>(record[at] ^ mask);
      raw.put(raw.log(), seq_key(i), record);
      *what = "byte " + std::to_string(at) + " of record " + std::to_string(i);
      return i;
    }
    case Edit::kDelete: {
      uint64_t i = pick(n);
      raw.del(raw.log(), seq_key(i));
      *what = "record " + std::to_string(i);
      return i;
    }
    case Edit::kSwap: {
      uint64_t i = pick(n - 1), j = i + 1 + pick(n - 1 - i);
      std::string a = raw.get(raw.log(), seq_key(i)), b = raw.get(raw.log(), seq_key(j));
      raw.put(raw.log(), seq_key(i), b);
      raw.put(raw.log(), seq_key(j), a);
      *what = "records " + std::to_string(i) + " and " + std::to_string(j);
      return i;
    }
    case Edit::kInsert: {
      uint64_t i = pick(n + 1);
      std::string record;
      if (pick(2) == 0) {
        uint64_t other = (i + 1 + pick(n - 1)) % n;  // any record but the one that was at i
        record = raw.get(raw.log(), seq_key(other));
        *what = "a copy of record " + std::to_string(other) + " at " + std::to_string(i);
      } else {
        Event forged = testing::access_event(1'000'000 + rng() % 1000);
        record = encode_record(forged, i, Timestamp{1'800'000'000'000'000'000});
        *what = "a forged record stamped " + std::to_string(i);
      }
      for (uint64_t k = n; k > i; --k) {
        raw.put(raw.log(), seq_key(k), raw.get(raw.log(), seq_key(k - 1)));
      }
      raw.put(raw.log(), seq_key(i), record);
      return i;
    }
    case Edit::kHead: {
      uint64_t s = pick(n + 4);
      if (s == n) s = n + 4;
      Hash root = s <= n ? roots[s] : roots[n];
      std::string head = raw.get(raw.meta(), std::string(kHeadKey));
      std::string size;
      put_u64_be(&size, s);
      head.replace(0, 8, size);
      head.replace(8, Hash::kSize, root.view());
      raw.put(raw.meta(), std::string(kHeadKey), head);
      *what = "size " + std::to_string(s);
      return std::min(s, n);
    }
    case Edit::kRoot: {
      std::string head = raw.get(raw.meta(), std::string(kHeadKey));
      size_t bit = pick(Hash::kSize * 8);
      head[8 + bit / 8] = static_cast<char>(head[8 + bit / 8] ^ (1 << (bit % 8)));
      raw.put(raw.meta(), std::string(kHeadKey), head);
      *what = "bit " + std::to_string(bit);
      return std::nullopt;
    }
  }
  return std::nullopt;
}

TEST_CASE("random offline edits (150; 1,000 with --long): each found by verify, naming the first bad seq") {
  testing::TempDir pristine;
  const uint64_t n = 300;
  std::vector<Hash> roots;  // roots[s]: the root of the first s records
  {
    auto log = EventLog::Open({}, pristine.path());
    REQUIRE(log.ok());
    std::mt19937_64 sizes(7);
    for (uint64_t next = 0; next < n;) {
      std::vector<Event> batch;
      for (uint64_t b = 1 + sizes() % 9; b > 0 && next < n; --b) {
        batch.push_back(testing::access_event(next++));
      }
      REQUIRE((*log)->append(batch).ok());
    }
    for (uint64_t s = 0; s <= n; ++s) roots.push_back(*(*log)->root_at(s));
  }
  REQUIRE(EventLog::VerifyStore(pristine.path()).ok);

  std::mt19937_64 rng(20261125);
  int detected[kEditKinds] = {}, live_refused = 0;
  const int edits = testing::long_or(150, 1000);
  for (int round = 0; round < edits; ++round) {
    auto kind = static_cast<Edit>(round % kEditKinds);
    testing::TempDir copy;
    std::filesystem::copy(pristine.path(), copy.path(), std::filesystem::copy_options::recursive);
    std::string what;
    std::optional<uint64_t> want = tamper(copy.path(), kind, n, roots, rng, &what);
    CAPTURE(round);
    std::string kind_name = edit_name(kind);
    CAPTURE(kind_name);
    CAPTURE(what);

    VerifyReport r = EventLog::VerifyStore(copy.path());
    CAPTURE(r.message);
    REQUIRE_FALSE(r.ok);
    CHECK(r.first_bad_seq == want);
    if (!want) CHECK(r.message.find("head's root") != std::string::npos);
    if (!r.ok && r.first_bad_seq == want) ++detected[static_cast<int>(kind)];

    // The live path never calls the copy sound either.
    auto log = EventLog::Open({}, copy.path());
    if (!log.ok()) {
      CHECK(log.status().is_corruption());
      ++live_refused;
    } else {
      VerifyReport live = (*log)->verify();
      CHECK_FALSE(live.ok);
      CHECK(live.first_bad_seq == want);
    }
  }
  int total = 0;
  for (int k = 0; k < kEditKinds; ++k) {
    MESSAGE(std::string(edit_name(static_cast<Edit>(k))) << ": " << detected[k] << " edits found");
    total += detected[k];
  }
  MESSAGE("tampering: " << total << " of " << edits << " edits found with their first bad seq; "
                        << live_refused << " of them refused at open");
  CHECK(total == edits);
}

}  // namespace
}  // namespace auditgraph
