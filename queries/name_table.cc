#include "queries/name_table.h"

#include <algorithm>
#include <cstdint>

namespace auditgraph::queries {

NameTable::NameTable() {
  slots_.assign(1024, 0);
  intern("");
}

uint32_t NameTable::hash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a, then a final mix for the low bits
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return static_cast<uint32_t>(h);
}

size_t NameTable::slot_of(std::string_view s, uint32_t h) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const uint64_t v = slots_[i];
    if (v == 0) return i;
    if (static_cast<uint32_t>(v >> 32) == h && view(static_cast<uint32_t>(v) - 1) == s) return i;
  }
}

std::optional<uint32_t> NameTable::find(std::string_view s) const {
  const uint64_t v = slots_[slot_of(s, hash(s))];
  if (v == 0) return std::nullopt;
  return static_cast<uint32_t>(v) - 1;
}

uint32_t NameTable::intern(std::string_view s) {
  const uint32_t h = hash(s);
  size_t i = slot_of(s, h);
  if (slots_[i] != 0) return static_cast<uint32_t>(slots_[i]) - 1;
  const auto id = static_cast<uint32_t>(size());
  chars_.insert(chars_.end(), s.begin(), s.end());
  starts_.push_back(chars_.size());
  slots_[i] = slot(id, h);
  if (size() * 2 > slots_.size()) grow();
  return id;
}

void NameTable::grow() {
  SnapshotVector<uint64_t> old(slots_.size() * 2, 0);
  old.swap(slots_);
  for (uint64_t v : old) {
    if (v != 0) place(v);
  }
}

void NameTable::place(uint64_t v) {
  const size_t mask = slots_.size() - 1;
  size_t i = (v >> 32) & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = v;
}

bool NameTable::restore() {
  if (starts_.empty() || starts_.front() != 0 || starts_.back() != chars_.size() ||
      !std::is_sorted(starts_.begin(), starts_.end()) || starts_.size() > UINT32_MAX) {
    return false;
  }
  // A power of two past twice the names, as grow() keeps it, with each id in one slot. A slot's
  // hash is taken on trust (it is covered by the snapshot's checksum): a wrong one could only
  // make a lookup miss, never read out of bounds.
  if (slots_.size() < 1024 || (slots_.size() & (slots_.size() - 1)) != 0 ||
      size() * 2 > slots_.size()) {
    return false;
  }
  std::vector<bool> seen(size());
  size_t used = 0;
  for (uint64_t v : slots_) {
    if (v == 0) continue;
    const uint64_t id = static_cast<uint32_t>(v) - uint64_t{1};
    if (static_cast<uint32_t>(v) == 0 || id >= size() || seen[id]) return false;
    seen[id] = true;
    ++used;
  }
  return used == size();
}

}  // namespace auditgraph::queries
