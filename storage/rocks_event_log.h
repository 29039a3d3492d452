// RocksEventLog: the EventLog over one RocksDB database (layout in storage/keys.h).
//
// Write path: append() -> CommitPipeline. Its writer thread encodes every event of a group into
// one rocksdb::WriteBatch (records, Merkle nodes, idempotency keys, new head) and writes it; its
// syncer thread then fsyncs the WAL once for every group written meanwhile and publishes the new
// head in memory. Readers never look past the published head, so they see whole, durable
// batches or nothing.
#pragma once

#include <memory>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "auditgraph/event_log.h"
#include "storage/commit_pipeline.h"
#include "storage/merkle_tree.h"
#include "storage/record_codec.h"
#include "storage/rocks_history_store.h"
#include "storage/rocks_node_reader.h"

namespace auditgraph::storage {

class RocksEventLog final : public EventLog {
 public:
  static Result<std::unique_ptr<EventLog>> Open(const LogOptions& options, const std::string& path);
  // EventLog::VerifyStore: the store opened read-only, its head read but not trusted.
  static VerifyReport VerifyStore(const std::string& path);  // in log_verify.cc
  ~RocksEventLog() override;

  Result<std::vector<Appended>> append(std::span<const Event> batch) override;
  std::unique_ptr<PendingAppend> start_append(std::span<const Event> batch) override;
  LogHead head() const override;
  Result<Event> read(uint64_t seq) const override;
  Result<std::string> read_raw(uint64_t seq) const override;
  Status scan(uint64_t from, uint64_t to,
              const std::function<bool(const Event&)>& fn) const override;
  Status scan_records(
      uint64_t from, uint64_t to,
      const std::function<bool(const Event&, std::string_view record)>& fn) const override;
  Result<uint64_t> find_idempotency_key(const std::string& key) const override;
  uint32_t key_scheme() const override { return key_scheme_; }
  Result<Hash> root_at(uint64_t size) const override;
  Result<InclusionProof> prove_inclusion(uint64_t seq, uint64_t size) const override;
  Result<ConsistencyProof> prove_consistency(uint64_t from, uint64_t to) const override;
  Result<std::string> read_hashes(uint8_t level, uint64_t begin, uint64_t count) const override;
  VerifyReport verify() const override;  // in log_verify.cc
  LogStats stats() const override;
  Result<LogHead> publish_checkpoint() override;
  Result<LogHead> checkpoint() const override;
  Result<SignedCheckpoint> publish_signed_checkpoint(const CheckpointSigner& sign) override;
  Result<SignedCheckpoint> signed_checkpoint(std::optional<uint64_t> size) const override;
  Result<LogHead> backup(const std::string& dir) const override;
  HistoryStore& history() const override { return *history_; }

 private:
  // One caller's append, as it waits in the queue. The caller's thread encodes the records and
  // the stored idempotency keys before queueing, so the single writer only stamps and writes.
  struct Job {
    std::span<const Event> batch;
    std::vector<PreparedRecord> records;   // one per event of batch
    std::vector<std::string> stored_keys;  // as the idempotency family stores them; "" for none
    Result<std::vector<Appended>> result = Status::FailedPrecondition("not committed");
    LogHead head;  // the head once this job's group is written
  };

  class Pending;  // log_append.cc
  // Fills job.records and job.stored_keys (on the caller's thread).
  static void prepare(Job* job);

  using KeyMap = std::unordered_map<std::string, uint64_t>;  // idempotency key -> seq

  // What the writer decided for one job before anything is written.
  struct JobPlan {
    std::vector<Appended> out;
    std::vector<std::string*> records;  // stamped, for seqs first_seq, first_seq + 1, ...
    struct NewKey {
      std::string key;     // as the event gave it
      std::string stored;  // as the idempotency family stores it (keys.h)
      uint64_t seq;
    };
    std::vector<NewKey> new_keys;
  };

  RocksEventLog(const LogOptions& options, std::string path);
  Status open_db();
  Status check_head();
  Status load_key_scheme();  // meta "key_scheme" into key_scheme_
  // The pipeline's two stages (commit_pipeline.h).
  bool write_group(const std::vector<Job*>& group);
  void sync_groups(const std::vector<std::vector<Job*>>& groups);
  void publish(const LogHead& head, const LogStats& delta);
  // Decides each event of `job`: new (gets the next seq, encoded) or a duplicate of a key in the
  // log, in `group_keys`, or earlier in the batch. An error refuses the whole job.
  Result<JobPlan> plan_job(Job& job, uint64_t first_seq, Timestamp recorded_at,
                           const KeyMap& group_keys) const;
  // For each event, the seq its idempotency key (as stored; "" for none) is logged under, if
  // any (one MultiGet).
  Result<std::vector<std::optional<uint64_t>>> logged_seqs(
      const std::vector<std::string>& stored_keys) const;
  Status durable_write(rocksdb::WriteBatch* batch, const std::string& what,
                       bool force_sync = false);
  // The WAL fence: runs `wal_op` (a db_->Write or FlushWAL) while no other WAL operation runs, and
  // only if none has failed; a failure stops the log (write_error_). RocksDB's WAL writer refuses,
  // and Debian's build aborts on, any write after a failed sync or write of the WAL file
  // (WritableFileWriter::AssertFalseAndGetStatusForPrevError), so a sync that may fail must never
  // run beside a write, and nothing may follow a failure. Returns the stopping error if the log was
  // already stopped, else wal_op's status. Thread-safe.
  Status fenced(const std::function<Status()>& wal_op);
  // What a WAL operation or an append gets once the log stopped on `cause`.
  static Status stopped_error(const Status& cause);
  Status check_checkpoint(uint64_t size, const Hash& root, const std::string& what) const;

  const LogOptions options_;
  const std::string path_;
  SystemClock system_clock_;
  const Clock* clock_;  // options_.clock or &system_clock_

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned; destroyed before db_
  rocksdb::ColumnFamilyHandle* log_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* merkle_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* idempotency_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_cf_ = nullptr;
  uint32_t key_scheme_ = kCurrentKeyScheme;  // set once by check_head()
  std::unique_ptr<RocksNodeReader> nodes_;
  std::unique_ptr<RocksHistoryStore> history_;  // over the history families

  // Touched only by the pipeline's writer thread, and by open.
  Frontier frontier_;
  Timestamp last_recorded_at_;

  mutable std::mutex head_mu_;
  LogHead head_;        // guarded by head_mu_: the last durable head
  LogStats stats_;      // guarded by head_mu_
  Status write_error_;  // guarded by head_mu_: a failed write or sync; no more appends
  std::mutex wal_mu_;   // held across each WAL write and sync (fenced()); taken before head_mu_

  // Started once the store is open; stopped first on close.
  std::unique_ptr<CommitPipeline<Job>> pipeline_;

  std::mutex checkpoint_mu_;  // serializes publish_checkpoint and publish_signed_checkpoint
};

}  // namespace auditgraph::storage
