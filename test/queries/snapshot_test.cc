// Index snapshots: Open from a matching snapshot replays only the tail and answers exactly like
// an index built from the whole log; a snapshot that is damaged or belongs to another log is
// ignored, never trusted.
//
// The mesh (random, seeded): datasets d0..d11 over jobs j0..j5 whose runs change their inputs
// (so edges close and reopen), columns d*.c with DIRECT and masked edges, a PII-tagged source,
// groups in groups, grants (one revoked), access records.
#include "auditgraph/index.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "queries/snapshot_file.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

using Direction = LineageQuery::Direction;

DatasetRef ds(int i) { return {"s3://lake", "d" + std::to_string(i)}; }
std::string id(int i) { return "dataset:s3://lake:d" + std::to_string(i); }

std::vector<Event> mesh(uint64_t seed, size_t count) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  std::vector<Event> out;
  auto add = [&](Payload p) {
    Event e;
    e.seq = out.size();
    e.event_time = Timestamp{static_cast<int64_t>(pick(1000)) * 1'000'000'000};
    e.payload = std::move(p);
    out.push_back(std::move(e));
  };
  DatasetDeclared source;
  source.dataset = ds(0);
  source.domain = "orders";
  source.data_product = true;
  source.owners = {{"team:orders", ""}};
  source.schema = {{"c", "string", "", {"PII"}, {}}};
  add(source);
  add(MembershipAdded{"analysts", {PrincipalRef::Kind::kGroup, "eu-analysts"}});
  add(MembershipAdded{"eu-analysts", {PrincipalRef::Kind::kUser, "alice"}});
  while (out.size() < count) {
    const int kind = pick(10);
    if (kind < 7) {
      RunEvent r;
      const int j = pick(6);
      r.job = {"airflow", "j" + std::to_string(j)};
      r.run_id = "r" + std::to_string(j) + "." + std::to_string(pick(4));
      r.state = pick(3) == 0 ? RunState::kStart : RunState::kComplete;
      for (int k = pick(3); k > 0; --k) r.inputs.push_back(RunDataset{ds(pick(12))});
      for (int k = pick(3); k > 0; --k) {
        RunDataset o{ds(pick(12))};
        if (!r.inputs.empty()) {
          ColumnInput in{{r.inputs.front().dataset, "c"}, "DIRECT", "IDENTITY", "", pick(3) == 0};
          o.column_lineage.push_back({"c", {in}});
        }
        r.outputs.push_back(o);
      }
      add(r);
    } else if (kind == 7) {
      AccessGranted g;
      g.grant_id = "g" + std::to_string(out.size());
      g.grantee = pick(2) ? PrincipalRef{PrincipalRef::Kind::kGroup, "analysts"}
                          : PrincipalRef{PrincipalRef::Kind::kUser, "bob"};
      g.resource.dataset = ds(pick(12));
      g.privilege = "READ";
      add(g);
    } else if (kind == 8) {
      add(AccessRevoked{"g" + std::to_string(pick(static_cast<int>(out.size()))), "done"});
    } else {
      AccessRecorded a;
      a.principal = {PrincipalRef::Kind::kUser, pick(2) ? "alice" : "bob"};
      a.dataset = ds(pick(12));
      add(a);
    }
  }
  return out;
}

