// MappedAllocator<T>: the storage of a std::vector that may begin as a block of a snapshot file
// mapped copy-on-write (snapshot_file.h), so that loading a snapshot copies none of its large
// arrays: the index reads the page cache's own pages, and a page is copied (by the kernel) only
// when the index writes it. SnapshotVector<T> is such a vector; it is a std::vector in every way
// but its allocator, and one made without adopt() is a plain heap vector.
//
//   SnapshotVector<EdgeRecord> edges = adopt(mapping, items, n);  // edges.data() == items
//   edges[3].to_seq = 9;    // the kernel copies that page; the file is unchanged
//   edges.push_back(r);     // past its capacity: moved to the heap, as any vector grows
//
// The adopted block is never freed by the allocator. The mapping is kept by a shared_ptr in the
// allocator of each vector that adopted a block of it, until that vector lets go of the block
// (destroyed, or grown onto the heap), and in copies of such an allocator (get_allocator(),
// shrink_to_fit()'s) while they live; it is unmapped when the last is gone. Copies of a vector are heap vectors. Items must be plain bytes (numbers, pairs of
// numbers, raw structs), which is what a snapshot stores as blocks.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace auditgraph::queries {

template <class T>
class MappedAllocator {
 public:
  using value_type = T;
  // A vector moved or swapped takes its storage's allocator along; a copy is a heap vector.
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  using propagate_on_container_copy_assignment = std::false_type;
  using is_always_equal = std::false_type;

  MappedAllocator() = default;
  template <class U>
  explicit MappedAllocator(const MappedAllocator<U>& other) : keep_(other.keep_) {}

  // The allocator of a vector that adopts `items` (n of them) as its first storage: its first
  // allocate(n) returns them. `keep` owns the mapping they lie in.
  MappedAllocator(std::shared_ptr<const void> keep, T* items)
      : keep_(std::move(keep)), pending_(items) {}

  T* allocate(size_t n) {
    if (pending_) {
      adopted_ = std::exchange(pending_, nullptr);
      return adopted_;
    }
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, size_t n) {
    if (p != adopted_) return std::allocator<T>().deallocate(p, n);
    adopted_ = nullptr;  // the file's block, no longer in use: the mapping may go
    keep_.reset();
  }

  // Value-initializes, as std::allocator does.
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  // An item constructed from itself is left as it is: adopt() fills a vector from its own
  // adopted block that way, so none of its pages is written (and copied).
  template <class U>
  void construct(U* p, const U& from) {
    if (p != &from) ::new (static_cast<void*>(p)) U(from);
  }

  MappedAllocator select_on_container_copy_construction() const { return {}; }
  friend bool operator==(const MappedAllocator& a, const MappedAllocator& b) {
    return a.adopted_ == b.adopted_ && a.pending_ == b.pending_;
  }

 private:
  template <class U>
  friend class MappedAllocator;
  std::shared_ptr<const void> keep_;  // the mapping, while a block of it may be in use
  T* pending_ = nullptr;              // handed out by the next allocate()
  T* adopted_ = nullptr;              // handed out: never freed here
};

template <class T>
using SnapshotVector = std::vector<T, MappedAllocator<T>>;

// A vector of the n items at `items`, in the mapping `keep` owns: no item is copied.
// REQUIRES: T's items are plain bytes (trivially copy-constructible and destructible, as
// numbers, pairs of numbers and raw structs are); the mapping is writable copy-on-write (MAP_PRIVATE) if the
// vector may be changed in place; `items` is aligned for T.
template <class T>
SnapshotVector<T> adopt(std::shared_ptr<const void> keep, T* items, size_t n) {
  static_assert(std::is_trivially_copy_constructible_v<T> && std::is_trivially_destructible_v<T>);
  if (n == 0) return {};
  SnapshotVector<T> v(MappedAllocator<T>(std::move(keep), items));
  // allocate(n) returns `items`; each item is then "copied" onto itself (through a const
  // reference, which the construct() that leaves it as it is takes).
  v.assign(static_cast<const T*>(items), static_cast<const T*>(items) + n);
  return v;
}

}  // namespace auditgraph::queries
