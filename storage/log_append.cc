// RocksEventLog's write path: the two stages of its CommitPipeline (see rocks_event_log.h).
#include <spdlog/spdlog.h>

#include <algorithm>

#include <rocksdb/write_batch.h>

#include "storage/record_codec.h"
#include "storage/rocks_event_log.h"
#include "storage/rocks_util.h"

namespace auditgraph::storage {
namespace {

// Adds an append that went through, with its outcome `out`, to `delta`.
void count_done(const std::vector<Appended>& out, LogStats* delta) {
  ++delta->appends;
  for (const Appended& a : out) (a.duplicate ? delta->duplicates : delta->events_written)++;
}

}  // namespace

void RocksEventLog::prepare(Job* job) {
  const std::span<const Event> batch = job->batch;
  job->records.reserve(batch.size());
  job->stored_keys.resize(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    job->records.push_back(prepare_record(batch[i]));
    if (!batch[i].idempotency_key.empty()) {
      job->stored_keys[i] = idempotency_key(batch[i].idempotency_key);
    }
  }
}

Result<std::vector<Appended>> RocksEventLog::append(std::span<const Event> batch) {
  if (batch.empty()) return std::vector<Appended>{};
  Job job{batch};
  prepare(&job);
  pipeline_->run(&job, batch.size());
  return std::move(job.result);
}

class RocksEventLog::Pending final : public PendingAppend {
 public:
  Pending(CommitPipeline<Job>* pipeline, std::span<const Event> batch)
      : pipeline_(batch.empty() ? nullptr : pipeline), job_{batch}, slot_{&job_, batch.size()} {
    if (!pipeline_) {
      job_.result = std::vector<Appended>{};
      return;
    }
    prepare(&job_);
    pipeline_->submit(&slot_);
  }
  ~Pending() override {
    if (pipeline_ && !waited_) pipeline_->wait(&slot_);
  }
  Result<std::vector<Appended>> wait() override {
    if (waited_) return Status::FailedPrecondition("wait() was already called");
    if (pipeline_) pipeline_->wait(&slot_);
    waited_ = true;
    return std::move(job_.result);
  }

