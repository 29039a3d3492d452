// The event log on a FaultyDisk: writes and syncs fail at random, the power goes out between
// cycles, and still no acknowledged event is lost, changed or written twice, every failure on the
// append path reaches the caller, and the store reopens sound.
#include "auditgraph/faulty_disk.h"

#include <doctest/doctest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "auditgraph/event_log.h"
#include "test/util/events.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

// Event number n, keyed "k<n>": the test can rebuild what any seq must hold.
Event keyed(uint64_t n) { return testing::access_event(n, "k" + std::to_string(n)); }

TEST_CASE("fault rates outside [0, 1] are refused, naming the field") {
  auto bad = FaultyDisk::Create({.write_failure = 1.5});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "write_failure: must lie in [0, 1], got 1.500000");
  auto disk = FaultyDisk::Create({});
  REQUIRE(disk.ok());
  Status s = (*disk)->set_rates({.sync_failure = -0.1});
  CHECK(s.message().find("sync_failure: must lie in [0, 1]") == 0);
  s = (*disk)->set_rates({.read_failure = 2});
  CHECK(s.message().find("read_failure: must lie in [0, 1]") == 0);
}

TEST_CASE("failed reads: a scan of flushed records fails with the disk's error, then recovers") {
  testing::TempDir dir;
  auto disk = FaultyDisk::Create({});
  REQUIRE(disk.ok());
  LogOptions options;
  options.sync = false;
  options.disk = *disk;
  auto log = EventLog::Open(options, dir.sub("store"));
  REQUIRE(log.ok());
  std::vector<Event> batch;
  for (uint64_t n = 0; n < 50; ++n) batch.push_back(keyed(n));
  REQUIRE((*log)->append(batch).ok());
  REQUIRE((*log)->backup(dir.sub("backup")).ok());  // flushes the records to a table file
  auto count = [&] {
    uint64_t seen = 0;
    Status s = (*log)->scan(0, 50, [&](const Event&) { return ++seen, true; });
    return std::pair{s, seen};
  };
  REQUIRE((*disk)->set_rates({.read_failure = 1}).ok());
  auto [failed, _] = count();
  CHECK(failed.code() == Status::Code::kIOError);
  CHECK(failed.message().find("injected read failure") != std::string::npos);
  CHECK((*disk)->counts().failed_reads > 0);
  REQUIRE((*disk)->set_rates({}).ok());
  auto [ok, seen] = count();
  CHECK(ok.ok());
  CHECK(seen == 50);
}

TEST_CASE("a power loss takes what was not synced: appends without sync are lost") {
  // The disk's teeth: with sync off, acknowledged events are not durable, and the cut shows it.
  testing::TempDir dir;
  auto disk = FaultyDisk::Create({});
  REQUIRE(disk.ok());
  LogOptions options;
  options.disk = *disk;
  {
    auto log = EventLog::Open(options, dir.path());
    REQUIRE(log.ok());
    std::vector<Event> synced = {keyed(0), keyed(1)};
    REQUIRE((*log)->append(synced).ok());
  }
  options.sync = false;
  {
    auto log = EventLog::Open(options, dir.path());
    REQUIRE(log.ok());
    std::vector<Event> unsynced = {keyed(2), keyed(3)};
    REQUIRE((*log)->append(unsynced).ok());
    CHECK((*log)->head().size == 4);
  }
  REQUIRE((*disk)->power_loss().ok());
  CHECK((*disk)->counts().bytes_dropped > 0);
  options.sync = true;
  auto log = EventLog::Open(options, dir.path());
  REQUIRE(log.ok());
  CHECK((*log)->head().size == 2);
  CHECK((*log)->verify().ok);
}

// What the cycles below keep across reopens.
struct Ledger {
  std::mutex mu;
  std::map<std::string, uint64_t> acked;      // key -> seq, every acknowledged event
  std::vector<std::vector<uint64_t>> failed;  // event numbers of batches that were refused
  uint64_t append_errors = 0;
};

// Every acknowledged event is at its seq, unchanged; the log is a dense prefix with every key
// once; the tree verifies.
void check_log(EventLog& log, const Ledger& ledger) {
  const LogHead head = log.head();
  for (const auto& [key, seq] : ledger.acked) {
    CAPTURE(key);
    REQUIRE(seq < head.size);
    auto e = log.read(seq);
    REQUIRE(e.ok());
    Event want = keyed(std::stoull(key.substr(1)));
    want.seq = e->seq;
    want.recorded_at = e->recorded_at;
    CHECK(*e == want);
  }
  std::set<std::string> keys;
  uint64_t next = 0;
  REQUIRE(log.scan(0, head.size,
                   [&](const Event& e) {
                     CHECK(e.seq == next++);
                     CHECK(keys.insert(e.idempotency_key).second);  // never written twice
                     return true;
                   })
              .ok());
  CHECK(next == head.size);
  VerifyReport r = log.verify();
  CHECK_MESSAGE(r.ok, r.message);
}