// Every answer the index gives about the mesh, as text: equal texts, equal answers.
std::string everything(const Index& index) {
  std::ostringstream out;
  for (int d = 0; d < 12; ++d) {
    for (Direction dir : {Direction::kUpstream, Direction::kDownstream}) {
      for (int asked = 0; asked < 3; ++asked) {
        LineageQuery q{id(d), dir};
        if (asked == 1) q.as_of_seq = index.head().size / 2;
        if (asked == 2) q.as_of_time = Timestamp{500'000'000'000};
        auto a = index.lineage(q);
        out << id(d) << " " << static_cast<int>(dir) << " " << asked << ": ";
        if (!a.ok()) {
          out << a.status().to_string() << "\n";
          continue;
        }
        out << a->at.size << " " << a->at.root.hex() << "\n";
        for (const auto& n : a->nodes) out << " n " << n.id << " " << n.distance << " " << n.owner << " " << n.domain << "\n";
        for (const auto& e : a->edges) {
          out << " e " << e.from << " " << e.to << " " << e.via_job << " " << e.transformation << e.masking;
          for (uint64_t s : e.seqs) out << " " << s;
          out << "\n";
        }
        for (const auto& c : a->cycles) out << " c " << c.size() << " " << c.front() << "\n";
      }
    }
    auto access = index.access({id(d), Timestamp{400'000'000'000}});
    if (access.ok()) {
      for (const auto& p : access->paths) out << " a " << p.principal.name << " " << p.grant_id << "\n";
    }
    auto history = index.access_history({id(d), Timestamp{0}, Timestamp{2'000'000'000'000}});
    if (history.ok()) {
      for (uint64_t s : history->seqs) out << " h " << s << "\n";
    }
    VersionQuery v;
    v.dataset = id(d);
    auto versions = index.version_provenance(v);
    if (versions.ok()) out << " v " << versions->versions.size() << " " << versions->root.run_id << "\n";
  }
  PiiQuery pii;
  auto reach = index.pii_reach(pii);
  if (reach.ok()) {
    for (const auto& r : reach->reached) out << " p " << r.column << " " << r.source << "\n";
    for (const auto& r : reach->readers) out << " pr " << r.principal.name << "\n";
  }
  ChangeQuery change;
  change.dataset = id(0);
  auto report = index.check_change(change);
  if (report.ok()) {
    for (const auto& i : report->impacts) out << " x " << i.id << " " << static_cast<int>(i.cls) << "\n";
  }
  const auto s = *index.stats(Timestamp{1'000'000'000'000});
  out << " s " << s.datasets << " " << s.columns << " " << s.jobs << " " << s.edges << " "
      << s.open_edges << " " << s.grants << " " << s.access_records << " "
      << s.unknown_provenance.size() << " " << s.without_owner.size() << "\n";
  return out.str();
}

struct Store {
  testing::TempDir dir;
  std::unique_ptr<EventLog> log;
  std::string snapshot = dir.path() + "/index.snapshot";
  explicit Store(const std::vector<Event>& events) {
    auto opened = EventLog::Open(LogOptions{}, dir.path() + "/store");
    REQUIRE(opened.ok());
    log = std::move(*opened);
    if (!events.empty()) REQUIRE(log->append(events).ok());
  }
};

TEST_CASE("a matching snapshot: only the tail is replayed, and every answer is the same") {
  const auto events = mesh(11, 400);
  Store store({events.begin(), events.begin() + 250});
  auto first = Index::Build(*store.log);
  REQUIRE(first.ok());
  REQUIRE((*first)->save_snapshot(store.snapshot).ok());
  REQUIRE(store.log->append({events.begin() + 250, events.end()}).ok());

  IndexStart start;
  auto opened = Index::Open(*store.log, store.snapshot, &start);
  REQUIRE(opened.ok());
  CHECK(start.from_snapshot);
  CHECK(start.snapshot_size == 250);
  CHECK(start.replayed == 150);
  CHECK(start.snapshot_ignored.empty());
  auto built = Index::Build(*store.log);
  REQUIRE(built.ok());
  CHECK((*opened)->head() == store.log->head());
  const std::string want = everything(**built);
  CHECK(want.size() > 5000);  // the mesh gives answers worth comparing
  CHECK(everything(**opened) == want);

  SUBCASE("and it stays so as events keep coming") {
    const auto more = mesh(12, 60);
    std::vector<Event> tail;
    for (const auto& e : more) {
      Event x = e;
      x.seq = store.log->head().size + tail.size();
      tail.push_back(x);
    }
    REQUIRE(store.log->append(tail).ok());
    for (const auto& e : tail) REQUIRE((*opened)->add(e, LogHead{e.seq + 1, *store.log->root_at(e.seq + 1)}).ok());
    auto rebuilt = Index::Build(*store.log);
    CHECK(everything(**opened) == everything(**rebuilt));
  }
}

TEST_CASE("random meshes snapshotted at random sizes answer as a fresh replay does") {
  // Sizes up to 1,000 events give runs of 40 and more events (the evidence past a run's
  // first 31), and a cut anywhere, the empty index included. The snapshotted index was built up
  // to `built_at` and then given events one by one up to `cut`, so what it saves has edges
  // added since its last compaction (the topology's overlay) as well.
  for (uint64_t seed = 100; seed < 108; ++seed) {
    CAPTURE(seed);
    std::mt19937_64 rng(seed);
    const auto events = mesh(seed, 200 + rng() % 800);
    const size_t cut = seed == 100 ? 0 : rng() % events.size();
    const size_t built_at = seed % 2 == 0 ? cut : rng() % (cut + 1);
    CAPTURE(cut);
    CAPTURE(built_at);
    Store store({events.begin(), events.begin() + static_cast<std::ptrdiff_t>(built_at)});
    auto first = Index::Build(*store.log);
    REQUIRE(first.ok());
    const std::vector<Event> added(events.begin() + static_cast<std::ptrdiff_t>(built_at),
                                   events.begin() + static_cast<std::ptrdiff_t>(cut));
    REQUIRE(store.log->append(added).ok());
    for (const auto& e : added) {
      REQUIRE((*first)->add(e, LogHead{e.seq + 1, *store.log->root_at(e.seq + 1)}).ok());
    }
    REQUIRE((*first)->save_snapshot(store.snapshot).ok());
    const std::vector<Event> tail(events.begin() + static_cast<std::ptrdiff_t>(cut), events.end());
    REQUIRE(store.log->append(tail).ok());
    IndexStart start;
    auto opened = Index::Open(*store.log, store.snapshot, &start);
    REQUIRE(opened.ok());
    CHECK(start.from_snapshot);
    CHECK(start.replayed == events.size() - cut);
    auto built = Index::Build(*store.log);
    REQUIRE(built.ok());
    CHECK(everything(**opened) == everything(**built));
  }
}

TEST_CASE("a snapshot that does not match the log, or is damaged, is ignored") {
  const auto events = mesh(21, 200);
  Store store(events);
  auto built = Index::Build(*store.log);
  REQUIRE(built.ok());
  const std::string want = everything(**built);
  auto opens_without = [&](const std::string& why) {
    IndexStart start;
    auto opened = Index::Open(*store.log, store.snapshot, &start);
    REQUIRE(opened.ok());
    CHECK_FALSE(start.from_snapshot);
    CHECK(start.replayed == events.size());
    CHECK_MESSAGE(start.snapshot_ignored.find(why) != std::string::npos, start.snapshot_ignored);
    CHECK(everything(**opened) == want);
  };

  SUBCASE("none at all: built from the log, nothing to report") {
    IndexStart start;
    REQUIRE(Index::Open(*store.log, store.snapshot, &start).ok());
    CHECK(start.snapshot_ignored.empty());
    CHECK(start.replayed == events.size());
  }
  SUBCASE("another log's snapshot at a size this log has") {
    Store other(mesh(22, 200));
    auto theirs = Index::Build(*other.log);
    REQUIRE((*theirs)->save_snapshot(store.snapshot).ok());
    opens_without("root");
  }
  SUBCASE("a snapshot past the log's size") {
    Store longer(mesh(21, 260));
    auto theirs = Index::Build(*longer.log);
    REQUIRE((*theirs)->save_snapshot(store.snapshot).ok());
    opens_without("past the log's size");
  }
  SUBCASE("a flipped byte, a truncation") {
    REQUIRE((*built)->save_snapshot(store.snapshot).ok());
    std::string bytes;
    {
      std::ifstream in(store.snapshot, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::string flipped = bytes;
    flipped[flipped.size() / 2] ^= 0x20;
    std::ofstream(store.snapshot, std::ios::binary | std::ios::trunc) << flipped;
    opens_without("checksum");
    std::ofstream(store.snapshot, std::ios::binary | std::ios::trunc)
        << bytes.substr(0, bytes.size() - 7);
    opens_without("truncated");
  }
  SUBCASE("a snapshot of an older format: refused by its version, however sound its frame") {
    REQUIRE((*built)->save_snapshot(store.snapshot).ok());
    std::string bytes;
    {
      std::ifstream in(store.snapshot, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    REQUIRE(bytes.substr(0, 8) == "AGIDX018");
    bytes.replace(0, 8, "AGIDX017");  // the format before flat lists stored their begins
    std::ofstream(store.snapshot, std::ios::binary | std::ios::trunc) << bytes;
    opens_without("not an index snapshot of this format");
  }
  SUBCASE("a file shorter than its header") {
    std::ofstream(store.snapshot, std::ios::binary | std::ios::trunc) << "AGIDX018";
    opens_without("not an index snapshot of this format");
  }
  SUBCASE("a well-framed file whose state does not decode") {
    REQUIRE(queries::write_snapshot(store.snapshot, store.log->head(), "not an index").ok());
    opens_without("does not decode");
  }
}

}  // namespace
}  // namespace auditgraph
