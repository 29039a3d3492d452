// The crash loop in the suite: 20 rounds of SIGKILL against a durable, multi-threaded writer.
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

}  // namespace
}  // namespace auditgraph::crash
