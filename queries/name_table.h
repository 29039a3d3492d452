// NameTable: interned strings, each stored once in an append-only arena and named by a dense
// uint32 id (0 is the empty string). The index keeps node ids, owners, domains, transformations
// and run ids here, so a name repeated across millions of records costs four bytes each.
//
// Views returned by view() are valid until the next intern() (the arena may grow and move).
// Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "queries/mapped_allocator.h"

namespace auditgraph::queries {

class NameTable {
 public:
  NameTable();

  uint32_t intern(std::string_view s);
  std::optional<uint32_t> find(std::string_view s) const;
  std::string_view view(uint32_t id) const {
    return {chars_.data() + starts_[id], starts_[id + 1] - starts_[id]};
  }
  size_t size() const { return starts_.size() - 1; }
  // Hints that view(id) will be read soon: stage 0 fetches its bounds, stage 1 (once those are
  // in cache) its characters. Callers walking ids in random order issue both a few ids ahead.
  void prefetch(uint32_t id, int stage) const {
    if (stage == 0) {
      __builtin_prefetch(starts_.data() + id);
    } else {
      __builtin_prefetch(chars_.data() + starts_[id]);
    }
  }

  // For snapshots (archive.h): the arena, the id boundaries and the lookup, each one block;
  // after loading, restore() checks them (every id in range, each name once in the lookup;
  // names are not hashed again), false when they are inconsistent.
  template <class A>
  void fields(A& a) { a(chars_, starts_, slots_); }
  bool restore();

 private:
  static uint32_t hash(std::string_view s);
  static uint64_t slot(uint32_t id, uint32_t h) { return uint64_t{h} << 32 | (id + 1); }
  void grow();
  void place(uint64_t slot);  // into the first empty slot from its hash on
  // The slot holding `s`, or the empty slot where it would go.
  size_t slot_of(std::string_view s, uint32_t h) const;

  SnapshotVector<char> chars_;
  SnapshotVector<uint64_t> starts_{0};  // id i is chars_[starts_[i], starts_[i + 1])
  // Open addressing by hash: (hash << 32 | id + 1), 0 = empty. The hash kept beside the id
  // settles most mismatches without reading the string, and lets grow() skip rehashing.
  SnapshotVector<uint64_t> slots_;
};

}  // namespace auditgraph::queries
