// Who can read a dataset, and why; who did read it.
#include <doctest/doctest.h>

#include <set>

#include "auditgraph/index.h"

namespace auditgraph {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
const DatasetRef kOrders{"kafka://broker:9092", "orders.events.v1"};
const std::string kOrdersId = "dataset:kafka://broker:9092:orders.events.v1";

PrincipalRef user(const std::string& name) { return {PrincipalRef::Kind::kUser, name}; }
PrincipalRef group(const std::string& name) { return {PrincipalRef::Kind::kGroup, name}; }

struct Log {
  std::unique_ptr<Index> index = make_index(nullptr);
  uint64_t seq = 0;
  uint64_t add(Payload p, int64_t at_seconds) {
    Event e;
    e.seq = seq;
    e.event_time = Timestamp{at_seconds * kSecond};
    e.payload = std::move(p);
    REQUIRE(index->add(e, LogHead{seq + 1, Hash{}}).ok());
    return seq++;
  }
  std::vector<AccessPath> at(int64_t seconds) const {
    auto a = index->access({kOrdersId, Timestamp{seconds * kSecond}});
    REQUIRE_MESSAGE(a.ok(), a.status().to_string());
    return a->paths;
  }
};

AccessGranted grant(std::string id, PrincipalRef who, Resource what,
                    std::optional<int64_t> expires_seconds = std::nullopt) {
  AccessGranted g;
  g.grant_id = std::move(id);
  g.grantee = std::move(who);
  g.resource = std::move(what);
  g.privilege = "READ";
  if (expires_seconds) g.expires_at = Timestamp{*expires_seconds * kSecond};
  return g;
}

std::set<std::string> readers(const std::vector<AccessPath>& paths) {
  std::set<std::string> out;
  for (const auto& p : paths) out.insert(p.principal.name);
  return out;
}

//   orders.events.v1 (domain Orders)
//   g-direct:  bob                 READ orders.events.v1, expires at t=50
//   g-group:   analysts            READ orders.events.v1        analysts <- eu-analysts <- alice
//   g-domain:  finance-svc         READ domain Orders, revoked at t=40 (logged late, at the end)
//   g-cols:    carol               READ orders.events.v1 (order_id, amount)
//   eu-analysts <- analysts  (a cycle between groups: expansion must stop)
//   dave joins eu-analysts at t=10, leaves at t=30
TEST_CASE("access: direct, nested groups, domain-wide and column grants; expiry and revocation") {
  Log log;
  DatasetDeclared d;
  d.dataset = kOrders;
  d.domain = "Orders";
  d.data_product = true;
  log.add(d, 1);
  const uint64_t g_direct =
      log.add(grant("g-direct", user("bob"), {Resource::Kind::kDataset, kOrders}, 50), 2);
  const uint64_t g_group =
      log.add(grant("g-group", group("analysts"), {Resource::Kind::kDataset, kOrders}), 3);
  const uint64_t m1 = log.add(MembershipAdded{"analysts", group("eu-analysts")}, 4);
  const uint64_t m2 = log.add(MembershipAdded{"eu-analysts", user("alice")}, 5);
  log.add(MembershipAdded{"eu-analysts", group("analysts")}, 6);  // a cycle
  log.add(grant("g-domain", {PrincipalRef::Kind::kService, "finance-svc"},
                {Resource::Kind::kDomain, {}, {}, "Orders"}),
          7);
  Resource cols{Resource::Kind::kColumns, kOrders, {"order_id", "amount"}};
  log.add(grant("g-cols", user("carol"), cols), 8);
  log.add(MembershipAdded{"eu-analysts", user("dave")}, 10);
  log.add(MembershipRemoved{"eu-analysts", user("dave")}, 30);
  log.add(AccessRevoked{"g-domain", "audit finding"}, 40);  // dated 40, logged after the rest

  auto now = log.at(20);
  CHECK(readers(now) == std::set<std::string>{"alice", "bob", "carol", "dave", "finance-svc"});
  for (const auto& p : now) {
    CAPTURE(p.principal.name);
    if (p.principal.name == "alice") {
      CHECK(p.grant_id == "g-group");
      CHECK(p.grantee == group("analysts"));
      CHECK(p.chain == std::vector<std::string>{"analysts", "eu-analysts"});
      CHECK(p.seqs == std::vector<uint64_t>{g_group, m1, m2});
    } else if (p.principal.name == "bob") {
      CHECK(p.chain.empty());
      CHECK(p.seqs == std::vector<uint64_t>{g_direct});
      CHECK(p.expires_at == Timestamp{50 * kSecond});
    } else if (p.principal.name == "carol") {
      CHECK(p.scope == AccessPath::Scope::kColumns);
      CHECK(p.columns == cols.columns);
    } else if (p.principal.name == "finance-svc") {
      CHECK(p.scope == AccessPath::Scope::kDomain);
      CHECK(p.domain == "Orders");
    }
  }
  CHECK(readers(log.at(35)) == std::set<std::string>{"alice", "bob", "carol", "finance-svc"});
  CHECK(readers(log.at(45)) == std::set<std::string>{"alice", "bob", "carol"});  // revoked
  CHECK(readers(log.at(50)) == std::set<std::string>{"alice", "carol"});         // g-direct expired
  CHECK(readers(log.at(2)) == std::set<std::string>{"bob"});  // before the rest existed

  CHECK(log.index->access({"dataset:nope:x", Timestamp{}}).status().is_not_found());
  CHECK(log.index->stats(Timestamp{})->grants == 4);
}

TEST_CASE("a re-issued grant id is alive again after its revocation") {
  Log log;
  DatasetDeclared d;
  d.dataset = kOrders;
  log.add(d, 1);
  log.add(grant("g", user("bob"), {Resource::Kind::kDataset, kOrders}), 2);
  log.add(AccessRevoked{"g", ""}, 3);
  log.add(grant("g", user("bob"), {Resource::Kind::kDataset, kOrders}), 4);
  CHECK(readers(log.at(3)).empty());
  CHECK(readers(log.at(5)) == std::set<std::string>{"bob"});
}

//   orders.events.v1 (domain Orders)     other.v1 (domain Other)
//   g-moved: bob READ orders.events.v1 at t=2, re-issued on other.v1 at t=4
//   100 grants to eve, each on a dataset d<i> of its own (none answers for orders or other)
TEST_CASE("a grant answers for what it names at t: a re-issue on another dataset moves it") {
  Log log;
  DatasetDeclared d;
  d.dataset = kOrders;
  d.domain = "Orders";
  log.add(d, 1);
  const DatasetRef other{"s3://lake", "other.v1"};
  d.dataset = other;
  d.domain = "Other";
  log.add(d, 1);
  for (int i = 0; i < 100; ++i) {
    log.add(grant("g-" + std::to_string(i), user("eve"),
                  {Resource::Kind::kDataset, {"s3://lake", "d" + std::to_string(i)}}),
            1);
  }
  log.add(grant("g-moved", user("bob"), {Resource::Kind::kDataset, kOrders}), 2);
  log.add(grant("g-moved", user("bob"), {Resource::Kind::kDataset, other}), 4);
  CHECK(readers(log.at(3)) == std::set<std::string>{"bob"});
  CHECK(readers(log.at(5)).empty());
  auto on_other = log.index->access({"dataset:s3://lake:other.v1", Timestamp{5 * kSecond}});
  REQUIRE(on_other.ok());
  CHECK(readers(on_other->paths) == std::set<std::string>{"bob"});
  auto on_d7 = log.index->access({"dataset:s3://lake:d7", Timestamp{5 * kSecond}});
  REQUIRE(on_d7.ok());
  CHECK(readers(on_d7->paths) == std::set<std::string>{"eve"});
}

TEST_CASE("access history: who read or wrote, in a period") {
  Log log;
  DatasetDeclared d;
  d.dataset = kOrders;
  log.add(d, 1);
  auto access = [&](const std::string& who, AccessRecorded::Mode mode, int64_t at) {
    return log.add(AccessRecorded{user(who), kOrders, {}, mode, "trino", "q"}, at);
  };
  access("alice", AccessRecorded::Mode::kRead, 10);
  const uint64_t s2 = access("bob", AccessRecorded::Mode::kWrite, 20);
  const uint64_t s3 = access("alice", AccessRecorded::Mode::kRead, 30);
  const uint64_t s4 = access("alice", AccessRecorded::Mode::kRead, 25);  // logged late
  auto h = log.index->access_history({kOrdersId, Timestamp{15 * kSecond}, Timestamp{40 * kSecond}});
  REQUIRE(h.ok());
  CHECK(h->seqs == std::vector<uint64_t>{s2, s4, s3});
  REQUIRE(h->principals.size() == 2);
  CHECK(h->principals[0].principal.name == "alice");
  CHECK(h->principals[0].reads == 2);
  CHECK(h->principals[0].last == Timestamp{30 * kSecond});
  CHECK(h->principals[1].writes == 1);
  CHECK(log.index->access_history({kOrdersId, Timestamp{40 * kSecond}, Timestamp{10 * kSecond}})
            .status()
            .is_invalid_argument());
}

}  // namespace
}  // namespace auditgraph

