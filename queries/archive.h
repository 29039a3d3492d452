// Archive: the binary form of the index's state in a snapshot (queries/snapshot.h).
//
// One function per type lists its fields, and serves both directions:
//
//   template <class A> void fields(A& a, DatasetRef& d) { a(d.ns, d.name); }
//
// Out appends them to a string; In reads them back with every length checked against what is
// left, so a truncated or garbled snapshot sets failed() and yields empty values, never reads
// past its end. Integers are little-endian fixed width, as the machine stores them (a snapshot
// is read back by the same build on the same machine; its header names the format).
//
// Large state is flat arrays, each one length-prefixed block read back with one memcpy, or
// none (below):
//   - a vector of plain items (numbers, enums, pairs of numbers without padding, kRawBytes
//     structs): its count, zero bytes up to a multiple of 8 from the payload's start, then its
//     bytes;
//   - a vector of vectors of plain items: the count, every inner size (one block), the padding,
//     every item (one block);
//   - a vector of structs, written by columns(): each member as one such vector, so a million
//     runs are a few blocks, not a million decodes.
// An ArchiveIn over a snapshot file's mapping (given `keep`, which owns it) makes each
// SnapshotVector of plain items a view of its block instead (mapped_allocator.h: no copy; the
// kernel copies a page when it is written). The padding keeps every block aligned for its
// items, as long as the payload starts at a multiple of 8 in a page-aligned mapping.
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "auditgraph/change.h"
#include "auditgraph/event.h"
#include "queries/mapped_allocator.h"

namespace auditgraph::queries {

// Asks the kernel to back a large block, before it is first written, with transparent huge
// pages (where the system gives them to memory that asks: Debian's default): a snapshot's
// arrays then cost one page fault per 2 MiB instead of 512, and the faults were most of a
// start's time. A hint only: refused, the block works the same, so its result is not checked.
inline void advise_huge_pages(void* data, size_t bytes) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  const auto from = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const auto to = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
}

// What a container's items are read into: a mutable (key, value) pair for maps.
template <class T>
struct ItemOf {
  using type = typename T::value_type;
};
template <class T>
  requires requires { typename T::mapped_type; }
struct ItemOf<T> {
  using type = std::pair<typename T::key_type, typename T::mapped_type>;
};

class ArchiveOut {
 public:
  static constexpr bool kLoading = false;
  // An archive that writes nothing and counts the bytes it would, so that the one that writes
  // can reserve them first (a snapshot's string then grows by no copy of itself).
  struct CountOnly {};
  ArchiveOut() = default;
  explicit ArchiveOut(CountOnly) : counting_(true) {}
  template <class... T>
  void operator()(const T&... values) {
    (put(values), ...);
  }
  std::string& bytes() { return bytes_; }
  // The bytes written, or counted.
  size_t size() const { return counting_ ? counted_ : bytes_.size(); }
  void reserve(size_t n) { bytes_.reserve(n); }
  // Zero bytes up to a multiple of 8: before a block of plain items (ArchiveIn::get reads a
  // vector's padding after its count; a writer that writes the items itself calls this).
  void align() {
    static constexpr char kZeros[8] = {};
    raw(kZeros, (8 - size() % 8) % 8);
  }

  template <class T>
  void put(const T& v);
  // The items, without their count (for a block whose sizes went before): plain ones as their
  // bytes, others field by field.
  template <class T>
  void items(std::span<const T> v);
  template <class T>
  void items(const std::vector<T>& v) {
    items(std::span<const T>(v));
  }

 private:
  void raw(const void* p, size_t n) {
    if (counting_) {
      counted_ += n;
    } else if (n > 0) {
      bytes_.append(static_cast<const char*>(p), n);
    }
  }
  std::string bytes_;
  bool counting_ = false;
  size_t counted_ = 0;
};

class ArchiveIn {
 public:
  static constexpr bool kLoading = true;
  explicit ArchiveIn(std::string_view bytes) : bytes_(bytes) {}
  // Over a snapshot's payload in a writable copy-on-write mapping (MAP_PRIVATE) that `keep`
  // owns: SnapshotVectors of plain items then view their blocks (archive.h's top).
  ArchiveIn(std::string_view bytes, std::shared_ptr<const void> keep)
      : bytes_(bytes), keep_(std::move(keep)) {}
  template <class... T>
  void operator()(T&... values) {
    (get(values), ...);
  }
  bool failed() const { return failed_; }
  void fail() { failed_ = true; }
  bool done() const { return pos_ == bytes_.size(); }
  // Skips the padding ArchiveOut::align() wrote.
  void align() {
    const size_t pad = (8 - pos_ % 8) % 8;
    if (bytes_.size() - pos_ < pad) {
      failed_ = true;
    } else if (!failed_) {
      pos_ += pad;
    }
  }

  template <class T>
  void get(T& v);

