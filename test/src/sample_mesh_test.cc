#include "src/sample_mesh.h"

#include <doctest/doctest.h>

#include <set>

namespace auditgraph {
namespace {

TEST_CASE("the sample mesh has every payload kind but one run state, with unique keys") {
  auto events = sample_mesh_events(Timestamp{0});
  std::set<std::string> kinds, keys;
  for (const auto& e : events) {
    kinds.insert(payload_kind_name(e.payload));
    keys.insert(e.idempotency_key);
  }
  CHECK(keys.size() == events.size());
  for (const char* k :
       {"run", "dataset_declared", "schema_changed", "deprecation", "ownership_changed",
        "classified", "access_granted", "access_revoked", "membership_added", "access_recorded"}) {
    CAPTURE(k);
    CHECK(kinds.count(k) == 1);
  }
}

}  // namespace
}  // namespace auditgraph
