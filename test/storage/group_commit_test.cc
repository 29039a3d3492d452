#include "storage/group_commit.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace auditgraph::storage {
namespace {

struct Job {
  int id;
  int committed_in = -1;  // which commit call took it
};

TEST_CASE("every job is committed exactly once, one commit at a time, and groups form") {
  GroupCommitQueue<Job> queue(8);
  std::atomic<int> inside{0}, commits{0};
  std::atomic<bool> overlap{false};
  std::vector<int> group_sizes;
  std::mutex sizes_mu;
  constexpr int kThreads = 16, kPerThread = 200;
  std::vector<std::thread> threads;
  std::vector<std::vector<Job>> jobs(kThreads, std::vector<Job>(kPerThread));
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Job& job = jobs[t][i];
        job.id = t * kPerThread + i;
        queue.run(&job, 1, [&](const std::vector<Job*>& group) {
          if (inside.fetch_add(1) != 0) overlap = true;
          int c = commits.fetch_add(1);
          for (Job* j : group) j->committed_in = c;
          {
            std::lock_guard lock(sizes_mu);
            group_sizes.push_back(static_cast<int>(group.size()));
          }
          std::this_thread::sleep_for(std::chrono::microseconds(50));  // a slow fsync
          inside.fetch_sub(1);
        });
        REQUIRE(job.committed_in >= 0);  // done when run() returns
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK_FALSE(overlap.load());
  int total = 0, largest = 0;
  for (int s : group_sizes) {
    total += s;
    largest = std::max(largest, s);
    CHECK(s <= 8);
  }
  CHECK(total == kThreads * kPerThread);
  CHECK(largest > 1);  // 16 threads behind a slow commit do share
  MESSAGE(commits.load() << " commits for " << total << " jobs, largest group " << largest);
}

TEST_CASE("a job heavier than the cap still forms its own group") {
  GroupCommitQueue<Job> queue(2);
  Job big{1};
  int groups = 0;
  queue.run(&big, 10, [&](const std::vector<Job*>& g) {
    ++groups;
    CHECK(g.size() == 1);
    g[0]->committed_in = 0;
  });
  CHECK(groups == 1);
  CHECK(big.committed_in == 0);
}

}  // namespace
}  // namespace auditgraph::storage
