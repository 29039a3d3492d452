#include "queries/pair_table.h"

namespace auditgraph::queries {

PairTable::PairTable() { slots_.assign(1024, 0); }

uint64_t PairTable::hash(Pair p) {
  uint64_t h = uint64_t{p.first} << 32 | p.second;  // murmur3's final mix
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

size_t PairTable::slot_of(Pair p) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash(p) & mask;; i = (i + 1) & mask) {
    const uint32_t v = slots_[i];
    if (v == 0 || pairs_[v - 1] == p) return i;
  }
}

std::optional<uint32_t> PairTable::find(Pair p) const {
  const uint32_t v = slots_[slot_of(p)];
  if (v == 0) return std::nullopt;
  return v - 1;
}

uint32_t PairTable::intern(Pair p) {
  const size_t i = slot_of(p);
  if (slots_[i] != 0) return slots_[i] - 1;
  const auto id = static_cast<uint32_t>(pairs_.size());
  pairs_.push_back(p);
  slots_[i] = id + 1;
  if (pairs_.size() * 2 > slots_.size()) grow();
  return id;
}

void PairTable::grow() {
  slots_.assign(slots_.size() * 2, 0);
  const size_t mask = slots_.size() - 1;
  for (uint32_t id = 0; id < pairs_.size(); ++id) {
    size_t i = hash(pairs_[id]) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = id + 1;
  }
}

bool PairTable::restore() const {
  if (slots_.size() < 1024 || (slots_.size() & (slots_.size() - 1)) != 0 ||
      pairs_.size() * 2 > slots_.size()) {
    return false;
  }
  std::vector<bool> seen(pairs_.size());
  size_t used = 0;
  for (uint32_t v : slots_) {
    if (v == 0) continue;
    if (v > pairs_.size() || seen[v - 1]) return false;
    seen[v - 1] = true;
    ++used;
  }
  return used == pairs_.size();
}

}  // namespace auditgraph::queries
