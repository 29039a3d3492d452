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

// The event stored in `bytes`; Corruption when they are not a well-formed record.
Result<Event> decode_record(std::string_view bytes);

}  // namespace auditgraph::storage
