// DOT and Mermaid views of a lineage answer. The fixture answer (impact of orders):
//
//   orders (orders) --enrich--> orders.enriched (orders) --revenue--> revenue (finance)
//                                      ^  |
//                                      +--+  merge (a cycle: merge rewrites its own input)
//
// plus a masked column edge drawn dashed. DOT is checked by Graphviz's own parser.
#include "src/export/graph_text.h"

#include <doctest/doctest.h>
#include <graphviz/cgraph.h>

namespace auditgraph {
namespace {

LineageAnswer fixture() {
  LineageAnswer a;
  a.at.size = 42;
  a.nodes = {
      {"dataset:kafka://b:9092:orders", NodeKind::kDataset, 0, "alice", "orders"},
      {"job:etl:enrich", NodeKind::kJob, 1, "", ""},
      {"dataset:s3://lake:orders.enriched", NodeKind::kDataset, 1, "bob", "orders"},
      {"dataset:s3://lake:revenue \"daily\"", NodeKind::kDataset, 2, "", "finance"},
  };
  a.edges = {
      {"dataset:kafka://b:9092:orders",
       "dataset:s3://lake:orders.enriched",
       "job:etl:enrich",
       "",
       false,
       {3, 4}},
      {"dataset:s3://lake:orders.enriched",
       "dataset:s3://lake:orders.enriched",
       "job:etl:merge",
       "",
       false,
       {7}},
      {"dataset:s3://lake:orders.enriched",
       "dataset:s3://lake:revenue \"daily\"",
       "job:etl:revenue",
       "",
       true,
       {9}},
  };
  a.cycles = {{"dataset:s3://lake:orders.enriched"}};
  return a;
}

TEST_CASE("DOT: Graphviz reads it back with every dataset and edge, jobs as labels") {
  const std::string dot = lineage_dot(fixture());
  Agraph_t* g = agmemread(dot.c_str());
  REQUIRE_MESSAGE(g != nullptr, dot);
  CHECK(agnnodes(g) == 3);  // the job is an edge label, not a node
  CHECK(agnedges(g) == 3);
  Agnode_t* revenue = agnode(g, const_cast<char*>("dataset:s3://lake:revenue \"daily\""), 0);
  REQUIRE(revenue != nullptr);
  CHECK(agnode(g, const_cast<char*>("job:etl:enrich"), 0) == nullptr);
  agclose(g);
  CHECK(dot.find("label=\"enrich\"") != std::string::npos);
  CHECK(dot.find("style=dashed") != std::string::npos);       // the masked edge
  CHECK(dot.find("penwidth=2.5") != std::string::npos);       // the query node
  CHECK(dot.find("color=\"#c0392b\"") != std::string::npos);  // on the cycle
  CHECK(dot.find("rankdir=LR") != std::string::npos);
}

TEST_CASE("Mermaid: a left-to-right flowchart with plain keys, quoted labels and domain classes") {
  const std::string m = lineage_mermaid(fixture());
  CHECK(m.rfind("flowchart LR\n", 0) == 0);
  CHECK(m.find("  n0[\"orders<br/>orders\"]\n") != std::string::npos);
  CHECK(m.find("revenue #quot;daily#quot;<br/>finance") != std::string::npos);
  CHECK(m.find("  n0 -->|\"enrich\"| n1\n") != std::string::npos);
  CHECK(m.find("  n1 -->|\"merge\"| n1\n") != std::string::npos);
  CHECK(m.find("  n1 -.->|\"revenue\"| n2\n") != std::string::npos);  // masked: dotted
  CHECK(m.find("class n2 d0") != std::string::npos);                  // finance sorts first
  CHECK(m.find("class n0,n1 d1") != std::string::npos);
  CHECK(m.find("style n0 stroke-width:3px\n") != std::string::npos);
  CHECK(m.find("style n1 stroke:#c0392b\n") != std::string::npos);
  CHECK(m.find("job:") == std::string::npos);  // jobs only as short edge labels
}

TEST_CASE("the same domains get the same colours") {
  const auto a = domain_colours({"finance", "orders"});
  REQUIRE(a.size() == 2);
  CHECK(a == domain_colours({"finance", "orders"}));
  CHECK(a[0] != a[1]);
}

}  // namespace
}  // namespace auditgraph
