// Converts between the public Event and the stored record bytes (Cap'n Proto,
// storage/record.capnp). This is the only place that sees the schema's generated types.
#pragma once

#include <string>
#include <string_view>

#include "auditgraph/event.h"
#include "auditgraph/status.h"

namespace auditgraph::storage {

// The record bytes of `event` with the given seq and recorded_at (the event's own seq and
// recorded_at are ignored). Deterministic: the same inputs give the same bytes.
std::string encode_record(const Event& event, uint64_t seq, Timestamp recorded_at);

// A record encoded before its seq and recorded_at are known (on the appender's thread, so the
// single writer only stamps them): `bytes` hold seq 0 and recorded_at 0, and stamp() writes the
// two in place. prepare_record(e) then stamp(seq, t) gives exactly encode_record(e, seq, t).
struct PreparedRecord {
  std::string bytes;
  size_t stamp_offset = 0;  // where the root struct's seq (then recordedAtNanos) sit
  void stamp(uint64_t seq, Timestamp recorded_at);
};
PreparedRecord prepare_record(const Event& event);

// The event stored in `bytes`; Corruption when they are not a well-formed record.
Result<Event> decode_record(std::string_view bytes);

}  // namespace auditgraph::storage
