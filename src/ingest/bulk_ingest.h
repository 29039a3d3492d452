// BulkIngest: files (or stdin) of events -> the log, for `auditgraph ingest` and the ingest
// benchmark. Unlike Ingestor (one batch, all or nothing), each event stands alone here: valid
// events are appended in order, in chunks, while the next chunk is parsed; refused ones are
// counted and reported, and nothing of a refused event is written.
//
// NDJSON is streamed in blocks, so a file of any size needs little memory; a JSON array is read
// whole. Not thread-safe; one appender thread of its own.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "auditgraph/event_log.h"
#include "auditgraph/ingest.h"

namespace auditgraph {

struct BulkIngestOptions {
  IngestFormat format = IngestFormat::kAuto;
  IngestLimits limits;              // per event; batch limits do not apply to files
  size_t chunk_events = 1000;       // events per append
  size_t max_errors_kept = 100;     // refused events listed in the summary (all are counted)
  const Clock* clock = nullptr;     // for EventParser
};

// One refused event: where it came from and why.
struct RefusedEvent {
  std::string source;  // the file name, or "-" for stdin
  size_t line = 0;     // NDJSON line (1-based); 0 when not known
  IngestError error;
  std::string message() const;  // "orders.ndjson:4: event 3: /run/runId: required field is missing"
};

struct IngestSummary {
  uint64_t events = 0;      // seen (accepted + refused)
  uint64_t written = 0;     // appended as new records
  uint64_t duplicates = 0;  // already in the log (same idempotency key): acknowledged, not written
  uint64_t refused = 0;
  uint64_t validated = 0;   // dry run: valid events (nothing appended)
  std::map<std::string, uint64_t> refused_by_reason;
  std::vector<RefusedEvent> errors;  // the first max_errors_kept
  uint64_t bytes_total = 0;          // of the files given (0 for stdin)
  uint64_t bytes_done = 0;
  uint64_t accepted() const { return written + duplicates + validated; }
};

class BulkIngest {
 public:
  // `log` null: dry run (validate only). `log` must outlive this object.
  BulkIngest(EventLog* log, BulkIngestOptions options);
  ~BulkIngest();  // waits for the appends in flight
  BulkIngest(const BulkIngest&) = delete;
  BulkIngest& operator=(const BulkIngest&) = delete;

  // Called from the parsing thread at most every ~100 ms with the summary so far.
  void set_progress(std::function<void(const IngestSummary&)> fn) { progress_ = std::move(fn); }

  // Counts the sizes of `paths` into bytes_total (for the progress percentage).
  void expect_files(const std::vector<std::string>& paths);

  // Reads, validates and queues the events of one file ("-": stdin). Refused events are counted,
  // not errors; a Status error is an unreadable file or a log failure.
  Status add_file(const std::string& path);

  // Waits for every queued append; returns the first log failure, if any.
  Status finish();

  // REQUIRES: finish() was called (otherwise appends may still be in flight).
  const IngestSummary& summary() const { return summary_; }

 private:
  void on_event(const std::string& source, size_t line, Event* event, const IngestError* error);
  void queue_chunk();
  void appender_loop();
  void maybe_progress();
  Status process_stream(int fd, const std::string& source);

  EventLog* log_;
  BulkIngestOptions options_;
  EventParser parser_;
  std::vector<Event> chunk_;
  std::function<void(const IngestSummary&)> progress_;
  int64_t last_progress_ns_ = 0;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<Event>> queue_;  // guarded by mu_
  bool closing_ = false;                  // guarded by mu_
  Status log_status_;                     // guarded by mu_: first append failure
  IngestSummary summary_;                 // written/duplicates guarded by mu_
  std::thread appender_;
};

}  // namespace auditgraph
