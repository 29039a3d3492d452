// FaultyFileSystem: the RocksDB FileSystem behind the public FaultyDisk (auditgraph/faulty_disk.h),
// and FaultyDisk::Impl, which holds it.
// It wraps the default file system, fails appends and syncs of the store's files at the disk's
// rates, and remembers for every file it wrote how long it was at its last sync, so that
// power_loss() can cut it back.
#pragma once

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>

#include "auditgraph/faulty_disk.h"

namespace auditgraph::storage {

class FaultyFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultyFileSystem(const FaultRates& rates);
  const char* Name() const override { return "FaultyFileSystem"; }

  // An Env over this file system, for rocksdb::Options::env; made once, lives as long as this.
  rocksdb::Env* env();

  void set_rates(const FaultRates& rates);
  Status power_loss();
  FaultCounts counts() const;

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                       std::unique_ptr<rocksdb::FSWritableFile>* result,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewRandomAccessFile(const std::string& name, const rocksdb::FileOptions& options,
                                        std::unique_ptr<rocksdb::FSRandomAccessFile>* result,
                                        rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus RenameFile(const std::string& from, const std::string& to,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteFile(const std::string& name, const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;

 private:
  class File;
  class ReadFile;
  struct Lengths {
    uint64_t written = 0;  // bytes appended so far
    uint64_t synced = 0;   // of which synced
  };

  // Whether this write (sync) of a tracked file fails, at the current rate; counted. Files are
  // tracked only when not an info log, so those never come here.
  bool roll(double FaultRates::*rate, uint64_t FaultCounts::*tried, uint64_t FaultCounts::*failed);
  bool fail_write();
  bool fail_sync();
  bool fail_read();
  void wrote(const std::string& name, uint64_t bytes);
  void synced(const std::string& name);
  // Wraps a file just opened for writing at `length` bytes (all of them synced).
  void track(const std::string& name, uint64_t length,
             std::unique_ptr<rocksdb::FSWritableFile>* result);

  mutable std::mutex mu_;
  FaultRates rates_;                                // guarded by mu_
  std::mt19937_64 rng_;                             // guarded by mu_
  FaultCounts counts_;                              // guarded by mu_
  std::unordered_map<std::string, Lengths> files_;  // guarded by mu_: every file written
  std::unique_ptr<rocksdb::Env> env_;               // made by env(), under mu_
};

}  // namespace auditgraph::storage

namespace auditgraph {

// What the public FaultyDisk hides: its file system, which the log's RocksDB Env goes through.
class FaultyDisk::Impl {
 public:
  explicit Impl(const FaultRates& rates) : fs(rates) {}
  storage::FaultyFileSystem fs;
};

}  // namespace auditgraph
