// The compliance report over the small fixed sample mesh (src/sample_mesh.cc: Orders, Customers,
// Payments and Finance on 2026-09-30, one event a minute from 00:00):
//
//   orders.events.v1 ----+--(orders.enrich)--> orders.enriched.v1 --(finance.revenue)--> finance.revenue.daily.v2
//   customers.profile.v2 +                                              payments.settlements.v1 --+
//
// The JSON is compared structurally with a golden file; CSV and HTML are checked for their
// tables and sections; the same report twice is identical, whatever is appended afterwards.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "auditgraph/report.h"
#include "src/report/report_files.h"
#include "src/report/report_json.h"
#include "src/sample_mesh.h"
#include "test/util/html.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

using json = nlohmann::ordered_json;

constexpr Timestamp kStart{1'790'726'400'000'000'000};  // 2026-09-30T00:00:00Z
constexpr int64_t kHour = 3'600'000'000'000;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string golden_path() {
  const char* dir = std::getenv("AUDITGRAPH_TEST_DATA");
  REQUIRE_MESSAGE(dir != nullptr, "AUDITGRAPH_TEST_DATA is set by meson test");
  return std::string(dir) + "/report/compliance_sample.json";
}

struct Store {
  testing::TempDir dir;
  std::unique_ptr<EventLog> log;
  Store() {
    auto opened = EventLog::Open(LogOptions{}, dir.path());
    REQUIRE(opened.ok());
    log = std::move(*opened);
    REQUIRE(log->append(sample_mesh_events(kStart)).ok());
  }
};

// The sample's day, read at log size `size` (none: the whole log).
ReportQuery the_day(std::optional<uint64_t> size) {
  ReportQuery q;
  q.from = kStart;
  q.to = Timestamp{kStart.unix_nanos + 24 * kHour};
  q.log_size = size;
  return q;
}

TEST_CASE("the compliance report of the sample mesh matches its golden JSON") {
  Store s;
  ReportQuery q = the_day(s.log->head().size);
  auto report = compliance_report(*s.log, q);
  REQUIRE(report.ok());
  const json got = report_to_json(*report, true);
  if (std::getenv("AUDITGRAPH_UPDATE_GOLDEN")) {
    std::ofstream(golden_path()) << got.dump(2) << "\n";
  }
  const json want = json::parse(read_file(golden_path()));
  // Everything but the log's root (the records carry the time they were recorded at).
  json a = got, b = want;
  for (json* j : {&a, &b}) {
    (*j)["log"].erase("root");
    (*j)["sections"][7]["tables"]["log"][0].erase("root");
  }
  CHECK(a == b);
  CHECK(report->verified);

  // The pitfalls the sample holds are where an auditor looks for them.
  CHECK(report->at.size == s.log->head().size);
  CHECK(!report->grants_revoked.empty());
  CHECK(!report->pii_flows.empty());
  CHECK(!report->schema_changes.empty());
}

TEST_CASE("the same report twice is identical, and appending later events does not change it") {
  Store s;
  ReportQuery q = the_day(s.log->head().size);
  q.since_size = 3;
  auto first = compliance_report(*s.log, q);
  REQUIRE(first.ok());
  REQUIRE(first->since.has_value());
  CHECK(verify_consistency(3, first->at.size, first->since->from_root, first->at.root,
                           first->since->path)
            .ok());
  REQUIRE(s.log->append(sample_mesh_events(Timestamp{kStart.unix_nanos + kHour})).ok());
  auto second = compliance_report(*s.log, q);
  REQUIRE(second.ok());
  const json a = report_to_json(*first, true), b = report_to_json(*second, true);
  CHECK(a.dump() == b.dump());
  CHECK(report_html(a, lineage_svg(*first)) == report_html(b, lineage_svg(*second)));

  // Without a size, the report reads the whole log as it is now: the day's events were recorded
  // long after the day (a backfill), and are reported; the report names the size it read.
  ReportQuery backfilled = the_day(std::nullopt);
  auto now = compliance_report(*s.log, backfilled);
  REQUIRE(now.ok());
  CHECK(now->at.size == s.log->head().size);
  CHECK(now->query.log_size == s.log->head().size);
  CHECK(!now->inventory.empty());
}

