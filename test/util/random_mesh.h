// A small random mesh, drawn from a seed, with every kind of claim an answer bundle carries:
// runs of a few jobs reading and writing datasets (with versions and column lineage, some
// masked), a job declaration, declared schemas and a schema change, a deprecation notice, groups
// within groups, and grants on datasets, columns and a domain. Same seed, same events.
//
//   datasets mesh.d0 .. mesh.d7 (s3://mesh), domain "core"; runs only write a dataset of a
//   higher number than they read, so lineage is a DAG from d0 up:
//     d0 --job:j1--> d2 --job:j3--> d5 ...       groups: readers > analysts > alice
//                                                 grants: readers on d5, bob on d6 columns,
//                                                         analysts on domain core
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "auditgraph/event.h"

namespace auditgraph::testing {

inline constexpr int kRandomMeshDatasets = 8;

inline DatasetRef mesh_dataset(int i) { return {"s3://mesh", "mesh.d" + std::to_string(i)}; }
inline std::string mesh_dataset_id(int i) { return "dataset:s3://mesh:mesh.d" + std::to_string(i); }

// The events in seq order, event times one minute apart from 2026-10-01.
inline std::vector<Event> random_mesh_events(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Event> out;
  auto add = [&](Payload p) {
    Event e;
    e.event_time = Timestamp{1'790'812'800'000'000'000 + static_cast<int64_t>(out.size()) * 60'000'000'000};
    e.actor = "test";
    e.payload = std::move(p);
    out.push_back(std::move(e));
  };
  auto schema = [] {
    return std::vector<SchemaField>{{"id", "STRING", "", {}, {}}, {"email", "STRING", "", {"PII"}, {}}};
  };
  for (int i = 0; i < kRandomMeshDatasets; ++i) {
    DatasetDeclared d;
    d.dataset = mesh_dataset(i);
    d.domain = "core";
    d.owners = {{"team:t" + std::to_string(i % 3), ""}};
    d.schema = schema();
    add(d);
  }
  for (int r = 0; r < 14; ++r) {
    const int to = 1 + static_cast<int>(rng() % (kRandomMeshDatasets - 1));
    RunEvent run;
    run.run_id = "run-" + std::to_string(r);
    run.job = {"airflow", "j" + std::to_string(to % 4)};
    for (int k = 0; k < 2; ++k) {
      const int from = static_cast<int>(rng() % static_cast<uint64_t>(to));
      RunDataset in{mesh_dataset(from)};
      if (!run.inputs.empty() && run.inputs.front().dataset == in.dataset) continue;
      run.inputs.push_back(in);
    }
    run.state = RunState::kStart;
    add(run);  // a START that names the inputs only
    RunDataset out{mesh_dataset(to)};
    if (rng() % 2) out.version = "v" + std::to_string(r);
    ColumnLineage cl{"id", {}};
    for (const RunDataset& in : run.inputs) {
      cl.inputs.push_back({{in.dataset, "id"}, "DIRECT", "IDENTITY", "", false});
    }
    out.column_lineage.push_back(cl);
    out.column_lineage.push_back(
        {"email", {{{run.inputs.front().dataset, "email"}, "DIRECT", "TRANSFORMATION", "", rng() % 2 == 0}}});
    run.outputs = {out};
    run.state = RunState::kComplete;
    add(run);
  }
  JobDeclared declared;
  declared.job = {"airflow", "declared"};
  declared.inputs = {RunDataset{mesh_dataset(6)}};
  declared.outputs = {RunDataset{mesh_dataset(7)}};
  add(declared);
  add(SchemaChanged{mesh_dataset(3), "2", schema(), "added email"});
  add(DeprecationNotice{mesh_dataset(3), "1", Timestamp{1'800'000'000'000'000'000}, mesh_dataset(4),
                        "use d4"});
  using Kind = PrincipalRef::Kind;
  add(MembershipAdded{"readers", {Kind::kGroup, "analysts"}});
  add(MembershipAdded{"analysts", {Kind::kUser, "alice"}});
  add(MembershipAdded{"readers", {Kind::kService, "svc-etl"}});
  AccessGranted g;
  g.grant_id = "g-readers";
  g.grantee = {Kind::kGroup, "readers"};
  g.resource = {Resource::Kind::kDataset, mesh_dataset(5), {}, ""};
  g.privilege = "READ";
  add(g);
  g.grant_id = "g-bob";
  g.grantee = {Kind::kUser, "bob"};
  g.resource = {Resource::Kind::kColumns, mesh_dataset(6), {"id"}, ""};
  g.expires_at = Timestamp{1'900'000'000'000'000'000};
  add(g);
  g.grant_id = "g-domain";
  g.grantee = {Kind::kGroup, "analysts"};
  g.resource = {Resource::Kind::kDomain, {}, {}, "core"};
  g.expires_at.reset();
  add(g);
  return out;
}

}  // namespace auditgraph::testing
