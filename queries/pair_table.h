// PairTable: dense uint32 ids for pairs of 32-bit numbers, such as a dataset's or a job's
// (namespace, name) ids in a NameTable. Ids are handed out in the order pairs are first seen
// (0, 1, 2, ...); the lookup is open addressing over one array of slots.
//
// A snapshot stores the pairs and the slots as they are (two blocks), so loading one rebuilds
// nothing: a std::unordered_map of a million keys cost a node allocation each when rebuilt.
//
// A value-like resource: copyable, not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "queries/mapped_allocator.h"

namespace auditgraph::queries {

class PairTable {
 public:
  using Pair = std::pair<uint32_t, uint32_t>;

  PairTable();

  // The id of `p`, added when new.
  uint32_t intern(Pair p);
  // The id of `p`; nothing when it was never interned.
  std::optional<uint32_t> find(Pair p) const;
  // The pair named by `id`. REQUIRES: id < size().
  const Pair& operator[](uint32_t id) const { return pairs_[id]; }
  size_t size() const { return pairs_.size(); }

  // For snapshots (archive.h): the pairs and the slots, each one block. restore() then checks
  // them: the slots a power of two at least twice the pairs, every id in exactly one slot. Where
  // a slot sits is taken on trust (the snapshot's checksum covers it), as NameTable does: a
  // misplaced one could make a lookup miss, never read out of bounds.
  template <class A>
  void fields(A& a) { a(pairs_, slots_); }
  bool restore() const;

 private:
  static uint64_t hash(Pair p);
  // The slot holding `p`, or the empty slot where it would go.
  size_t slot_of(Pair p) const;
  void grow();

  // Large arrays, loaded from a snapshot as views of it (mapped_allocator.h).
  SnapshotVector<Pair> pairs_;
  SnapshotVector<uint32_t> slots_;  // id + 1, 0 = empty
};

}  // namespace auditgraph::queries
