// FaultyDisk (auditgraph/faulty_disk.h) and the FaultyFileSystem behind it.
#include <filesystem>

#include "storage/faulty_file_system.h"

namespace auditgraph {

namespace {

Status check_rates(const FaultRates& rates) {
  for (auto [rate, name] : {std::pair{rates.write_failure, "write_failure"},
                            {rates.sync_failure, "sync_failure"},
                            {rates.read_failure, "read_failure"}}) {
    if (!(rate >= 0 && rate <= 1)) {
      return Status::InvalidArgument(std::string(name) + ": must lie in [0, 1], got " +
                                     std::to_string(rate));
    }
  }
  return Status::Ok();
}

// RocksDB's diagnostic text log ("LOG", "LOG.old.<n>"): never failed, never cut.
bool is_info_log(const std::string& name) {
  return std::filesystem::path(name).filename().string().rfind("LOG", 0) == 0;
}

}  // namespace

Result<std::shared_ptr<FaultyDisk>> FaultyDisk::Create(const FaultRates& rates) {
  Status s = check_rates(rates);
  if (!s.ok()) return s;
  return std::shared_ptr<FaultyDisk>(new FaultyDisk(std::make_unique<Impl>(rates)));
}

FaultyDisk::FaultyDisk(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaultyDisk::~FaultyDisk() = default;

Status FaultyDisk::set_rates(const FaultRates& rates) {
  Status s = check_rates(rates);
  if (s.ok()) impl_->fs.set_rates(rates);
  return s;
}

Status FaultyDisk::power_loss() { return impl_->fs.power_loss(); }
FaultCounts FaultyDisk::counts() const { return impl_->fs.counts(); }

namespace storage {

// A file being written: appends and syncs go through the file system's dice and bookkeeping.
class FaultyFileSystem::File final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  File(std::unique_ptr<rocksdb::FSWritableFile> file, FaultyFileSystem* fs, std::string name)
      : FSWritableFileOwnerWrapper(std::move(file)), fs_(fs), name_(std::move(name)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    return append(data, [&] { return FSWritableFileOwnerWrapper::Append(data, options, dbg); });
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    return append(data,
                  [&] { return FSWritableFileOwnerWrapper::Append(data, options, info, dbg); });
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return sync([&] { return FSWritableFileOwnerWrapper::Sync(options, dbg); });
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    return sync([&] { return FSWritableFileOwnerWrapper::Fsync(options, dbg); });
  }
  // RangeSync only starts write-back (sync_file_range): no promise of durability, so it is
  // passed through and does not count as a sync.

 private:
  // An append that may fail (then nothing is written), else `write` counted as unsynced bytes.
  template <typename Write>
  rocksdb::IOStatus append(const rocksdb::Slice& data, Write write) {
    if (fs_->fail_write()) return rocksdb::IOStatus::IOError("injected write failure");
    auto s = write();
    if (s.ok()) fs_->wrote(name_, data.size());
    return s;
  }
  // A sync that may fail (then what was written stays unsynced), else everything is synced.
  template <typename SyncFn>
  rocksdb::IOStatus sync(SyncFn do_sync) {
    if (fs_->fail_sync()) return rocksdb::IOStatus::IOError("injected fsync failure");
    auto s = do_sync();
    if (s.ok()) fs_->synced(name_);
    return s;
  }

  FaultyFileSystem* fs_;
  std::string name_;
};

// A file opened for random reads (RocksDB's table files): each read may fail, and then reads
// nothing.
class FaultyFileSystem::ReadFile final : public rocksdb::FSRandomAccessFileOwnerWrapper {
 public:
  ReadFile(std::unique_ptr<rocksdb::FSRandomAccessFile> file, FaultyFileSystem* fs)
      : FSRandomAccessFileOwnerWrapper(std::move(file)), fs_(fs) {}

  rocksdb::IOStatus Read(uint64_t offset, size_t n, const rocksdb::IOOptions& options,
                         rocksdb::Slice* result, char* scratch,
                         rocksdb::IODebugContext* dbg) const override {
    if (fs_->fail_read()) return rocksdb::IOStatus::IOError("injected read failure");
    return FSRandomAccessFileOwnerWrapper::Read(offset, n, options, result, scratch, dbg);
  }
  rocksdb::IOStatus MultiRead(rocksdb::FSReadRequest* reqs, size_t num_reqs,
                              const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    if (fs_->fail_read()) return rocksdb::IOStatus::IOError("injected read failure");
    return FSRandomAccessFileOwnerWrapper::MultiRead(reqs, num_reqs, options, dbg);
  }
  // ReadAsync is only used with ReadOptions::async_io, which the log never sets.

 private:
  FaultyFileSystem* fs_;
};

FaultyFileSystem::FaultyFileSystem(const FaultRates& rates)
    : FileSystemWrapper(rocksdb::FileSystem::Default()), rates_(rates), rng_(rates.seed) {}

rocksdb::Env* FaultyFileSystem::env() {
  std::lock_guard lock(mu_);
  if (!env_) {
    // The Env must not own this file system (this owns the Env): an aliasing, non-owning pointer.
    env_ = rocksdb::NewCompositeEnv(
        std::shared_ptr<rocksdb::FileSystem>(std::shared_ptr<void>(), this));
  }
  return env_.get();
}

void FaultyFileSystem::set_rates(const FaultRates& rates) {
  std::lock_guard lock(mu_);
  rates_ = rates;
  rng_.seed(rates.seed);
}

FaultCounts FaultyFileSystem::counts() const {
  std::lock_guard lock(mu_);
  return counts_;
}

bool FaultyFileSystem::roll(double FaultRates::*rate, uint64_t FaultCounts::*tried,
                            uint64_t FaultCounts::*failed) {
  std::lock_guard lock(mu_);
  ++(counts_.*tried);
  const bool fail = std::uniform_real_distribution<double>(0, 1)(rng_) < rates_.*rate;
  if (fail) ++(counts_.*failed);
  return fail;
}

bool FaultyFileSystem::fail_write() {
  return roll(&FaultRates::write_failure, &FaultCounts::writes, &FaultCounts::failed_writes);
}

bool FaultyFileSystem::fail_read() {
  return roll(&FaultRates::read_failure, &FaultCounts::reads, &FaultCounts::failed_reads);
}

rocksdb::IOStatus FaultyFileSystem::NewRandomAccessFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSRandomAccessFile>* result, rocksdb::IODebugContext* dbg) {
  auto s = target()->NewRandomAccessFile(name, options, result, dbg);
  if (s.ok()) *result = std::make_unique<ReadFile>(std::move(*result), this);
  return s;
}

bool FaultyFileSystem::fail_sync() {
  return roll(&FaultRates::sync_failure, &FaultCounts::syncs, &FaultCounts::failed_syncs);
}

void FaultyFileSystem::wrote(const std::string& name, uint64_t bytes) {
  std::lock_guard lock(mu_);
  files_[name].written += bytes;
}

void FaultyFileSystem::synced(const std::string& name) {
  std::lock_guard lock(mu_);
  Lengths& l = files_[name];
  l.synced = l.written;
}

void FaultyFileSystem::track(const std::string& name, uint64_t length,
                             std::unique_ptr<rocksdb::FSWritableFile>* result) {
  {
    std::lock_guard lock(mu_);
    files_[name] = {length, length};
  }
  *result = std::make_unique<File>(std::move(*result), this, name);
}

rocksdb::IOStatus FaultyFileSystem::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  auto s = target()->NewWritableFile(name, options, result, dbg);
  if (s.ok() && !is_info_log(name)) track(name, 0, result);
  return s;
}

