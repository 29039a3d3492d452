// The compliance report as one JSON document, and the tables the CSV and HTML views are made of.
//
// The document: {"report": "compliance", "period", "domain", "log": {"size", "root"},
// "sections": [{"number", "title", "tables": {name: [row, ...]}}]}; each row is a flat object
// whose values are strings, numbers, booleans or arrays of those (seqs, paths, chains), so the
// CSV and HTML views can show every table the same way.
#pragma once

#include <nlohmann/json.hpp>

#include "auditgraph/report.h"

namespace auditgraph {

nlohmann::ordered_json report_to_json(const ComplianceReport& report);

// A table's cell as text: arrays joined with " " (seqs, paths, group chains), null as "",
// strings as they are, anything else as JSON.
std::string report_cell(const nlohmann::ordered_json& value);

}  // namespace auditgraph
