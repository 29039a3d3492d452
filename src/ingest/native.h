// Native JSON events (docs/events.md) -> Event. Internal to src/ingest; the entry point is
// EventParser.
#pragma once

#include "src/ingest/json_reader.h"

namespace auditgraph::ingest {

// One native event into `out`. `root` is the whole event (it has a "kind").
void read_native(JsonReader& r, const object& root, Event& out);

}  // namespace auditgraph::ingest
