// http_bench: `tools/dev bench http`. Load over loopback from this process against
// `auditgraph serve` running as a separate process, with bearer tokens (as deployed):
//   batch      POST /api/v1/lineage, arrays of 100 OpenLineage events, from --batch-connections
//              connections: durable events/s
//   single     POST /api/v1/lineage, one event per request, from 16 connections: requests/s
//   query      GET /v1/provenance?depth=1 and GET /api/v1/lineage?depth=1 (Marquez) on random
//              datasets of the 1M-dataset mesh in --query-store (made by `tools/dev bench index
//              --store DIR`), from 16 connections: requests/s. Twice: with an audit token, so
//              every query is first recorded in the log (a durable append), and on a server
//              without tokens, where nothing is recorded.
// Each phase runs --seconds and prints requests/s, events/s and latency p50/p99.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "auditgraph/clock.h"
#include "src/server/token_store.h"
#include "tools/bench/ol_generator.h"

namespace {

using namespace auditgraph;
using SteadyClock = std::chrono::steady_clock;

struct Server {
  pid_t pid = -1;
  int port = 0;

  Server(const std::string& bin, const std::string& store, const std::string& tokens) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    pid = ::fork();
    if (pid == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      std::vector<std::string> args = {bin,           "--store",         store, "serve", "--listen",
                                       "127.0.0.1:0", "--max-in-flight", "256"};
      if (!tokens.empty()) {
        args.push_back("--tokens");
        args.push_back(tokens);
      }
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    FILE* out = ::fdopen(fds[0], "r");
    char line[256] = {};
    if (!std::fgets(line, sizeof line, out)) throw std::runtime_error("serve did not start");
    const std::string first(line);
    port = std::stoi(first.substr(first.rfind(':') + 1));
    std::fclose(out);
  }
  ~Server() {
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }
};

struct PhaseResult {
  uint64_t requests = 0, events = 0, failed = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Runs `connections` threads, each calling `request(client, thread, i)` in a loop for `seconds`;
// `request` returns the events the request carried when it succeeded, -1 when it failed.
template <typename F>
PhaseResult run_phase(int port, const std::string& token, int connections, double seconds,
                      F&& request) {
  std::vector<PhaseResult> per(static_cast<size_t>(connections));
  std::vector<std::thread> threads;
  const auto start = SteadyClock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  for (int t = 0; t < connections; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(60, 0);
      if (!token.empty()) client.set_bearer_token_auth(token);
      PhaseResult& r = per[static_cast<size_t>(t)];
      for (uint64_t i = 0; SteadyClock::now() < end; ++i) {
        const auto t0 = SteadyClock::now();
        const int64_t events = request(client, t, i);
        r.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count());
        if (events < 0) {
          ++r.failed;
        } else {
          ++r.requests;
          r.events += static_cast<uint64_t>(events);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  PhaseResult all;
  all.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  for (auto& r : per) {
    all.requests += r.requests;
    all.events += r.events;
    all.failed += r.failed;
    all.latencies_ms.insert(all.latencies_ms.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  return all;
}

void report(const std::string& name, PhaseResult r, bool events) {
  std::printf("%-34s %9.0f req/s", name.c_str(), static_cast<double>(r.requests) / r.seconds);
  if (events) std::printf("  %9.0f events/s", static_cast<double>(r.events) / r.seconds);
  std::printf("  p50 %.2f ms  p99 %.2f ms  (%llu ok, %llu failed, %.1f s)\n",
              percentile(r.latencies_ms, 0.5), percentile(r.latencies_ms, 0.99),
              static_cast<unsigned long long>(r.requests),
              static_cast<unsigned long long>(r.failed), r.seconds);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"HTTP service benchmark (loopback, separate server process)"};
  std::string bin = "build-release/tools/auditgraph";
  std::string dir = "var/bench-http";
  std::string query_store = "var/bench-index";
  double seconds = 10;
  int batch_connections = 8;
  uint64_t datasets = 1'000'000;
  app.add_option("--bin", bin, "the auditgraph binary")->capture_default_str();
  app.add_option("--dir", dir, "scratch folder (a fresh ingest store and tokens)")
      ->capture_default_str();
  app.add_option("--query-store", query_store,
                 "a store made by `tools/dev bench index --store DIR` (\"\" skips the queries)")
      ->capture_default_str();
  app.add_option("--datasets", datasets, "datasets in the query store")->capture_default_str();
  app.add_option("--seconds", seconds, "per phase")->capture_default_str();
  app.add_option("--batch-connections", batch_connections)->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string tokens_path = dir + "/tokens.json";
  TokenStore tokens(tokens_path);
  SystemClock clock;
  const std::string ingest = tokens.add("bench-ingest", Role::kIngest, clock.now()).value();
  const std::string audit = tokens.add("bench-auditor", Role::kAudit, clock.now()).value();

  std::atomic<uint64_t> next_event{0};
  {
    Server server(bin, dir + "/store", tokens_path);
    std::printf("server pid %d on port %d, store %s/store, %u cores\n", server.pid, server.port,
                dir.c_str(), std::thread::hardware_concurrency());
    auto batch = run_phase(server.port, ingest, batch_connections, seconds,
                           [&](httplib::Client& c, int, uint64_t) -> int64_t {
                             const uint64_t first = next_event.fetch_add(100);
                             std::string body = "[";
                             for (uint64_t n = first; n < first + 100; ++n) {
                               body += (n == first ? "" : ",") + bench::openlineage_event(n);
                             }
                             body += "]";
                             auto r = c.Post("/api/v1/lineage", body, "application/json");
                             return r && r->status == 201 ? 100 : -1;
                           });
    report("batch ingest (100 events/request)", batch, true);
    auto single = run_phase(
        server.port, ingest, 16, seconds, [&](httplib::Client& c, int, uint64_t) -> int64_t {
          auto r = c.Post("/api/v1/lineage", bench::openlineage_event(next_event.fetch_add(1)),
                          "application/json");
          return r && r->status == 201 ? 1 : -1;
        });
    report("single-event POSTs, 16 connections", single, true);
  }

  if (query_store.empty() || !std::filesystem::exists(query_store + "/CURRENT")) {
    std::printf(
        "query phase skipped: no store at '%s' (make it with `tools/dev bench index "
        "--store %s`)\n",
        query_store.c_str(), query_store.c_str());
    return 0;
  }
  auto queries = [&](const std::string& token, const std::string& label) {
    Server server(bin, query_store, token.empty() ? "" : tokens_path);
    for (const bool marquez : {false, true}) {
      auto r = run_phase(server.port, token, 16, seconds,
                         [&](httplib::Client& c, int t, uint64_t i) -> int64_t {
                           std::mt19937_64 rng(static_cast<uint64_t>(t) * 1'000'003 + i);
                           const std::string node = httplib::detail::encode_query_param(
                               "dataset:s3://lake:mesh.ds" + std::to_string(rng() % datasets));
                           auto res = c.Get(marquez ? "/api/v1/lineage?depth=1&nodeId=" + node
                                                    : "/v1/provenance?depth=1&node=" + node);
                           return res && res->status == 200 ? 0 : -1;
                         });
      report(std::string(marquez ? "GET /api/v1/lineage" : "GET /v1/provenance") + " " + label, r,
             false);
    }
  };
  queries(audit, "(audit, recorded)");
  queries("", "(no tokens, loopback)");
  return 0;
}
