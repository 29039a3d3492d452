// peer_bench: `tools/dev bench peers` (the script starts PostgreSQL and passes --postgres).
//
// One run on one machine and one mesh (src/demo/bench_mesh.h, seeded):
//   ingest     every event as JSON through the Ingestor into a fresh store, durably (batches of
//              1,000 from several threads, as producers would send them)
//   replay     Index::Build from the store; RSS growth per derivation edge
//   snapshot   save it, then Index::Open from it (the start-up path)
//   queries    the same impact and provenance queries on our index (Index::reach: the set of
//              datasets, as the peers answer) and on each peer (PostgreSQL with Marquez's
//              recursive CTEs, SQLite with the same SQL), by answer size class: 1-hop, 3-hop,
//              ~10k-node (depth-limited) and whole closure; each answer's dataset set is
//              compared, and any difference fails the run (exit 1). Index::lineage's full answer
//              (every node with distance, owner and domain) is timed beside it.
// Writes a markdown table to stdout and to --out-md, the figures to --out-json, and a plot of
// latency against answer size to --out-svg.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "auditgraph/event_log.h"
#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "src/demo/bench_mesh.h"
#include "tools/bench/latency_plot.h"
#include "tools/bench/measure.h"
#include "tools/bench/must.h"
#include "tools/bench/peers/postgres_peer.h"
#include "tools/bench/peers/sqlite_peer.h"

namespace {

using namespace auditgraph;
using namespace auditgraph::bench;
using json = nlohmann::ordered_json;

// Ingests the mesh into `log`: one thread makes NDJSON batches, `threads` ingest them.
double ingest(const BenchMesh& mesh, EventLog& log, int threads) {
  std::mutex mu;
  std::condition_variable changed;
  std::deque<std::string> queue;
  bool done = false;
  Status first_error = Status::Ok();
  const auto t0 = SteadyClock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      Ingestor ingestor(log);
      for (;;) {
        std::string batch;
        {
          std::unique_lock lock(mu);
          changed.wait(lock, [&] { return !queue.empty() || done; });
          if (queue.empty()) return;
          batch = std::move(queue.front());
          queue.pop_front();
          changed.notify_all();
        }
        auto receipt = ingestor.ingest(batch, Framing::kNdjson);
        Status s = !receipt.ok() ? receipt.status()
                   : !receipt->errors.empty()
                       ? Status::InvalidArgument(receipt->errors.front().message())
                       : Status::Ok();
        if (!s.ok()) {
          std::lock_guard lock(mu);
          if (first_error.ok()) first_error = s;
          done = true;
          queue.clear();
          changed.notify_all();
          return;
        }
      }
    });
  }
  Status emitted = mesh.emit(1000, [&](std::string&& batch) {
    std::unique_lock lock(mu);
    changed.wait(lock, [&] { return queue.size() < 2 * static_cast<size_t>(threads) || done; });
    if (done) return Status::FailedPrecondition("an ingest thread failed");
    queue.push_back(std::move(batch));
    changed.notify_all();
    return Status::Ok();
  });
  {
    std::lock_guard lock(mu);
    done = true;
    changed.notify_all();
  }
  for (auto& w : workers) w.join();
  must(first_error, "ingest");
  must(emitted, "generate");
  return seconds_since(t0);
}

struct Query {
  std::string cls;
  PeerQuery q;
};

struct Timed {
  double ms;
  std::vector<uint64_t> datasets;  // sorted
};

LineageQuery our_query(const BenchMesh& mesh, const PeerQuery& q) {
  LineageQuery query;
  query.node = mesh.dataset_id(q.dataset);
  query.direction =
      q.downstream ? LineageQuery::Direction::kDownstream : LineageQuery::Direction::kUpstream;
  query.max_depth = q.max_depth;
  query.kinds = {NodeKind::kDataset};
  return query;
}

