// The compliance report's HTML page stays one page a browser opens however many rows the report
// has: counts for everything, tables cut at 100 rows and long cells cut, each cut saying where
// the rest is. The report here is made by hand (a value): no mesh needed for its size.
#include <doctest/doctest.h>

#include <string>

#include "src/report/report_files.h"
#include "src/report/report_json.h"
#include "test/util/html.h"

namespace auditgraph {
namespace {

// `n` of everything a big mesh has many of: datasets, grants without expiry (so active and
// needing action), cross-domain dependencies, group paths (counted only); one dataset reader with
// a very long list.
ComplianceReport big_report(size_t n) {
  ComplianceReport r;
  r.query.from = Timestamp{1'790'726'400'000'000'000};
  r.query.to = Timestamp{r.query.from.unix_nanos + 86'400'000'000'000};
  r.at.size = 3 * n;
  for (size_t i = 0; i < n; ++i) {
    const std::string id = "dataset:s3://lake:mesh.ds" + std::to_string(i);
    r.inventory.push_back({id, false, "Orders", {"team:orders"}, "", std::nullopt, 1, "", {i}});
    ComplianceReport::Grant g;
    g.grant_id = "grant-" + std::to_string(i);
    g.grantee = {PrincipalRef::Kind::kUser, "user" + std::to_string(i)};
    g.resource = id;
    g.privilege = "READ";
    g.seqs = {n + i};
    r.grants_active.push_back(g);
    r.grants_unbounded.push_back(g);
    r.cross_domain.push_back({id, id + ".copy", "copy", "Orders", "Finance", {i}});
  }
  r.group_access_total = 20 * n;
  ComplianceReport::PiiReader reader;
  reader.principal = {PrincipalRef::Kind::kUser, "eve"};
  for (const auto& d : r.inventory) reader.datasets.push_back(d.id);
  reader.without_source_grant = reader.datasets;
  r.pii_readers = {reader};
  r.pii_readers_without_source_grant = {reader};
  r.verified = true;
  return r;
}

TEST_CASE("the HTML page is bounded: counts, the first 100 rows of each table, cells cut") {
  const ComplianceReport small = big_report(100), big = big_report(20'000);
  const std::string a = report_html(report_to_json(small, false), std::string());
  const std::string b = report_html(report_to_json(big, false), std::string());
  CHECK(testing::balanced_html(b));
  // 200 times the rows, nearly the same page: only the counts and the notes about cuts differ.
  CHECK(b.size() < a.size() + 4'000);
  CHECK(b.size() < 1'000'000);
  CHECK(b.find("<h2>Summary</h2>") != std::string::npos);
  CHECK(b.find(">20000</td>") != std::string::npos);   // the datasets, counted
  CHECK(b.find(">400000</td>") != std::string::npos);  // the group paths, counted
  CHECK(b.find("mesh.ds150<") == std::string::npos);   // no inventory row
  CHECK(b.find("grants without expiry or purpose (20000)") != std::string::npos);
  CHECK(b.find("The first 100 of 20000 rows") != std::string::npos);
  CHECK(b.find("grant-99<") != std::string::npos);
  CHECK(b.find("grant-100<") == std::string::npos);
  CHECK(b.find("more characters)") != std::string::npos);  // eve's list of datasets
  CHECK(b.find("Not listed here") != std::string::npos);
  CHECK(b.find("--format csv") != std::string::npos);

  // The full document makes the same bounded page.
  const std::string full = report_html(report_to_json(big, true), std::string());
  CHECK(full.size() < 1'000'000);
  CHECK(testing::balanced_html(full));
}

}  // namespace
}  // namespace auditgraph
