// Lineage as text other tools draw: Graphviz DOT and Mermaid flowcharts. Both lay the graph out
// left to right in data-flow order, colour nodes by domain, draw the query node bold and name
// the job behind each edge.
#pragma once

#include <string>
#include <vector>

#include "auditgraph/lineage.h"

namespace auditgraph {

// `s` as a DOT double-quoted string.
std::string dot_quote(const std::string& s);

// A fill colour for each of `domains` (sorted, unique), from a fixed light palette, so the same
// domains get the same colours in every picture.
std::vector<std::string> domain_colours(const std::vector<std::string>& domains);

// The answer's datasets and columns as nodes (jobs appear as edge labels, not nodes), its edges
// labelled by job, masked column edges dashed, nodes on a cycle outlined red.
std::string lineage_dot(const LineageAnswer& answer);
std::string lineage_mermaid(const LineageAnswer& answer);

}  // namespace auditgraph
