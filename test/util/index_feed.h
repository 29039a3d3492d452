// IndexFeed: an in-memory index fed payloads one by one, seq after seq, each dated one second
// after the previous (seq N at N seconds), with no log behind it. For query tests that draw
// their own small meshes.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "auditgraph/index.h"

namespace auditgraph::testing {

// A RunEvent of run `run_id` of job airflow/`job`, reading and writing datasets s3://lake/<name>.
inline RunEvent run_event(const std::string& job, const std::string& run_id,
                          const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs,
                          RunState state = RunState::kComplete) {
  RunEvent r;
  r.run_id = run_id;
  r.job = {"airflow", job};
  r.state = state;
  for (const auto& i : inputs) r.inputs.push_back(RunDataset{{"s3://lake", i}});
  for (const auto& o : outputs) r.outputs.push_back(RunDataset{{"s3://lake", o}});
  return r;
}

struct IndexFeed {
  std::unique_ptr<Index> index = make_index(nullptr);
  uint64_t seq = 0;
  void add(Payload p) {
    Event e;
    e.seq = seq;
    e.event_time = Timestamp{static_cast<int64_t>(seq) * 1'000'000'000};
    e.payload = std::move(p);
    REQUIRE(index->add(e, LogHead{++seq, Hash{}}).ok());
  }
};

}  // namespace auditgraph::testing
