// The catalog's search and overview. The fixture mesh:
//
//   orders.events [Orders, product, team:orders, email PII] --enrich--> orders.enriched [Orders]
//   orders.enriched --revenue--> finance.revenue [Finance, product]
//   customers.profile [Customers, product] --revenue--> finance.revenue
//   grant: group:finance READ finance.revenue; alice is a member of finance
#include <doctest/doctest.h>

#include "auditgraph/index.h"
#include "test/util/index_feed.h"
#include "test/util/lake.h"

namespace auditgraph {
namespace {

using testing::ds;

struct CatalogFixture : testing::IndexFeed {
  void declare(const std::string& name, const std::string& domain, bool product,
               const std::string& owner, std::vector<SchemaField> schema = {}) {
    DatasetDeclared d;
    d.dataset = ds(name);
    d.domain = domain;
    d.data_product = product;
    if (!owner.empty()) d.owners = {{owner, ""}};
    d.schema = std::move(schema);
    add(d);
  }
  void run(const std::string& job, std::vector<std::string> inputs, const std::string& out) {
    RunEvent r;
    r.run_id = job + "-1";
    r.job = {"airflow", job};
    r.state = RunState::kComplete;
    for (const auto& i : inputs) r.inputs.push_back(RunDataset{ds(i)});
    r.outputs = {RunDataset{ds(out)}};
    add(r);
  }
  CatalogFixture() {
    declare("orders.events", "Orders", true, "team:orders",
            {{"order_id", "string"}, {"email", "string", "", {"PII"}, {}}});
    declare("orders.enriched", "Orders", false, "");
    declare("finance.revenue", "Finance", true, "team:finance");
    declare("customers.profile", "Customers", true, "team:customers");
    run("enrich", {"orders.events"}, "orders.enriched");
    run("revenue", {"orders.enriched", "customers.profile"}, "finance.revenue");
    AccessGranted g;
    g.grant_id = "g1";
    g.grantee = {PrincipalRef::Kind::kGroup, "finance"};
    g.resource = {Resource::Kind::kDataset, ds("finance.revenue")};
    g.privilege = "READ";
    add(g);
    add(MembershipAdded{"finance", {PrincipalRef::Kind::kUser, "alice"}});
  }
};

std::vector<std::string> ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

TEST_CASE("search: datasets, jobs and principals by id, domain, owner and tag") {
  CatalogFixture f;
  const SearchResult orders = f.index->search({"ORDERS", 50});  // case does not matter
  CHECK(ids(orders) == std::vector<std::string>{"dataset:s3://lake:orders.enriched",
                                                "dataset:s3://lake:orders.events"});
  CHECK(orders.hits[0].matched == "id");

  const SearchResult finance = f.index->search({"finance", 50});
  CHECK(ids(finance) ==
        std::vector<std::string>{"dataset:s3://lake:finance.revenue", "group:finance"});
  CHECK(finance.hits[1].kind == SearchHit::Kind::kPrincipal);

  const SearchResult pii = f.index->search({"pii", 50});
  REQUIRE(pii.hits.size() == 1);
  CHECK(pii.hits[0].id == "dataset:s3://lake:orders.events");
  CHECK(pii.hits[0].matched == "tag");
  CHECK(pii.hits[0].tags == std::vector<std::string>{"PII"});

  const SearchResult owner = f.index->search({"team:customers", 50});
  REQUIRE(owner.hits.size() == 1);
  CHECK(owner.hits[0].matched == "owner");
  CHECK(owner.hits[0].domain == "Customers");

  const SearchResult domain = f.index->search({"custom", 50});
  CHECK(ids(domain) == std::vector<std::string>{"dataset:s3://lake:customers.profile"});

  CHECK(ids(f.index->search({"enrich", 50})) ==
        std::vector<std::string>{"dataset:s3://lake:orders.enriched", "job:airflow:enrich"});
  CHECK(ids(f.index->search({"alice", 50})) == std::vector<std::string>{"user:alice"});

  const SearchResult limited = f.index->search({"s3://lake", 2});
  CHECK(limited.hits.size() == 2);
  CHECK(limited.total == 4);
  CHECK(f.index->search({"nothing-like-it", 50}).total == 0);
}

TEST_CASE("overview: domains, their most connected products, and the lineage between them") {
  CatalogFixture f;
  const Overview o = f.index->overview(5);
  REQUIRE(o.domains.size() == 3);
  CHECK(o.domains[0].name == "Customers");
  CHECK(o.domains[1].name == "Finance");
  CHECK(o.domains[2].name == "Orders");
  CHECK(o.domains[2].datasets == 2);
  CHECK(o.domains[2].products == 1);
  REQUIRE(o.domains[1].top.size() == 1);
  CHECK(o.domains[1].top[0].id == "dataset:s3://lake:finance.revenue");
  CHECK(o.domains[1].top[0].degree == 2);  // from orders.enriched and customers.profile
  CHECK(o.domains[2].top[0].degree == 1);  // orders.events feeds orders.enriched
  REQUIRE(o.links.size() == 2);
  CHECK(o.links[0].from == "Customers");
  CHECK(o.links[0].to == "Finance");
  CHECK(o.links[0].edges == 1);
  CHECK(o.links[1].from == "Orders");
  CHECK(o.links[1].to == "Finance");
  CHECK(f.index->overview(0).domains[1].top.empty());
}

TEST_CASE("a dataset's contract comes from its latest declaration, with every deprecation notice") {
  CatalogFixture f;
  const CatalogDataset before = f.index->dataset("dataset:s3://lake:finance.revenue").value();
  CHECK_FALSE(before.freshness_slo_seconds);
  CHECK(before.lifecycle_state.empty());
  REQUIRE(before.declared_seq);
  CHECK(*before.declared_seq == 2);
  CHECK(before.deprecations.empty());
  f.run("copy", {"orders.events"}, "scratch");  // seq 8: never declared, only written
  const CatalogDataset scratch = f.index->dataset("dataset:s3://lake:scratch").value();
  CHECK_FALSE(scratch.declared_seq);
  CHECK(scratch.description.empty());

  DatasetDeclared d;
  d.dataset = ds("finance.revenue");
  d.domain = "Finance";
  d.data_product = true;
  d.freshness_slo_seconds = 3600;
  d.lifecycle_state = "DEPRECATED";
  d.description = "daily revenue";
  f.add(d);  // seq 9
  DeprecationNotice n;
  n.dataset = ds("finance.revenue");
  n.sunset = Timestamp{5'000'000'000};
  n.replacement = ds("finance.revenue.v2");
  n.note = "use v2";
  f.add(n);  // seq 10
  const CatalogDataset after = f.index->dataset("dataset:s3://lake:finance.revenue").value();
  CHECK(after.freshness_slo_seconds == 3600);
  CHECK(after.lifecycle_state == "DEPRECATED");
  CHECK(after.description == "daily revenue");
  CHECK(after.declared_seq == 9);
  REQUIRE(after.deprecations.size() == 1);
  CHECK(after.deprecations[0].seq == 10);
  CHECK(after.deprecations[0].note == "use v2");
  REQUIRE(after.deprecations[0].replacement);
  CHECK(after.deprecations[0].replacement->name == "finance.revenue.v2");
  // The schema a later declaration leaves out stays the current one.
  CHECK(f.index->dataset("dataset:s3://lake:orders.events").value().fields.size() == 2);
}

TEST_CASE("a DatasetEvent that only updates a schema keeps what earlier declarations said") {
  CatalogFixture f;
  DatasetDeclared product;
  product.dataset = ds("finance.revenue");
  product.data_product = true;
  product.freshness_slo_seconds = 3600;
  product.description = "daily revenue";
  f.add(product);  // seq 8
  DatasetDeclared schema_only;  // as an OpenLineage DatasetEvent with a schema facet reads
  schema_only.dataset = ds("finance.revenue");
  schema_only.schema = {SchemaField{"day", "date"}, SchemaField{"total", "decimal"}};
  schema_only.lifecycle_state = "ALTER";
  f.add(schema_only);  // seq 9
  const CatalogDataset d = f.index->dataset("dataset:s3://lake:finance.revenue").value();
  CHECK(d.freshness_slo_seconds == 3600);
  CHECK(d.description == "daily revenue");
  CHECK(d.lifecycle_state == "ALTER");
  CHECK(d.declared_seq == 9);
  CHECK(d.fields.size() == 2);
}

TEST_CASE("a dataset's fields carry the tags their columns have now, classifications included") {
  CatalogFixture f;
  auto tags = [&](size_t field) {
    return f.index->dataset("dataset:s3://lake:orders.events").value().fields.at(field).tags;
  };
  CHECK(tags(0).empty());
  CHECK(tags(1) == std::vector<std::string>{"PII"});  // from the schema
  f.add(Classified{ds("orders.events"), "order_id", "Sensitive", false});
  f.add(Classified{ds("orders.events"), "email", "Contact", false});
  CHECK(tags(0) == std::vector<std::string>{"Sensitive"});
  CHECK(tags(1) == std::vector<std::string>{"Contact", "PII"});
  f.add(Classified{ds("orders.events"), "email", "PII", true});
  CHECK(tags(1) == std::vector<std::string>{"Contact"});
}

TEST_CASE("a dataset's own tags: classifications without a field, less removed ones") {
  CatalogFixture f;
  auto tags = [&] { return f.index->dataset("dataset:s3://lake:orders.events").value().tags; };
  CHECK(tags().empty());
  f.add(Classified{ds("orders.events"), "", "Gold", false});
  f.add(Classified{ds("orders.events"), "", "Audited", false});
  CHECK(tags() == std::vector<std::string>{"Audited", "Gold"});
  f.add(Classified{ds("orders.events"), "", "Gold", true});
  CHECK(tags() == std::vector<std::string>{"Audited"});
  // Not its columns' tags.
  CHECK(f.index->dataset("dataset:s3://lake:orders.events").value().fields.at(0).tags.empty());
}

TEST_CASE("a job's own tags: tags facets of its runs and job events, classifications naming it") {
  CatalogFixture f;
  auto tags = [&] { return f.index->job("job:airflow:enrich").value().tags; };
  CHECK(tags().empty());
  Classified c;
  c.job = JobRef{"airflow", "enrich"};
  c.tag = "CRITICAL";
  f.add(c);
  RunEvent r;
  r.run_id = "enrich-2";
  r.job = {"airflow", "enrich"};
  r.state = RunState::kStart;
  r.job_tags = {{"tier", "gold", "", ""}};  // key and value both tag it, as for datasets
  f.add(r);
  CHECK(tags() == std::vector<std::string>{"CRITICAL", "gold", "tier"});
  c.removed = true;
  f.add(c);
  CHECK(tags() == std::vector<std::string>{"gold", "tier"});
  JobDeclared j;
  j.job = {"airflow", "revenue"};
  j.tags = {{"Finance", "", "", ""}};
  f.add(j);
  CHECK(f.index->job("job:airflow:revenue").value().tags == std::vector<std::string>{"Finance"});
  // The search finds a job by its tag; no dataset is tagged by it.
  bool found = false;
  for (const auto& h : f.index->search({"gold", 50}).hits) {
    CAPTURE(h.id);
    CHECK(h.id == "job:airflow:enrich");
    found = found || (h.id == "job:airflow:enrich" && h.matched == "tag");
  }
  CHECK(found);
  CHECK(f.index->dataset("dataset:s3://lake:orders.events").value().tags.empty());
}

TEST_CASE("one run by its id: the versions it read and wrote, each with the run that wrote it") {
  CatalogFixture f;
  const CatalogRun r = f.index->run("revenue-1").value();
  CHECK(r.job.name == "revenue");
  CHECK(r.state == RunState::kComplete);
  REQUIRE(r.inputs.size() == 2);
  // orders.enriched was written by enrich-1 before revenue-1 started; customers.profile never.
  for (const auto& in : r.inputs) {
    CAPTURE(in.dataset.name);
    if (in.dataset.name == "orders.enriched") {
      CHECK(in.run_id == "enrich-1");
      CHECK(in.version == "enrich-1");
    } else {
      CHECK(in.run_id.empty());
      CHECK(in.version.empty());
    }
  }
  REQUIRE(r.outputs.size() == 1);
  CHECK(r.outputs[0].run_id == "revenue-1");
  const auto missing = f.index->run("nope");
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == Status::Code::kNotFound);
  CHECK(missing.status().message().find("'nope'") != std::string::npos);
}

}  // namespace
}  // namespace auditgraph

