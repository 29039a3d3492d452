// FlatLists<T>: many short lists of plain items (numbers, pairs of numbers) kept in one array,
// for the index's per-run and per-job lists: a million runs, each with a few seqs, datasets and
// edge keys. A list costs 16 bytes and no allocation of its own (a std::vector costs 24 bytes
// plus a heap block of at least 32), and a snapshot stores all of them compacted, as two blocks
// (every size, every item; archive.h), read back with one memcpy each instead of an allocation
// per list.
//
// List i owns the slots items_[begin_[i], begin_[i] + cap(i)) and holds its first size_[i]. A
// list that outgrows its slots moves to the end of the array with twice the room (its old slots
// become garbage), so appends cost O(1) amortized however lists interleave, as a vector's do;
// the list that ends the array grows in place. When the garbage outgrows what lists own, the
// array is compacted (every list then owns exactly its items). Views (operator[]) are
// invalidated by any change.
//
// A value-like resource: copyable, not thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "queries/mapped_allocator.h"

namespace auditgraph::queries {

template <class T>  // numbers, pairs of numbers: cheap to copy, nothing to destroy
class FlatLists {
  static_assert(std::is_trivially_destructible_v<T>);

 public:
  // The number of lists.
  size_t size() const { return begin_.size(); }
  // Makes lists up to index n - 1 exist (new ones empty, owning no slots).
  void resize(size_t n) {
    own_caps();
    begin_.resize(n, items_.size());
    size_.resize(n, 0);
    cap_.resize(n, 0);
  }
  // List i. REQUIRES: i < size().
  std::span<const T> operator[](size_t i) const { return {items_.data() + begin_[i], size_[i]}; }
  // Item `pos` of list i, to change in place.
  T& at(size_t i, size_t pos) { return items_[begin_[i] + pos]; }

  void push_back(size_t i, const T& item) { insert(i, size_[i], item); }
  // Inserts `item` at position `pos` of list i (pos <= its size).
  void insert(size_t i, size_t pos, const T& item) {
    room_for_one(i);
    const auto at = items_.begin() + static_cast<std::ptrdiff_t>(begin_[i]);
    std::copy_backward(at + static_cast<std::ptrdiff_t>(pos), at + size_[i], at + size_[i] + 1);
    at[static_cast<std::ptrdiff_t>(pos)] = item;
    ++size_[i];
  }
  // Removes the item at position `pos` of list i (its slot stays the list's).
  void erase(size_t i, size_t pos) {
    own_caps();  // the list's capacity is no longer its size
    const auto at = items_.begin() + static_cast<std::ptrdiff_t>(begin_[i]);
    std::copy(at + static_cast<std::ptrdiff_t>(pos + 1), at + size_[i],
              at + static_cast<std::ptrdiff_t>(pos));
    --size_[i];
  }

  // Every slot, owned or garbage (to check how far the array grows past the items).
  size_t slots() const { return items_.size(); }
  // Compacts (every list owns exactly its items), when some slot is not an item, and drops the
  // vectors' growth slack.
  void shrink_to_fit() {
    uint64_t live = 0;
    for (uint32_t n : size_) live += n;
    if (live != items_.size()) compact();
    begin_.shrink_to_fit();
    size_.shrink_to_fit();
    cap_.shrink_to_fit();
    items_.shrink_to_fit();
  }

