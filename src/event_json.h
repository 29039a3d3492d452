// JSON views of events and proofs, for the CLI and (later) the HTTP API. Field names are
// snake_case; times are RFC 3339 UTC with nanoseconds; hashes are lower-case hex.
#pragma once

#include <nlohmann/json.hpp>

#include "auditgraph/event.h"
#include "auditgraph/event_log.h"
#include "auditgraph/merkle.h"

namespace auditgraph {

// "2026-09-30T12:00:00.000000001Z"
std::string format_rfc3339(Timestamp t);

nlohmann::ordered_json event_to_json(const Event& event);
nlohmann::ordered_json head_to_json(const LogHead& head);
nlohmann::ordered_json inclusion_to_json(const InclusionProof& proof);
nlohmann::ordered_json consistency_to_json(const ConsistencyProof& proof);

}  // namespace auditgraph
