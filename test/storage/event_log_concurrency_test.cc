// Several threads appending at once: dense, unique seqs; each thread's batch is contiguous; the
// tree verifies; durable group commit shares fsyncs.
#include "auditgraph/event_log.h"

#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "test/util/events.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

TEST_CASE("concurrent appenders get dense unique seqs and a tree that verifies") {
  testing::TempDir dir;
  auto opened = EventLog::Open({}, dir.path());  // sync on: the real path
  REQUIRE(opened.ok());
  auto& log = *opened;
  constexpr int kThreads = 8, kBatches = 40;
  std::vector<std::vector<uint64_t>> seqs(kThreads);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<Event> batch;
        int n = 1 + (t + b) % 4;
        for (int i = 0; i < n; ++i) {
          batch.push_back(testing::access_event(
              t * 1000 + b * 10 + i,
              "t" + std::to_string(t) + "-" + std::to_string(b) + "-" + std::to_string(i)));
        }
        auto r = log->append(batch);
        if (!r.ok()) {
          ++failures;
          continue;
        }
        for (size_t i = 0; i < r->size(); ++i) {
          if ((*r)[i].seq != (*r)[0].seq + i) ++failures;  // a batch is contiguous
          seqs[t].push_back((*r)[i].seq);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures.load() == 0);
  std::set<uint64_t> all;
  size_t total = 0;
  for (const auto& s : seqs) {
    total += s.size();
    all.insert(s.begin(), s.end());
  }
  CHECK(all.size() == total);         // unique
  CHECK(*all.rbegin() == total - 1);  // dense from 0
  CHECK(log->head().size == total);
  VerifyReport v = log->verify();
  CHECK_MESSAGE(v.ok, v.message);
  // Each event is where its thread was told it is.
  for (int t = 0; t < kThreads; ++t) {
    auto e = log->read(seqs[t].front());
    REQUIRE(e.ok());
    CHECK(e->idempotency_key == "t" + std::to_string(t) + "-0-0");
  }
}

TEST_CASE("concurrent retries of the same key are written once") {
  testing::TempDir dir;
  auto opened = EventLog::Open({}, dir.path());
  REQUIRE(opened.ok());
  auto& log = *opened;
  std::vector<std::thread> threads;
  std::vector<uint64_t> got(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Event e = testing::access_event(7, "same-key");
      got[t] = log->append(std::span(&e, 1)).value()[0].seq;
    });
  }
  for (auto& th : threads) th.join();
  CHECK(log->head().size == 1);
  for (uint64_t s : got) CHECK(s == 0);
}

}  // namespace
}  // namespace auditgraph