  // The lists for snapshots (archive.h), compacted: the sizes, the begins, then every item in
  // list order (as a vector of them: its count, its items), so loading one computes nothing
  // (each list then owns exactly its items: no capacities are kept until a list changes).
  // restore() then checks them.
  template <class A>
  void fields(A& a) {
    if constexpr (A::kLoading) {
      a(size_, begin_, items_);
      cap_.clear();
      garbage_ = 0;
    } else {
      std::vector<uint64_t> begins;
      begins.reserve(size_.size());
      uint64_t live = 0;
      for (uint32_t n : size_) {
        begins.push_back(live);
        live += n;
      }
      a(size_, begins, live);
      a.align();  // as a vector's items are (archive.h)
      for (size_t i = 0; i < size_.size(); ++i) a.items((*this)[i]);
    }
  }
  // Whether the lists are consistent (after fields() loaded them): as many sizes, begins and
  // capacities as lists, each list's slots inside the array and its items within its slots, the
  // garbage what the lists leave; compacted (no capacities kept), each list beginning where the
  // one before ends.
  bool restore() const {
    if (begin_.size() != size_.size()) return false;
    if (compacted()) {
      uint64_t at = 0;  // sizes are 32-bit and there are fewer than 2^32 of them: no overflow
      for (size_t i = 0; i < begin_.size(); ++i) {
        if (begin_[i] != at) return false;
        at += size_[i];
      }
      return at == items_.size() && garbage_ == 0;
    }
    if (begin_.size() != cap_.size()) return false;
    uint64_t owned = 0;
    for (size_t i = 0; i < begin_.size(); ++i) {
      if (begin_[i] > items_.size() || cap_[i] > items_.size() - begin_[i] || size_[i] > cap_[i]) {
        return false;
      }
      owned += cap_[i];
    }
    return owned <= items_.size() && garbage_ == items_.size() - owned;
  }

 private:
  // Whether no capacities are kept: each list's is its size (after loading or compacting).
  bool compacted() const { return cap_.size() != size_.size(); }
  // Keeps each list's capacity, before a change may make one differ from its size.
  void own_caps() {
    if (compacted()) cap_.assign(size_.begin(), size_.end());
  }
  // Makes list i own at least one slot past its items.
  void room_for_one(size_t i) {
    own_caps();
    if (size_[i] < cap_[i]) return;
    const uint32_t cap = std::max<uint32_t>(1, cap_[i] * 2);
    if (begin_[i] + cap_[i] == items_.size()) {  // it ends the array: grow in place
      items_.resize(begin_[i] + cap);
      cap_[i] = cap;
      return;
    }
    if (garbage_ + cap_[i] > items_.size() - garbage_ - cap_[i]) {
      compact();  // then move it, with room to grow
      own_caps();
      if (begin_[i] + cap_[i] == items_.size()) return room_for_one(i);
    }
    const uint64_t from = begin_[i], to = items_.size();
    items_.resize(to + cap);
    std::copy_n(items_.begin() + static_cast<std::ptrdiff_t>(from), size_[i],
                items_.begin() + static_cast<std::ptrdiff_t>(to));  // from + cap_[i] <= to
    garbage_ += cap_[i];
    begin_[i] = to;
    cap_[i] = cap;
  }
  // Rewrites the array with the lists in order, each owning exactly its items.
  void compact() {
    SnapshotVector<T> packed;
    uint64_t live = 0;
    for (uint32_t n : size_) live += n;
    packed.reserve(live);
    for (size_t i = 0; i < begin_.size(); ++i) {
      const uint64_t from = begin_[i];
      begin_[i] = packed.size();
      packed.insert(packed.end(), items_.begin() + static_cast<std::ptrdiff_t>(from),
                    items_.begin() + static_cast<std::ptrdiff_t>(from + size_[i]));
    }
    items_ = std::move(packed);
    cap_.clear();  // each list's capacity is its size
    garbage_ = 0;
  }

  // Loaded from a snapshot as views of it (mapped_allocator.h), as the items are.
  SnapshotVector<uint64_t> begin_;
  SnapshotVector<uint32_t> size_;
  // Each list's capacity; none kept while the lists are compacted (compacted()): each list's is
  // then its size.
  std::vector<uint32_t> cap_;
  SnapshotVector<T> items_;  // loaded from a snapshot as a view of it (mapped_allocator.h)
  uint64_t garbage_ = 0;  // slots no list owns
};

}  // namespace auditgraph::queries