// Index::reach: the set of datasets, as the peers answer.
Timed run_ours(Index& index, const BenchMesh& mesh, const PeerQuery& q) {
  const LineageQuery query = our_query(mesh, q);
  const auto t0 = SteadyClock::now();
  auto set = index.reach(query);
  const double ms = seconds_since(t0) * 1e3;
  if (!set.ok()) fail("our reach query: " + set.status().to_string());
  Timed t{ms, {}};
  t.datasets.reserve(set->size());
  for (size_t i = 0; i < set->size(); ++i) t.datasets.push_back(BenchMesh::index_of(set->id(i)));
  std::sort(t.datasets.begin(), t.datasets.end());
  return t;
}

// Index::lineage without edges: every node with its distance, owner and domain (what the HTTP
// API and the web page show); timed only.
double run_ours_full(Index& index, const BenchMesh& mesh, const PeerQuery& q) {
  LineageQuery query = our_query(mesh, q);
  query.kinds.clear();
  query.include_edges = false;
  const auto t0 = SteadyClock::now();
  auto answer = index.lineage(query);
  const double ms = seconds_since(t0) * 1e3;
  if (!answer.ok()) fail("our lineage query: " + answer.status().to_string());
  return ms;
}

Timed run_peer(LineagePeer& peer, const PeerQuery& q) {
  const auto t0 = SteadyClock::now();
  auto reached = peer.reach(q);
  const double ms = seconds_since(t0) * 1e3;
  if (!reached.ok()) fail(peer.name() + ": " + reached.status().to_string());
  std::sort(reached->begin(), reached->end());
  return {ms, std::move(*reached)};
}

std::string describe(const BenchMesh& mesh, const PeerQuery& q) {
  return std::string(q.downstream ? "impact" : "provenance") + " of " + mesh.dataset_name(q.dataset) +
         (q.max_depth ? ", depth " + std::to_string(*q.max_depth) : ", whole closure");
}

