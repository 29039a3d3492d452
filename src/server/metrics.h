// The server's counters and latency histograms, rendered in Prometheus' text format (0.0.4).
// Counters and buckets are atomics; the per-status counts and refusal reasons take a short lock
// (their keys appear as they are first seen). The set of routes is fixed when the server starts.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace auditgraph {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 14> kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  // Registers a route label (call before serving; labels are route patterns such as
  // "GET /v1/impact").
  void add_route(const std::string& route);
  // One request of `route` that took `seconds` and answered `status`.
  void observe(const std::string& route, int status, double seconds);

  void events_ingested(uint64_t n) { ingested_ += n; }
  // One accepted ingest request of `events` events (the batch-size histogram).
  void ingest_batch(uint64_t events);
  void events_duplicate(uint64_t n) { duplicates_ += n; }
  // Events (or batches, for batch-level reasons) refused, by reason: "invalid", "too_large",
  // "batch_too_large", "timeout", "overloaded", "unauthorized", "forbidden".
  void refused(const std::string& reason, uint64_t n = 1);

  // Gauges and totals read from elsewhere at scrape time.
  struct Snapshot {
    uint64_t log_size = 0;
    uint64_t index_size = 0, index_nodes = 0, index_edges = 0;
    uint64_t log_writes = 0, log_syncs = 0, log_events_written = 0, log_appends = 0;
    uint64_t in_flight = 0;
    // The checkpoint publisher's counters (PublisherStats), rendered only when it signs them.
    bool signs_checkpoints = false;
    uint64_t checkpoints_published = 0, checkpoints_failed = 0, witness_refusals = 0;
    uint64_t checkpoint_size = 0;
  };
  std::string render(const Snapshot& s) const;

 private:
  struct Histogram {
    std::array<std::atomic<uint64_t>, kBuckets.size()> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_ns{0};
    std::map<int, std::atomic<uint64_t>> by_status;  // guarded by status_mu for inserts
  };
  std::map<std::string, std::unique_ptr<Histogram>> routes_;
  mutable std::mutex status_mu_;
  std::atomic<uint64_t> ingested_{0}, duplicates_{0};
  static constexpr std::array<uint64_t, 6> kBatchBuckets = {1, 10, 100, 1000, 10000, 100000};
  std::array<std::atomic<uint64_t>, kBatchBuckets.size()> batch_buckets_{};
  std::atomic<uint64_t> batch_count_{0}, batch_sum_{0};
  mutable std::mutex refused_mu_;
  std::map<std::string, uint64_t> refused_;
};

}  // namespace auditgraph
