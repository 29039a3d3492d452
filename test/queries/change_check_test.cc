// check-change: schema differences and what they reach downstream.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "auditgraph/index.h"
#include "queries/change_check.h"
#include "test/util/lake.h"

namespace auditgraph {
namespace {

constexpr int64_t kDay = 86'400'000'000'000;
using testing::ds;
using testing::id;
std::string col(const std::string& name, const std::string& field) {
  return "datasetField:s3://lake:" + name + ":" + field;
}

ColumnInput input(const std::string& dataset, const std::string& field, const std::string& type,
                  const std::string& subtype) {
  return {{ds(dataset), field}, type, subtype, "", false};
}

//   orders(order_id, amount, status) is the dataset that changes.
//   revenue.total     <-DIRECT/AGGREGATION-   orders.amount        (job rev)
//   report.sum        <-DIRECT/IDENTITY-      revenue.total        (job rep)
//   big_orders.id     <-INDIRECT/FILTER-      orders.amount        (job big)
//   big_orders.id     <-DIRECT/IDENTITY-      orders.order_id      (job big)
//   archive           <-                      orders               (job arc, no column lineage)
struct ChangeFixture {
  std::unique_ptr<Index> index = make_index(nullptr);
  uint64_t seq = 0;
  void add(Payload p, int64_t day) {
    Event e;
    e.seq = seq;
    e.event_time = Timestamp{day * kDay};
    e.payload = std::move(p);
    REQUIRE(index->add(e, LogHead{++seq, Hash{}}).ok());
  }
  void run(const std::string& job, const std::string& in, const std::string& out,
           std::vector<ColumnLineage> columns, const std::string& owner = "") {
    RunEvent r;
    r.run_id = job + "-1";
    r.job = {"airflow", job};
    r.state = RunState::kComplete;
    r.inputs = {RunDataset{ds(in)}};
    RunDataset o{ds(out)};
    o.column_lineage = std::move(columns);
    if (!owner.empty()) o.owners = {{owner, ""}};
    r.outputs = {o};
    add(r, 1);
  }
  ChangeFixture() {
    DatasetDeclared d;
    d.dataset = ds("orders");
    d.schema = {{"order_id", "string"}, {"amount", "decimal"}, {"status", "string"}};
    add(d, 1);
    run("rev", "orders", "revenue",
        {{"total", {input("orders", "amount", "DIRECT", "AGGREGATION")}}}, "team:finance");
    run("rep", "revenue", "report", {{"sum", {input("revenue", "total", "DIRECT", "IDENTITY")}}});
    run("big", "orders", "big_orders",
        {{"id",
          {input("orders", "amount", "INDIRECT", "FILTER"),
           input("orders", "order_id", "DIRECT", "IDENTITY")}}});
    run("arc", "orders", "archive", {});
    add(AccessRecorded{{PrincipalRef::Kind::kUser, "alice"},
                       ds("orders"),
                       {},
                       AccessRecorded::Mode::kRead,
                       "trino",
                       "q"},
        20);
    add(AccessRecorded{{PrincipalRef::Kind::kUser, "old-bob"},
                       ds("orders"),
                       {},
                       AccessRecorded::Mode::kRead,
                       "trino",
                       "q"},
        2);
  }
  ChangeReport check(std::vector<SchemaField> proposed) {
    auto r = index->check_change({id("orders"), std::move(proposed), Timestamp{25 * kDay}, 10});
    REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return *r;
  }
};

std::map<std::string, std::string> classes(const ChangeReport& r) {
  std::map<std::string, std::string> out;
  for (const auto& i : r.impacts) out[i.id] = change_class_name(i.cls);
  return out;
}

TEST_CASE("diff: removed, renamed, retyped and added fields, nested ones too") {
  using K = FieldChange::Kind;
  std::vector<SchemaField> before{
      {"a", "int"},
      {"b", "string"},
      {"c", "int"},
      {"addr", "struct", "", {}, {{"city", "string"}, {"zip", "string"}}}};
  std::vector<SchemaField> after{{"a", "bigint"},
                                 {"b2", "string"},
                                 {"addr", "struct", "", {}, {{"city", "string"}}},
                                 {"d", "int"}};
  auto changes = queries::diff_schema(before, after);
  std::map<std::string, std::pair<K, std::string>> got;
  for (const auto& c : changes) got[c.field] = {c.kind, c.renamed_to};
  CHECK(got.at("a").first == K::kRetyped);
  CHECK(got.at("b") == std::pair{K::kRenamed, std::string("b2")});
  CHECK(got.at("c").first == K::kRemoved);
  CHECK(got.at("addr.zip").first == K::kRemoved);
  CHECK(got.at("d").first == K::kAdded);
  CHECK(got.size() == 5);
  CHECK(queries::diff_schema(before, before).empty());
}

TEST_CASE("check-change: DIRECT paths break, INDIRECT ones affect; notice decides the verdict") {
  ChangeFixture f;
  SUBCASE("removing amount breaks revenue and report, affects big_orders and archive") {
    auto r = f.check({{"order_id", "string"}, {"status", "string"}});
    REQUIRE(r.changes.size() == 1);
    CHECK(r.changes[0].kind == FieldChange::Kind::kRemoved);
    auto c = classes(r);
    CHECK(c.at(col("revenue", "total")) == "breaking");
    CHECK(c.at(col("report", "sum")) == "breaking");
    CHECK(c.at(col("big_orders", "id")) == "affected");
    CHECK(c.at(id("revenue")) == "breaking");
    CHECK(c.at(id("report")) == "breaking");
    CHECK(c.at(id("big_orders")) == "affected");
    CHECK(c.at(id("archive")) == "affected");
    // Columns first, breaking first, then by id.
    CHECK(r.impacts.front().id == col("report", "sum"));
    for (const auto& i : r.impacts) {
      if (i.id == col("report", "sum")) {
        CHECK(i.path == std::vector<std::string>{col("orders", "amount"), col("revenue", "total"),
                                                 col("report", "sum")});
        CHECK(i.because == "amount");
      }
    }
    CHECK(r.owners == std::vector<std::string>{"team:finance"});
    CHECK(r.jobs == std::vector<std::string>{"job:airflow:arc", "job:airflow:big",
                                             "job:airflow:rep", "job:airflow:rev"});
    CHECK(r.consumers == std::vector<std::string>{"alice"});  // old-bob read 23 days ago
    CHECK(r.verdict == ChangeReport::Verdict::kBreakingWithoutNotice);

    DeprecationNotice n;
    n.dataset = ds("orders");
    n.sunset = Timestamp{60 * kDay};
    n.replacement = ds("orders.v2");
    f.add(n, 21);
    auto with_notice = f.check({{"order_id", "string"}, {"status", "string"}});
    REQUIRE(with_notice.deprecation);
    CHECK(with_notice.verdict == ChangeReport::Verdict::kBreakingWithNotice);
  }
  SUBCASE("removing status, which nothing derives from, is safe; adding a field is safe") {
    CHECK(f.check({{"order_id", "string"}, {"amount", "decimal"}}).verdict ==
          ChangeReport::Verdict::kSafe);
    auto added = f.check(
        {{"order_id", "string"}, {"amount", "decimal"}, {"status", "string"}, {"note", "string"}});
    CHECK(added.verdict == ChangeReport::Verdict::kSafe);
    CHECK(classes(added).at(id("archive")) == "affected");  // readers are listed all the same
  }
  SUBCASE("retyping order_id breaks big_orders through its DIRECT input") {
    auto r = f.check({{"order_id", "bigint"}, {"amount", "decimal"}, {"status", "string"}});
    CHECK(classes(r).at(col("big_orders", "id")) == "breaking");
  }
  SUBCASE("an unknown dataset is NotFound") {
    CHECK(f.index->check_change({id("nope"), {}, Timestamp{}, 30}).status().is_not_found());
  }
}

// The fixture above, and readers whose column lineage is known but does not touch amount, and
// readers whose column lineage is unknown:
//
//   orders(order_id, amount, status)
//    |-- rev  (total <-DIRECT- amount) ------> revenue(total, region)      breaking
//    |      `-- rst (n <-DIRECT- region) ----> rev_stats                   not derived
//    |-- big  (id <-INDIRECT- amount) -------> big_orders                  affected
//    |-- slim (id <-DIRECT- order_id) -------> slim                        not derived
//    |      `-- cpy (no column lineage) -----> slim_copy                   not derived (slim
//    |                                                                      does not change)
//    `-- arc  (no column lineage) -----------> archive                     affected, unknown
//           |-- bak (no column lineage) -----> backup                      affected, unknown
//           `-- sum (s <-DIRECT- archive.amount) -> archive_sum            affected, unknown
struct Readers : ChangeFixture {
  Readers() {
    run("rst", "revenue", "rev_stats", {{"n", {input("revenue", "region", "DIRECT", "IDENTITY")}}});
    run("slim", "orders", "slim", {{"id", {input("orders", "order_id", "DIRECT", "IDENTITY")}}},
        "team:slim");
    run("cpy", "slim", "slim_copy", {});
    run("bak", "archive", "backup", {}, "team:backup");
    run("sum", "archive", "archive_sum",
        {{"s", {input("archive", "amount", "DIRECT", "AGGREGATION")}}});
  }
};

TEST_CASE("check-change: known column lineage that does not touch the change is listed apart") {
  Readers f;
  auto r = f.check({{"order_id", "string"}, {"status", "string"}});  // amount removed
  auto c = classes(r);
  std::map<std::string, bool> known;
  for (const auto& i : r.impacts) known[i.id] = i.column_lineage_known;

  SUBCASE("breaking: DIRECT column lineage from the removed field") {
    CHECK(c.at(id("revenue")) == "breaking");
    CHECK(known.at(id("revenue")));
    CHECK(c.at(id("report")) == "breaking");
  }
  SUBCASE("affected: INDIRECT column lineage from it") {
    CHECK(c.at(id("big_orders")) == "affected");
    CHECK(known.at(id("big_orders")));
  }
  SUBCASE("affected, column lineage unknown: written without it, or fed by such a dataset") {
    for (const char* name : {"archive", "backup", "archive_sum"}) {
      CAPTURE(name);
      CHECK(c.at(id(name)) == "affected");
      CHECK_FALSE(known.at(id(name)));
    }
    for (const auto& i : r.impacts) {
      if (i.id == id("backup")) {
        CHECK(i.path == std::vector<std::string>{id("orders"), "job:airflow:arc", id("archive"),
                                                 "job:airflow:bak", id("backup")});
        CHECK(i.because.empty());
      }
    }
    CHECK(r.owners == std::vector<std::string>{"team:backup", "team:finance"});
  }
  SUBCASE("not derived: column lineage that does not touch amount, or fed by such a dataset") {
    std::vector<std::string> apart;
    for (const auto& i : r.not_derived) {
      CHECK(i.cls == ChangeImpact::Class::kNotDerived);
      CHECK(i.column_lineage_known);
      apart.push_back(i.id);
    }
    CHECK(apart == std::vector<std::string>{id("rev_stats"), id("slim"), id("slim_copy")});
    for (const auto& i : r.not_derived) {
      if (i.id == id("slim_copy")) {
        CHECK(i.path == std::vector<std::string>{id("orders"), "job:airflow:slim", id("slim"),
                                                 "job:airflow:cpy", id("slim_copy")});
      }
    }
    // None of them among the impacts, nor their jobs and owners.
    CHECK_FALSE(c.count(id("slim")));
    CHECK_FALSE(c.count(id("rev_stats")));
    CHECK_FALSE(c.count(id("slim_copy")));
    CHECK(std::find(r.jobs.begin(), r.jobs.end(), "job:airflow:slim") == r.jobs.end());
    CHECK(std::find(r.jobs.begin(), r.jobs.end(), "job:airflow:cpy") == r.jobs.end());
    CHECK(std::find(r.owners.begin(), r.owners.end(), "team:slim") == r.owners.end());
  }
  SUBCASE("the verdict and the exit code it maps to do not change") {
    CHECK(r.verdict == ChangeReport::Verdict::kBreakingWithoutNotice);
    // Removing status, which no column derives from: the known readers and all they feed are
    // not derived, the unknown ones affected, nothing breaks.
    auto status = f.check({{"order_id", "string"}, {"amount", "decimal"}});
    CHECK(status.verdict == ChangeReport::Verdict::kSafe);
    auto s = classes(status);
    CHECK(s == std::map<std::string, std::string>{{id("archive"), "affected"},
                                                  {id("archive_sum"), "affected"},
                                                  {id("backup"), "affected"}});
    std::vector<std::string> apart;
    for (const auto& i : status.not_derived) apart.push_back(i.id);
    CHECK(apart == std::vector<std::string>{id("big_orders"), id("report"), id("rev_stats"),
                                            id("revenue"), id("slim"), id("slim_copy")});
  }
}

TEST_CASE("check-change: what a not-derived dataset feeds is affected when reached otherwise") {
  //   orders --slim (id <-DIRECT- order_id)--> slim --cpy (no column lineage)--> slim_copy
  //   orders --arc  (no column lineage)------> archive --mix (no column lineage)--> slim_copy
  // slim does not change, but archive may: slim_copy is affected, column lineage unknown.
  ChangeFixture f;
  f.run("slim", "orders", "slim", {{"id", {input("orders", "order_id", "DIRECT", "IDENTITY")}}});
  f.run("cpy", "slim", "slim_copy", {});
  f.run("mix", "archive", "slim_copy", {});
  auto r = f.check({{"order_id", "string"}, {"status", "string"}});
  auto c = classes(r);
  CHECK(c.at(id("slim_copy")) == "affected");
  CHECK(c.at(id("archive")) == "affected");
  std::vector<std::string> apart;
  for (const auto& i : r.not_derived) apart.push_back(i.id);
  CHECK(apart == std::vector<std::string>{id("slim")});
  CHECK(std::find(r.jobs.begin(), r.jobs.end(), "job:airflow:mix") != r.jobs.end());
  CHECK(std::find(r.jobs.begin(), r.jobs.end(), "job:airflow:cpy") == r.jobs.end());
}

TEST_CASE("check-change: a dataset written both with and without column lineage is affected") {
  //   orders --slim (id <-DIRECT- order_id)--> slim
  //   orders --raw  (no column lineage)------> slim      so slim is affected, unknown
  ChangeFixture f;
  f.run("slim", "orders", "slim", {{"id", {input("orders", "order_id", "DIRECT", "IDENTITY")}}});
  f.run("raw", "orders", "slim", {});
  auto r = f.check({{"order_id", "string"}, {"status", "string"}});
  CHECK(classes(r).at(id("slim")) == "affected");
  for (const auto& i : r.impacts) {
    if (i.id == id("slim")) CHECK_FALSE(i.column_lineage_known);
  }
  for (const auto& i : r.not_derived) CHECK(i.id != id("slim"));
}

}  // namespace
}  // namespace auditgraph
