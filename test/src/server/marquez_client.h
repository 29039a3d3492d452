// Small helpers the Marquez route tests share: GET as the audit token with the status checked,
// and posting OpenLineage fixture files as the ingest token.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "test/src/server/test_server.h"
#include "test/util/fixtures.h"

namespace auditgraph::testing {

using ojson = nlohmann::ordered_json;

inline ojson marquez_get(TestServer& s, const std::string& target, int want = 200) {
  auto r = s.client("alice").Get(target);
  REQUIRE(r);
  CHECK_MESSAGE(r->status == want, target, " ", r->body);
  return ojson::parse(r->body);
}

// Posts ../shared/fixtures/openlineage/events/<name> to /api/v1/lineage.
inline void post_events(TestServer& s, const std::string& name) {
  const std::string events =
      read_file(fixtures_dir() / "openlineage" / "events" / name);
  auto r = s.client("ingestor").Post("/api/v1/lineage", events, "application/json");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 201, name, " ", r->body);
}

inline std::string q(const std::string& value) {
  return httplib::detail::encode_query_param(value);
}

}  // namespace auditgraph::testing
