// A failed fsync, injected through a FaultyDisk: the caller is told, the log stops taking appends,
// nothing unsynced is ever shown to readers, and a reopen finds every acknowledged event with a
// tree that verifies.
#include <doctest/doctest.h>

#include "auditgraph/event_log.h"
#include "auditgraph/faulty_disk.h"
#include "test/util/events.h"
#include "test/util/temp_dir.h"

namespace auditgraph::storage {
namespace {

TEST_CASE("a failed fsync is reported, stops the log, and loses nothing acknowledged") {
  testing::TempDir dir;
  auto disk = FaultyDisk::Create({});
  REQUIRE(disk.ok());
  LogOptions on_disk;
  on_disk.disk = *disk;
  std::vector<Event> acked = {testing::access_event(0, "a"), testing::access_event(1, "b")};
  LogHead before;
  {
    auto log = EventLog::Open(on_disk, dir.path());
    REQUIRE(log.ok());
    REQUIRE((*log)->append(acked).ok());
    before = (*log)->head();

    REQUIRE((*disk)->set_rates({.sync_failure = 1}).ok());
    Event c = testing::access_event(2, "c");
    auto failed = (*log)->append(std::span(&c, 1));
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.status().message().find("injected fsync failure") != std::string::npos);
    CHECK((*log)->head() == before);  // never published
    CHECK((*log)->read(2).status().is_not_found());

    REQUIRE((*disk)->set_rates({}).ok());  // even once the disk "recovers", the log stays stopped
    Event d = testing::access_event(3, "d");
    auto stopped = (*log)->append(std::span(&d, 1));
    REQUIRE_FALSE(stopped.ok());
    CHECK(stopped.status().message().find("event log stopped after a failed write or sync") == 0);
    CHECK((*log)->stats().refused == 2);
  }
  // A reopen tells what is durable: every acknowledged event, and a tree that verifies. The
  // refused event may or may not have reached the disk; it was never acknowledged.
  auto log = EventLog::Open({}, dir.path());
  REQUIRE(log.ok());
  CHECK((*log)->head().size >= before.size);
  CHECK((*log)->root_at(before.size).value() == before.root);
  CHECK((*log)->read(0)->idempotency_key == "a");
  CHECK((*log)->read(1)->idempotency_key == "b");
  CHECK((*log)->verify().ok);
}

}  // namespace
}  // namespace auditgraph::storage