namespace auditgraph {
namespace {

//   orders   (product, owner team:orders, alice read it on day 95)
//   payments (product, no owner, last read on day 5: unused by day 100)
//   raw      (nothing writes it, never declared)  --etl-->  derived (written by etl)
TEST_CASE("stats: counts, datasets without owner, unused products, unknown provenance") {
  Log log;
  constexpr int64_t kDay = 86'400;
  DatasetDeclared orders;
  orders.dataset = kOrders;
  orders.data_product = true;
  orders.owners = {{"team:orders", ""}};
  log.add(orders, 1);
  DatasetDeclared payments;
  payments.dataset = {"pg", "payments"};
  payments.data_product = true;
  log.add(payments, 1);
  RunEvent etl;
  etl.run_id = "r";
  etl.job = {"airflow", "etl"};
  etl.state = RunState::kComplete;
  etl.inputs = {RunDataset{{"s3", "raw"}}};
  etl.outputs = {RunDataset{{"s3", "derived"}}};
  log.add(etl, 2);
  log.add(AccessRecorded{user("bob"), {"pg", "payments"}, {}, AccessRecorded::Mode::kRead, "", ""},
          5 * kDay);
  log.add(AccessRecorded{user("alice"), kOrders, {}, AccessRecorded::Mode::kRead, "", ""},
          95 * kDay);

  auto s = *log.index->stats(Timestamp{100 * kDay * kSecond}, 90);
  CHECK(s.datasets == 4);
  CHECK(s.jobs == 1);
  CHECK(s.access_records == 2);
  CHECK(s.without_owner ==
        std::vector<std::string>{"dataset:pg:payments", "dataset:s3:derived", "dataset:s3:raw"});
  CHECK(s.unused_products == std::vector<std::string>{"dataset:pg:payments"});
  CHECK(s.unknown_provenance == std::vector<std::string>{"dataset:s3:raw"});
  // On day 50, payments was read within 90 days and orders not yet.
  CHECK(log.index->stats(Timestamp{50 * kDay * kSecond}, 90)->unused_products ==
        std::vector<std::string>{kOrdersId});
}

}  // namespace
}  // namespace auditgraph