rocksdb::IOStatus FaultyFileSystem::ReopenWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  auto s = target()->ReopenWritableFile(name, options, result, dbg);
  if (!s.ok() || is_info_log(name)) return s;
  bool known;
  {
    std::lock_guard lock(mu_);
    known = files_.count(name) > 0;
  }
  if (known) {  // written through this disk before: what it had unsynced stays unsynced
    *result = std::make_unique<File>(std::move(*result), this, name);
  } else {  // found on disk: all of it is taken as synced
    std::error_code ec;
    uint64_t length = std::filesystem::file_size(name, ec);
    track(name, ec ? 0 : length, result);
  }
  return s;
}

rocksdb::IOStatus FaultyFileSystem::ReuseWritableFile(
    const std::string& name, const std::string& old_name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result, rocksdb::IODebugContext* dbg) {
  auto s = target()->ReuseWritableFile(name, old_name, options, result, dbg);
  if (s.ok()) {
    {
      std::lock_guard lock(mu_);
      files_.erase(old_name);
    }
    track(name, 0, result);
  }
  return s;
}

rocksdb::IOStatus FaultyFileSystem::RenameFile(const std::string& from, const std::string& to,
                                               const rocksdb::IOOptions& options,
                                               rocksdb::IODebugContext* dbg) {
  auto s = target()->RenameFile(from, to, options, dbg);
  if (s.ok()) {
    std::lock_guard lock(mu_);
    auto it = files_.find(from);
    if (it != files_.end()) {
      files_[to] = it->second;
      files_.erase(from);
    } else {
      files_.erase(to);
    }
  }
  return s;
}

rocksdb::IOStatus FaultyFileSystem::DeleteFile(const std::string& name,
                                               const rocksdb::IOOptions& options,
                                               rocksdb::IODebugContext* dbg) {
  auto s = target()->DeleteFile(name, options, dbg);
  if (s.ok()) {
    std::lock_guard lock(mu_);
    files_.erase(name);
  }
  return s;
}

Status FaultyFileSystem::power_loss() {
  std::lock_guard lock(mu_);
  ++counts_.power_losses;
  for (auto& [name, lengths] : files_) {
    std::error_code ec;
    uint64_t now = std::filesystem::file_size(name, ec);
    if (ec) continue;  // gone already
    if (now > lengths.synced) {
      std::filesystem::resize_file(name, lengths.synced, ec);
      if (ec) return Status::IOError("power loss: cutting " + name + ": " + ec.message());
      counts_.bytes_dropped += now - lengths.synced;
    }
    lengths.written = lengths.synced;
  }
  return Status::Ok();
}

}  // namespace storage
}  // namespace auditgraph
