// The two-stage group commit on its own, with fake stages: every job passes through write then
// sync exactly once, in order, one call per stage at a time, and concurrent jobs share syncs.
#include "storage/commit_pipeline.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace auditgraph::storage {
namespace {

struct Job {
  int id = 0;
  int write_order = -1;  // position among all written jobs
  bool synced = false;
  bool fail = false;  // the write stage refuses it
};

struct Recorder {
  std::atomic<int> in_write{0}, in_sync{0}, writes{0}, syncs{0}, written{0};
  std::atomic<bool> overlap{false}, unsynced_done{false};
  std::atomic<int> largest_sync{0};

  CommitPipeline<Job>::Stages stages(bool needs_sync) {
    return {[this, needs_sync](const std::vector<Job*>& group) {
              if (in_write.fetch_add(1) != 0) overlap = true;
              ++writes;
              bool any = false;
              for (Job* j : group) {
                if (j->fail) continue;
                j->write_order = written.fetch_add(1);
                any = true;
              }
              std::this_thread::sleep_for(std::chrono::microseconds(20));
              in_write.fetch_sub(1);
              return needs_sync && any;
            },
            [this](const std::vector<std::vector<Job*>>& groups) {
              if (in_sync.fetch_add(1) != 0) overlap = true;
              ++syncs;
              int n = 0;
              for (const auto& g : groups) {
                for (Job* j : g) {
                  j->synced = true;
                  ++n;
                }
              }
              largest_sync = std::max(largest_sync.load(), n);
              std::this_thread::sleep_for(std::chrono::microseconds(300));  // a slow fsync
              in_sync.fetch_sub(1);
            }};
  }
};

TEST_CASE(
    "every job is written and synced once, stages never overlap themselves, syncs are shared") {
  Recorder rec;
  constexpr int kThreads = 12, kPerThread = 100;
  std::vector<std::vector<Job>> jobs(kThreads, std::vector<Job>(kPerThread));
  {
    CommitPipeline<Job> pipeline(rec.stages(true), 64, std::chrono::microseconds(100));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        int last = -1;
        for (int i = 0; i < kPerThread; ++i) {
          Job& job = jobs[t][i];
          job.id = t * kPerThread + i;
          pipeline.run(&job, 1);
          if (!job.synced) rec.unsynced_done = true;  // returned before its sync
          CHECK(job.write_order > last);              // one thread's jobs stay in order
          last = job.write_order;
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  CHECK_FALSE(rec.overlap.load());
  CHECK_FALSE(rec.unsynced_done.load());
  CHECK(rec.written.load() == kThreads * kPerThread);
  CHECK(rec.syncs.load() < kThreads * kPerThread / 2);  // shared, by a wide margin
  CHECK(rec.largest_sync.load() > 1);
  MESSAGE(rec.written.load() << " jobs, " << rec.writes.load() << " writes, " << rec.syncs.load()
                             << " syncs, largest sync " << rec.largest_sync.load());
}

// Appenders that stop at different times: every job is written and returns, none is left queued
// with nobody to write it (that would hang, and meson's timeout would fail the suite).
TEST_CASE("appenders that stop at different times all finish") {
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    Recorder rec;
    CommitPipeline<Job> pipeline(rec.stages(true), 64, std::chrono::microseconds(300));
    std::vector<std::thread> threads;
    std::atomic<int> finished{0};
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 1 + t * 3; ++i) {
          Job job{t * 100 + i};
          pipeline.run(&job, 1);
        }
        ++finished;
      });
    }
    for (auto& th : threads) th.join();
    CHECK(finished.load() == 6);
    CHECK(rec.written.load() == 1 + 4 + 7 + 10 + 13 + 16);
  }
}

TEST_CASE("a job the write stage refuses, or that needs no sync, is done without a sync") {
  Recorder rec;
  CommitPipeline<Job> pipeline(rec.stages(true), 64, std::chrono::microseconds(0));
  Job refused{1};
  refused.fail = true;
  pipeline.run(&refused, 1);
  CHECK_FALSE(refused.synced);
  CHECK(rec.syncs.load() == 0);

  Recorder no_sync;
  CommitPipeline<Job> fast(no_sync.stages(false), 64, std::chrono::microseconds(0));
  Job job{2};
  fast.run(&job, 1);
  CHECK(job.write_order == 0);
  CHECK_FALSE(job.synced);
}

TEST_CASE("a job heavier than the cap still forms its own group") {
  Recorder rec;
  CommitPipeline<Job> pipeline(rec.stages(true), 2, std::chrono::microseconds(0));
  Job big{1};
  pipeline.run(&big, 10);
  CHECK(big.synced);
  CHECK(rec.writes.load() == 1);
}

}  // namespace
}  // namespace auditgraph::storage
