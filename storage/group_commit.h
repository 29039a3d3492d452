// GroupCommitQueue: lets concurrent writers share one durable write. Each caller enqueues its job;
// the caller at the front becomes the leader, takes every job queued behind it (up to a weight
// cap), runs `commit` once for the whole group, and wakes the others. This is LevelDB's writer
// queue (db_impl.cc, DBImpl::Write), made generic so it can be tested on its own.
//
// Thread safety: run() may be called from any number of threads. At most one `commit` runs at a
// time, and groups are committed in the order their first job was enqueued.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

namespace auditgraph::storage {

template <typename Job>
class GroupCommitQueue {
 public:
  // A group's total weight stays at or below `max_group_weight`, except that a single job heavier
  // than the cap still forms a group of its own.
  explicit GroupCommitQueue(size_t max_group_weight) : max_group_weight_(max_group_weight) {}

  // Returns once `commit` has run on a group holding `job` (on this thread or another). `commit`
  // receives the group in queue order and must record each job's outcome in the job itself; it
  // runs with no lock held. `job` must stay alive until run() returns.
  void run(Job* job, size_t weight, const std::function<void(const std::vector<Job*>&)>& commit) {
    Slot self{job, weight};
    std::unique_lock lock(mu_);
    queue_.push_back(&self);
    self.cv.wait(lock, [&] { return self.done || queue_.front() == &self; });
    if (self.done) return;

    // Leader: take a group from the front of the queue.
    std::vector<Job*> group;
    size_t taken = 0, total = 0;
    for (Slot* s : queue_) {
      if (taken > 0 && total + s->weight > max_group_weight_) break;
      group.push_back(s->job);
      total += s->weight;
      ++taken;
    }
    lock.unlock();
    commit(group);
    lock.lock();

    for (size_t i = 0; i < taken; ++i) {
      Slot* s = queue_.front();
      queue_.pop_front();
      if (s != &self) {
        s->done = true;
        s->cv.notify_one();
      }
    }
    if (!queue_.empty()) queue_.front()->cv.notify_one();  // the next leader
  }

 private:
  struct Slot {
    Job* job;
    size_t weight;
    bool done = false;
    std::condition_variable cv;
  };

  const size_t max_group_weight_;
  std::mutex mu_;
  std::deque<Slot*> queue_;
};

}  // namespace auditgraph::storage
