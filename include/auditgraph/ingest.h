// Ingest: JSON text from producers (OpenLineage RunEvent / DatasetEvent / JobEvent, or the
// native events of docs/events.md) -> validated, normalized Events -> the EventLog.
//
// A batch is one JSON object, a JSON array of objects, or NDJSON (one object per line). Every
// event is checked on its own; an error names the event's index in the batch, the JSON pointer of
// the offending value and the reason: `event 3: /run/runId: required field is missing`. The
// Event keeps the producer's bytes exactly (Event::raw) so an auditor can always see them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auditgraph/clock.h"
#include "auditgraph/event.h"
#include "auditgraph/event_log.h"
#include "auditgraph/status.h"

namespace auditgraph {

enum class IngestFormat : uint8_t {
  kAuto,         // per event: native when it has a "kind" field, OpenLineage otherwise
  kOpenLineage,  // OpenLineage 2-0-x RunEvent, DatasetEvent or JobEvent
  kNative,       // docs/events.md
};

enum class Framing : uint8_t {
  kAuto,    // '[' first: an array; a first line that is a whole object followed by more: NDJSON
  kJson,    // one JSON value: an object (one event) or an array of objects
  kNdjson,  // one object per line; blank lines are skipped
};

struct IngestLimits {
  size_t max_event_bytes = 1 << 20;    // one event's JSON text
  size_t max_batch_events = 10'000;    // events in one batch
  size_t max_batch_bytes = 64 << 20;   // one batch's text
  uint32_t max_depth = 64;             // nesting of objects and arrays within one event
  size_t max_string_bytes = 64 << 10;  // any string the engine interprets (names, ids, types)
};

// Why an event (or a whole batch) was refused.
struct IngestError {
  std::optional<size_t> event;  // index in the batch; empty: the batch as a whole
  std::string path;             // JSON pointer inside the event ("" = the event itself)
  std::string reason;
  bool over_limit = false;  // the batch exceeds IngestLimits' events or bytes (HTTP: 413)
  // "event 3: /run/runId: required field is missing", "batch: malformed JSON: ..."
  std::string message() const;
  friend bool operator==(const IngestError&, const IngestError&) = default;
};

// Parses and validates events. Holds parser buffers that are reused from call to call, so keep
// one per thread. Not thread-safe.
class EventParser {
 public:
  // `clock` (null: the system clock; must outlive the parser) dates the events whose producer
  // withheld the time: dbt's test harness sends the placeholder "{{ is_datetime(result) }}" as
  // eventTime, and such an event is dated when it is parsed.
  explicit EventParser(IngestLimits limits = {}, const Clock* clock = nullptr);
  ~EventParser();
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  const IngestLimits& limits() const { return limits_; }

  // Parses one event's JSON text into `out` (raw bytes = `text` exactly). Returns the error,
  // reported under batch index `index`, or nothing when `out` was filled.
  std::optional<IngestError> parse_event(std::string_view text, size_t index, IngestFormat format,
                                         Event& out);

  // kJson or kNdjson, as kAuto would decide from the start of a batch's text (its first line
  // must be whole).
  Framing detect_framing(std::string_view text);

  // Calls `fn(index, event, error)` once per event of the batch `text`, in order; exactly one of
  // `event` and `error` is non-null, and both are valid only during the call (fn may move the
  // event out). Returns a
  // batch-level error (malformed JSON around the events, too many events or bytes) before
  // calling fn at all when the batch cannot be split; NDJSON lines are split and checked one at a
  // time, so a malformed line is that event's error.
  std::optional<IngestError> for_each(
      std::string_view text, Framing framing, IngestFormat format,
      const std::function<void(size_t index, Event* event, const IngestError* error)>& fn);

 private:
  class Impl;
  IngestLimits limits_;
  SystemClock system_clock_;
  const Clock* clock_;
  std::unique_ptr<Impl> impl_;
};

// What one batch came to.
struct IngestReceipt {
  std::vector<IngestError> errors;  // non-empty: the batch was refused and nothing was written
  std::vector<Appended> appended;   // one per event, in batch order, when accepted
  size_t events = 0;                // events in the batch
  size_t written() const;           // appended and new
  size_t duplicates() const;        // acknowledged with the seq of an earlier identical event
};

// Validates batches and appends them to a log, all or nothing.
class Ingestor {
 public:
  // `log` must outlive the Ingestor. Thread safety: one Ingestor per thread (the log is shared).
  explicit Ingestor(EventLog& log, IngestLimits limits = {}, const Clock* clock = nullptr);

  // Parses and validates every event of `text`; when all are valid, appends them as one batch
  // and returns their seqs (retries of logged events get their original seq, see
  // Event::idempotency_key). When any is refused, returns every event's error and writes nothing.
  // A Status error means the log failed (I/O); nothing of the batch was acknowledged then.
  // With dry_run, validates only.
  Result<IngestReceipt> ingest(std::string_view text, Framing framing = Framing::kAuto,
                               IngestFormat format = IngestFormat::kAuto, bool dry_run = false);

 private:
  EventLog& log_;
  EventParser parser_;
};

// Parses an RFC 3339 date-time ("2026-09-30T12:00:00.123456789+02:00"; "Z", offsets, up to
// nanoseconds; without an offset the time is UTC). Nothing when it is not one.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace auditgraph
