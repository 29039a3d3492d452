// The index snapshot file: the framing around the archived state (archive.h).
//
//   "AGIDX018" | size u64 | root 32 bytes | payload length u64 | SHA-256(payload) | payload
//
// (size, root) is the log head the state was taken at; the checksum catches a torn or damaged
// file. Whether the snapshot matches a given log is the reader's check (Index::Open).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "auditgraph/event_log.h"
#include "auditgraph/status.h"

namespace auditgraph::queries {

// A snapshot file mapped copy-on-write (the page cache's own pages: no copy, no zeroed buffer,
// until a page is written); unmapped when destroyed. Files are replaced by rename, never rewritten in place, so a mapping
// stays valid while a new snapshot is written. A resource: movable, not copyable.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(void* base, size_t size) : base_(base), size_(size) {}
  MappedFile(MappedFile&& other) noexcept { *this = std::move(other); }
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();
  std::string_view bytes() const { return {static_cast<const char*>(base_), size_}; }

 private:
  void* base_ = nullptr;
  size_t size_ = 0;
};

struct SnapshotFile {
  std::string path;
  LogHead at;
  Hash checksum;             // the payload's, as the header gives it (check_snapshot)
  std::string_view payload;  // the archived state, in `file`: valid while it lives
  // Shared with the arrays an index loads from it as views (ArchiveIn's `keep`), which keep
  // it mapped while they use it.
  std::shared_ptr<MappedFile> file;
};

// Atomically: written to `path`.tmp, fsynced, renamed over `path`, the folder fsynced.
Status write_snapshot(const std::string& path, const LogHead& at, std::string_view payload);
// Maps the file and checks its framing: NotFound when there is no file; IOError when it cannot
// be read; Corruption naming the reason when its framing is wrong. The payload is not yet checked
// against its checksum: a reader calls check_snapshot() before it trusts what it loaded, and may
// load it meanwhile (the archive checks every length, so a damaged payload decodes safely).
Result<SnapshotFile> read_snapshot(const std::string& path);
// Ok when the payload's SHA-256 is the header's; Corruption ("fails its checksum") otherwise.
// Reads the mapping only, so it may run beside a load from it (not beside a write to it).
Status check_snapshot(const SnapshotFile& file);

}  // namespace auditgraph::queries