TEST_CASE("failed writes and syncs and power losses: nothing acknowledged is lost, all is told") {
  testing::TempDir dir;
  const FaultRates faulty{.write_failure = 0.02, .sync_failure = 0.05, .seed = 20261125};
  auto made = FaultyDisk::Create(faulty);
  REQUIRE(made.ok());
  std::shared_ptr<FaultyDisk> disk = *made;
  LogOptions options;
  options.disk = disk;
  Ledger ledger;
  uint64_t next_event = 0, open_failures = 0, power_losses = 0;
  // Several appenders: a failed fsync must stop the log before any other write reaches RocksDB's
  // WAL (the fence in RocksEventLog::fenced), or Debian's RocksDB, built with assertions, aborts
  // the process (WritableFileWriter::AssertFalseAndGetStatusForPrevError).
  const int cycles = 40, threads = 4, batches_per_thread = 60;

  for (int cycle = 0; cycle < cycles; ++cycle) {
    CAPTURE(cycle);
    // Open on the faulty disk; a failed open must say so and leave the store openable.
    std::unique_ptr<EventLog> log;
    for (int attempt = 0; attempt < 20 && !log; ++attempt) {
      auto opened = EventLog::Open(options, dir.path());
      if (opened.ok()) {
        log = std::move(*opened);
      } else {
        CHECK_FALSE(opened.status().message().empty());
        ++open_failures;
      }
    }
    REQUIRE(log);

    // Append from several threads until each has done its batches or been refused.
    const FaultCounts before = disk->counts();
    uint64_t errors_before = ledger.append_errors;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, first = next_event + t * batches_per_thread * 8] {
        uint64_t n = first;
        for (int b = 0; b < batches_per_thread; ++b) {
          std::vector<Event> batch;
          std::vector<uint64_t> numbers;
          for (uint64_t k = 0, size = 1 + n % 8; k < size; ++k) {
            numbers.push_back(n);
            batch.push_back(keyed(n++));
          }
          auto appended = log->append(batch);
          std::lock_guard lock(ledger.mu);
          if (!appended.ok()) {
            ++ledger.append_errors;
            ledger.failed.push_back(numbers);
            return;  // the log takes no more appends until reopened
          }
          for (size_t i = 0; i < batch.size(); ++i) {
            auto [it, fresh] = ledger.acked.emplace(batch[i].idempotency_key, (*appended)[i].seq);
            CHECK((fresh || it->second == (*appended)[i].seq));
          }
        }
      });
    }
    for (auto& w : workers) w.join();
    next_event += threads * batches_per_thread * 8;
    const FaultCounts after = disk->counts();
    uint64_t injected =
        (after.failed_writes - before.failed_writes) + (after.failed_syncs - before.failed_syncs);
    if (injected > 0) CHECK(ledger.append_errors > errors_before);  // every failure is told
    log.reset();

    if (cycle % 2 == 1) {
      REQUIRE(disk->power_loss().ok());
      ++power_losses;
    }

    // Reopen on a sound disk and check; then retry the refused batches: each event is either
    // there already (answered with its seq) or written now, never twice.
    REQUIRE(disk->set_rates({}).ok());
    {
      auto reopened = EventLog::Open(options, dir.path());
      REQUIRE_MESSAGE(reopened.ok(), reopened.status().to_string());
      check_log(**reopened, ledger);
      for (const auto& numbers : ledger.failed) {
        std::vector<Event> retry;
        for (uint64_t n : numbers) retry.push_back(keyed(n));
        auto again = (*reopened)->append(retry);
        REQUIRE(again.ok());
        for (size_t i = 0; i < retry.size(); ++i) {
          ledger.acked.emplace(retry[i].idempotency_key, (*again)[i].seq);
        }
      }
      ledger.failed.clear();
      check_log(**reopened, ledger);
    }
    FaultRates next = faulty;
    next.seed = faulty.seed + cycle + 1;
    REQUIRE(disk->set_rates(next).ok());
  }
  const FaultCounts c = disk->counts();
  MESSAGE("faulty disk: " << cycles << " cycles, " << power_losses << " power losses ("
                          << c.bytes_dropped << " unsynced bytes dropped), " << c.failed_writes
                          << " of " << c.writes << " writes and " << c.failed_syncs << " of "
                          << c.syncs << " syncs failed; " << ledger.append_errors
                          << " appends refused, " << open_failures << " opens refused; "
                          << ledger.acked.size() << " events acknowledged, all intact");
  CHECK(c.failed_writes > 0);
  CHECK(c.failed_syncs > 0);
  CHECK(c.bytes_dropped > 0);
  CHECK(ledger.append_errors > 0);
}

}  // namespace
}  // namespace auditgraph
