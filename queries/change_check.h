// check-change: the difference between a dataset's current schema and a proposed one, and what
// it reaches downstream.
//
//   orders.amount --DIRECT--> revenue.total --DIRECT--> report.sum      breaking, breaking
//   orders.amount --INDIRECT/FILTER--> big_orders.id                    affected
//   orders --job, column lineage not touching amount--> slim --job--> copy    not derived (both)
//   orders --job, no column lineage--> archive --job--> backup          affected, affected
//                                                                       (column lineage unknown)
//
// A downstream column is breaking when some path from a removed, renamed or retyped field
// reaches it through DIRECT transformations only, affected when every path passes an INDIRECT
// one (JOIN, FILTER, ...). A dataset takes the worst class of its columns. A dataset written by a
// job that reads the changed dataset (or one derived from a changed field) is, when the column
// walk did not reach it: not derived when that job gave column lineage for it, affected with
// column_lineage_known = false when it did not; what an affected-unknown dataset feeds is
// affected-unknown too (which of its columns change is not known), and what a not-derived one
// feeds is not derived (its data does not change) unless reached otherwise.
#pragma once

#include "auditgraph/change.h"
#include "queries/history_ledger.h"
#include "queries/lineage_graph.h"
#include "queries/schema_state.h"

namespace auditgraph::queries {

// The field-level difference; renamed = a removed and an added field of the same type at the
// same position under the same parent.
std::vector<FieldChange> diff_schema(const std::vector<SchemaField>& current,
                                     const std::vector<SchemaField>& proposed);

// The change's impact at the head. REQUIRES: `dataset` is a dataset node of `graph`, and `size`
// is the graph's size (its head). The report's `at` is left for the caller. Costs the lineage it
// walks (the jobs downstream and their own edges), not the mesh's, and one key range of the
// access records (its recent consumers). An error when those cannot be read.
Result<ChangeReport> check_change(const LineageGraph& graph, const SchemaState& schemas,
                                  const HistoryLedger& access, NodeId dataset,
                                  const ChangeQuery& query, uint64_t size);

}  // namespace auditgraph::queries
