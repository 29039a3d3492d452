// JSON views of index answers (lineage.h, access.h), for the CLI and the HTTP API.
#pragma once

#include <nlohmann/json.hpp>

#include "auditgraph/access.h"
#include "auditgraph/change.h"
#include "auditgraph/index.h"
#include "auditgraph/lineage.h"
#include "auditgraph/pii.h"

namespace auditgraph {

// {"at": {"size","root"}, "nodes": [{"id","kind","distance","owner","domain"}],
//  "edges": [{"from","to","via_job","transformation","masking","seqs"}], "cycles": [[id...]],
//  "partial", "frontier"}; owner, domain and transformation are null when unknown.
nlohmann::ordered_json lineage_to_json(const LineageAnswer& answer);

// {"at", "as_of", "principals": [{"principal": {"kind","name"}, "privilege", "grant_id",
//  "grantee", "scope", "columns", "domain", "chain", "expires_at", "seqs"}]}
nlohmann::ordered_json access_to_json(const AccessAnswer& answer);
// {"at", "seqs", "principals": [{"principal", "reads", "writes", "last"}]}
nlohmann::ordered_json access_history_to_json(const AccessHistory& history);
// {"at", "verdict", "current_schema_seq", "changes": [{"kind","field","old_type","new_type",
//  "renamed_to"}], "impacts": [{"id","class","column_lineage_known","because","path","owner",
//  "domain"}] (class "breaking" or "affected"), "not_derived": [the same, class "not_derived"],
//  "jobs", "owners", "consumers", "deprecation": {"seq","sunset","replacement","note"} | null}
nlohmann::ordered_json change_to_json(const ChangeReport& report);
// {"at", "sources", "reached": [{"column","dataset","source","path","jobs"}],
//  "masked": [{"column","source","job"}], "readers": [{"principal","datasets",
//  "without_source_grant","flagged"}]}
nlohmann::ordered_json pii_to_json(const PiiReach& reach);
// {"at", "counts": {...}, "without_owner", "unused_products", "unknown_provenance"}
// {"at", "root": {"dataset","version","run_id","job","written_at","seqs","inputs": [...],
//  "unversioned_inputs", "inputs_shown_above"}, "versions": [{"version","run_id","job",
//  "written_at","seqs"}]}
nlohmann::ordered_json versions_to_json(const VersionAnswer& answer);
// {"total", "hits": [{"kind", "id", "domain", "owner", "tags", "matched"}]}
nlohmann::ordered_json search_to_json(const SearchResult& result);
// {"domains": [{"name", "datasets", "products", "top": [{"id", "degree"}]}],
//  "links": [{"from", "to", "edges"}]}
nlohmann::ordered_json overview_to_json(const Overview& overview);
// A dataset as the catalog knows it: {"kind": "dataset", "id", "namespace", "name", "owner",
//  "domain", "product", "description", "lifecycle_state", "freshness_slo_seconds",
//  "declared_seq", "first_seq", "current_version", "last_modified_at", "fields": [{"name",
//  "type", "description", "tags", "fields"}], "deprecations": [{"seq", "sunset", "replacement",
//  "note"}]}; unknowns are null.
nlohmann::ordered_json catalog_dataset_to_json(const CatalogDataset& dataset);
// {"kind": "job", "id", "namespace", "name", "first_seq", "runs", "inputs", "outputs" (dataset
//  ids), "latest_run": {"run_id", "state", "started_at", "completed_at", "seqs"} | null}
nlohmann::ordered_json catalog_job_to_json(const CatalogJob& job);
nlohmann::ordered_json stats_to_json(const Index::Stats& stats, const LogHead& at);

}  // namespace auditgraph
