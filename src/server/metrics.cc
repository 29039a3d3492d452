#include "src/server/metrics.h"

#include <fmt/format.h>

namespace auditgraph {
namespace {

std::string label_value(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::add_route(const std::string& route) {
  routes_.emplace(route, std::make_unique<Histogram>());
}

void Metrics::observe(const std::string& route, int status, double seconds) {
  auto it = routes_.find(route);
  if (it == routes_.end()) return;
  Histogram& h = *it->second;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) h.buckets[i].fetch_add(1, std::memory_order_relaxed);
  }
  h.count.fetch_add(1, std::memory_order_relaxed);
  h.sum_ns.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  std::lock_guard lock(status_mu_);
  h.by_status[status].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::ingest_batch(uint64_t events) {
  for (size_t i = 0; i < kBatchBuckets.size(); ++i) {
    if (events <= kBatchBuckets[i]) batch_buckets_[i].fetch_add(1, std::memory_order_relaxed);
  }
  batch_count_.fetch_add(1, std::memory_order_relaxed);
  batch_sum_.fetch_add(events, std::memory_order_relaxed);
}

void Metrics::refused(const std::string& reason, uint64_t n) {
  std::lock_guard lock(refused_mu_);
  refused_[reason] += n;
}

std::string Metrics::render(const Snapshot& s) const {
  std::string out;
  auto gauge = [&](const char* name, const char* type, const char* help, uint64_t v) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, v);
  };
  gauge("auditgraph_events_ingested_total", "counter", "Events appended as new records.",
        ingested_.load());
  gauge("auditgraph_events_duplicate_total", "counter",
        "Events acknowledged with the seq of an identical earlier event.", duplicates_.load());
  out +=
      "# HELP auditgraph_events_refused_total Events or requests refused, by reason.\n"
      "# TYPE auditgraph_events_refused_total counter\n";
  {
    std::lock_guard lock(refused_mu_);
    for (const auto& [reason, n] : refused_) {
      out += fmt::format("auditgraph_events_refused_total{{reason=\"{}\"}} {}\n",
                         label_value(reason), n);
    }
  }
  gauge("auditgraph_log_size", "gauge", "Records in the event log.", s.log_size);
  gauge("auditgraph_log_appends_total", "counter", "Append calls that wrote or deduplicated.",
        s.log_appends);
  gauge("auditgraph_log_records_written_total", "counter", "Records written.",
        s.log_events_written);
  gauge("auditgraph_log_group_commits_total", "counter", "Group commits (one RocksDB write each).",
        s.log_writes);
  gauge("auditgraph_log_fsyncs_total", "counter", "fsyncs of the write-ahead log.", s.log_syncs);
  gauge("auditgraph_index_log_size", "gauge", "Log records the index has applied.", s.index_size);
  gauge("auditgraph_index_nodes", "gauge", "Datasets, columns and jobs in the index.",
        s.index_nodes);
  gauge("auditgraph_index_edges", "gauge", "Lineage edges in the index (open and closed).",
        s.index_edges);
  gauge("auditgraph_http_requests_in_flight", "gauge", "Requests being handled.", s.in_flight);
  if (s.signs_checkpoints) {
    gauge("auditgraph_checkpoints_published_total", "counter",
          "Signed checkpoints published (with their witness quorum).", s.checkpoints_published);
    gauge("auditgraph_checkpoints_failed_total", "counter",
          "Checkpoint attempts that published nothing (quorum not met or write failed).",
          s.checkpoints_failed);
    gauge("auditgraph_witness_refusals_total", "counter",
          "Cosignatures a witness refused or did not give (see the server log for why).",
          s.witness_refusals);
    gauge("auditgraph_checkpoint_size", "gauge", "Tree size of the last published checkpoint.",
          s.checkpoint_size);
  }
  out +=
      "# HELP auditgraph_ingest_batch_events Events per accepted ingest request.\n"
      "# TYPE auditgraph_ingest_batch_events histogram\n";
  for (size_t i = 0; i < kBatchBuckets.size(); ++i) {
    out += fmt::format("auditgraph_ingest_batch_events_bucket{{le=\"{}\"}} {}\n", kBatchBuckets[i],
                       batch_buckets_[i].load());
  }
  out +=
      fmt::format("auditgraph_ingest_batch_events_bucket{{le=\"+Inf\"}} {}\n", batch_count_.load());
  out += fmt::format(
      "auditgraph_ingest_batch_events_sum {}\nauditgraph_ingest_batch_events_count {}\n",
      batch_sum_.load(), batch_count_.load());
  out +=
      "# HELP auditgraph_http_request_duration_seconds Request latency by route.\n"
      "# TYPE auditgraph_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : routes_) {
    const std::string r = label_value(route);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format(
          "auditgraph_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", r,
          kBuckets[i], h->buckets[i].load());
    }
    out += fmt::format(
        "auditgraph_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", r,
        h->count.load());
    out += fmt::format("auditgraph_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", r,
                       static_cast<double>(h->sum_ns.load()) / 1e9);
    out += fmt::format("auditgraph_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", r,
                       h->count.load());
  }
  out +=
      "# HELP auditgraph_http_responses_total Responses by route and status.\n"
      "# TYPE auditgraph_http_responses_total counter\n";
  std::lock_guard lock(status_mu_);
  for (const auto& [route, h] : routes_) {
    for (const auto& [status, n] : h->by_status) {
      out += fmt::format("auditgraph_http_responses_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         label_value(route), status, n.load());
    }
  }
  return out;
}

}  // namespace auditgraph
