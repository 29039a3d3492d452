// The compliance report as one JSON document, and the tables the CSV and HTML views are made of.
//
// The document: {"report": "compliance", "period", "domain", "log": {"size", "root"}, "full",
// "summary", "sections": [{"number", "title", "tables": {name: [row, ...]}}]}; each row is a flat
// object whose values are strings, numbers, booleans or arrays of those (seqs, paths, chains),
// so the CSV and HTML views can show every table the same way.
//
// "summary" leads: "needs_action" (the rows that need someone to act, in all), "action_rows"
// (those rows by table: unowned datasets, grants without expiry or purpose, privileged grants,
// PII readers without a grant on the source, breaking changes without notice, unused products,
// SLO breaches), "rows" (every table's row count, listed or not) and "left_out" (the tables not
// listed). The action tables, what happened in the period (grants issued and revoked, schema
// changes), the top consumers and the integrity section are always listed. The listings of the
// whole scope (the inventory, unknown provenance, cross-domain lineage, active grants, access
// paths through groups, PII columns, flows and readers) grow with the mesh, not the period, and
// are listed only when `full`; the CSV view always writes them.
#pragma once

#include <nlohmann/json.hpp>

#include "auditgraph/report.h"

namespace auditgraph {

// `full`: list every table. access_through_groups lists the report's group_access, which is
// empty unless the query asked to list them (ReportQuery::list_group_access).
nlohmann::ordered_json report_to_json(const ComplianceReport& report, bool full);

// A table's cell as text: arrays joined with " " (seqs, paths, group chains), null as "",
// strings as they are, anything else as JSON.
std::string report_cell(const nlohmann::ordered_json& value);

}  // namespace auditgraph
