// PII reach along column lineage, stopped by masking, and who can read the derivatives.
#include <doctest/doctest.h>

#include <set>

#include "auditgraph/index.h"
#include "test/util/index_feed.h"
#include "test/util/lake.h"

namespace auditgraph {
namespace {

using testing::ds;
using testing::id;
std::string col(const std::string& name, const std::string& field) {
  return "datasetField:s3://lake:" + name + ":" + field;
}

//   crm.email [PII] --DIRECT--> enriched.email --DIRECT--> mart.email
//   crm.email [PII] --masked--> enriched.email_hash --DIRECT--> mart.hash   (taint stops)
//   crm.phone [PII, classified, then un-classified]                          (not a source)
//   grants: alice READ crm and mart; bob READ mart only
//   seqs: 0 crm declared, 1-2 phone classified and un-classified, 3 enrich, 4 mart, 5-7 grants
struct PiiFixture : testing::IndexFeed {
  void run(const std::string& job, const std::string& in, const std::string& out,
           std::vector<ColumnLineage> columns) {
    RunEvent r;
    r.run_id = job;
    r.job = {"airflow", job};
    r.state = RunState::kComplete;
    r.inputs = {RunDataset{ds(in)}};
    RunDataset o{ds(out)};
    o.column_lineage = std::move(columns);
    r.outputs = {o};
    add(r);
  }
  void grant(const std::string& who, const std::string& dataset) {
    AccessGranted g;
    g.grant_id = who + "@" + dataset;
    g.grantee = {PrincipalRef::Kind::kUser, who};
    g.resource = {Resource::Kind::kDataset, ds(dataset)};
    g.privilege = "READ";
    add(g);
  }
  PiiFixture() {
    DatasetDeclared crm;
    crm.dataset = ds("crm");
    crm.schema = {{"email", "string", "", {"PII"}, {}}, {"phone", "string"}};
    add(crm);
    add(Classified{ds("crm"), "phone", "PII", false});
    add(Classified{ds("crm"), "phone", "PII", true});
    run("enrich", "crm", "enriched",
        {{"email", {{{ds("crm"), "email"}, "DIRECT", "IDENTITY", "", false}}},
         {"email_hash", {{{ds("crm"), "email"}, "DIRECT", "TRANSFORMATION", "", true}}}});
    run("mart", "enriched", "mart",
        {{"email", {{{ds("enriched"), "email"}, "DIRECT", "IDENTITY", "", false}}},
         {"hash", {{{ds("enriched"), "email_hash"}, "DIRECT", "IDENTITY", "", false}}}});
    grant("alice", "crm");
    grant("alice", "mart");
    grant("bob", "mart");
  }
};

TEST_CASE("pii-reach: unmasked derivatives with their paths; masking stops; readers flagged") {
  PiiFixture f;
  auto r = f.index->pii_reach({"", "PII", Timestamp{1'000'000'000'000}});
  REQUIRE(r.ok());
  CHECK(r->sources == std::vector<std::string>{col("crm", "email")});
  REQUIRE(r->reached.size() == 2);
  CHECK(r->reached[0].column == col("enriched", "email"));
  CHECK(r->reached[1].column == col("mart", "email"));
  CHECK(r->reached[1].path == std::vector<std::string>{col("crm", "email"),
                                                       col("enriched", "email"),
                                                       col("mart", "email")});
  CHECK(r->reached[1].jobs == std::vector<std::string>{"job:airflow:enrich", "job:airflow:mart"});
  // The evidence: the tagging, then each step's run.
  CHECK(r->source_seqs == std::vector<uint64_t>{0});
  CHECK(r->reached[0].seqs == std::vector<uint64_t>{0, 3});
  CHECK(r->reached[1].seqs == std::vector<uint64_t>{0, 3, 4});
  REQUIRE(r->masked.size() == 1);
  CHECK(r->masked[0].column == col("enriched", "email_hash"));
  CHECK(r->masked[0].seqs == std::vector<uint64_t>{0, 3});
  REQUIRE(r->readers.size() == 2);
  CHECK(r->readers[0].principal.name == "alice");
  CHECK(r->readers[0].datasets == std::vector<std::string>{id("crm"), id("mart")});
  CHECK(r->readers[0].without_source_grant.empty());
  CHECK(r->readers[1].principal.name == "bob");
  CHECK(r->readers[1].without_source_grant == std::vector<std::string>{id("mart")});
  CHECK(r->readers[0].seqs == std::vector<uint64_t>{5, 6});
  CHECK(r->readers[1].seqs == std::vector<uint64_t>{7});

  // Starting from one dataset or column, and from a node with no tagged column.
  auto from_crm = f.index->pii_reach({id("crm"), "PII", Timestamp{}});
  REQUIRE(from_crm.ok());
  CHECK(from_crm->reached.size() == 2);
  auto from_mart = f.index->pii_reach({id("mart"), "PII", Timestamp{}});
  REQUIRE(from_mart.ok());
  CHECK(from_mart->sources.empty());
  CHECK(f.index->pii_reach({id("nope"), "PII", Timestamp{}}).status().is_not_found());
  // Another tag: nothing carries it.
  CHECK(f.index->pii_reach({"", "PHI", Timestamp{}})->sources.empty());
}

//   crm.email [PII]      crm:eu.email [PII]   (a dataset whose name begins as crm's columns' ids)
TEST_CASE("pii-reach from one node: its own tagged columns, not another's that share the prefix") {
  PiiFixture f;
  DatasetDeclared eu;
  eu.dataset = ds("crm:eu");
  eu.schema = {{"email", "string", "", {"PII"}, {}}};
  f.add(eu);
  auto whole = f.index->pii_reach({"", "PII", Timestamp{}});
  REQUIRE(whole.ok());
  CHECK(whole->sources == std::vector<std::string>{col("crm", "email"), col("crm:eu", "email")});
  auto from_crm = f.index->pii_reach({id("crm"), "PII", Timestamp{}});
  REQUIRE(from_crm.ok());
  CHECK(from_crm->sources == std::vector<std::string>{col("crm", "email")});
  auto from_eu = f.index->pii_reach({id("crm:eu"), "PII", Timestamp{}});
  REQUIRE(from_eu.ok());
  CHECK(from_eu->sources == std::vector<std::string>{col("crm:eu", "email")});
  auto from_column = f.index->pii_reach({col("crm", "email"), "PII", Timestamp{}});
  REQUIRE(from_column.ok());
  CHECK(from_column->sources == std::vector<std::string>{col("crm", "email")});
  CHECK(from_column->reached.size() == 2);
}

}  // namespace
}  // namespace auditgraph
