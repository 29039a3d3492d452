// Retries of events logged before content keys (key scheme 1).
//
// Stores created before key scheme 2 (EventLog::key_scheme() == 1) keyed an OpenLineage
// RunEvent by its run id, event type, event time and job, so two different events of one run
// could share a key; they keep those keys. A producer that resends such an event now would get
// a content key that is not in the log, and the event would be written twice. This module finds
// those retries, and only those: the scheme-1 key must be logged *and* the event logged under it
// must have the same content.
#pragma once

#include <simdjson.h>

#include <span>
#include <string>

#include "auditgraph/event.h"
#include "auditgraph/event_log.h"
#include "auditgraph/status.h"

namespace auditgraph::ingest {

// The key `event` (as EventParser makes it: raw bytes kept, content-keyed) had under scheme 1:
// "ol:run:", "ol:dataset:", "ol:job:" or "native:" and a digest (docs/events.md, "Stores from
// before"). "" when the event has a producer's own key (the same in both schemes) or its raw
// bytes are not an event. `parser` is reused between calls.
std::string scheme1_key(const Event& event, simdjson::dom::parser& parser);

// In a store of key scheme 1, for every content-keyed event of `events` whose content key is not
// logged: when its scheme-1 key is logged and the event logged there has the same content key,
// sets its idempotency_key to the scheme-1 key, so that EventLog::append answers it with the
// first seq. Events that only share a scheme-1 key with a logged event keep their content key
// and are written. Does nothing in a store of a later scheme. Returns the log's error when a
// look-up or a read fails (nothing is changed then for the events not yet looked at).
Status match_scheme1_retries(const EventLog& log, std::span<Event> events);

}  // namespace auditgraph::ingest
