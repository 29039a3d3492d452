// A store for tests: opened without fsync (nothing here survives a crash on purpose), so suites
// stay fast.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "auditgraph/event_log.h"
#include "test/util/temp_dir.h"

namespace auditgraph::testing {

// Opens (or creates) the store at `dir`; the test fails if it will not open.
inline std::unique_ptr<EventLog> open_test_log(const std::string& dir) {
  LogOptions options;
  options.sync = false;
  auto log = EventLog::Open(options, dir);
  REQUIRE_MESSAGE(log.ok(), log.status().message());
  return std::move(*log);
}

// A fresh store in a temporary folder, removed with it.
struct TestStore {
  TempDir dir;
  std::unique_ptr<EventLog> log = open_test_log(dir.sub("store"));
};

}  // namespace auditgraph::testing
