// index_bench: `tools/dev bench index`.
//
// A generated mesh: `datasets` datasets; every dataset after the first `sources` is written by
// its own job, which reads `fan_in` earlier datasets (most from a recent window, one in
// `far_every` from anywhere earlier), so the graph is a DAG with ~datasets x fan_in derivation
// edges, local neighbourhoods and a few long-range links. The bench measures:
//   build      Index::add of every event, in memory (the replay cost without the store's decode)
//   memory     RSS growth over the build, per derivation edge; and of the lineage graph alone
//              (queries::LineageGraph: nodes, names, edge records with their intervals,
//              adjacency, runs), built again from the same events after the queries
//   queries    impact and provenance from random datasets: p50/p99/max latency by answer size
//              class (1-hop, 3-hop with edges; unlimited depth as the node set only)
// With --store DIR, the same events are also appended to a fresh store there (durably, 1,000 per
// batch), and the bench measures:
//   replay     Index::Build from the store (scan, decode, add)
//   snapshot   save_snapshot, its size, and Index::Open from it (the start-up path)
#include <CLI/CLI.hpp>

#include <filesystem>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "auditgraph/event_log.h"
#include "auditgraph/index.h"
#include "queries/lineage_graph.h"
#include "tools/bench/measure.h"

namespace {

using namespace auditgraph;
using bench::percentile;
using bench::rss_bytes;
using bench::SteadyClock;

std::string name(uint64_t i) { return "mesh.ds" + std::to_string(i); }

struct MeshShape {
  uint32_t fan_in = 5, window = 2'000, far_every = 10;
};

// The run of dataset i's job (COMPLETE, reading shape.fan_in earlier datasets), as event `seq`.
Event mesh_event(std::mt19937_64& rng, const MeshShape& shape, uint64_t i, uint64_t seq) {
  RunEvent r;
  r.run_id = "run-" + std::to_string(i);
  r.job = {"airflow", "job" + std::to_string(i)};
  r.state = RunState::kComplete;
  for (uint32_t k = 0; k < shape.fan_in; ++k) {
    const bool far = shape.far_every && rng() % shape.far_every == 0;
    const uint64_t span = far ? i : std::min<uint64_t>(i, shape.window);
    r.inputs.push_back(RunDataset{{"s3://lake", name(i - 1 - rng() % span)}});
  }
  r.outputs.push_back(RunDataset{{"s3://lake", name(i)}});
  Event e;
  e.seq = seq;
  e.event_time = Timestamp{static_cast<int64_t>(seq) * 1'000'000'000};
  e.payload = std::move(r);
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"graph index: build rate, memory, query latency"};
  uint64_t datasets = 1'000'000, sources = 1'000, seed = 20261124;
  MeshShape shape;
  size_t queries = 2'000, max_closures = 20;
  app.add_option("--datasets", datasets, "datasets in the mesh")->capture_default_str();
  app.add_option("--fan-in", shape.fan_in, "inputs per job")->capture_default_str();
  app.add_option("--window", shape.window, "most inputs come from this many datasets before")
      ->capture_default_str();
  app.add_option("--far-every", shape.far_every,
                 "one input in this many comes from anywhere earlier")
      ->capture_default_str();
  app.add_option("--queries", queries, "random queries per direction")->capture_default_str();
  app.add_option("--max-closures", max_closures,
                 "unlimited-depth queries per direction (each may cover the whole graph)")
      ->capture_default_str();
  app.add_option("--seed", seed, "generator seed")->capture_default_str();
  std::string store;
  app.add_option("--store", store,
                 "also write the events to a fresh store here and measure replay and snapshot "
                 "start (the folder is replaced)");
  CLI11_PARSE(app, argc, argv);

  std::mt19937_64 rng(seed);
  const size_t rss_before = rss_bytes();
  auto index = make_index(nullptr);
  std::unique_ptr<EventLog> log;
  std::vector<Event> batch;
  double append_s = 0;
  if (!store.empty()) {
    std::filesystem::remove_all(store);
    auto opened = EventLog::Open(LogOptions{}, store);
    if (!opened.ok()) {
      std::cerr << opened.status().to_string() << "\n";
      return 1;
    }
    log = std::move(*opened);
  }
  uint64_t seq = 0, edges = 0;
  const auto build_start = SteadyClock::now();
  for (uint64_t i = sources; i < datasets; ++i) {
    Event e = mesh_event(rng, shape, i, seq);
    edges += shape.fan_in;
    if (log) batch.push_back(e);
    if (Status s = index->add(e, LogHead{++seq, Hash{}}); !s.ok()) {
      std::cerr << s.to_string() << "\n";
      return 1;
    }
    if (log && (batch.size() == 1000 || i + 1 == datasets)) {
      const auto t0 = SteadyClock::now();
      if (auto appended = log->append(batch); !appended.ok()) {
        std::cerr << appended.status().to_string() << "\n";
        return 1;
      }
      append_s += std::chrono::duration<double>(SteadyClock::now() - t0).count();
      batch.clear();
    }
  }
  const double build_s =
      std::chrono::duration<double>(SteadyClock::now() - build_start).count() - append_s;
  const size_t rss_after = rss_bytes();
  const auto stats_or = index->stats(Timestamp{});
  if (!stats_or.ok()) {
    std::cerr << "index_bench: " << stats_or.status().to_string() << "\n";
    return 1;
  }
  const Index::Stats& stats = *stats_or;
  std::cout << "mesh: " << stats.datasets << " datasets, " << stats.jobs << " jobs, " << edges
            << " derivation edges (" << stats.edges << " edge records), seed " << seed << "\n";
  std::cout << "build (Index::add, in memory): " << static_cast<uint64_t>(seq / build_s)
            << " events/s, " << static_cast<uint64_t>(edges / build_s) << " edges/s (" << build_s
            << " s; target: replay 1,000,000 events/s)\n";
  std::cout << "memory: " << (rss_after - rss_before) / (1 << 20) << " MiB over the build, "
            << (rss_after - rss_before) / std::max<uint64_t>(edges, 1)
            << " bytes per derivation edge; process RSS " << rss_after / (1 << 20)
            << " MiB (target: 48 bytes per edge, process under 1 GiB)\n";
  if (log) {
    using bench::seconds_since;
    std::cout << "store: " << seq << " events appended durably in " << append_s << " s\n";
    const size_t rss_before_replay = rss_bytes();
    auto t0 = SteadyClock::now();
    auto replayed = Index::Build(*log);
    const double replay_s = seconds_since(t0);
    const size_t replayed_bytes = rss_bytes() - rss_before_replay;
    if (!replayed.ok()) {
      std::cerr << replayed.status().to_string() << "\n";
      return 1;
    }
    std::cout << "replay (Index::Build from the store): " << static_cast<uint64_t>(seq / replay_s)
              << " events/s (" << replay_s << " s; target 1,000,000 events/s); RSS growth "
              << replayed_bytes / (1 << 20) << " MiB, " << replayed_bytes / std::max<uint64_t>(edges, 1)
              << " bytes per derivation edge\n";
    const std::string path = store + "/index.snapshot";
    t0 = SteadyClock::now();
    if (Status s = (*replayed)->save_snapshot(path); !s.ok()) {
      std::cerr << s.to_string() << "\n";
      return 1;
    }
    const double save_s = seconds_since(t0);
    replayed->reset();
    t0 = SteadyClock::now();
    IndexStart start;
    auto opened = Index::Open(*log, path, &start);
    const double open_s = seconds_since(t0);
    if (!opened.ok() || !start.from_snapshot) {
      std::cerr << "snapshot start failed: " << start.snapshot_ignored << "\n";
      return 1;
    }
    std::cout << "snapshot: " << std::filesystem::file_size(path) / (1 << 20) << " MiB, saved in "
              << save_s << " s; start from it (Index::Open, " << start.replayed
              << " events replayed): " << open_s << " s (target: under 3 s for 10,000,000 events)\n";
  }

  // Queries from random datasets; latency by answer size class.
  std::map<std::string, std::vector<double>> by_class;
  for (auto direction :
       {LineageQuery::Direction::kDownstream, LineageQuery::Direction::kUpstream}) {
    size_t closures = 0;
    for (size_t q = 0; q < queries; ++q) {
      LineageQuery query;
      query.node = "dataset:s3://lake:" + name(rng() % datasets);
      query.direction = direction;
      uint32_t depth_choice = static_cast<uint32_t>(rng() % 3);
      if (depth_choice == 2 && closures++ >= max_closures)
        depth_choice = static_cast<uint32_t>(rng() % 2);
      if (depth_choice == 0) query.max_depth = 1;
      if (depth_choice == 1) query.max_depth = 3;
      query.include_edges = depth_choice != 2;  // a whole closure: the node set, as peers give
      const auto t0 = SteadyClock::now();
      auto a = index->lineage(query);
      const double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
      if (!a.ok()) {
        std::cerr << a.status().to_string() << "\n";
        return 1;
      }
      const size_t n = a->nodes.size();
      std::string cls = query.max_depth == 1   ? "1-hop"
                        : query.max_depth == 3 ? "3-hop"
                        : n <= 10'000          ? "closure <= 10k nodes"
                                               : "closure > 10k nodes";
      by_class[cls].push_back(ms);
    }
  }
  std::cout << "queries (impact and provenance from random datasets; ms):\n";
  for (const auto& [cls, v] : by_class) {
    std::cout << "  " << cls << ": n=" << v.size() << "  p50 " << percentile(v, 0.5) << "  p99 "
              << percentile(v, 0.99) << "  max " << percentile(v, 1.0) << "\n";
  }
  std::cout << "(targets: p50 < 0.1 ms and p99 < 1 ms up to 10,000 nodes; whole closure < 50 ms)\n";

  // The whole-graph closure: impact of the first dataset (everything derives from the sources),
  // the same query repeated so machine noise shows as spread, not as a different answer.
  std::vector<double> whole;
  size_t whole_nodes = 0;
  for (int run = 0; run < 11; ++run) {
    LineageQuery query;
    query.node = "dataset:s3://lake:" + name(0);
    query.direction = LineageQuery::Direction::kDownstream;
    query.include_edges = false;
    const auto t0 = SteadyClock::now();
    auto a = index->lineage(query);
    whole.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count());
    if (!a.ok()) {
      std::cerr << a.status().to_string() << "\n";
      return 1;
    }
    whole_nodes = a->nodes.size();
  }
  std::cout << "whole-graph closure (impact of " << name(0) << ", " << whole_nodes
            << " nodes, 11 runs): median " << percentile(whole, 0.5) << " ms, min "
            << percentile(whole, 0) << " ms (target < 50 ms)\n";

  // The lineage graph alone, from the same events, compacted and trimmed as after a replay.
  {
    std::mt19937_64 again(seed);
    const size_t rss_before_graph = rss_bytes();
    queries::LineageGraph graph;
    for (uint64_t i = sources, s = 0; i < datasets; ++i, ++s) graph.add(mesh_event(again, shape, i, s));
    graph.compact();
    graph.trim();
    const size_t graph_bytes = rss_bytes() - rss_before_graph;
    std::cout << "lineage graph alone (queries::LineageGraph, compacted): RSS growth "
              << graph_bytes / (1 << 20) << " MiB, "
              << graph_bytes / std::max<uint64_t>(edges, 1)
              << " bytes per derivation edge, intervals included (target: 64)\n";
  }
  return 0;
}
