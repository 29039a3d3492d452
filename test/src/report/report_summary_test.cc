// The compliance report's summary: the rows that need action, on a small hand-built mesh where
// each kind of them appears once; the default JSON leads with counts and leaves the listings of
// the whole scope out (counting them); --full and the CSV list every row.
//
// The Sales domain, 2026-10-01 (the period is that day):
//
//   sales.raw [product, owner team:sales; id, email (PII), amount]
//      |  sales.build, completes 01:10; email -> email (IDENTITY)
//      v
//   sales.mart [product, owner team:sales, SLO 1 h; id, email]      sales.scratch [no owner]
//
//   group sales-readers <- group sales-analysts <- user ann
//   grant-domain: READ on domain Sales to sales-readers (purpose, expiry): ann reads every Sales
//                 dataset through two groups
//   grant-open:   READ on sales.mart to bob, no expiry, no purpose; bob holds nothing on
//                 sales.raw, whose email reaches sales.mart unmasked
//   grant-admin:  ADMIN on sales.raw to cid (purpose, expiry)
//   12:00 sales.raw drops amount (breaking), no deprecation notice before it
//   nobody reads sales.mart: written once at 01:10, then nothing until the day ends (SLO 1 h)
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auditgraph/ingest.h"
#include "auditgraph/report.h"
#include "src/report/report_files.h"
#include "src/report/report_json.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kMesh[] = {
    R"({"kind":"data_product_published","eventTime":"2026-10-01T00:00:00Z","dataset":{"namespace":"lake","name":"sales.raw"},"domain":"Sales","owners":[{"name":"team:sales"}],"schema":[{"name":"id","type":"string"},{"name":"email","type":"string","tags":["PII"]},{"name":"amount","type":"decimal"}]})",
    R"({"kind":"data_product_published","eventTime":"2026-10-01T00:00:00Z","dataset":{"namespace":"lake","name":"sales.mart"},"domain":"Sales","owners":[{"name":"team:sales"}],"schema":[{"name":"id","type":"string"},{"name":"email","type":"string"}],"freshnessSloSeconds":3600})",
    R"({"kind":"dataset_declared","eventTime":"2026-10-01T00:00:00Z","dataset":{"namespace":"lake","name":"sales.scratch"},"domain":"Sales"})",
    R"({"kind":"membership_added","eventTime":"2026-10-01T00:00:00Z","group":"sales-readers","member":{"kind":"group","name":"sales-analysts"}})",
    R"({"kind":"membership_added","eventTime":"2026-10-01T00:00:00Z","group":"sales-analysts","member":{"kind":"user","name":"ann"}})",
    R"({"kind":"access_granted","eventTime":"2026-10-01T00:00:00Z","grantId":"grant-domain","grantee":{"kind":"group","name":"sales-readers"},"resource":{"kind":"domain","domain":"Sales"},"privilege":"READ","purpose":"analytics","approver":"carol","expiresAt":"2027-01-01T00:00:00Z"})",
    R"({"kind":"access_granted","eventTime":"2026-10-01T00:00:00Z","grantId":"grant-open","grantee":{"kind":"user","name":"bob"},"resource":{"kind":"dataset","dataset":{"namespace":"lake","name":"sales.mart"}},"privilege":"READ","approver":"carol"})",
    R"({"kind":"access_granted","eventTime":"2026-10-01T00:00:00Z","grantId":"grant-admin","grantee":{"kind":"user","name":"cid"},"resource":{"kind":"dataset","dataset":{"namespace":"lake","name":"sales.raw"}},"privilege":"ADMIN","purpose":"operations","approver":"carol","expiresAt":"2027-01-01T00:00:00Z"})",
    R"({"eventType":"START","eventTime":"2026-10-01T01:00:00Z","run":{"runId":"r1"},"job":{"namespace":"etl","name":"sales.build"},"inputs":[{"namespace":"lake","name":"sales.raw"}]})",
    R"({"eventType":"COMPLETE","eventTime":"2026-10-01T01:10:00Z","run":{"runId":"r1"},"job":{"namespace":"etl","name":"sales.build"},"inputs":[{"namespace":"lake","name":"sales.raw"}],"outputs":[{"namespace":"lake","name":"sales.mart","facets":{"columnLineage":{"_producer":"test","fields":{"email":{"inputFields":[{"namespace":"lake","name":"sales.raw","field":"email","transformations":[{"type":"DIRECT","subtype":"IDENTITY"}]}]}}}}}]})",
    R"({"kind":"schema_changed","eventTime":"2026-10-01T12:00:00Z","dataset":{"namespace":"lake","name":"sales.raw"},"version":"2","schema":[{"name":"id","type":"string"},{"name":"email","type":"string","tags":["PII"]}]})",
};

const std::string kRaw = "dataset:lake:sales.raw", kMart = "dataset:lake:sales.mart",
                  kScratch = "dataset:lake:sales.scratch";

struct Mesh {
  testing::TestStore store;
  Mesh() {
    std::string ndjson;
    for (const char* e : kMesh) ndjson += std::string(e) + "\n";
    Ingestor ingestor(*store.log);
    auto r = ingestor.ingest(ndjson);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    for (const auto& e : r->errors) CAPTURE(e.message());
    REQUIRE(r->errors.empty());
  }
  ComplianceReport report(bool list_group_access) const {
    ReportQuery q;
    q.from = *parse_rfc3339("2026-10-01T00:00:00Z");
    q.to = *parse_rfc3339("2026-10-02T00:00:00Z");
    q.list_group_access = list_group_access;
    auto r = compliance_report(*store.log, q);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return *r;
  }
};

