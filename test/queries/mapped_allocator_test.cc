// MappedAllocator / SnapshotVector (queries/mapped_allocator.h): a vector that adopts a block of
// a mapping reads it in place and writes none of it while adopting; it may then be changed in
// place, grown (moved to the heap, releasing the mapping), copied (a heap copy), moved and
// swapped; a vector never adopted is a plain one.
//
//   a file of 100,000 uint64s (i * 3) mapped private, read-only while adopted
#include "queries/mapped_allocator.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace auditgraph {
namespace {

using queries::SnapshotVector;

constexpr size_t kItems = 100'000;

// A private mapping of a temporary file holding kItems numbers, read-only until writable();
// `released` is set when the last owner of it lets go.
struct Mapping {
  std::string path;
  void* base = nullptr;
  size_t bytes = kItems * sizeof(uint64_t);
  std::shared_ptr<const void> keep;
  std::shared_ptr<bool> released = std::make_shared<bool>(false);

  Mapping() {
    path = (std::filesystem::temp_directory_path() /
            ("ag-mapped-" + std::to_string(::getpid()) + ".bin"))
               .string();
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      for (uint64_t i = 0; i < kItems; ++i) {
        const uint64_t value = i * 3;
        out.write(reinterpret_cast<const char*>(&value), sizeof value);
      }
    }
    const int fd = ::open(path.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    base = ::mmap(nullptr, bytes, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    REQUIRE(base != MAP_FAILED);
    keep = std::shared_ptr<const void>(base, [b = bytes, flag = released](const void* p) {
      ::munmap(const_cast<void*>(p), b);
      *flag = true;
    });
  }
  ~Mapping() { std::filesystem::remove(path); }
  uint64_t* items() const { return static_cast<uint64_t*>(base); }
  void writable() const { REQUIRE(::mprotect(base, bytes, PROT_READ | PROT_WRITE) == 0); }
  uint64_t in_file(size_t i) const {
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(i * 8));
    uint64_t v = 0;
    in.read(reinterpret_cast<char*>(&v), 8);
    return v;
  }
};

TEST_CASE("snapshot vector: adopts a mapped block without writing it, then behaves as a vector") {
  Mapping m;
  // Read-only: a write while adopting would crash the test.
  SnapshotVector<uint64_t> v = queries::adopt(m.keep, m.items(), kItems);
  REQUIRE(v.size() == kItems);
  CHECK(v.data() == m.items());
  CHECK(v[7] == 21);
  CHECK(v.back() == (kItems - 1) * 3);
  m.keep.reset();  // the vector keeps the mapping now
  CHECK_FALSE(*m.released);

  SUBCASE("changed in place: the process sees it, the file does not") {
    m.writable();
    v[7] = 1;
    CHECK(v[7] == 1);
    CHECK(v.data() == m.items());
    CHECK(m.in_file(7) == 21);
  }
  SUBCASE("grown past its block: moved to the heap, the mapping let go") {
    v.push_back(42);
    CHECK(v.data() != m.items());
    CHECK(v.size() == kItems + 1);
    CHECK(v[7] == 21);
    CHECK(v.back() == 42);
    CHECK(*m.released);
  }
  SUBCASE("copied: a heap vector of the same items; the original still adopts") {
    SnapshotVector<uint64_t> copy = v;
    CHECK(copy == v);
    CHECK(copy.data() != m.items());
    copy.push_back(1);
    CHECK(v.data() == m.items());
    SnapshotVector<uint64_t> assigned;
    assigned = v;
    CHECK(assigned == v);
    CHECK(assigned.data() != m.items());
  }
  SUBCASE("moved and swapped: the block and its mapping go along") {
    SnapshotVector<uint64_t> moved = std::move(v);
    CHECK(moved.data() == m.items());
    SnapshotVector<uint64_t> other{1, 2, 3};
    other.swap(moved);
    CHECK(other.data() == m.items());
    CHECK(moved.size() == 3);
    other = SnapshotVector<uint64_t>();  // frees the block: the mapping goes
    CHECK(*m.released);
  }
  SUBCASE("destroyed: the mapping goes") {
    v = SnapshotVector<uint64_t>();
    CHECK(*m.released);
  }
}

TEST_CASE("snapshot vector: one never adopted is a plain vector (value-initialized, growable)") {
  SnapshotVector<uint32_t> v;
  v.resize(1000);
  for (uint32_t x : v) CHECK(x == 0);
  v.assign(5, 7);
  v.resize(8);
  CHECK(v == SnapshotVector<uint32_t>{7, 7, 7, 7, 7, 0, 0, 0});
  CHECK(queries::adopt<uint32_t>(nullptr, nullptr, 0).empty());
}

}  // namespace
}  // namespace auditgraph
