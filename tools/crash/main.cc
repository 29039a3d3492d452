// auditgraph-crash: long runs of the crash loop (tools/crash/crash_loop.h).
//   auditgraph-crash --store DIR --rounds N [--seed S] [--threads T] [--server AUDITGRAPH_BIN]
#include <CLI/CLI.hpp>

#include <iostream>

#include "tools/crash/crash_loop.h"

int main(int argc, char** argv) {
  using namespace auditgraph::crash;
  if (argc == 5 && std::string(argv[1]) == "--child") {
    return run_child(argv[2], std::stoi(argv[3]), std::stoi(argv[4]), 3);
  }
  CLI::App app{"crash loop: SIGKILL a durable writer and check every acknowledged event"};
  CrashLoopOptions options;
  options.store = "./var/crash";
  app.add_option("--store", options.store, "store directory")->capture_default_str();
  app.add_option("--rounds", options.rounds, "rounds")->capture_default_str();
  app.add_option("--seed", options.seed, "random seed")->capture_default_str();
  app.add_option("--threads", options.threads, "appending threads in the child")
      ->capture_default_str();
  app.add_option("--max-ms", options.max_run_ms, "longest run before the kill")
      ->capture_default_str();
  app.add_option("--server", options.server_binary,
                 "write through this auditgraph binary's HTTP server instead of the library")
      ->check(CLI::ExistingFile);
  CLI11_PARSE(app, argc, argv);
  options.child_binary = "/proc/self/exe";
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) options.child_binary.assign(self, static_cast<size_t>(n));

  CrashLoopReport r =
      run_crash_loop(options, [](const std::string& line) { std::cout << line << "\n"; });
  if (!r.ok) {
    std::cerr << "crash loop FAILED: " << r.failure << "\n";
    return 1;
  }
  std::cout << "crash loop ok" << (options.server_binary.empty() ? " (library)" : " (HTTP)") << ": "
            << r.rounds << " rounds, " << r.acknowledged
            << " acknowledged events, each found intact after its round, log size " << r.final_size
            << ", verify passed every round, " << r.index_checks
            << " index answers equal to a rebuilt index's\n";
  return 0;
}
