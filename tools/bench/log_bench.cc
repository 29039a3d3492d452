// log_bench: durable append throughput of the event log (`tools/dev bench log`).
//
// Each scenario appends ~400-byte events to a fresh store with fsync on, for a fixed time per
// repetition, and prints the median events/s over the repetitions:
//   batch-1, batch-100, batch-1000   one thread, batches of that many events
//   threads-16                       16 threads appending single events (group commit)
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include "auditgraph/event_log.h"
#include "src/event_json.h"

namespace {

using namespace auditgraph;
using Clock = std::chrono::steady_clock;

// A realistic access record, ~400 bytes once encoded.
Event make_event(uint64_t n) {
  Event e;
  e.event_time = Timestamp{1'790'726'400'000'000'000 + static_cast<int64_t>(n) * 1000};
  e.actor = "user:analyst-" + std::to_string(n % 97);
  e.producer = "https://trino.example/audit";
  e.idempotency_key = "bench-" + std::to_string(n);
  e.payload = AccessRecorded{{PrincipalRef::Kind::kUser, e.actor},
                             {"s3://lake", "finance.revenue.daily.v2"},
                             {"day", "segment", "revenue"},
                             AccessRecorded::Mode::kRead,
                             "trino",
                             "20260930_120000_" + std::to_string(n)};
  e.raw = {RawEvent::Format::kNative,
           R"({"kind":"access_recorded","dataset":"finance.revenue.daily.v2"})"};
  return e;
}

struct Run {
  uint64_t events = 0;
  double seconds = 0;
  double appends_per_write = 0;  // mean group size
  double rate() const { return seconds > 0 ? events / seconds : 0; }
};

// Appends for `duration` from `threads` threads, `batch` events a call, on a fresh store.
Run run_once(const std::string& dir, int threads, int batch, std::chrono::milliseconds duration,
             bool sync) {
  std::filesystem::remove_all(dir);
  LogOptions options;
  options.sync = sync;
  auto log = EventLog::Open(options, dir);
  if (!log.ok()) {
    std::cerr << log.status().to_string() << "\n";
    std::exit(1);
  }
  std::atomic<uint64_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      // Events are built once; each append only gives them fresh idempotency keys, so the
      // figures measure the log, not the construction of test events.
      std::vector<Event> events;
      for (int i = 0; i < batch; ++i) events.push_back(make_event(i));
      while (!stop.load(std::memory_order_relaxed)) {
        uint64_t first = next.fetch_add(batch);
        for (int i = 0; i < batch; ++i) {
          events[i].idempotency_key = "bench-" + std::to_string(first + i);
        }
        auto r = (*log)->append(events);
        if (!r.ok()) {
          std::cerr << r.status().to_string() << "\n";
          std::exit(1);
        }
        done.fetch_add(batch);
        if (Clock::now() - start >= duration) stop = true;
      }
    });
  }
  for (auto& w : workers) w.join();
  LogStats stats = (*log)->stats();
  Run run{done.load(), std::chrono::duration<double>(Clock::now() - start).count(),
          stats.syncs ? double(stats.appends) / stats.syncs : 0};
  if ((*log)->head().size != run.events) {
    std::cerr << "log size " << (*log)->head().size << " != appended " << run.events << "\n";
    std::exit(1);
  }
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"event log append benchmark (durable, fsync on)"};
  std::string dir = (std::filesystem::temp_directory_path() / "auditgraph-log-bench").string();
  int reps = 5;
  int ms = 2000;
  bool sync = true;
  std::string only;
  app.add_option("--dir", dir, "scratch store directory (wiped)")->capture_default_str();
  app.add_option("--reps", reps, "repetitions per scenario")->capture_default_str();
  app.add_option("--ms", ms, "milliseconds per repetition")->capture_default_str();
  app.add_option("--sync", sync, "fsync before each append returns (false: to see the CPU cost)")
      ->capture_default_str();
  app.add_option("--only", only, "run just this scenario");
  CLI11_PARSE(app, argc, argv);

  {
    std::filesystem::remove_all(dir);
    auto log = EventLog::Open({}, dir);
    auto sample = make_event(123456);
    (*log)->append(std::span<const Event>(&sample, 1));
    std::cout << "event record size: " << (*log)->read_raw(0)->size() << " bytes; " << reps
              << " repetitions of " << ms << " ms each, fsync " << (sync ? "on" : "OFF") << "\n\n";
  }

  struct Scenario {
    const char* name;
    int threads;
    int batch;
  };
  const Scenario scenarios[] = {
      {"batch-1", 1, 1}, {"batch-100", 1, 100}, {"batch-1000", 1, 1000}, {"threads-16", 16, 1}};
  std::cout << "| scenario | threads | batch | median events/s | min | max | appends per fsync |\n"
            << "|---|---|---|---|---|---|---|\n";
  double single = 0, sixteen = 0, thousand = 0;
  for (const auto& s : scenarios) {
    if (!only.empty() && only != s.name) continue;
    std::vector<Run> runs;
    for (int r = 0; r < reps; ++r) {
      runs.push_back(run_once(dir, s.threads, s.batch, std::chrono::milliseconds(ms), sync));
    }
    std::sort(runs.begin(), runs.end(),
              [](const Run& a, const Run& b) { return a.rate() < b.rate(); });
    std::vector<double> rates;
    for (const Run& r : runs) rates.push_back(r.rate());
    double median = rates[rates.size() / 2];
    std::cout << "| " << s.name << " | " << s.threads << " | " << s.batch << " | "
              << static_cast<uint64_t>(median) << " | " << static_cast<uint64_t>(rates.front())
              << " | " << static_cast<uint64_t>(rates.back()) << " | "
              << runs[runs.size() / 2].appends_per_write << " |\n";
    if (std::string(s.name) == "batch-1") single = median;
    if (std::string(s.name) == "threads-16") sixteen = median;
    if (std::string(s.name) == "batch-1000") thousand = median;
  }
  std::filesystem::remove_all(dir);
  std::cout << "\ngroup commit: 16 threads / 1 thread = " << (single > 0 ? sixteen / single : 0)
            << "x (target >= 10x)\n"
            << "batches of 1000: " << static_cast<uint64_t>(thousand)
            << " events/s (target >= 200000)\n";
  return 0;
}
