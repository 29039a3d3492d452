// Provenance and impact over small hand-made meshes, and against a plain BFS over the event list.
#include "auditgraph/index.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "auditgraph/merkle.h"
#include "test/util/index_feed.h"
#include "test/util/temp_dir.h"
#include "test/util/lake.h"

namespace auditgraph {
namespace {

using Direction = LineageQuery::Direction;

using testing::ds;
using testing::id;
std::string job(const std::string& name) { return "job:airflow:" + name; }

// Builds an index event by event; seqs are dense from 0, event times one second apart.
struct Mesh {
  std::unique_ptr<Index> index = make_index(nullptr);
  std::vector<Event> events;

  // One RunEvent of run `run_id` of job `job_name`.
  uint64_t run(const std::string& job_name, const std::string& run_id,
               std::vector<std::string> inputs, std::vector<std::string> outputs,
               RunState state = RunState::kComplete, std::optional<int64_t> at = std::nullopt) {
    return add(testing::run_event(job_name, run_id, inputs, outputs, state), at);
  }
  uint64_t add(Payload p, std::optional<int64_t> at = std::nullopt) {
    Event e;
    e.seq = events.size();
    e.event_time = Timestamp{at.value_or(static_cast<int64_t>(e.seq)) * 1'000'000'000};
    e.payload = std::move(p);
    REQUIRE(index->add(e, LogHead{e.seq + 1, Hash{}}).ok());
    events.push_back(e);
    return e.seq;
  }

  LineageAnswer query(const std::string& node, Direction d, std::optional<uint64_t> as_of = {},
                      std::optional<uint32_t> depth = {}) const {
    LineageQuery q;
    q.node = node;
    q.direction = d;
    q.as_of_seq = as_of;
    q.max_depth = depth;
    auto a = index->lineage(q);
    REQUIRE_MESSAGE(a.ok(), a.status().to_string());
    return *a;
  }
};

std::set<std::string> ids(const LineageAnswer& a) {
  std::set<std::string> out;
  for (const auto& n : a.nodes) out.insert(n.id);
  return out;
}

uint32_t distance(const LineageAnswer& a, const std::string& node) {
  for (const auto& n : a.nodes) {
    if (n.id == node) return n.distance;
  }
  FAIL("not in the answer: " << node);
  return 0;
}

//   a --j1--> b, shown by each of the 40 events of one run (r1); e --j1--> b from its 35th on
//   (a dataset edge's evidence is both its halves', so e's is every event of r1 too)
TEST_CASE("an edge shown by many events of one run: every one is its evidence, in seq order") {
  Mesh m;
  std::vector<uint64_t> all;
  for (int i = 0; i < 40; ++i) {
    std::vector<std::string> inputs{"a"};
    if (i == 34) inputs.push_back("e");
    const RunState state = i == 0 ? RunState::kComplete : RunState::kRunning;
    const uint64_t seq = m.run("j1", "r1", inputs, {"b"}, state);
    all.push_back(seq);
  }
  const auto provenance = m.query(id("b"), Direction::kUpstream);
  std::map<std::string, std::vector<uint64_t>> evidence;
  for (const auto& e : provenance.edges) evidence[e.from + ">" + e.to] = e.seqs;
  CHECK(evidence[id("a") + ">" + id("b")] == all);
  CHECK(evidence[id("e") + ">" + id("b")] == all);
  // As of a past size, only the events before it.
  const auto then = m.query(id("b"), Direction::kUpstream, uint64_t{33});
  CHECK(then.edges.size() == 1);  // e is not named yet
  for (const auto& e : then.edges) {
    CAPTURE(e.from);
    CHECK(e.seqs == std::vector<uint64_t>(all.begin(), all.begin() + 33));
  }
}

//   a --j1--> b --j2--> d
//   a --j3--> c --j4--/
TEST_CASE("diamond: impact and provenance meet at both ends, with distances and evidence") {
  Mesh m;
  m.run("j1", "r1", {"a"}, {"b"});
  m.run("j3", "r3", {"a"}, {"c"});
  m.run("j2", "r2", {"b"}, {"d"});
  m.run("j4", "r4", {"c"}, {"d"});

  auto impact = m.query(id("a"), Direction::kDownstream);
  CHECK(ids(impact) == std::set<std::string>{id("a"), id("b"), id("c"), id("d"), job("j1"),
                                             job("j2"), job("j3"), job("j4")});
  CHECK(impact.nodes.front().id == id("a"));
  CHECK(distance(impact, id("b")) == 1);
  CHECK(distance(impact, job("j1")) == 1);
  CHECK(distance(impact, id("d")) == 2);
  REQUIRE(impact.edges.size() == 4);
  CHECK(impact.edges[0].from == id("a"));
  CHECK(impact.edges[0].to == id("b"));
  CHECK(impact.edges[0].via_job == job("j1"));
  CHECK(impact.edges[0].seqs == std::vector<uint64_t>{0});
  CHECK(impact.cycles.empty());
  CHECK_FALSE(impact.partial);
  CHECK(impact.at.size == 4);

  auto provenance = m.query(id("d"), Direction::kUpstream);
  CHECK(ids(provenance) == ids(impact));
  CHECK(distance(provenance, id("a")) == 2);

  LineageQuery nodes_only{id("a"), Direction::kDownstream};
  nodes_only.include_edges = false;
  auto bare = m.index->lineage(nodes_only);
  REQUIRE(bare.ok());
  CHECK(ids(*bare) == ids(impact));
  CHECK(bare->edges.empty());

  auto one_hop = m.query(id("a"), Direction::kDownstream, std::nullopt, 1);
  CHECK(ids(one_hop) == std::set<std::string>{id("a"), id("b"), id("c"), job("j1"), job("j3")});

  LineageQuery datasets_only{id("a"), Direction::kDownstream};
  datasets_only.kinds = {NodeKind::kDataset};
  auto only = m.index->lineage(datasets_only);
  REQUIRE(only.ok());
  CHECK(only->nodes.size() == 4);
  CHECK(only->edges.size() == 4);
}

//   s --load--> t --merge--> t   (MERGE reads and rewrites its own table)
TEST_CASE("a cycle terminates and is reported") {
  Mesh m;
  m.run("load", "l1", {"s"}, {"t"});
  m.run("merge", "m1", {"t"}, {"t"});
  for (Direction d : {Direction::kUpstream, Direction::kDownstream}) {
    auto a = m.query(id("t"), d);
    REQUIRE(a.cycles.size() == 1);
    CHECK(a.cycles[0] == std::vector<std::string>{id("t"), job("merge")});
    CHECK(std::count_if(a.edges.begin(), a.edges.end(),
                        [](const auto& e) { return e.from == e.to; }) == 1);
  }
  CHECK(ids(m.query(id("t"), Direction::kUpstream)) ==
        std::set<std::string>{id("t"), id("s"), job("load"), job("merge")});
}

//   seq 0  r1 of j: x, y -> z   (COMPLETE)
//   seq 1  r2 of j: x -> z      (COMPLETE): y -> z closes
//   seq 2  r3 of j: COMPLETE, no datasets yet; seq 3: its START names input w
//   seq 4  r0 of j, completed before r1 by the producer's clock: changes nothing
TEST_CASE("time travel: a job's lineage is its latest completed run, and closed edges stay") {
  Mesh m;
  m.run("j", "r1", {"x", "y"}, {"z"}, RunState::kComplete, 10);
  m.run("j", "r2", {"x"}, {"z"}, RunState::kComplete, 20);
  auto before = m.query(id("z"), Direction::kUpstream, 1);
  CHECK(ids(before) == std::set<std::string>{id("z"), id("x"), id("y"), job("j")});
  auto after = m.query(id("z"), Direction::kUpstream, 2);
  CHECK(ids(after) == std::set<std::string>{id("z"), id("x"), job("j")});
  CHECK(after.at.size == 2);

  m.run("j", "r3", {}, {}, RunState::kComplete, 40);
  m.run("j", "r3", {"w"}, {"z"}, RunState::kStart, 30);
  // After r3's COMPLETE alone, j's latest run has no datasets: z has no writer.
  CHECK(ids(m.query(id("z"), Direction::kUpstream, 3)) == std::set<std::string>{id("z")});
  CHECK(ids(m.query(id("z"), Direction::kUpstream)) ==
        std::set<std::string>{id("z"), id("w"), job("j")});

  m.run("j", "r0", {"old"}, {"z"}, RunState::kComplete, 5);
  CHECK(ids(m.query(id("z"), Direction::kUpstream)) ==
        std::set<std::string>{id("z"), id("w"), job("j")});
  CHECK(m.index->stats(Timestamp{})->edges >
        m.index->stats(Timestamp{})->open_edges);  // closed, not deleted

  // As of the producers' clock, with everything logged: the run that completed last by then.
  auto at_time = [&](int64_t seconds) {
    LineageQuery q{id("z"), Direction::kUpstream};
    q.as_of_time = Timestamp{seconds * 1'000'000'000};
    auto a = m.index->lineage(q);
    REQUIRE(a.ok());
    CHECK(a->at.size == 5);
    return ids(*a);
  };
  CHECK(at_time(3) == std::set<std::string>{id("z")});
  CHECK(at_time(7) == std::set<std::string>{id("z"), id("old"), job("j")});          // r0
  CHECK(at_time(10) == std::set<std::string>{id("z"), id("x"), id("y"), job("j")});  // r1
  CHECK(at_time(35) == std::set<std::string>{id("z"), id("x"), job("j")});  // r2: r3 only started
  CHECK(at_time(40) == std::set<std::string>{id("z"), id("w"), job("j")});  // r3
}

//   seq 0: JobEvent   a --j--> b        (declared, no run yet)
//   seq 1: JobEvent   (facets only)     (lineage unchanged)
//   seq 2: run r1 of j, completed at 10 s: a --j--> c
TEST_CASE("a JobEvent's inputs and outputs are the job's lineage until a later run says otherwise") {
  Mesh m;
  auto declared = [](std::vector<std::string> in, std::vector<std::string> out) {
    JobDeclared j;
    j.job = {"airflow", "j"};
    for (const auto& i : in) j.inputs.push_back(RunDataset{ds(i)});
    for (const auto& o : out) j.outputs.push_back(RunDataset{ds(o)});
    return j;
  };
  m.add(declared({"a"}, {"b"}));
  CHECK(ids(m.query(id("a"), Direction::kDownstream)) ==
        std::set<std::string>{id("a"), job("j"), id("b")});
  m.add(declared({}, {}));
  CHECK(ids(m.query(id("a"), Direction::kDownstream)) ==
        std::set<std::string>{id("a"), job("j"), id("b")});
  m.run("j", "r1", {"a"}, {"c"}, RunState::kComplete, 10);
  CHECK(ids(m.query(id("a"), Direction::kDownstream)) ==
        std::set<std::string>{id("a"), job("j"), id("c")});
  // As of the declaration, the declared lineage holds.
  CHECK(ids(m.query(id("a"), Direction::kDownstream, 1)) ==
        std::set<std::string>{id("a"), job("j"), id("b")});
}

//   crm.customers.email --DIRECT/TRANSFORMATION, masked--> orders.enriched.email_hash
//   crm.customers.id    --DIRECT/IDENTITY-------------> orders.enriched.customer_id
TEST_CASE("column lineage carries the transformation and the masking") {
  Mesh m;
  RunEvent r;
  r.run_id = "r";
  r.job = {"airflow", "enrich"};
  r.state = RunState::kComplete;
  r.inputs = {RunDataset{ds("crm.customers")}};
  RunDataset out{ds("orders.enriched")};
  out.column_lineage = {
      {"email_hash", {{{ds("crm.customers"), "email"}, "DIRECT", "TRANSFORMATION", "", true}}},
      {"customer_id", {{{ds("crm.customers"), "id"}, "DIRECT", "IDENTITY", "", false}}}};
  r.outputs = {out};
  m.add(r);
  const std::string hash_col = "datasetField:s3://lake:orders.enriched:email_hash";
  auto a = m.query(hash_col, Direction::kUpstream);
  CHECK(ids(a) == std::set<std::string>{hash_col, "datasetField:s3://lake:crm.customers:email"});
  REQUIRE(a.edges.size() == 1);
  CHECK(a.edges[0].transformation == "DIRECT/TRANSFORMATION");
  CHECK(a.edges[0].masking);
  CHECK(a.edges[0].via_job == job("enrich"));
  auto down = m.query("datasetField:s3://lake:crm.customers:id", Direction::kDownstream);
  REQUIRE(down.edges.size() == 1);
  CHECK(down.edges[0].to == "datasetField:s3://lake:orders.enriched:customer_id");
  CHECK_FALSE(down.edges[0].masking);

  // A column has its dataset's owner and domain, and the domain filter goes by them.
  DatasetDeclared crm;
  crm.dataset = ds("crm.customers");
  crm.owners = {{"team:crm", ""}};
  crm.domain = "Customers";
  m.add(crm);
  auto owned = m.query("datasetField:s3://lake:crm.customers:id", Direction::kDownstream);
  REQUIRE(owned.nodes.size() == 2);
  CHECK(owned.nodes[0].owner == "team:crm");
  CHECK(owned.nodes[0].domain == "Customers");
  CHECK(owned.nodes[1].owner.empty());  // orders.enriched was never declared
  LineageQuery only;
  only.node = "datasetField:s3://lake:orders.enriched:customer_id";
  only.direction = Direction::kUpstream;
  only.domain = "Customers";
  auto filtered = m.index->lineage(only).value();
  CHECK(ids(filtered) == std::set<std::string>{only.node, "datasetField:s3://lake:crm.customers:id"});
}

//   d0 --j0--> d1 --j1--> ... --j8--> d9
TEST_CASE("a node budget gives a partial answer with its frontier, never a silent cut") {
  Mesh m;
  for (int i = 0; i < 9; ++i) {
    m.run("j" + std::to_string(i), "r" + std::to_string(i), {"d" + std::to_string(i)},
          {"d" + std::to_string(i + 1)});
  }
  LineageQuery q{id("d0"), Direction::kDownstream};
  q.max_nodes = 5;
  auto a = m.index->lineage(q);
  REQUIRE(a.ok());
  CHECK(a->partial);
  CHECK(a->nodes.size() == 5);
  CHECK_FALSE(a->frontier.empty());
  for (const auto& e : a->edges) {
    CHECK(ids(*a).count(e.from));
    CHECK(ids(*a).count(e.to));
  }
  q.max_nodes = 100;
  auto whole = m.index->lineage(q);
  CHECK_FALSE(whole->partial);
  CHECK(whole->nodes.size() == 19);
}

//   d0 --j0--> d1 --j1--> d2 ... --j8--> d9     (a chain: the BFS order is plain)
TEST_CASE("a partial answer's cursor continues it: the pages add up to the whole answer") {
  Mesh m;
  for (int i = 0; i < 9; ++i) {
    m.run("j" + std::to_string(i), "r" + std::to_string(i), {"d" + std::to_string(i)},
          {"d" + std::to_string(i + 1)});
  }
  LineageQuery q{id("d0"), Direction::kDownstream};
  const auto whole = m.index->lineage(q);
  REQUIRE(whole.ok());
  auto pages = [&](LineageQuery page) {
    std::vector<std::string> got;
    page.max_nodes = 4;
    for (int n = 0; n < 20; ++n) {
      auto a = m.index->lineage(page);
      REQUIRE_MESSAGE(a.ok(), a.status().to_string());
      CHECK(a->nodes.size() <= 4);
      for (const auto& node : a->nodes) got.push_back(node.id);
      if (!a->partial) {
        CHECK(a->cursor.empty());
        break;
      }
      REQUIRE_FALSE(a->cursor.empty());
      page.cursor = a->cursor;
    }
    return got;
  };
  std::vector<std::string> want;
  for (const auto& node : whole->nodes) want.push_back(node.id);
  CHECK(pages(q) == want);

  LineageQuery first = q;
  first.max_nodes = 4;
  const std::string cursor = m.index->lineage(first)->cursor;
  SUBCASE("a cursor continues only its own query") {
    LineageQuery other = first;
    other.node = id("d1");
    other.cursor = cursor;
    CHECK(m.index->lineage(other).status().is_invalid_argument());
    other = first;
    other.cursor = "not-a-cursor";
    auto refused = m.index->lineage(other);
    CHECK(refused.status().is_invalid_argument());
    CHECK(refused.status().message().find("cursor") != std::string::npos);
  }
  SUBCASE("a cursor stays at the log size it began at, however the log grows") {
    m.run("j9", "r9", {"d9"}, {"d10"});
    LineageQuery next = first;
    next.cursor = cursor;
    next.max_nodes = 100;
    auto rest = m.index->lineage(next);
    REQUIRE(rest.ok());
    CHECK(rest->at.size == 9);
    CHECK(rest->nodes.size() == want.size() - 4);
    CHECK(rest->nodes.back().id == id("d9"));
  }
  SUBCASE("as of a time, a cursor is refused once the log has grown") {
    LineageQuery timed = first;
    timed.as_of_time = Timestamp{100'000'000'000};
    auto a = m.index->lineage(timed);
    REQUIRE(a->partial);
    m.run("j9", "r9", {"d9"}, {"d10"});
    timed.cursor = a->cursor;
    CHECK(m.index->lineage(timed).status().is_invalid_argument());
  }
}

TEST_CASE("node ids are matched whole, so namespaces with ports need no escaping") {
  Mesh m;
  RunEvent r;
  r.run_id = "r";
  r.job = {"marquez", "etl"};
  r.state = RunState::kComplete;
  r.inputs = {RunDataset{{"postgres://db:5432", "shop.public.orders"}}};
  r.outputs = {RunDataset{{"s3://lake", "orders"}}};
  m.add(r);
  auto a = m.query("dataset:postgres://db:5432:shop.public.orders", Direction::kDownstream);
  CHECK(ids(a).count(id("orders")));

  LineageQuery q{"dataset:postgres://db:5432:nope", Direction::kDownstream};
  CHECK(m.index->lineage(q).status().is_not_found());
  q.node = "job:marquez:etl";
  CHECK(m.index->lineage(q).status().is_invalid_argument());
  q.node = id("orders");
  q.as_of_seq = 2;
  CHECK(m.index->lineage(q).status().is_invalid_argument());
}

// The reference: at log size n, each job's latest completed run (by completion time, then run
// id; with `as_of_time`, completed by then) over the events before n, the union of that run's
// datasets over those events, then BFS.
std::set<std::string> reference(const std::vector<Event>& events, uint64_t n,
                                const std::string& start, Direction d,
                                std::optional<int64_t> as_of_time = std::nullopt) {
  struct Run {
    std::optional<int64_t> done;
    std::set<std::string> in, out;
    std::string job;
  };
  std::map<std::string, Run> runs;
  for (uint64_t i = 0; i < n; ++i) {
    const auto& r = std::get<RunEvent>(events[i].payload);
    Run& run = runs[r.run_id];
    run.job = job(r.job.name);
    if (r.state == RunState::kComplete) {
      const int64_t t = events[i].event_time.unix_nanos;
      if (!run.done || t < *run.done) run.done = t;
    }
    for (const auto& x : r.inputs) run.in.insert(id(x.dataset.name));
    for (const auto& x : r.outputs) run.out.insert(id(x.dataset.name));
  }
  std::map<std::string, std::pair<int64_t, std::string>> latest;  // job -> (time, run id)
  for (const auto& [rid, run] : runs) {
    if (!run.done || (as_of_time && *run.done > *as_of_time)) continue;
    auto key = std::make_pair(*run.done, rid);
    auto it = latest.find(run.job);
    if (it == latest.end() || it->second < key) latest[run.job] = key;
  }
  std::multimap<std::string, std::string> next;  // node -> neighbour in direction d
  for (const auto& [jb, key] : latest) {
    const Run& run = runs.at(key.second);
    for (const auto& i : run.in)
      (d == Direction::kDownstream ? next.emplace(i, jb) : next.emplace(jb, i));
    for (const auto& o : run.out)
      (d == Direction::kDownstream ? next.emplace(jb, o) : next.emplace(o, jb));
  }
  std::set<std::string> seen{start};
  std::vector<std::string> todo{start};
  while (!todo.empty()) {
    std::string x = todo.back();
    todo.pop_back();
    auto [b, e] = next.equal_range(x);
    for (auto it = b; it != e; ++it) {
      if (seen.insert(it->second).second) todo.push_back(it->second);
    }
  }
  return seen;
}

TEST_CASE("property: provenance and impact equal a plain BFS over the events, at every size") {
  std::mt19937_64 rng(20261124);
  for (int round = 0; round < 20; ++round) {
    Mesh m;
    const int datasets = 12, jobs = 6, events = 60;
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
    for (int e = 0; e < events; ++e) {
      std::vector<std::string> in, out;
      for (int k = pick(3); k > 0; --k) in.push_back("d" + std::to_string(pick(datasets)));
      for (int k = pick(3); k > 0; --k) out.push_back("d" + std::to_string(pick(datasets)));
      const int j = pick(jobs);
      const RunState state = pick(3) == 0 ? RunState::kStart : RunState::kComplete;
      m.run("j" + std::to_string(j), "r" + std::to_string(j) + "." + std::to_string(pick(4)), in,
            out, state, pick(1000));
    }
    for (int probe = 0; probe < 20; ++probe) {
      const uint64_t n = 1 + static_cast<uint64_t>(pick(events));
      const std::string start = id("d" + std::to_string(pick(datasets)));
      for (Direction d : {Direction::kUpstream, Direction::kDownstream}) {
        LineageQuery q{start, d};
        q.as_of_seq = n;
        auto got = m.index->lineage(q);
        auto want = reference(m.events, n, start, d);
        if (!got.ok()) {
          // Only when the dataset was not named yet at that size.
          CHECK(got.status().is_not_found());
          continue;
        }
        CAPTURE(round);
        CAPTURE(n);
        CHECK(ids(*got) == want);
        LineageQuery bare = q;
        bare.include_edges = false;
        CHECK(ids(*m.index->lineage(bare)) == want);
        // At the head, a whole closure takes its cycles from the graph's cache; a budgeted one
        // finds them among the arcs it walked: the two agree.
        LineageQuery at_head{start, d};
        LineageQuery walked = at_head;
        walked.max_nodes = 1'000'000;
        auto cached = m.index->lineage(at_head);
        if (cached.ok()) CHECK(cached->cycles == m.index->lineage(walked)->cycles);
        // As of a producer's time, with the whole log.
        const int64_t t = pick(1000) * int64_t{1'000'000'000};
        q.as_of_seq.reset();
        q.as_of_time = Timestamp{t};
        auto timed = m.index->lineage(q);
        REQUIRE(timed.ok());
        CAPTURE(t);
        CHECK(ids(*timed) == reference(m.events, m.events.size(), start, d, t));
      }
    }
  }
}

TEST_CASE("Build replays a log; answers name the log position, as of a past size too") {
  testing::TempDir dir;
  auto log = EventLog::Open(LogOptions{}, dir.path());
  REQUIRE(log.ok());
  Mesh m;
  m.run("j1", "r1", {"a"}, {"b"});
  m.run("j2", "r2", {"b"}, {"c"});
  REQUIRE((*log)->append(m.events).ok());
  auto index = Index::Build(**log);
  REQUIRE(index.ok());
  LineageQuery q{id("c"), Direction::kUpstream};
  auto now = (*index)->lineage(q);
  REQUIRE(now.ok());
  CHECK(now->at == (*log)->head());
  CHECK(ids(*now) == std::set<std::string>{id("a"), id("b"), id("c"), job("j1"), job("j2")});
  q.node = id("b");
  q.as_of_seq = 1;
  auto past = (*index)->lineage(q);
  REQUIRE(past.ok());
  CHECK(past->at.size == 1);
  CHECK(past->at.root == *(*log)->root_at(1));
}

}  // namespace
}  // namespace auditgraph

namespace auditgraph {
namespace {

//   s --load(l1, done t=10)--> t
//   t --merge(m1, t=20..25)--> t --merge(m2, t=30..35)--> t      (a MERGE rewriting its table)
// Version level: t@m2 read t@m1, which read t@l1, which read s (no version of s exists).
TEST_CASE("version provenance: a MERGE cycle unrolls into a chain of versions") {
  Mesh m;
  m.run("load", "l1", {"s"}, {"t"}, RunState::kComplete, 10);
  m.run("merge", "m1", {"t"}, {}, RunState::kStart, 20);
  m.run("merge", "m1", {}, {"t"}, RunState::kComplete, 25);
  m.run("merge", "m2", {"t"}, {}, RunState::kStart, 30);
  m.run("merge", "m2", {}, {"t"}, RunState::kComplete, 35);

  auto latest = m.index->version_provenance({id("t"), "", std::nullopt, std::nullopt});
  REQUIRE(latest.ok());
  CHECK(latest->versions.size() == 3);
  const VersionNode& v2 = latest->root;
  CHECK(v2.run_id == "m2");
  CHECK(v2.job == job("merge"));
  CHECK(v2.seqs == std::vector<uint64_t>{3, 4});
  REQUIRE(v2.inputs.size() == 1);
  const VersionNode& v1 = v2.inputs[0];
  CHECK(v1.run_id == "m1");
  REQUIRE(v1.inputs.size() == 1);
  const VersionNode& v0 = v1.inputs[0];
  CHECK(v0.run_id == "l1");
  CHECK(v0.inputs.empty());
  CHECK(v0.unversioned_inputs == std::vector<std::string>{id("s")});

  // The version current at t=27 is m1's; a label picks one; depth stops the recursion.
  auto at27 = m.index->version_provenance({id("t"), "", Timestamp{27'000'000'000}, 0});
  REQUIRE(at27.ok());
  CHECK(at27->root.run_id == "m1");
  CHECK(at27->root.inputs.empty());
  CHECK(m.index->version_provenance({id("t"), "l1", std::nullopt, std::nullopt})->root.run_id ==
        "l1");
  CHECK(m.index->version_provenance({id("t"), "", Timestamp{5'000'000'000}, std::nullopt})
            .status()
            .is_not_found());
  CHECK(m.index->version_provenance({id("s"), "", std::nullopt, std::nullopt})
            .status()
            .is_not_found());
}

}  // namespace
}  // namespace auditgraph

namespace auditgraph {
namespace {

//   src --load--> orders_v1          (then RENAME orders_v1 -> orders, by the producer of orders)
//   orders --report--> daily         (written after the rename, under the new name)
//   orders is also known as hive:db.orders (symlinks)
// One logical dataset: lineage from src reaches daily, under either name.
//   seq 0  declare orders: owner team:a, domain Orders    seq 1  run: orders -> daily
//   seq 2  ownership of orders moves to team:b            seq 3  declare: domain Sales
TEST_CASE("owners and domains in an answer are those of its log size") {
  Mesh m;
  DatasetDeclared orders;
  orders.dataset = ds("orders");
  orders.owners = {{"team:a", ""}};
  orders.domain = "Orders";
  m.add(orders);
  m.run("report", "r1", {"orders"}, {"daily"});
  m.add(OwnershipChanged{ds("orders"), {{"team:b", ""}}});
  DatasetDeclared moved = orders;
  moved.owners = {};
  moved.domain = "Sales";
  m.add(moved);
  auto at = [&](std::optional<uint64_t> size) {
    const auto a = m.query(id("daily"), Direction::kUpstream, size);
    for (const auto& n : a.nodes) {
      if (n.id == id("orders")) return n.owner + "/" + n.domain;
    }
    return std::string("missing");
  };
  CHECK(at(2) == "team:a/Orders");
  CHECK(at(3) == "team:b/Orders");
  CHECK(at(std::nullopt) == "team:b/Sales");
  LineageQuery filtered{id("daily"), Direction::kUpstream};
  filtered.domain = "Orders";
  filtered.as_of_seq = 3;
  CHECK(ids(*m.index->lineage(filtered)).count(id("orders")));
  filtered.as_of_seq.reset();
  CHECK_FALSE(ids(*m.index->lineage(filtered)).count(id("orders")));
}

//   a@la --jb--> b@rb --+
//        \              +--jd--> d@rd        a's version is read twice: shown once in full
//         --jc--> c@rc -+
TEST_CASE("version provenance shows a version read twice in full once") {
  Mesh m;
  m.run("ja", "la", {}, {"a"}, RunState::kComplete, 1);
  m.run("jb", "rb", {"a"}, {"b"}, RunState::kComplete, 2);
  m.run("jc", "rc", {"a"}, {"c"}, RunState::kComplete, 3);
  m.run("jd", "rd", {"b", "c"}, {"d"}, RunState::kComplete, 4);
  VersionQuery q;
  q.dataset = id("d");
  auto v = m.index->version_provenance(q);
  REQUIRE(v.ok());
  REQUIRE(v->root.inputs.size() == 2);
  const VersionNode& first = v->root.inputs[0].inputs.at(0);
  const VersionNode& again = v->root.inputs[1].inputs.at(0);
  CHECK(first.run_id == "la");
  CHECK(again.run_id == "la");
  CHECK_FALSE(first.inputs_shown_above);
  CHECK(again.inputs_shown_above);
}

TEST_CASE("renames and symlink aliases lead to one logical dataset") {
  Mesh m;
  RunEvent load;
  load.run_id = "l";
  load.job = {"airflow", "load"};
  load.state = RunState::kComplete;
  load.inputs = {RunDataset{ds("src")}};
  RunDataset v1{ds("orders_v1")};
  v1.column_lineage = {{"amount", {{{ds("src"), "amount"}, "DIRECT", "IDENTITY", "", false}}}};
  load.outputs = {v1};
  m.add(load);
  // Before the rename: a grant, an access record and a schema, all under the old name.
  AccessGranted grant;
  grant.grant_id = "g1";
  grant.grantee = {PrincipalRef::Kind::kUser, "alice"};
  grant.resource.dataset = ds("orders_v1");
  grant.privilege = "READ";
  m.add(grant);
  AccessRecorded read;
  read.principal = {PrincipalRef::Kind::kUser, "bob"};
  read.dataset = ds("orders_v1");
  m.add(read);
  DatasetDeclared declared;
  declared.dataset = ds("orders_v1");
  declared.schema = {{"amount", "decimal", "", {}, {}}, {"id", "string", "", {}, {}}};
  m.add(declared);
  RunEvent rename;
  rename.run_id = "r";
  rename.job = {"airflow", "rename"};
  rename.state = RunState::kComplete;
  RunDataset renamed{ds("orders")};
  renamed.lifecycle_state = "RENAME";
  renamed.previous_identifier = ds("orders_v1");
  renamed.aliases = {{"hive", "db.orders"}};
  rename.outputs = {renamed};
  m.add(rename);
  RunEvent report;
  report.run_id = "p";
  report.job = {"airflow", "report"};
  report.state = RunState::kComplete;
  report.inputs = {RunDataset{ds("orders")}};
  RunDataset daily{ds("daily")};
  daily.column_lineage = {
      {"total", {{{ds("orders"), "amount"}, "DIRECT", "AGGREGATION", "", false}}}};
  report.outputs = {daily};
  m.add(report);

  auto impact = m.query(id("src"), Direction::kDownstream);
  CHECK(ids(impact).count(id("daily")));
  CHECK(ids(impact).count(id("orders")));  // shown under its newest name
  CHECK_FALSE(ids(impact).count(id("orders_v1")));
  for (const std::string& name :
       {id("orders_v1"), id("orders"), std::string("dataset:hive:db.orders")}) {
    CAPTURE(name);
    auto up = m.query(name, Direction::kUpstream);
    CHECK(up.nodes.front().id == id("orders"));
    CHECK(ids(up).count(id("src")));
  }
  // Column lineage survives the rename too.
  auto col_up = m.query("datasetField:s3://lake:daily:total", Direction::kUpstream);
  CHECK(ids(col_up).count("datasetField:s3://lake:src:amount"));

  // What was given under the old name holds under every name.
  for (const std::string& name : {id("orders"), std::string("dataset:hive:db.orders")}) {
    CAPTURE(name);
    auto access = m.index->access({name, Timestamp{1'000'000'000'000}});
    REQUIRE(access.ok());
    REQUIRE(access->paths.size() == 1);
    CHECK(access->paths[0].principal.name == "alice");
    auto history = m.index->access_history({name, Timestamp{0}, Timestamp{1'000'000'000'000}});
    REQUIRE(history.ok());
    CHECK(history->seqs.size() == 1);
    ChangeQuery change;
    change.dataset = name;
    change.new_schema = {{"id", "string", "", {}, {}}};  // amount dropped
    auto report = m.index->check_change(change);
    REQUIRE(report.ok());
    CHECK(report->current_schema.size() == 2);
    CHECK(report->verdict == ChangeReport::Verdict::kBreakingWithoutNotice);
    // Its versions: the one load wrote as orders_v1, then the one the renaming run wrote.
    VersionQuery versions;
    versions.dataset = name;
    auto v = m.index->version_provenance(versions);
    REQUIRE(v.ok());
    REQUIRE(v->versions.size() == 2);
    CHECK(v->versions[0].run_id == "l");
    CHECK(v->versions[1].run_id == "r");
  }
}

}  // namespace
}  // namespace auditgraph