TEST_CASE("a dataset only reads and grants name is in the inventory, with its group paths") {
  // alice --read--> s3://lake:ghost.v1 <--READ-- grant-ghost (group finance)
  // alice is in finance-analysts, which is in finance (the sample mesh). Never declared or
  // derived, the dataset is still reported: its access look-up must not be skipped.
  Store s;
  Event read;
  read.event_time = Timestamp{kStart.unix_nanos + kHour};
  read.actor = "alice";
  read.producer = "test";
  const DatasetRef ghost_ref{"s3://lake", "ghost.v1"};
  read.payload = AccessRecorded{{PrincipalRef::Kind::kUser, "alice"}, ghost_ref, {"id"},
                                AccessRecorded::Mode::kRead, "trino", "q-ghost"};
  Event grant = read;
  grant.actor = "carol";
  AccessGranted g;
  g.grant_id = "grant-ghost";
  g.grantee = {PrincipalRef::Kind::kGroup, "finance"};
  g.resource = {Resource::Kind::kDataset, ghost_ref, {}, ""};
  g.privilege = "READ";
  g.purpose = "audit";
  grant.payload = g;
  REQUIRE(s.log->append(std::vector<Event>{grant, read}).ok());
  auto report = compliance_report(*s.log, the_day(s.log->head().size));
  REQUIRE_MESSAGE(report.ok(), report.status().message());
  const std::string ghost = "dataset:s3://lake:ghost.v1";
  CHECK(std::any_of(report->inventory.begin(), report->inventory.end(),
                    [&](const auto& d) { return d.id == ghost; }));
  CHECK(std::any_of(report->group_access.begin(), report->group_access.end(), [&](const auto& a) {
    return a.dataset == ghost && a.grant_id == "grant-ghost" && a.principal.name == "alice";
  }));
}

TEST_CASE("bad report queries are refused, naming the field") {
  Store s;
  ReportQuery q = the_day(s.log->head().size + 1);
  auto past_head = compliance_report(*s.log, q);
  REQUIRE_FALSE(past_head.ok());
  CHECK(past_head.status().message().find("log_size") != std::string::npos);
  q = the_day(s.log->head().size);
  q.to = q.from;
  auto empty_period = compliance_report(*s.log, q);
  REQUIRE_FALSE(empty_period.ok());
  CHECK(empty_period.status().message().find("to:") == 0);
}

TEST_CASE("the HTML report is one page with the eight sections and a lineage picture; CSV is a "
          "file per table") {
  Store s;
  ReportQuery q = the_day(s.log->head().size);
  auto report = compliance_report(*s.log, q);
  REQUIRE(report.ok());
  const json doc = report_to_json(*report, true);
  const auto picture = lineage_svg(*report);
  REQUIRE_MESSAGE(picture.ok(), picture.status().message());
  const std::string& svg = *picture;
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("orders.enriched.v1") != std::string::npos);
  const std::string html = report_html(doc, svg);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  for (const char* title : {"1. Inventory", "2. Lineage coverage", "3. Access", "4. PII",
                            "5. Changes", "6. Usage", "7. Freshness", "8. Integrity"}) {
    CAPTURE(title);
    CHECK(html.find(std::string("<h2>") + title + "</h2>") != std::string::npos);
  }
  // Self-contained: nothing to run or fetch (SVG's xmlns names are identifiers, not fetches).
  for (const char* fetch : {"<script", "<link", "src=", "url(", "@import"}) {
    CAPTURE(fetch);
    CHECK(html.find(fetch) == std::string::npos);
  }
  CHECK(testing::balanced_html(html));

  // A picture Graphviz could not draw is said so in its section, not silently left out.
  const std::string without =
      report_html(doc, Status::IOError("lineage picture: Graphviz's dot layout failed"));
  CHECK(without.find("<figure>") == std::string::npos);
  CHECK(without.find("The lineage picture could not be drawn: lineage picture: Graphviz's dot "
                     "layout failed") != std::string::npos);
  CHECK(testing::balanced_html(without));

  testing::TempDir out;
  REQUIRE(write_report_csv(doc, out.sub("csv")).ok());
  size_t files = 0;
  for (const auto& section : doc["sections"]) files += section["tables"].size();
  CHECK(std::distance(std::filesystem::directory_iterator(out.sub("csv")),
                      std::filesystem::directory_iterator()) == static_cast<long>(files));
  const std::string inventory = read_file(out.sub("csv") + "/1_datasets.csv");
  CHECK(inventory.rfind("dataset,product,domain,owners,", 0) == 0);
  CHECK(inventory.find("dataset:kafka://broker:9092:orders.events.v1,true,Orders,") !=
        std::string::npos);
}

}  // namespace
}  // namespace auditgraph