namespace auditgraph {
namespace {

//   seq 8: JobEvent    orders.events --[load]--> staging       (declared; no run yet)
//   seq 9: run load-1  orders.events --[load]--> orders.enriched (completed after it)
TEST_CASE("a job's inputs and outputs: a JobEvent's declared ones until a later run's") {
  CatalogFixture f;
  JobDeclared declared;
  declared.job = {"airflow", "load"};
  declared.inputs = {RunDataset{ds("orders.events")}};
  declared.outputs = {RunDataset{ds("staging")}};
  f.add(declared);
  const CatalogJob before = f.index->job("job:airflow:load").value();
  CHECK(before.runs == 0);
  CHECK(before.inputs == std::vector<DatasetRef>{ds("orders.events")});
  CHECK(before.outputs == std::vector<DatasetRef>{ds("staging")});
  f.run("load", {"orders.events"}, "orders.enriched");
  const CatalogJob after = f.index->job("job:airflow:load").value();
  CHECK(after.runs == 1);
  CHECK(after.inputs == std::vector<DatasetRef>{ds("orders.events")});
  CHECK(after.outputs == std::vector<DatasetRef>{ds("orders.enriched")});
}

//   seqs 0-3: datasets declared in s3://lake;  seq 4: enrich at 4 s;  seq 5: revenue at 5 s
//   (jobs in airflow);  seq 8: a run of job other/j that starts at 8 s and never completes
TEST_CASE("namespace summaries: first named, last changed by a run, and whether they hold datasets") {
  CatalogFixture f;
  RunEvent pending;
  pending.run_id = "p1";
  pending.job = {"other", "j"};
  pending.state = RunState::kStart;
  f.add(pending);  // seq 8
  const auto all = f.index->namespace_summaries();
  REQUIRE(all.size() == 3);
  CHECK(all[0].name == "airflow");
  CHECK(all[0].first_seq == 4);  // job enrich, first named by its run
  CHECK(all[0].updated_at == Timestamp{5'000'000'000});  // revenue's run completed last
  CHECK_FALSE(all[0].holds_datasets);
  CHECK(all[1].name == "other");
  CHECK(all[1].updated_at == Timestamp{8'000'000'000});  // a start counts
  CHECK(all[2].name == "s3://lake");
  CHECK(all[2].first_seq == 0);
  CHECK(all[2].updated_at == Timestamp{5'000'000'000});  // finance.revenue written then
  CHECK(all[2].holds_datasets);
  std::vector<std::string> names;
  for (const auto& ns : all) names.push_back(ns.name);
  CHECK(names == f.index->namespaces());
}

TEST_CASE("node ids come apart at their last colons, and put back together the same") {
  auto column = split_node_id("datasetField:postgres://db:5432:shop.orders:email");
  REQUIRE(column);
  CHECK(column->kind == NodeKind::kColumn);
  CHECK(column->ns == "postgres://db:5432");
  CHECK(column->name == "shop.orders");
  CHECK(column->field == "email");
  CHECK(column->dataset_id() == "dataset:postgres://db:5432:shop.orders");
  auto job = split_node_id("job:airflow:etl.daily");
  REQUIRE(job);
  CHECK(job->kind == NodeKind::kJob);
  CHECK(job->ns == "airflow");
  CHECK(job->name == "etl.daily");
  CHECK(split_node_id("dataset:s3://lake:orders")->dataset_id() == "dataset:s3://lake:orders");
  for (const char* bad : {"", "orders", "dataset:", "dataset:orders", "dataset:ns:",
                          "datasetField:ns:name", "datasetField:ns:name:", "run:x:y"}) {
    CAPTURE(bad);
    CHECK(!split_node_id(bad));
  }
  CHECK(parse_node_kind("column") == NodeKind::kColumn);
  CHECK(!parse_node_kind("table"));
}

}  // namespace
}  // namespace auditgraph