template <class Rows, class Key>
std::vector<std::string> keys(const Rows& rows, Key key) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(key(r));
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_CASE("each kind of row that needs action is reported") {
  Mesh m;
  const ComplianceReport r = m.report(false);
  CHECK(r.unowned_datasets == std::vector<std::string>{kScratch});
  CHECK(keys(r.grants_unbounded, [](const auto& g) { return g.grant_id; }) ==
        std::vector<std::string>{"grant-open"});
  CHECK(keys(r.grants_privileged, [](const auto& g) { return g.grant_id; }) ==
        std::vector<std::string>{"grant-admin"});
  REQUIRE(r.pii_readers_without_source_grant.size() == 1);
  CHECK(r.pii_readers_without_source_grant[0].principal.name == "bob");
  CHECK(r.pii_readers_without_source_grant[0].without_source_grant ==
        std::vector<std::string>{kMart});
  REQUIRE(r.breaking_without_notice.size() == 1);
  CHECK(r.breaking_without_notice[0].dataset == kRaw);
  CHECK(r.unused_products == std::vector<std::string>{kMart});
  CHECK(keys(r.freshness_breaches, [](const auto& b) { return b.dataset; }) ==
        std::vector<std::string>{kMart});
  // ann reaches each of the three Sales datasets through sales-readers <- sales-analysts.
  CHECK(r.group_access_total == 3);
  CHECK(r.group_access.empty());  // counted, not listed
  const ComplianceReport listed = m.report(true);
  CHECK(listed.group_access_total == 3);
  REQUIRE(listed.group_access.size() == 3);
  CHECK(listed.group_access[0].chain ==
        std::vector<std::string>{"sales-readers", "sales-analysts"});
}

TEST_CASE(
    "the default JSON leads with the counts and the action rows, and leaves the inventory "
    "and group paths out, counted") {
  Mesh m;
  const json doc = report_to_json(m.report(false), false);
  // The summary comes before the sections.
  std::vector<std::string> top;
  for (const auto& [key, v] : doc.items()) top.push_back(key);
  CHECK(std::find(top.begin(), top.end(), "summary") <
        std::find(top.begin(), top.end(), "sections"));
  const json& summary = doc["summary"];
  CHECK(summary["rows"]["datasets"] == 3);
  CHECK(summary["rows"]["access_through_groups"] == 3);
  CHECK(summary["needs_action"] == 7);  // one row of each kind
  for (const char* table : {"unowned_datasets", "grants_without_expiry_or_purpose",
                            "grants_privileged", "readers_without_source_grant",
                            "breaking_without_notice", "unused_products", "slo_breaches"}) {
    CAPTURE(table);
    CHECK(summary["action_rows"][table] == 1);
  }
  const json& left_out = summary["left_out"];
  for (const char* table : {"datasets", "access_through_groups", "grants_active", "flows"}) {
    CAPTURE(table);
    CHECK(std::find(left_out.begin(), left_out.end(), table) != left_out.end());
  }
  REQUIRE(doc["sections"].size() == 8);
  const json& inventory = doc["sections"][0];
  CHECK_FALSE(inventory["tables"].contains("datasets"));
  CHECK(inventory["left_out"]["datasets"] == 3);
  CHECK(inventory["tables"]["unowned_datasets"][0]["dataset"] == kScratch);
  CHECK_FALSE(doc["sections"][2]["tables"].contains("access_through_groups"));
  CHECK(doc["sections"][2]["left_out"]["access_through_groups"] == 3);
  CHECK(doc["sections"][2]["tables"]["grants_privileged"][0]["grant_id"] == "grant-admin");
  // The integrity section stays whole.
  CHECK(doc["sections"][7]["tables"]["log"][0]["verified"] == true);
  CHECK(doc["sections"][7]["tables"]["log"][0].contains("checkpoint"));
}

TEST_CASE("--full lists every table, and the CSV has every inventory row and group path") {
  Mesh m;
  const json doc = report_to_json(m.report(true), true);
  CHECK(doc["full"] == true);
  CHECK(doc["summary"]["left_out"].empty());
  const json& rows = doc["sections"][0]["tables"]["datasets"];
  CHECK(keys(rows, [](const json& d) { return d["dataset"].get<std::string>(); }) ==
        std::vector<std::string>{kMart, kRaw, kScratch});  // products first
  CHECK(doc["sections"][2]["tables"]["access_through_groups"].size() == 3);
  CHECK_FALSE(doc["sections"][0].contains("left_out"));

  testing::TempDir out;
  REQUIRE(write_report_csv(doc, out.sub("csv")).ok());
  const std::string inventory = read_file(out.sub("csv") + "/1_datasets.csv");
  CHECK(std::count(inventory.begin(), inventory.end(), '\n') == 4);  // the header and 3 rows
  for (const std::string& id : {kRaw, kMart, kScratch}) {
    CAPTURE(id);
    CHECK(inventory.find("\r\n" + id + ",") != std::string::npos);
  }
  const std::string paths = read_file(out.sub("csv") + "/3_access_through_groups.csv");
  CHECK(std::count(paths.begin(), paths.end(), '\n') == 4);
  CHECK(paths.find("user:ann") != std::string::npos);
}

}  // namespace
}  // namespace auditgraph
