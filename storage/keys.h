// The layout of the store: column family names and key encodings. Shared by the log and by tests
// that open the store with raw RocksDB to tamper with it.
//
//   log          seq (8 bytes, big-endian)            -> record bytes (the Merkle leaf)
//   merkle       seq (8 bytes, BE)                     -> the node hashes that leaf `seq`
//   completed,
//                levels 0..k in order, 32 bytes each (k = number of trailing one bits of seq):
//                node (L, i) lives in entry (i + 1) * 2^L - 1 at byte 32 * L. One entry per
//                record, written in the same batch.
//   idempotency  SHA-256(key)[0:8] + key bytes         -> seq (8 bytes, BE)
//                (the hash prefix spreads keys over a hash memtable: O(1) inserts and look-ups
//                for keys that arrive in no particular order)
//   meta         "head"        -> size (8 BE) + root (32) + last recorded_at (8 BE)
//                "checkpoint"  -> size (8 BE) + root (32)
//                "note/" + size (8 BE) -> the signed note of that checkpoint (publish_signed_checkpoint)
//                "format"      -> "auditgraph-log-1"
//                "key_scheme"  -> "2": how ingest derives idempotency keys (docs/events.md);
//                                 absent in stores written before content keys, read as 1
//   history_meta, access_by_dataset, lineage_by_time
//                the history families (include/auditgraph/history_store.h): derived from the log
//                by the index, never verified; their keys are queries/history_ledger.h's. Stores
//                written before them get them empty, and the index fills them from the log.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auditgraph/hash.h"

namespace auditgraph::storage {

inline constexpr const char* kLogFamily = "log";
inline constexpr const char* kMerkleFamily = "merkle";
inline constexpr const char* kIdempotencyFamily = "idempotency";
inline constexpr const char* kMetaFamily = "meta";
// The history families, in HistoryFamily order.
inline constexpr const char* kHistoryFamilyNames[] = {"history_meta", "access_by_dataset",
                                                       "lineage_by_time"};

inline constexpr std::string_view kHeadKey = "head";
inline constexpr std::string_view kCheckpointKey = "checkpoint";
inline constexpr std::string_view kNotePrefix = "note/";
inline constexpr std::string_view kFormatKey = "format";
inline constexpr std::string_view kFormatValue = "auditgraph-log-1";
inline constexpr std::string_view kKeySchemeKey = "key_scheme";

inline void put_u64_be(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

// REQUIRES: in.size() >= 8
inline uint64_t get_u64_be(std::string_view in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | static_cast<uint8_t>(in[i]);
  return v;
}

inline std::string seq_key(uint64_t seq) {
  std::string k;
  put_u64_be(&k, seq);
  return k;
}

inline std::string note_key(uint64_t size) {
  std::string k(kNotePrefix);
  put_u64_be(&k, size);
  return k;
}

// The seq of the leaf whose append completed node (level, index): the key of its merkle entry.
inline uint64_t node_entry(uint8_t level, uint64_t index) { return ((index + 1) << level) - 1; }

inline constexpr size_t kIdempotencyPrefixBytes = 8;

inline std::string idempotency_key(std::string_view key) {
  std::string k(sha256(key).view().substr(0, kIdempotencyPrefixBytes));
  k.append(key);
  return k;
}

}  // namespace auditgraph::storage
