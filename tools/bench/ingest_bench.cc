// ingest_bench: `tools/dev bench ingest`.
//
//   parse        parse + validate + normalize ~1.3 KB OpenLineage events (schema and column
//                lineage facets) on one core; median events/s over repetitions
//   end-to-end   `auditgraph ingest` of an N-event NDJSON file into a fresh store, durable; the
//                CLI's own events/s (its --json summary), median over repetitions
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "auditgraph/ingest.h"
#include "tools/bench/ol_generator.h"

namespace {

using namespace auditgraph;
using SteadyClock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double parse_rate(const std::vector<std::string>& events) {
  EventParser parser;
  Event out;
  const auto start = SteadyClock::now();
  for (size_t i = 0; i < events.size(); ++i) {
    if (auto error = parser.parse_event(events[i], i, IngestFormat::kOpenLineage, out)) {
      std::cerr << "bench event refused: " << error->message() << "\n";
      std::exit(1);
    }
  }
  const double s = std::chrono::duration<double>(SteadyClock::now() - start).count();
  return events.size() / s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ingest throughput"};
  int reps = 5;
  size_t parse_events = 200'000;
  size_t file_events = 1'000'000;
  int file_reps = 3;
  std::string cli = "build-release/tools/auditgraph";
  std::string dir = "var/bench-ingest";
  std::string only;
  app.add_option("--reps", reps, "parse repetitions")->capture_default_str();
  app.add_option("--parse-events", parse_events, "events per parse repetition")->capture_default_str();
  app.add_option("--file-events", file_events, "events in the NDJSON file")->capture_default_str();
  app.add_option("--file-reps", file_reps, "end-to-end repetitions")->capture_default_str();
  app.add_option("--cli", cli, "the auditgraph binary")->capture_default_str();
  app.add_option("--dir", dir, "scratch directory")->capture_default_str();
  app.add_option("--only", only, "parse or end-to-end");
  bool keep = false;
  app.add_flag("--keep", keep, "keep the scratch directory (the NDJSON file, for profiling)");
  CLI11_PARSE(app, argc, argv);

  std::vector<std::string> events;
  events.reserve(parse_events);
  size_t bytes = 0;
  for (size_t i = 0; i < parse_events; ++i) {
    events.push_back(bench::openlineage_event(i));
    bytes += events.back().size();
  }
  std::cout << "event size: " << bytes / parse_events << " bytes (mean)\n";

  if (only.empty() || only == "parse") {
    std::vector<double> rates;
    for (int r = 0; r < reps; ++r) rates.push_back(parse_rate(events));
    std::cout << "parse+validate+normalize, one core: median " << static_cast<uint64_t>(median(rates))
              << " events/s over " << reps << " runs of " << parse_events << " (target 300000)\n";
  }
  if (!only.empty() && only != "end-to-end") return 0;

  std::filesystem::create_directories(dir);
  const std::string file = dir + "/events.ndjson";
  {
    std::ofstream out(file, std::ios::binary);
    for (size_t i = 0; i < file_events; ++i) out << bench::openlineage_event(i) << '\n';
  }
  std::cout << "wrote " << file << " (" << std::filesystem::file_size(file) / (1 << 20)
            << " MiB, " << file_events << " events)\n";
  std::vector<double> rates;
  for (int r = 0; r < file_reps; ++r) {
    const std::string store = dir + "/store";
    std::filesystem::remove_all(store);
    const std::string summary = dir + "/summary.json";
    const std::string command =
        cli + " --store " + store + " ingest --no-progress --json " + file + " > " + summary;
    if (std::system(command.c_str()) != 0) {
      std::cerr << "failed: " << command << "\n";
      return 1;
    }
    std::ifstream in(summary);
    auto j = nlohmann::json::parse(in);
    if (j["written"].get<uint64_t>() != file_events) {
      std::cerr << "expected " << file_events << " written, got " << j.dump() << "\n";
      return 1;
    }
    rates.push_back(j["events_per_second"].get<double>());
    std::cout << "  run " << r + 1 << ": " << static_cast<uint64_t>(rates.back()) << " events/s in "
              << j["seconds"].get<double>() << " s\n";
  }
  std::cout << "auditgraph ingest, durable, fresh store: median "
            << static_cast<uint64_t>(median(rates)) << " events/s over " << file_reps
            << " runs (target 100000)\n";
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}
