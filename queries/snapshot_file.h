// The index snapshot file: the framing around the archived state (archive.h).
//
//   "AGIDX011" | size u64 | root 32 bytes | payload length u64 | SHA-256(payload) | payload
//
// (size, root) is the log head the state was taken at; the checksum catches a torn or damaged
// file. Whether the snapshot matches a given log is the reader's check (Index::Open).
#pragma once

#include <string>
#include <string_view>

#include "auditgraph/event_log.h"
#include "auditgraph/status.h"

namespace auditgraph::queries {

struct SnapshotFile {
  LogHead at;
  std::string payload;
};

// Atomically: written to `path`.tmp, fsynced, renamed over `path`, the folder fsynced.
Status write_snapshot(const std::string& path, const LogHead& at, std::string_view payload);
// NotFound when there is no file; Corruption naming the reason when its framing or checksum is
// wrong.
Result<SnapshotFile> read_snapshot(const std::string& path);

}  // namespace auditgraph::queries
