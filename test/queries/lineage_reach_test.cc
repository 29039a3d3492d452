// Index::reach: the nodes of a lineage answer, and nothing else. It must give exactly the nodes
// lineage() gives, in the same order, for every direction, depth, log size, time and kind.
#include <doctest/doctest.h>

#include <random>

#include "auditgraph/index.h"
#include "test/util/index_feed.h"
#include "test/util/lake.h"

namespace auditgraph {
namespace {

using Direction = LineageQuery::Direction;
using testing::IndexFeed;
using testing::run_event;

using testing::ds;
using testing::id;

std::vector<std::string> ids(const LineageSet& set) {
  std::vector<std::string> out;
  for (size_t i = 0; i < set.size(); ++i) out.emplace_back(set.id(i));
  return out;
}

std::vector<std::string> answer_ids(const LineageAnswer& answer) {
  std::vector<std::string> out;
  for (const auto& n : answer.nodes) out.push_back(n.id);
  return out;
}

// Both answers to `q`: reach's ids and lineage's, which must be equal.
void check_same(const Index& index, const LineageQuery& q) {
  auto set = index.reach(q);
  auto answer = index.lineage(q);
  REQUIRE(set.ok() == answer.ok());
  if (!set.ok()) {
    CHECK(set.status().to_string() == answer.status().to_string());
    return;
  }
  CHECK(ids(*set) == answer_ids(*answer));
  CHECK(set->at == answer->at);
}

//   a --j1--> b --j2--> d --j4--> e
//   a --j3--> c --j2--/      (j2 reads b and c)
TEST_CASE("reach gives lineage's nodes, in its order, by depth and kind") {
  IndexFeed f;
  f.add(run_event("j1", "r1", {"a"}, {"b"}));
  f.add(run_event("j3", "r3", {"a"}, {"c"}));
  f.add(run_event("j2", "r2", {"b", "c"}, {"d"}));
  f.add(run_event("j4", "r4", {"d"}, {"e"}));

  LineageQuery down{id("a"), Direction::kDownstream};
  auto all = f.index->reach(down);
  REQUIRE(all.ok());
  CHECK(ids(*all) == std::vector<std::string>{id("a"), "job:airflow:j1", id("b"), "job:airflow:j3",
                                              id("c"), "job:airflow:j2", id("d"), "job:airflow:j4",
                                              id("e")});
  CHECK(all->at.size == 4);
  check_same(*f.index, down);

  down.kinds = {NodeKind::kDataset};
  auto datasets = f.index->reach(down);
  REQUIRE(datasets.ok());
  CHECK(ids(*datasets) == std::vector<std::string>{id("a"), id("b"), id("c"), id("d"), id("e")});

  down.max_depth = 2;
  auto two = f.index->reach(down);
  REQUIRE(two.ok());
  CHECK(ids(*two) == std::vector<std::string>{id("a"), id("b"), id("c"), id("d")});
  check_same(*f.index, down);

  LineageQuery up{id("e"), Direction::kUpstream};
  up.max_depth = 1;
  check_same(*f.index, up);
  up.max_depth.reset();
  up.as_of_seq = 3;  // e is not written yet
  check_same(*f.index, up);
  up.node = id("d");
  check_same(*f.index, up);
}

TEST_CASE("reach refuses what it does not do, naming the field, and lineage's errors are its own") {
  IndexFeed f;
  f.add(run_event("j1", "r1", {"a"}, {"b"}));
  LineageQuery q{id("a"), Direction::kDownstream};
  q.max_nodes = 10;
  CHECK(f.index->reach(q).status().message().find("max_nodes") == 0);
  q.max_nodes.reset();
  q.cursor = "abc";
  CHECK(f.index->reach(q).status().message().find("cursor") == 0);
  q.cursor.clear();
  q.domain = "Orders";
  CHECK(f.index->reach(q).status().message().find("domain") == 0);
  q.domain.clear();
  q.as_of_seq = 5;
  CHECK(f.index->reach(q).status().message().find("as_of") == 0);
  q.as_of_seq.reset();
  q.node = "job:airflow:j1";
  CHECK(f.index->reach(q).status().is_invalid_argument());
  q.node = id("nope");
  CHECK(f.index->reach(q).status().is_not_found());
}

//   crm.customers.email --(masked)--> orders.enriched.email_hash --> mart.email_hash
TEST_CASE("reach follows column edges from a column") {
  IndexFeed f;
  auto column_run = [&](const std::string& job, const std::string& from, const std::string& to,
                        const std::string& from_col, const std::string& to_col) {
    RunEvent r = run_event(job, "r-" + job, {from}, {});
    RunDataset out{ds(to)};
    out.column_lineage = {{to_col, {{{ds(from), from_col}, "DIRECT", "IDENTITY", "", false}}}};
    r.outputs = {out};
    f.add(r);
  };
  column_run("enrich", "crm.customers", "orders.enriched", "email", "email_hash");
  column_run("mart", "orders.enriched", "mart", "email_hash", "email_hash");
  LineageQuery q{"datasetField:s3://lake:crm.customers:email", Direction::kDownstream};
  auto set = f.index->reach(q);
  REQUIRE(set.ok());
  CHECK(ids(*set) == std::vector<std::string>{"datasetField:s3://lake:crm.customers:email",
                                              "datasetField:s3://lake:orders.enriched:email_hash",
                                              "datasetField:s3://lake:mart:email_hash"});
  check_same(*f.index, q);
}

TEST_CASE("property: reach equals lineage's nodes on random meshes with cycles and reruns") {
  std::mt19937_64 rng(20261125);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  for (int round = 0; round < 20; ++round) {
    IndexFeed f;
    const int datasets = 12, jobs = 6, events = 60;
    for (int e = 0; e < events; ++e) {
      std::vector<std::string> in, out;
      for (int k = pick(3); k > 0; --k) in.push_back("d" + std::to_string(pick(datasets)));
      for (int k = pick(3); k > 0; --k) out.push_back("d" + std::to_string(pick(datasets)));
      const int j = pick(jobs);
      f.add(run_event("j" + std::to_string(j),
                      "r" + std::to_string(j) + "." + std::to_string(pick(4)), in, out,
                      pick(3) == 0 ? RunState::kStart : RunState::kComplete));
    }
    for (int probe = 0; probe < 20; ++probe) {
      LineageQuery q{id("d" + std::to_string(pick(datasets))),
                     pick(2) ? Direction::kUpstream : Direction::kDownstream};
      if (pick(2)) q.max_depth = static_cast<uint32_t>(pick(4));
      if (pick(3) == 0) q.as_of_seq = 1 + static_cast<uint64_t>(pick(events));
      if (pick(4) == 0) q.as_of_time = Timestamp{pick(events) * int64_t{1'000'000'000}};
      if (q.as_of_seq && q.as_of_time) q.as_of_seq.reset();
      if (pick(2)) q.kinds = {NodeKind::kDataset};
      CAPTURE(round);
      CAPTURE(q.node);
      check_same(*f.index, q);
    }
  }
}

}  // namespace
}  // namespace auditgraph
