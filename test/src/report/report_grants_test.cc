// The report's grants come from the index's access state, the model `access` answers from: each
// grant event issued in the period is listed, a re-grant starts anew, a late revocation dated
// before its grant does not revoke it, and the grants in force at the period's end are exactly
// those `access` finds then.
//
//   period [Oct 1, Nov 1); dataset s3://lake:d, declared Sep 1
//   g1 alice: granted Oct 5, revoked Oct 10, granted again Oct 20          -> in force
//   g2 bob:   granted Oct 3; a revocation dated Sep 20 arrives after it     -> in force
//   g3 carol: granted Oct 7; granted again Dec 1 (after the period)         -> in force (Oct 7)
//   g4 dave:  granted Oct 2; a revocation dated Oct 25; then, late, a
//             re-grant dated Oct 15 (so revoked Oct 25)                     -> not in force
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "auditgraph/index.h"
#include "auditgraph/report.h"
#include "test/util/temp_dir.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

constexpr int64_t kOneDay = 86'400'000'000'000;
constexpr Timestamp kSep1{1'788'220'800'000'000'000};  // 2026-09-01T00:00:00Z
Timestamp day(int month, int d) {  // 2026-09-01 plus days, for September to December
  constexpr int kBefore[] = {0, 30, 61, 91};  // days before the 1st of Sep, Oct, Nov, Dec
  return Timestamp{kSep1.unix_nanos + (kBefore[month - 9] + d - 1) * kOneDay};
}

Event at(Timestamp t, Payload p) {
  Event e;
  e.event_time = t;
  e.payload = std::move(p);
  return e;
}

Event grant(const std::string& id, const std::string& user, Timestamp t) {
  AccessGranted g;
  g.grant_id = id;
  g.grantee = {PrincipalRef::Kind::kUser, user};
  g.resource.kind = Resource::Kind::kDataset;
  g.resource.dataset = {"s3://lake", "d"};
  g.privilege = "READ";
  return at(t, g);
}

Event revoke(const std::string& id, Timestamp t) { return at(t, AccessRevoked{id, "test"}); }

using Row = std::tuple<std::string, Timestamp, std::optional<Timestamp>>;
std::set<Row> rows(const std::vector<ComplianceReport::Grant>& grants) {
  std::set<Row> out;
  for (const auto& g : grants) out.emplace(g.grant_id, g.granted_at, g.revoked_at);
  return out;
}

TEST_CASE("report grants: issued per grant event, revoked by the revocation after it, in force as access finds") {
  testing::TempDir dir;
  auto log = testing::open_test_log(dir.sub("store"));
  DatasetDeclared d;
  d.dataset = {"s3://lake", "d"};
  std::vector<Event> events{at(kSep1, d),
                            grant("g1", "alice", day(10, 5)),
                            revoke("g1", day(10, 10)),
                            grant("g1", "alice", day(10, 20)),
                            grant("g2", "bob", day(10, 3)),
                            revoke("g2", day(9, 20)),
                            grant("g3", "carol", day(10, 7)),
                            grant("g3", "carol", day(12, 1)),
                            grant("g4", "dave", day(10, 2)),
                            revoke("g4", day(10, 25)),
                            grant("g4", "dave", day(10, 15))};
  REQUIRE(log->append(events).ok());
  auto index = Index::Build(*log);
  REQUIRE(index.ok());

  ReportQuery q;
  q.from = day(10, 1);
  q.to = day(11, 1);
  auto report = compliance_report(*log, **index, q);
  REQUIRE_MESSAGE(report.ok(), report.status().message());

  CHECK(rows(report->grants_issued) == std::set<Row>{{"g1", day(10, 5), day(10, 10)},
                                                     {"g1", day(10, 20), std::nullopt},
                                                     {"g2", day(10, 3), std::nullopt},
                                                     {"g3", day(10, 7), std::nullopt},
                                                     {"g4", day(10, 2), std::nullopt},
                                                     {"g4", day(10, 15), day(10, 25)}});
  CHECK(rows(report->grants_revoked) ==
        std::set<Row>{{"g1", day(10, 5), day(10, 10)}, {"g4", day(10, 15), day(10, 25)}});
  CHECK(rows(report->grants_active) == std::set<Row>{{"g1", day(10, 20), std::nullopt},
                                                     {"g2", day(10, 3), std::nullopt},
                                                     {"g3", day(10, 7), std::nullopt}});
  // Each row carries its grant event and the revocation that ended it.
  for (const auto& g : report->grants_revoked) CHECK(g.seqs.size() == 2);

  // The grants in force are the ones `access` finds at the period's end; the same answer the
  // report made without the index (its own replay).
  AccessQuery aq;
  aq.dataset = "dataset:s3://lake:d";
  aq.as_of = q.to;
  auto access = (*index)->access(aq);
  REQUIRE(access.ok());
  std::set<std::string> readers, active;
  for (const auto& p : access->paths) readers.insert(p.grant_id);
  for (const auto& g : report->grants_active) active.insert(g.grant_id);
  CHECK(readers == active);
  auto replayed = compliance_report(*log, q);
  REQUIRE(replayed.ok());
  CHECK(rows(replayed->grants_active) == rows(report->grants_active));
  CHECK(rows(replayed->grants_issued) == rows(report->grants_issued));
}

}  // namespace
}  // namespace auditgraph
