// JSON view of lineage answers (include/auditgraph/lineage.h), for the CLI and the HTTP API.
#pragma once

#include <nlohmann/json.hpp>

#include "auditgraph/lineage.h"

namespace auditgraph {

// {"at": {"size","root"}, "nodes": [{"id","kind","distance","owner","domain"}],
//  "edges": [{"from","to","via_job","transformation","masking","seqs"}], "cycles": [[id...]],
//  "partial", "frontier"}; owner, domain and transformation are null when unknown.
nlohmann::ordered_json lineage_to_json(const LineageAnswer& answer);

}  // namespace auditgraph
