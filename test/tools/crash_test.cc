// The crash loop in the suite: 20 rounds of SIGKILL against a durable, multi-threaded writer,
// through the library and through the HTTP server.
#include "tools/crash/crash_loop.h"

#include <doctest/doctest.h>

#include <cstdlib>

#include "test/util/temp_dir.h"

namespace auditgraph::crash {
namespace {

TEST_CASE("every acknowledged event survives 20 SIGKILLs of the writer") {
  const char* child = std::getenv("AUDITGRAPH_CRASH_BIN");
  REQUIRE_MESSAGE(child != nullptr, "AUDITGRAPH_CRASH_BIN is set by meson test");
  testing::TempDir dir;
  CrashLoopOptions options;
  options.store = dir.sub("store");
  options.child_binary = child;
  options.rounds = 20;
  options.seed = 20261124;
  CrashLoopReport r = run_crash_loop(options, {});
  CHECK_MESSAGE(r.ok, r.failure);
  CHECK(r.rounds == 20);
  CHECK(r.acknowledged > 0);
  CHECK(r.final_size >= r.acknowledged);
  MESSAGE("crash loop: " << r.rounds << " rounds, " << r.acknowledged
                         << " acknowledged events, log size " << r.final_size);
}

TEST_CASE("every acknowledged event survives 20 SIGKILLs of the HTTP server") {
  const char* server = std::getenv("AUDITGRAPH_CLI");
  REQUIRE_MESSAGE(server != nullptr, "AUDITGRAPH_CLI is set by meson test");
  testing::TempDir dir;
  CrashLoopOptions options;
  options.store = dir.sub("store");
  options.server_binary = server;
  options.rounds = 20;
  options.seed = 20261125;
  options.threads = 3;
  options.max_run_ms = 400;  // the server first opens its store and index
  CrashLoopReport r = run_crash_loop(options, {});
  CHECK_MESSAGE(r.ok, r.failure);
  CHECK(r.rounds == 20);
  CHECK(r.acknowledged > 0);
  CHECK(r.final_size >= r.acknowledged);
  CHECK(r.index_checks > 20);
  MESSAGE("crash loop (HTTP): " << r.rounds << " rounds, " << r.acknowledged
                                << " acknowledged events, log size " << r.final_size << ", "
                                << r.index_checks << " index answers compared");
}

}  // namespace
}  // namespace auditgraph::crash
