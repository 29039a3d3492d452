// CommitPipeline: group commit in two stages, so that one group's fsync overlaps the next group's
// encoding and write.
//
//   appenders --queue--> writer thread --written--> syncer thread --> appenders woken
//                        (group, write)             (one fsync for every group written so far)
//
// Appenders block in run() until their job is done. The writer takes every job queued (up to a
// weight cap) as one group and runs `write` on it; while it does, the syncer makes the previous
// groups durable with one `sync` call for all of them. Both stages run one call at a time, in
// queue order. A syncer that sees fewer jobs written than its last sync covered waits up to
// `max_wait` for them, because those appenders are usually the ones the last sync just released:
// with N appenders in a closed loop, syncing at once splits them into two halves that alternate,
// while a short wait lets one fsync serve all N.
//
// This is LevelDB's writer queue (db_impl.cc, DBImpl::Write) split in two, as MySQL's binlog
// group commit splits flush and sync.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace auditgraph::storage {

template <typename Job>
class CommitPipeline {
 public:
  struct Stages {
    // Writes one group without waiting for durability; records failures in the jobs. Returns
    // true when the group must go through `sync` before its jobs are done.
    std::function<bool(const std::vector<Job*>& group)> write;
    // Makes every group written so far durable, for `groups` (in order); records the outcome in
    // their jobs.
    std::function<void(const std::vector<std::vector<Job*>>& groups)> sync;
  };

  // A group's total weight stays at or below `max_group_weight`, except that a single job heavier
  // than the cap still forms a group of its own.
  CommitPipeline(Stages stages, size_t max_group_weight, std::chrono::microseconds max_wait)
      : stages_(std::move(stages)),
        max_group_weight_(max_group_weight),
        max_wait_(max_wait),
        writer_([this] { writer_loop(); }),
        syncer_([this] { syncer_loop(); }) {}

  // REQUIRES: no run() in progress.
  ~CommitPipeline() {
    {
      std::lock_guard lock(mu_);
      stop_writer_ = true;
    }
    writer_cv_.notify_one();
    writer_.join();
    {
      std::lock_guard lock(mu_);
      stop_syncer_ = true;  // only now: the writer may have handed over a last group
    }
    syncer_cv_.notify_one();
    syncer_.join();
  }

  CommitPipeline(const CommitPipeline&) = delete;
  CommitPipeline& operator=(const CommitPipeline&) = delete;

  // Returns once `job` went through its stages. `job` must stay alive until then.
  void run(Job* job, size_t weight) {
    Slot slot{job, weight};
    submit(&slot);
    wait(&slot);
  }

  // The two halves of run(), for callers that prepare the next job while one is in flight. Jobs
  // go through the stages in the order they were submitted.
  struct Slot {
    Job* job;
    size_t weight;
    bool done = false;  // guarded by the pipeline's mutex
  };
  // Queues `slot`; it (and its job) must stay alive until wait(slot) returns.
  void submit(Slot* slot) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(slot);
    }
    writer_cv_.notify_one();
  }
  // Returns once `slot`'s job went through its stages.
  void wait(Slot* slot) {
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [&] { return slot->done; });
  }

 private:
  static std::vector<Job*> jobs_of(const std::vector<Slot*>& slots) {
    std::vector<Job*> jobs;
    jobs.reserve(slots.size());
    for (Slot* s : slots) jobs.push_back(s->job);
    return jobs;
  }

  // REQUIRES: mu_ held.
  void finish(const std::vector<Slot*>& slots) {
    for (Slot* s : slots) s->done = true;
  }

  void writer_loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      writer_cv_.wait(lock, [&] { return stop_writer_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      std::vector<Slot*> group;
      size_t total = 0;
      while (!queue_.empty() &&
             (group.empty() || total + queue_.front()->weight <= max_group_weight_)) {
        total += queue_.front()->weight;
        group.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      bool needs_sync = stages_.write(jobs_of(group));
      lock.lock();
      if (needs_sync) {
        written_jobs_ += group.size();
        written_.push_back(std::move(group));
        syncer_cv_.notify_one();
      } else {
        finish(group);
        lock.unlock();
        done_cv_.notify_all();  // outside the lock, as in syncer_loop
        lock.lock();
      }
    }
  }

  void syncer_loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      syncer_cv_.wait(lock, [&] { return stop_syncer_ || !written_.empty(); });
      if (written_.empty()) return;  // stopping
      if (max_wait_.count() > 0 && written_jobs_ < last_sync_jobs_) {
        syncer_cv_.wait_for(lock, max_wait_,
                            [&] { return written_jobs_ >= last_sync_jobs_ || stop_syncer_; });
      }
      last_sync_jobs_ = written_jobs_;
      written_jobs_ = 0;
      std::vector<std::vector<Slot*>> groups(std::make_move_iterator(written_.begin()),
                                             std::make_move_iterator(written_.end()));
      written_.clear();
      lock.unlock();
      std::vector<std::vector<Job*>> jobs;
      for (const auto& g : groups) jobs.push_back(jobs_of(g));
      stages_.sync(jobs);
      lock.lock();
      for (const auto& g : groups) finish(g);
      lock.unlock();
      done_cv_.notify_all();  // outside the lock, so the woken do not queue on it
      lock.lock();
    }
  }

  const Stages stages_;
  const size_t max_group_weight_;
  const std::chrono::microseconds max_wait_;

  std::mutex mu_;
  std::condition_variable writer_cv_;       // queue_ grew, or stop_writer_
  std::condition_variable syncer_cv_;       // written_ grew, or stop_syncer_
  std::condition_variable done_cv_;         // some slots are done
  std::deque<Slot*> queue_;                 // waiting for the writer; guarded by mu_
  std::deque<std::vector<Slot*>> written_;  // waiting for the syncer; guarded by mu_
  size_t written_jobs_ = 0;                 // jobs in written_; guarded by mu_
  size_t last_sync_jobs_ = 0;               // jobs the last sync covered; guarded by mu_
  bool stop_writer_ = false;                // guarded by mu_
  bool stop_syncer_ = false;                // guarded by mu_

  // Last, so that they start after everything above is constructed.
  std::thread writer_;
  std::thread syncer_;
};

}  // namespace auditgraph::storage
