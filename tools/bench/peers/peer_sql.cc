#include "tools/bench/peers/peer.h"

namespace auditgraph::bench {

std::string lineage_sql(bool downstream, bool depth_limited, const std::string& start_param,
                        const std::string& depth_param) {
  // Downstream: from a job's INPUT to its OUTPUT; upstream the other way.
  const std::string near = downstream ? "INPUT" : "OUTPUT";
  const std::string far = downstream ? "OUTPUT" : "INPUT";
  // CROSS JOIN with the conditions in WHERE: PostgreSQL plans it like JOIN ... ON, and SQLite
  // keeps the written order, starting from the recursive table as its docs advise (else it
  // scans the mapping once per step).
  const std::string hop =
      "FROM lineage l\n"
      "  CROSS JOIN job_versions_io_mapping n\n"
      "  CROSS JOIN jobs j\n"
      "  CROSS JOIN job_versions_io_mapping f\n"
      "  WHERE n.dataset_uuid = l.dataset_uuid AND n.io_type = '" + near + "'\n"
      "    AND j.current_version_uuid = n.job_version_uuid\n"
      "    AND f.job_version_uuid = n.job_version_uuid AND f.io_type = '" + far + "'\n";
  if (depth_limited) {
    return "WITH RECURSIVE lineage(dataset_uuid, depth) AS (\n"
           "  SELECT CAST(" + start_param + " AS BIGINT), 0\n"
           "  UNION\n"
           "  SELECT f.dataset_uuid, l.depth + 1\n" + hop +
           "    AND l.depth < " + depth_param + ")\n"
           "SELECT DISTINCT dataset_uuid FROM lineage";
  }
  return "WITH RECURSIVE lineage(dataset_uuid) AS (\n"
         "  SELECT CAST(" + start_param + " AS BIGINT)\n"
         "  UNION\n"
         "  SELECT f.dataset_uuid\n" + hop +
         ")\n"
         "SELECT dataset_uuid FROM lineage";
}

const std::vector<std::string>& table_names() {
  static const std::vector<std::string> names = {
      "namespaces", "datasets", "jobs", "job_versions", "job_versions_io_mapping", "runs"};
  return names;
}

void mesh_rows(const BenchMesh& mesh, const std::string& table,
               const std::function<void(const std::vector<std::string>&)>& row) {
  const std::string ds_ns(BenchMesh::kDatasetNamespace), job_ns(BenchMesh::kJobNamespace);
  if (table == "namespaces") {
    row({ds_ns});
    row({job_ns});
    return;
  }
  for (uint64_t i = 0; i < mesh.datasets(); ++i) {
    const std::string id = std::to_string(i);
    if (table == "datasets") row({id, ds_ns, mesh.dataset_name(i)});
    if (!mesh.has_job(i)) continue;
    if (table == "jobs") row({id, job_ns, mesh.job_name(i), id});
    if (table == "job_versions") row({id, id, "1"});
    if (table == "runs") row({id, id, "COMPLETED", "0", "1"});
    if (table == "job_versions_io_mapping") {
      for (uint64_t in : mesh.inputs_of(i)) row({id, std::to_string(in), "INPUT"});
      row({id, id, "OUTPUT"});
    }
  }
}

const std::vector<std::string>& schema_sql() {
  static const std::vector<std::string> statements = {
      "CREATE TABLE namespaces (name VARCHAR(1024) PRIMARY KEY)",
      "CREATE TABLE datasets (uuid BIGINT PRIMARY KEY, namespace_name VARCHAR(1024) NOT NULL, "
      "name VARCHAR(1024) NOT NULL, UNIQUE (namespace_name, name))",
      "CREATE TABLE jobs (uuid BIGINT PRIMARY KEY, namespace_name VARCHAR(1024) NOT NULL, "
      "name VARCHAR(1024) NOT NULL, current_version_uuid BIGINT, UNIQUE (namespace_name, name))",
      "CREATE TABLE job_versions (uuid BIGINT PRIMARY KEY, job_uuid BIGINT NOT NULL, "
      "version VARCHAR(64) NOT NULL)",
      "CREATE TABLE job_versions_io_mapping (job_version_uuid BIGINT NOT NULL, "
      "dataset_uuid BIGINT NOT NULL, io_type VARCHAR(64) NOT NULL, "
      "PRIMARY KEY (job_version_uuid, dataset_uuid, io_type))",
      "CREATE TABLE runs (uuid BIGINT PRIMARY KEY, job_version_uuid BIGINT NOT NULL, "
      "current_run_state VARCHAR(64) NOT NULL, started_at BIGINT, ended_at BIGINT)",
  };
  return statements;
}

const std::vector<std::string>& index_sql() {
  // Marquez's primary key serves the job -> datasets side; the dataset -> jobs side and the
  // current-version lookup get their own indexes, so the peer is at its best.
  static const std::vector<std::string> statements = {
      "CREATE INDEX io_by_dataset ON job_versions_io_mapping (dataset_uuid, io_type, "
      "job_version_uuid)",
      "CREATE INDEX io_by_version ON job_versions_io_mapping (job_version_uuid, io_type, "
      "dataset_uuid)",
      "CREATE INDEX jobs_current_version ON jobs (current_version_uuid)",
  };
  return statements;
}

}  // namespace auditgraph::bench
