// Small helpers shared by the files of RocksEventLog: status conversion and the encodings of the
// `meta` family's values (layout in keys.h).
#pragma once

#include <rocksdb/status.h>

#include <string>
#include <string_view>

#include "auditgraph/event_log.h"
#include "storage/keys.h"

namespace auditgraph::storage {

inline Status from_rocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  if (s.IsNotFound()) return Status::NotFound(what + ": " + s.ToString());
  return Status::IOError(what + ": " + s.ToString());
}

inline std::string encode_head(const LogHead& head, Timestamp last_recorded_at) {
  std::string v;
  put_u64_be(&v, head.size);
  v.append(head.root.view());
  put_u64_be(&v, static_cast<uint64_t>(last_recorded_at.unix_nanos));
  return v;
}

inline std::string encode_checkpoint(const LogHead& head) {
  std::string v;
  put_u64_be(&v, head.size);
  v.append(head.root.view());
  return v;
}

// size (8) + root (32), optionally followed by more.
inline Result<LogHead> decode_size_root(std::string_view v, const char* what) {
  if (v.size() < 8 + Hash::kSize) {
    return Status::Corruption(std::string(what) + " record is " + std::to_string(v.size()) +
                              " bytes, too short");
  }
  LogHead h;
  h.size = get_u64_be(v);
  h.root = *Hash::FromBytes(v.substr(8, Hash::kSize));
  return h;
}

}  // namespace auditgraph::storage