// The queries, chosen with our index (every engine then runs the same ones).
std::vector<Query> choose_queries(Index& index, const BenchMesh& mesh, size_t per_class,
                                  size_t closures, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Query> out;
  for (uint32_t depth : {1u, 3u}) {
    for (size_t k = 0; k < per_class; ++k) {
      out.push_back({std::to_string(depth) + "-hop",
                     {rng() % mesh.datasets(), rng() % 2 == 0, depth}});
    }
  }
  // ~10k nodes: the least depth (up to Marquez's default of 20) whose answer has 5,000 datasets
  // or more, kept when it has at most 20,000.
  size_t found = 0;
  for (size_t attempt = 0; attempt < 50 * closures && found < closures; ++attempt) {
    PeerQuery q{rng() % mesh.datasets(), rng() % 2 == 0, std::nullopt};
    for (uint32_t d = 1; d <= 20; ++d) {
      q.max_depth = d;
      const size_t n = run_ours(index, mesh, q).datasets.size();
      if (n < 5'000) continue;
      if (n <= 20'000) {
        out.push_back({"10k-node", q});
        ++found;
      }
      break;
    }
  }
  // Whole closures: the impact of early datasets (most of the mesh derives from them) and the
  // provenance of late ones.
  for (size_t k = 0; k < closures; ++k) {
    const bool down = k % 2 == 0;
    const uint64_t i = down ? k / 2 : mesh.datasets() - 1 - k / 2;
    out.push_back({"whole-closure", {i, down, std::nullopt}});
  }
  return out;
}

struct Engine {  // a series of the plot
  std::string name, colour;
};

struct Samples {
  std::vector<double> ms;
  std::vector<double> sizes;
  bool equal = true;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lineage against peers: our index, PostgreSQL (Marquez's SQL) and SQLite"};
  BenchMeshOptions mesh_options;
  app.add_option("--datasets", mesh_options.datasets, "datasets in the mesh")->capture_default_str();
  app.add_option("--edges", mesh_options.edges, "derivation edges")->capture_default_str();
  app.add_option("--column-share", mesh_options.column_share,
                 "share of datasets with columns and column lineage")
      ->capture_default_str();
  app.add_option("--access-records", mesh_options.access_records, "access_recorded events")
      ->capture_default_str();
  app.add_option("--seed", mesh_options.seed, "generator seed")->capture_default_str();
  std::string store = "var/bench-peers", postgres, out_json, out_md, out_svg;
  app.add_option("--store", store, "our store (the folder is replaced)")
      ->capture_default_str()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--postgres", postgres,
                 "libpq connection string of an empty PostgreSQL (tools/dev starts one)");
  bool no_sqlite = false;
  app.add_flag("--no-sqlite", no_sqlite, "leave SQLite out");
  size_t per_class = 200, closures = 6;
  int threads = 4;
  app.add_option("--queries", per_class, "1-hop and 3-hop queries each")->capture_default_str();
  app.add_option("--closures", closures, "~10k-node and whole-closure queries each")
      ->capture_default_str();
  app.add_option("--ingest-threads", threads, "threads ingesting batches")->capture_default_str();
  app.add_option("--out-json", out_json, "write the figures here")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--out-md", out_md, "write the table here")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--out-svg", out_svg, "write the latency plot here")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  CLI11_PARSE(app, argc, argv);
  must(mesh_options.validate(), "options");

  auto t0 = SteadyClock::now();
  const BenchMesh mesh(mesh_options);
  std::cerr << "mesh: " << mesh.datasets() << " datasets, " << mesh.edges()
            << " derivation edges, " << mesh.events() << " events; drawn in " << seconds_since(t0)
            << " s\n";
  uint64_t column_datasets = 0;
  for (uint64_t i = 0; i < mesh.datasets(); ++i) column_datasets += mesh.has_columns(i);

  // Our engine: durable ingest, replay, snapshot start.
  std::filesystem::remove_all(store);
  std::filesystem::create_directories(store);
  auto log = must(EventLog::Open(LogOptions{}, store + "/log"), "open the store");
  const double ingest_s = ingest(mesh, *log, threads);
  const uint64_t logged = log->head().size;
  std::cerr << "ingest: " << logged << " events in " << ingest_s << " s\n";
  if (logged != mesh.events()) fail("the log has " + std::to_string(logged) + " events, not " +
                                    std::to_string(mesh.events()));
  size_t rss0 = rss_bytes();
  t0 = SteadyClock::now();
  auto index = must(Index::Build(*log), "replay");
  const double replay_s = seconds_since(t0);
  const size_t index_bytes = rss_bytes() - rss0;
  const std::string snapshot = store + "/index.snapshot";
  must(index->save_snapshot(snapshot), "save the snapshot");
  t0 = SteadyClock::now();
  IndexStart start;
  {
    auto opened = must(Index::Open(*log, snapshot, &start), "snapshot start");
    if (!start.from_snapshot) fail("snapshot start: " + start.snapshot_ignored);
  }
  const double snapshot_start_s = seconds_since(t0);
  std::cerr << "replay " << replay_s << " s, snapshot start " << snapshot_start_s << " s\n";

  // Peers.
  std::vector<std::unique_ptr<LineagePeer>> peers;
  std::map<std::string, double> load_s;
  if (!postgres.empty()) peers.push_back(must(connect_postgres(postgres), "postgresql"));
  if (!no_sqlite) peers.push_back(must(open_sqlite(), "sqlite"));
  for (auto& peer : peers) {
    t0 = SteadyClock::now();
    must(peer->load(mesh), peer->name() + ": load");
    load_s[peer->name()] = seconds_since(t0);
    std::cerr << peer->name() << ": loaded in " << load_s[peer->name()] << " s\n";
  }

  const auto queries = choose_queries(*index, mesh, per_class, closures, mesh_options.seed + 1);
  std::vector<Engine> engines{{"auditgraph", "#1f77b4"}};
  const char* colours[] = {"#d62728", "#2ca02c"};
  for (size_t p = 0; p < peers.size(); ++p) engines.push_back({peers[p]->name(), colours[p]});
  std::map<std::string, std::map<std::string, Samples>> samples;  // class -> engine -> samples
  std::vector<std::string> mismatches;
  for (const Query& query : queries) {
    // Ours runs first and twice when the answer is large, the second timed (a warm cache, as
    // a server's); the peers once each, after one warm-up of the same statement shape.
    Timed ours = run_ours(*index, mesh, query.q);
    if (ours.datasets.size() > 10'000) ours = run_ours(*index, mesh, query.q);
    samples[query.cls]["auditgraph"].ms.push_back(ours.ms);
    samples[query.cls]["auditgraph"].sizes.push_back(static_cast<double>(ours.datasets.size()));
    samples[query.cls]["full"].ms.push_back(run_ours_full(*index, mesh, query.q));
    for (auto& peer : peers) {
      Timed theirs = run_peer(*peer, query.q);
      auto& s = samples[query.cls][peer->name()];
      s.ms.push_back(theirs.ms);
      s.sizes.push_back(static_cast<double>(theirs.datasets.size()));
      if (theirs.datasets != ours.datasets) {
        s.equal = false;
        mismatches.push_back(peer->name() + ": " + describe(mesh, query.q) + ": " +
                             std::to_string(theirs.datasets.size()) + " datasets, ours " +
                             std::to_string(ours.datasets.size()));
      }
    }
  }

  // The table and the figures.
  const std::vector<std::string> classes = {"1-hop", "3-hop", "10k-node", "whole-closure"};
  std::string md =
      "| class | queries | answer (datasets, median) | auditgraph p50 / p99 / max ms | "
      "auditgraph full answer p50 ms |";
  for (auto& peer : peers) md += " " + peer->name() + " p50 / p99 / max ms | ratio (p50) | answers equal |";
  md += "\n|---|---|---|---|---|";
  for (size_t p = 0; p < peers.size(); ++p) md += "---|---|---|";
  md += "\n";
  auto fmt = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, v < 10 ? "%.3f" : v < 1000 ? "%.1f" : "%.0f", v);
    return std::string(buf);
  };
  auto triple = [&](const Samples& s) {
    return fmt(percentile(s.ms, 0.5)) + " / " + fmt(percentile(s.ms, 0.99)) + " / " +
           fmt(percentile(s.ms, 1));
  };
  json rows = json::array();
  for (const auto& cls : classes) {
    if (!samples.count(cls)) continue;
    const Samples& ours = samples[cls]["auditgraph"];
    md += "| " + cls + " | " + std::to_string(ours.ms.size()) + " | " +
          std::to_string(static_cast<uint64_t>(percentile(ours.sizes, 0.5))) + " | " +
          triple(ours) + " | " + fmt(percentile(samples[cls]["full"].ms, 0.5)) + " |";
    for (auto& peer : peers) {
      const Samples& s = samples[cls][peer->name()];
      const double ratio = percentile(s.ms, 0.5) / percentile(ours.ms, 0.5);
      md += " " + triple(s) + " | " + fmt(ratio) + "x | " + (s.equal ? "yes" : "**no**") + " |";
      rows.push_back({{"class", cls},
                      {"queries", ours.ms.size()},
                      {"answer_datasets_p50", static_cast<uint64_t>(percentile(ours.sizes, 0.5))},
                      {"ours_p50_ms", percentile(ours.ms, 0.5)},
                      {"ours_p99_ms", percentile(ours.ms, 0.99)},
                      {"ours_max_ms", percentile(ours.ms, 1)},
                      {"ours_full_answer_p50_ms", percentile(samples[cls]["full"].ms, 0.5)},
                      {"peer", peer->name()},
                      {"peer_p50_ms", percentile(s.ms, 0.5)},
                      {"peer_p99_ms", percentile(s.ms, 0.99)},
                      {"peer_max_ms", percentile(s.ms, 1)},
                      {"ratio", ratio},
                      {"answers_equal", s.equal}});
    }
    md += "\n";
  }
  const double edges = static_cast<double>(mesh.edges());
  json ingest_json = {
      {"events", logged},
      {"ingest_seconds", ingest_s},
      {"ingest_events_per_s", static_cast<double>(logged) / ingest_s},
      {"ingest_threads", threads},
      {"replay_seconds", replay_s},
      {"replay_events_per_s", static_cast<double>(logged) / replay_s},
      {"snapshot_mib", std::filesystem::file_size(snapshot) >> 20},
      {"snapshot_start_seconds", snapshot_start_s},
      {"index_rss_growth_mib", index_bytes >> 20},
      {"index_bytes_per_edge", static_cast<double>(index_bytes) / edges},
      {"process_rss_mib", rss_bytes() >> 20},
  };
  json peers_json = json::object();
  for (const auto& [name, s] : load_s) peers_json[name] = {{"load_seconds", s}};
  json doc = {{"machine", machine_description()},
              {"command", "tools/dev bench peers"},
              {"scale",
               {{"datasets", mesh.datasets()},
                {"derivation_edges", mesh.edges()},
                {"column_datasets", column_datasets},
                {"access_records", mesh_options.access_records},
                {"events", mesh.events()},
                {"seed", mesh_options.seed}}},
              {"ingest", ingest_json},
              {"peers", peers_json},
              {"queries", rows},
              {"mismatches", mismatches}};

  std::string summary =
      "mesh: " + std::to_string(mesh.datasets()) + " datasets, " + std::to_string(mesh.edges()) +
      " derivation edges, " + std::to_string(column_datasets) + " with columns, " +
      std::to_string(mesh_options.access_records) + " access records (" +
      std::to_string(logged) + " events, seed " + std::to_string(mesh_options.seed) + ")\n" +
      "ours: durable ingest " + fmt(static_cast<double>(logged) / ingest_s) + " events/s (" +
      fmt(ingest_s) + " s, " + std::to_string(threads) + " threads); replay " +
      fmt(static_cast<double>(logged) / replay_s) + " events/s (" + fmt(replay_s) +
      " s); snapshot start " + fmt(snapshot_start_s) + " s; index RSS growth " +
      std::to_string(index_bytes >> 20) + " MiB (" + fmt(static_cast<double>(index_bytes) / edges) +
      " bytes per derivation edge, access records included), process RSS " +
      std::to_string(rss_bytes() >> 20) + " MiB\n";
  for (const auto& [name, s] : load_s) summary += name + ": loaded in " + fmt(s) + " s\n";
  std::cout << summary << "\n" << md;
  for (const auto& m : mismatches) std::cout << "MISMATCH " << m << "\n";

  if (!out_json.empty()) std::ofstream(out_json) << doc.dump(2) << "\n";
  if (!out_md.empty()) {
    std::ofstream(out_md) << "# `tools/dev bench peers`\n\n" << machine_description() << "\n\n"
                          << summary << "\n" << md;
  }
  if (!out_svg.empty()) {
    std::vector<PlotSeries> series;
    for (const auto& engine : engines) {
      PlotSeries s{engine.name, engine.colour, {}};
      for (const auto& cls : classes) {
        if (!samples.count(cls)) continue;
        const Samples& e = samples[cls][engine.name];
        for (size_t i = 0; i < e.ms.size(); ++i) {
          s.points.push_back({std::max(1.0, e.sizes[i]), std::max(1e-4, e.ms[i])});
        }
      }
      series.push_back(std::move(s));
    }
    std::ofstream(out_svg) << latency_plot_svg(
        "lineage query latency by answer size, " + std::to_string(mesh.datasets()) +
            " datasets / " + std::to_string(mesh.edges()) + " edges",
        series);
  }
  return mismatches.empty() ? 0 : 1;
}
