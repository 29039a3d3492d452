// pii-reach: the columns that carry data derived from tagged (e.g. PII) columns, along column
// lineage at the head; a masking transformation stops the taint. Then who can read any tainted
// dataset, flagging those who hold no grant on the source they derive from.
//
//   crm.customers.email [PII] --DIRECT--> orders.enriched.email --DIRECT--> mart.contacts.email
//                             --masked--> orders.enriched.email_hash        (stops here)
//
// A principal who can read mart.contacts but holds no grant on crm.customers is flagged.
#pragma once

#include "auditgraph/pii.h"
#include "queries/access_state.h"
#include "queries/lineage_graph.h"
#include "queries/schema_state.h"

namespace auditgraph::queries {

// `sources`: the tagged column ids to start from, each with the seq of the event that tagged it.
// The report's `at` is left for the caller.
PiiReach pii_reach(const LineageGraph& graph, const AccessState& access,
                   const std::vector<std::pair<std::string, uint64_t>>& sources, Timestamp now,
                   uint64_t size);

}  // namespace auditgraph::queries