 private:
  bool raw(void* p, size_t n) {
    if (failed_ || bytes_.size() - pos_ < n) {
      failed_ = true;
      return false;
    }
    if (n == 0) return true;  // an empty container's data() may be null: no memcpy then
    std::memcpy(p, bytes_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  // A count of items each at least `min_bytes` long: refused when more than could fit.
  uint64_t count(size_t min_bytes) {
    uint64_t n = 0;
    get(n);
    if (n > (bytes_.size() - pos_) / std::max<size_t>(min_bytes, 1)) {
      failed_ = true;
      return 0;
    }
    return n;
  }
  // Makes `v` a view of the next n items in the mapping, when it is a SnapshotVector over one
  // and the block is aligned for them; false (nothing read) otherwise.
  template <class V>
  bool adopt_block(V& v, uint64_t n) {
    using Item = typename V::value_type;
    if constexpr (std::is_same_v<V, SnapshotVector<Item>>) {
      const char* at = bytes_.data() + pos_;
      if (!keep_ || failed_ || reinterpret_cast<uintptr_t>(at) % alignof(Item) != 0 ||
          (bytes_.size() - pos_) / sizeof(Item) < n) {
        return false;
      }
      // The mapping is writable (copy-on-write), so its items may be changed in place.
      v = adopt(keep_, reinterpret_cast<Item*>(const_cast<char*>(at)), n);
      pos_ += n * sizeof(Item);
      return true;
    }
    return false;
  }

  std::string_view bytes_;
  std::shared_ptr<const void> keep_;  // the mapping bytes_ lies in, when it is one
  size_t pos_ = 0;
  bool failed_ = false;
};

// Field lists of the value types the index keeps.
template <class A> void fields(A& a, Timestamp& t) { a(t.unix_nanos); }
template <class A> void fields(A& a, DatasetRef& d) { a(d.ns, d.name); }
template <class A> void fields(A& a, JobRef& j) { a(j.ns, j.name); }
template <class A> void fields(A& a, PrincipalRef& p) { a(p.kind, p.name); }
template <class A> void fields(A& a, SchemaField& f) { a(f.name, f.type, f.description, f.tags, f.fields); }
template <class A> void fields(A& a, Resource& r) { a(r.kind, r.dataset, r.columns, r.domain); }
template <class A> void fields(A& a, AccessGranted& g) {
  a(g.grant_id, g.grantee, g.resource, g.privilege, g.purpose, g.approver, g.expires_at, g.ticket);
}
template <class A> void fields(A& a, ChangeReport::Notice& n) { a(n.seq, n.sunset, n.replacement, n.note); }

// Structs stored byte for byte (no pointers inside); specialized next to them.
template <class T>
constexpr bool kRawBytes = false;

template <class T>
struct IsNumberPair : std::false_type {};
template <class A, class B>
struct IsNumberPair<std::pair<A, B>>
    : std::bool_constant<std::is_arithmetic_v<A> && std::is_arithmetic_v<B> &&
                         sizeof(std::pair<A, B>) == sizeof(A) + sizeof(B)> {};

template <class T>
concept Plain =
    std::is_arithmetic_v<T> || std::is_enum_v<T> || kRawBytes<T> || IsNumberPair<T>::value;

// A vector of vectors of plain items (archived as two blocks).
template <class T>
concept NestedPlain = requires(T v) {
  requires std::is_same_v<T, std::vector<typename T::value_type>>;
  requires std::is_same_v<typename T::value_type,
                          std::vector<typename T::value_type::value_type>>;
  requires Plain<typename T::value_type::value_type>;
};

template <class T>
void ArchiveOut::put(const T& v) {
  if constexpr (Plain<T>) {
    raw(&v, sizeof v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    put(static_cast<uint64_t>(v.size()));
    raw(v.data(), v.size());
  } else if constexpr (NestedPlain<T>) {
    std::vector<uint64_t> sizes;
    sizes.reserve(v.size());
    for (const auto& inner : v) sizes.push_back(inner.size());
    put(sizes);
    align();
    for (const auto& inner : v) {
      raw(inner.data(), inner.size() * sizeof(typename T::value_type::value_type));
    }
  } else if constexpr (requires { v.has_value(); *v; }) {  // optional
    put(v.has_value());
    if (v) put(*v);
  } else if constexpr (requires { v.first; v.second; }) {
    put(v.first);
    put(v.second);
  } else if constexpr (requires { std::tuple_size<T>::value; }) {
    std::apply([&](const auto&... x) { (put(x), ...); }, v);
  } else if constexpr (requires { v.begin(); v.size(); }) {  // containers
    put(static_cast<uint64_t>(v.size()));
    if constexpr (requires { v.data(); } && Plain<typename T::value_type>) {
      align();
      raw(v.data(), v.size() * sizeof(typename T::value_type));
    } else {
      for (const auto& x : v) put(x);
    }
  } else if constexpr (requires { const_cast<T&>(v).fields(*this); }) {
    const_cast<T&>(v).fields(*this);  // fields() only reads when writing
  } else {
    fields(*this, const_cast<T&>(v));
  }
}

template <class T>
void ArchiveOut::items(std::span<const T> v) {
  if constexpr (Plain<T>) {
    raw(v.data(), v.size() * sizeof(T));
  } else {
    for (const T& x : v) put(x);
  }
}

template <class T>
void ArchiveIn::get(T& v) {
  if constexpr (Plain<T>) {
    if (!raw(&v, sizeof v)) v = T{};
  } else if constexpr (std::is_same_v<T, std::string>) {
    v.resize(count(1));
    if (!raw(v.data(), v.size())) v.clear();
  } else if constexpr (NestedPlain<T>) {
    using Item = typename T::value_type::value_type;
    std::vector<uint64_t> sizes;
    get(sizes);
    align();
    v.clear();
    const uint64_t room = failed_ ? 0 : (bytes_.size() - pos_) / sizeof(Item);
    uint64_t total = 0;  // never past room, so never overflows
    for (uint64_t n : sizes) {
      if (n > room - total) failed_ = true;
      if (failed_) return;
      total += n;
    }
    v.resize(sizes.size());
    for (size_t i = 0; i < sizes.size(); ++i) {
      v[i].resize(sizes[i]);
      raw(v[i].data(), sizes[i] * sizeof(Item));
    }
  } else if constexpr (requires { v.has_value(); v.emplace(); }) {  // optional
    bool has = false;
    get(has);
    v.reset();
    if (has) get(v.emplace());
  } else if constexpr (requires { v.first; v.second; }) {
    get(const_cast<std::remove_const_t<decltype(v.first)>&>(v.first));
    get(v.second);
  } else if constexpr (requires { std::tuple_size<T>::value; }) {
    std::apply([&](auto&... x) { (get(x), ...); }, v);
  } else if constexpr (requires { v.push_back(std::declval<typename T::value_type>()); }) {
    using Item = typename T::value_type;
    v.clear();
    const uint64_t n = count(Plain<Item> ? sizeof(Item) : 1);
    if constexpr (Plain<Item>) {
      align();
      if (adopt_block(v, n)) return;
      v.reserve(n);
      advise_huge_pages(v.data(), n * sizeof(Item));
      v.resize(n);
      if (!raw(v.data(), n * sizeof(Item))) v.clear();
    } else {
      v.reserve(n);
      for (uint64_t i = 0; i < n && !failed_; ++i) get(v.emplace_back());
    }
  } else if constexpr (requires { v.emplace_hint(v.end(), std::declval<typename T::value_type>()); }) {
    // maps and sets: keys arrive in order, or in any order for unordered ones
    using Item = typename ItemOf<T>::type;
    v.clear();
    const uint64_t n = count(1);
    for (uint64_t i = 0; i < n && !failed_; ++i) {
      Item item{};
      get(item);
      v.emplace_hint(v.end(), std::move(item));
    }
  } else if constexpr (requires { v.fields(*this); }) {
    v.fields(*this);
  } else {
    fields(*this, v);
  }
}

// Archives `items` by columns: each listed member of every item as one vector (so plain members
// and vectors of plain items are blocks, archive.h's top). Loading replaces `items`, and fails
// the archive when the columns disagree on the count. The members listed must be all the item's
// state a snapshot needs.
template <class A, class T, class... M>
void columns(A& a, std::vector<T>& items, M T::*... members) {
  if constexpr (!A::kLoading) {
    auto put_column = [&](auto member) {
      using Member = std::remove_cvref_t<decltype(items.front().*member)>;
      if constexpr (NestedPlain<std::vector<Member>>) {  // as put() writes one, uncopied
        std::vector<uint64_t> sizes;
        sizes.reserve(items.size());
        for (const T& item : items) sizes.push_back((item.*member).size());
        a(sizes);
        a.align();
        for (const T& item : items) a.items(item.*member);
      } else {
        std::vector<Member> column;
        column.reserve(items.size());
        for (const T& item : items) column.push_back(item.*member);
        a(column);
      }
    };
    a(static_cast<uint64_t>(items.size()));
    (put_column(members), ...);
  } else {
    uint64_t n = 0;
    a(n);
    items.clear();
    auto get_column = [&](auto member) {
      std::vector<std::remove_cvref_t<decltype(items.front().*member)>> column;
      a(column);
      if (a.failed() || column.size() != n) {
        a.fail();
        return;
      }
      if (items.size() != n) items.resize(n);
      for (size_t i = 0; i < n; ++i) items[i].*member = std::move(column[i]);
    };
    (get_column(members), ...);
    if (a.failed()) items.clear();
  }
}

}  // namespace auditgraph::queries
