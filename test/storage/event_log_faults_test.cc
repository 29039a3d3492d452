// A failed fsync, injected through a RocksDB FileSystem wrapper: the caller is told, the log stops
// taking appends, nothing unsynced is ever shown to readers, and a reopen finds every
// acknowledged event with a tree that verifies.
#include <doctest/doctest.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>

#include "storage/rocks_event_log.h"
#include "test/util/events.h"
#include "test/util/temp_dir.h"

namespace auditgraph::storage {
namespace {

// Fails Sync/Fsync of write-ahead-log files while `fail_sync` is set.
class FailingSyncFs final : public rocksdb::FileSystemWrapper {
 public:
  FailingSyncFs() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FailingSyncFs"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    auto s = target()->NewWritableFile(name, options, result, dbg);
    if (s.ok() && name.size() > 4 && name.substr(name.size() - 4) == ".log") {
      *result = std::make_unique<File>(std::move(*result), &fail_sync);
    }
    return s;
  }

  std::atomic<bool> fail_sync{false};

 private:
  class File final : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> f, const std::atomic<bool>* fail)
        : FSWritableFileOwnerWrapper(std::move(f)), fail_(fail) {}
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
      return *fail_ ? rocksdb::IOStatus::IOError("injected fsync failure")
                    : FSWritableFileOwnerWrapper::Sync(o, d);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
      return *fail_ ? rocksdb::IOStatus::IOError("injected fsync failure")
                    : FSWritableFileOwnerWrapper::Fsync(o, d);
    }

   private:
    const std::atomic<bool>* fail_;
  };
};

TEST_CASE("a failed fsync is reported, stops the log, and loses nothing acknowledged") {
  testing::TempDir dir;
  auto fs = std::make_shared<FailingSyncFs>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  std::vector<Event> acked = {testing::access_event(0, "a"), testing::access_event(1, "b")};
  LogHead before;
  {
    auto log = RocksEventLog::OpenWithEnv({}, dir.path(), env.get());
    REQUIRE(log.ok());
    REQUIRE((*log)->append(acked).ok());
    before = (*log)->head();

    fs->fail_sync = true;
    Event c = testing::access_event(2, "c");
    auto failed = (*log)->append(std::span(&c, 1));
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.status().message().find("injected fsync failure") != std::string::npos);
    CHECK((*log)->head() == before);  // never published
    CHECK((*log)->read(2).status().is_not_found());

    fs->fail_sync = false;  // even once the disk "recovers", the log stays stopped
    Event d = testing::access_event(3, "d");
    auto stopped = (*log)->append(std::span(&d, 1));
    REQUIRE_FALSE(stopped.ok());
    CHECK(stopped.status().message().find("event log stopped after a failed write or sync") == 0);
    CHECK((*log)->stats().refused == 2);
  }
  // A reopen tells what is durable: every acknowledged event, and a tree that verifies. The
  // refused event may or may not have reached the disk; it was never acknowledged.
  auto log = EventLog::Open({}, dir.path());
  REQUIRE(log.ok());
  CHECK((*log)->head().size >= before.size);
  CHECK((*log)->root_at(before.size).value() == before.root);
  CHECK((*log)->read(0)->idempotency_key == "a");
  CHECK((*log)->read(1)->idempotency_key == "b");
  CHECK((*log)->verify().ok);
}

}  // namespace
}  // namespace auditgraph::storage
