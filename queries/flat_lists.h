// FlatLists<T>: many short lists of plain items (numbers, pairs of numbers) kept in one array,
// for the index's per-run and per-job lists: a million runs, each with a few seqs, datasets and
// edge keys. A list costs 12 bytes and no allocation of its own (a std::vector costs 24 bytes
// plus a heap block of at least 32), and a snapshot stores all of them as three blocks
// (archive.h), read back with one memcpy each instead of an allocation per list.
//
// List i holds items_[begin_[i], begin_[i] + size_[i]). A change to the list that ends the array
// happens in place; a change to any other list moves it to the end first (its old place becomes
// garbage). When the garbage outgrows the live items the array is compacted, so a change costs
// O(its list's length), amortized. Views (operator[]) are invalidated by any change.
//
// A value-like resource: copyable, not thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

namespace auditgraph::queries {

template <class T>  // numbers, pairs of numbers: cheap to copy, nothing to destroy
class FlatLists {
  static_assert(std::is_trivially_destructible_v<T>);

 public:
  // The number of lists.
  size_t size() const { return begin_.size(); }
  // Makes lists up to index n - 1 exist (new ones empty).
  void resize(size_t n) {
    begin_.resize(n, items_.size());
    size_.resize(n, 0);
  }
  // List i. REQUIRES: i < size().
  std::span<const T> operator[](size_t i) const { return {items_.data() + begin_[i], size_[i]}; }
  // Item `pos` of list i, to change in place.
  T& at(size_t i, size_t pos) { return items_[begin_[i] + pos]; }

  void push_back(size_t i, const T& item) { insert(i, size_[i], item); }
  // Inserts `item` at position `pos` of list i (pos <= its size).
  void insert(size_t i, size_t pos, const T& item) {
    to_end(i, 1);
    items_.insert(items_.begin() + static_cast<std::ptrdiff_t>(begin_[i] + pos), item);
    ++size_[i];
  }
  // Removes the item at position `pos` of list i, in place: the list's last slot becomes
  // garbage (or, for the list that ends the array, goes).
  void erase(size_t i, size_t pos) {
    const auto at = items_.begin() + static_cast<std::ptrdiff_t>(begin_[i]);
    std::copy(at + static_cast<std::ptrdiff_t>(pos + 1), at + size_[i],
              at + static_cast<std::ptrdiff_t>(pos));
    --size_[i];
    if (begin_[i] + size_[i] + 1 == items_.size()) {
      items_.pop_back();
    } else {
      ++garbage_;
    }
  }

  // Every item, live or garbage (for the snapshot's size checks); and drops growth slack.
  size_t capacity_items() const { return items_.size(); }
  void shrink_to_fit() {
    compact();
    begin_.shrink_to_fit();
    size_.shrink_to_fit();
    items_.shrink_to_fit();
  }

  // Every member, for snapshots (archive.h); restore() checks them after loading.
  template <class A>
  void fields(A& a) {
    a(begin_, size_, items_, garbage_);
  }
  // Whether what fields() loaded is consistent: every list inside the array, as many lists as
  // begins, the garbage count what the lists leave.
  bool restore() const {
    if (begin_.size() != size_.size()) return false;
    uint64_t live = 0;
    for (size_t i = 0; i < begin_.size(); ++i) {
      if (begin_[i] > items_.size() || size_[i] > items_.size() - begin_[i]) return false;
      live += size_[i];
    }
    return live <= items_.size() && garbage_ == items_.size() - live;
  }

 private:
  // Makes list i the last in the array, with room for `extra` more items after it.
  void to_end(size_t i, size_t extra) {
    if (begin_[i] + size_[i] == items_.size()) return;  // already last (or empty at the end)
    if (garbage_ + size_[i] > items_.size() - garbage_ + extra) compact();
    if (begin_[i] + size_[i] == items_.size()) return;
    const uint64_t from = begin_[i], to = items_.size();
    items_.reserve(to + size_[i] + extra);
    items_.resize(to + size_[i]);
    std::copy_n(items_.begin() + static_cast<std::ptrdiff_t>(from), size_[i],
                items_.begin() + static_cast<std::ptrdiff_t>(to));  // from + size <= to
    begin_[i] = to;
    garbage_ += size_[i];
  }
  // Rewrites the array with the lists in order and no garbage.
  void compact() {
    std::vector<T> packed;
    packed.reserve(items_.size() - garbage_);
    for (size_t i = 0; i < begin_.size(); ++i) {
      const uint64_t from = begin_[i];
      begin_[i] = packed.size();
      packed.insert(packed.end(), items_.begin() + static_cast<std::ptrdiff_t>(from),
                    items_.begin() + static_cast<std::ptrdiff_t>(from + size_[i]));
    }
    items_ = std::move(packed);
    garbage_ = 0;
  }

  std::vector<uint64_t> begin_;
  std::vector<uint32_t> size_;
  std::vector<T> items_;
  uint64_t garbage_ = 0;  // items no list holds
};

}  // namespace auditgraph::queries
