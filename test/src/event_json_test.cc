#include "src/event_json.h"

#include <doctest/doctest.h>

#include "src/sample_mesh.h"

namespace auditgraph {
namespace {

TEST_CASE("RFC 3339 times keep nanoseconds and handle times before 1970") {
  CHECK(format_rfc3339(Timestamp{0}) == "1970-01-01T00:00:00.000000000Z");
  CHECK(format_rfc3339(Timestamp{1'790'726'400'000'000'001}) == "2026-09-30T00:00:00.000000001Z");
  CHECK(format_rfc3339(Timestamp{-1}) == "1969-12-31T23:59:59.999999999Z");
}

TEST_CASE("every sample event renders with its kind and payload") {
  auto events = sample_mesh_events(Timestamp{1'790'726'400'000'000'000});
  for (const auto& e : events) {
    auto j = event_to_json(e);
    CHECK(j["kind"] == payload_kind_name(e.payload));
    CHECK(j["payload"].is_object());
  }
  auto run = event_to_json(events[4]);
  CHECK(run["payload"]["state"] == "COMPLETE");
  CHECK(run["payload"]["outputs"][0]["column_lineage"][2]["inputs"][0]["masking"] == true);
}

TEST_CASE("proof JSON carries the fields a third party needs") {
  InclusionProof p{3, 8, sha256("a"), {sha256("b")}, sha256("c")};
  auto j = inclusion_to_json(p);
  CHECK(j["seq"] == 3);
  CHECK(j["size"] == 8);
  CHECK(j["leaf_hash"] == sha256("a").hex());
  CHECK(j["proof"].size() == 1);
  CHECK(j["root"] == sha256("c").hex());
}

}  // namespace
}  // namespace auditgraph
