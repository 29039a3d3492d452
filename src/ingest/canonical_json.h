// Canonical JSON: one text per JSON value, so that two spellings of one event (other key order,
// whitespace, escapes or number spelling) are recognized as the same event.
//
// The form follows RFC 8785 (JCS) where it matters for identity: object members sorted by key
// (bytewise UTF-8; members with equal keys keep their order), no whitespace, strings with only
// `"`, `\` and control characters escaped (\b \f \n \r \t, else \u00XX), integers in decimal and
// other numbers in their shortest round-trip form (std::to_chars), so 1.0 and 1 agree.
#pragma once

#include <string>

#include "src/ingest/json_reader.h"

namespace auditgraph::ingest {

// Appends the canonical text of `value` to `out`.
void append_canonical_json(const element& value, std::string& out);

// The idempotency key of an event without an explicit one: "auditgraph:content:" and the
// SHA-256, in hex, of its canonical JSON. `scratch` is reused between calls.
std::string content_key(const element& event, std::string& scratch);

// True when `key` is a content key (as opposed to a producer's own idempotencyKey).
bool is_content_key(std::string_view key);

}  // namespace auditgraph::ingest