 private:
  CommitPipeline<Job>* pipeline_;  // null for an empty batch
  Job job_;
  CommitPipeline<Job>::Slot slot_;
  bool waited_ = false;
};

std::unique_ptr<PendingAppend> RocksEventLog::start_append(std::span<const Event> batch) {
  return std::make_unique<Pending>(pipeline_.get(), batch);
}

Result<std::vector<std::optional<uint64_t>>> RocksEventLog::logged_seqs(
    const std::vector<std::string>& stored_keys) const {
  std::vector<rocksdb::Slice> slices;
  std::vector<size_t> positions;
  for (size_t i = 0; i < stored_keys.size(); ++i) {
    if (stored_keys[i].empty()) continue;
    slices.emplace_back(stored_keys[i]);
    positions.push_back(i);
  }
  std::vector<std::optional<uint64_t>> out(stored_keys.size());
  if (slices.empty()) return out;
  std::vector<rocksdb::PinnableSlice> values(slices.size());
  std::vector<rocksdb::Status> statuses(slices.size());
  db_->MultiGet(rocksdb::ReadOptions(), idempotency_cf_, slices.size(), slices.data(),
                values.data(), statuses.data());
  for (size_t k = 0; k < slices.size(); ++k) {
    if (statuses[k].IsNotFound()) continue;
    if (!statuses[k].ok()) return from_rocks(statuses[k], "reading idempotency keys");
    if (values[k].size() != 8) return Status::Corruption("idempotency entry is not an 8-byte seq");
    out[positions[k]] = get_u64_be(values[k].ToStringView());
  }
  return out;
}

Result<RocksEventLog::JobPlan> RocksEventLog::plan_job(Job& job, uint64_t first_seq,
                                                       Timestamp recorded_at,
                                                       const KeyMap& group_keys) const {
  auto logged = logged_seqs(job.stored_keys);
  if (!logged.ok()) return logged.status();
  JobPlan plan;
  KeyMap job_keys;
  uint64_t next = first_seq;
  for (size_t i = 0; i < job.batch.size(); ++i) {
    const Event& e = job.batch[i];
    if (!e.idempotency_key.empty()) {
      // Earlier in this batch, earlier in this group, or already in the log.
      std::optional<uint64_t> dup = (*logged)[i];
      if (auto it = job_keys.find(e.idempotency_key); it != job_keys.end()) dup = it->second;
      if (auto it = group_keys.find(e.idempotency_key); it != group_keys.end()) dup = it->second;
      if (dup) {
        plan.out.push_back({*dup, true});
        continue;
      }
    }
    PreparedRecord& record = job.records[i];
    if (record.bytes.size() > options_.max_record_bytes) {
      return Status::InvalidArgument("event " + std::to_string(i) + ": encoded record is " +
                                     std::to_string(record.bytes.size()) +
                                     " bytes, above the limit of " +
                                     std::to_string(options_.max_record_bytes));
    }
    record.stamp(next, recorded_at);
    if (!e.idempotency_key.empty()) {
      job_keys.emplace(e.idempotency_key, next);
      plan.new_keys.push_back({e.idempotency_key, job.stored_keys[i], next});
    }
    plan.out.push_back({next, false});
    plan.records.push_back(&record.bytes);
    ++next;
  }
  return plan;
}

bool RocksEventLog::write_group(const std::vector<Job*>& group) {
  {
    std::lock_guard lock(head_mu_);
    if (!write_error_.ok()) {
      for (Job* job : group) {
        job->result = stopped_error(write_error_);
      }
      stats_.refused += group.size();
      return false;
    }
  }
  const Timestamp recorded_at = std::max(clock_->now(), last_recorded_at_);
  LogStats delta;
  rocksdb::WriteBatch write;
  KeyMap group_keys;            // idempotency keys taken by this group
  std::vector<TreeNode> nodes;  // scratch: the nodes one leaf completes
  std::string entry;            // their merkle entry (storage/keys.h)
  std::vector<Job*> accepted;

  for (Job* job : group) {
    // Each job is planned without touching shared state, so a refused batch leaves nothing.
    auto plan = plan_job(*job, frontier_.size(), recorded_at, group_keys);
    if (!plan.ok()) {
      job->result = plan.status();
      ++delta.refused;
      continue;
    }
    for (const std::string* record : plan->records) {
      const std::string key = seq_key(frontier_.size());
      nodes.clear();
      frontier_.append(merkle_leaf_hash(*record), &nodes);
      entry.clear();
      for (const TreeNode& n : nodes) entry.append(n.hash.view());
      write.Put(log_cf_, key, *record);
      write.Put(merkle_cf_, key, entry);
    }
    for (auto& k : plan->new_keys) {
      write.Put(idempotency_cf_, k.stored, seq_key(k.seq));
      group_keys.emplace(std::move(k.key), k.seq);
    }
    job->result = std::move(plan->out);
    accepted.push_back(job);
  }
  if (accepted.empty()) {
    publish(LogHead{}, delta);
    return false;
  }

  const LogHead new_head{frontier_.size(), frontier_.root()};
  write.Put(meta_cf_, kHeadKey, encode_head(new_head, recorded_at));
  // Durability comes from the sync stage (one fsync for many groups), not from this write. The
  // fence makes it wait for a sync in flight, and refuses it if that sync failed.
  Status s = fenced([&] {
    return from_rocks(db_->Write(rocksdb::WriteOptions(), &write), "writing to the event log");
  });
  if (!s.ok()) {
    // Whether the batch reached the disk is unknown; only a reopen can tell. frontier_ now runs
    // ahead of the store, which is harmless: the log takes no more appends.
    for (Job* job : accepted) job->result = s;
    delta.refused += accepted.size();
    std::lock_guard lock(head_mu_);
    stats_.refused += delta.refused;
    return false;
  }
  last_recorded_at_ = recorded_at;
  ++delta.writes;
  for (Job* job : accepted) job->head = new_head;
  if (options_.sync) {
    // sync_groups publishes the head and counts the appends once they are durable.
    std::lock_guard lock(head_mu_);
    stats_.refused += delta.refused;
    stats_.writes += delta.writes;
    return true;
  }
  for (Job* job : accepted) count_done(*job->result, &delta);
  publish(new_head, delta);
  return false;
}

void RocksEventLog::sync_groups(const std::vector<std::vector<Job*>>& groups) {
  // An earlier failed sync poisons everything written after it, even if this fsync would succeed:
  // after a failed fsync the kernel may have dropped the dirty pages it could not write. The
  // fence refuses to sync after one.
  const Status s =
      fenced([&] { return from_rocks(db_->FlushWAL(/*sync=*/true), "syncing the event log"); });
  LogHead durable;
  LogStats delta;
  for (const auto& group : groups) {
    for (Job* job : group) {
      if (!job->result.ok()) continue;
      if (!s.ok()) {
        job->result = s;
        ++delta.refused;
        continue;
      }
      durable = job->head;
      count_done(*job->result, &delta);
    }
  }
  if (!s.ok()) {
    std::lock_guard lock(head_mu_);
    stats_.refused += delta.refused;
    return;
  }
  ++delta.syncs;
  publish(durable, delta);
}

// Makes `head` the head readers see, if it is ahead of it, and adds `delta` to the counters.
void RocksEventLog::publish(const LogHead& head, const LogStats& delta) {
  std::lock_guard lock(head_mu_);
  if (head.size > head_.size) head_ = head;
  stats_.appends += delta.appends;
  stats_.events_written += delta.events_written;
  stats_.duplicates += delta.duplicates;
  stats_.refused += delta.refused;
  stats_.writes += delta.writes;
  stats_.syncs += delta.syncs;
}

}  // namespace auditgraph::storage
