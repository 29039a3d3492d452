// FaultyDisk: a disk for the event log that fails writes, syncs and reads at given rates, and
// can lose whatever was not synced, as a power cut would. For reliability tests and failure
// drills: give it to a log through LogOptions::disk and the store's files all go through it.
//
// What it models:
//   - a failed write: the append to a file fails and nothing of it reaches the file;
//   - a failed sync: the fsync fails; the bytes written before it stay unsynced;
//   - a failed read: a read of a table file (flushed data; not the memtable, not the WAL) fails
//     and reads nothing;
//   - power_loss(): every file written through this disk is cut back to its length at its last
//     successful sync (a file never synced is emptied), so data the log did not sync is gone.
// The store's diagnostic text log (RocksDB's LOG files) is left alone.
//
// Thread safety: every method may be called from any thread; power_loss() only with no log
// open on this disk.
#pragma once

#include <cstdint>
#include <memory>

#include "auditgraph/status.h"

namespace auditgraph {

struct FaultRates {
  double write_failure = 0;  // chance that one write to a file fails, in [0, 1]
  double sync_failure = 0;   // chance that one fsync of a file fails, in [0, 1]
  double read_failure = 0;   // chance that one read of a table file fails, in [0, 1]
  uint64_t seed = 1;         // the same seed and calls fail the same way
};

// What the disk did since it was made.
struct FaultCounts {
  uint64_t writes = 0;         // writes attempted
  uint64_t syncs = 0;          // syncs attempted
  uint64_t failed_writes = 0;  // writes failed on purpose
  uint64_t failed_syncs = 0;   // syncs failed on purpose
  uint64_t reads = 0;          // reads of table files attempted
  uint64_t failed_reads = 0;   // reads failed on purpose
  uint64_t power_losses = 0;   // power_loss() calls
  uint64_t bytes_dropped = 0;  // unsynced bytes cut off by power losses
};

class FaultyDisk {
 public:
  // InvalidArgument naming the field when a rate lies outside [0, 1].
  static Result<std::shared_ptr<FaultyDisk>> Create(const FaultRates& rates);
  ~FaultyDisk();
  FaultyDisk(const FaultyDisk&) = delete;
  FaultyDisk& operator=(const FaultyDisk&) = delete;

  // New rates from now on (e.g. zero, to reopen a store on a healthy disk); same checks.
  Status set_rates(const FaultRates& rates);
  // Cuts every file written through this disk back to what was synced. IOError when a file
  // cannot be cut.
  Status power_loss();
  FaultCounts counts() const;

  // For the store: what is behind this disk, opaque here (defined in
  // storage/faulty_file_system.h).
  class Impl;
  Impl& impl() const { return *impl_; }

 private:
  explicit FaultyDisk(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace auditgraph
