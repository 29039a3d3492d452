// The event log through its public API: append, read, scan, reopen, idempotency, all-or-nothing
// batches, proofs against the log's own head, checkpoints.
#include "auditgraph/event_log.h"

#include <doctest/doctest.h>

#include "src/sample_mesh.h"
#include "test/util/events.h"
#include "test/util/temp_dir.h"

namespace auditgraph {
namespace {

using testing::access_event;
using testing::TempDir;

class FixedClock final : public Clock {
 public:
  Timestamp now() const override { return t; }
  Timestamp t{1'000};
};

std::unique_ptr<EventLog> open(const std::string& dir, const Clock* clock = nullptr) {
  LogOptions o;
  o.clock = clock;
  auto log = EventLog::Open(o, dir);
  REQUIRE_MESSAGE(log.ok(), log.status().to_string());
  return std::move(log).value();
}

TEST_CASE("append gives dense seqs, read returns what was appended, reopen keeps it all") {
  TempDir dir;
  FixedClock clock;
  auto events = sample_mesh_events(Timestamp{1'790'726'400'000'000'000});
  LogHead head;
  {
    auto log = open(dir.path(), &clock);
    CHECK(log->head() == LogHead{0, merkle_empty_root()});
    auto first = log->append(std::span(events).subspan(0, 5));
    REQUIRE(first.ok());
    auto rest = log->append(std::span(events).subspan(5));
    REQUIRE(rest.ok());
    for (size_t i = 0; i < 5; ++i) CHECK((*first)[i].seq == i);
    for (size_t i = 0; i < rest->size(); ++i) CHECK((*rest)[i].seq == 5 + i);
    head = log->head();
    CHECK(head.size == events.size());
  }
  auto log = open(dir.path(), &clock);
  CHECK(log->head() == head);
  for (size_t i = 0; i < events.size(); ++i) {
    auto e = log->read(i);
    REQUIRE(e.ok());
    Event want = events[i];
    want.seq = i;
    want.recorded_at = clock.t;
    CHECK(*e == want);
  }
  CHECK(log->read(events.size()).status().is_not_found());

  std::vector<uint64_t> seen;
  REQUIRE(log->scan(3, 7,
                    [&](const Event& e) {
                      seen.push_back(e.seq);
                      return true;
                    })
              .ok());
  CHECK(seen == std::vector<uint64_t>{3, 4, 5, 6});
  seen.clear();
  REQUIRE(log->scan(0, 1000,
                    [&](const Event& e) {
                      seen.push_back(e.seq);
                      return seen.size() < 2;
                    })
              .ok());
  CHECK(seen.size() == 2);

  // The root is the RFC 6962 root over the raw records.
  std::vector<Hash> leaves;
  for (size_t i = 0; i < events.size(); ++i) leaves.push_back(merkle_leaf_hash(*log->read_raw(i)));
  CHECK(merkle_root(leaves) == head.root);
  CHECK(log->verify().ok);
}

TEST_CASE("start_append: batches in flight from one thread are logged in the order started") {
  TempDir dir;
  auto log = open(dir.path());
  // Four batches of 50, the third repeating a key of the first.
  std::vector<std::vector<Event>> batches(4);
  for (uint64_t b = 0; b < 4; ++b) {
    for (uint64_t i = 0; i < 50; ++i) {
      const uint64_t n = b * 50 + i;
      batches[b].push_back(
          access_event(n, b == 2 && i == 0 ? "key-0" : "key-" + std::to_string(n)));
    }
  }
  std::vector<std::unique_ptr<PendingAppend>> pending;
  for (const auto& batch : batches) pending.push_back(log->start_append(batch));
  std::vector<uint64_t> seqs;
  for (auto& p : pending) {
    auto r = p->wait();
    REQUIRE(r.ok());
    for (const Appended& a : *r) seqs.push_back(a.seq);
  }
  REQUIRE(seqs.size() == 200);
  CHECK(seqs[100] == 0);  // the repeated key: acknowledged with its first seq
  for (size_t i = 0; i < 200; ++i) {
    if (i == 100) continue;
    CHECK(seqs[i] == (i < 100 ? i : i - 1));  // dense, in the order the batches were started
  }
  CHECK(log->head().size == 199);
  for (uint64_t seq : {0, 99, 100, 198}) {
    auto e = log->read(seq);
    REQUIRE(e.ok());
    const uint64_t n = seq < 100 ? seq : seq + 1;
    CHECK(std::get<AccessRecorded>(e->payload).query_id == "q" + std::to_string(n));
  }

  SUBCASE("wait twice is refused; an empty batch is done at once") {
    auto p = log->start_append(std::span(batches[3]).subspan(0, 1));
    REQUIRE(p->wait().ok());
    CHECK(p->wait().status().code() == Status::Code::kFailedPrecondition);
    auto empty = log->start_append({});
    auto r = empty->wait();
    REQUIRE(r.ok());
    CHECK(r->empty());
  }
  SUBCASE("a handle destroyed without wait() still finishes its append first") {
    std::vector<Event> more{access_event(1000, "key-1000")};
    log->start_append(more).reset();
    CHECK(log->head().size == 200);
  }
}

TEST_CASE("recorded_at comes from the injected clock and never goes backwards") {
  TempDir dir;
  FixedClock clock;
  auto log = open(dir.path(), &clock);
  clock.t = Timestamp{5'000};
  Event e = access_event(1);
  REQUIRE(log->append(std::span(&e, 1)).ok());
  clock.t = Timestamp{4'000};  // the wall clock stepped back
  REQUIRE(log->append(std::span(&e, 1)).ok());
  CHECK(log->read(0)->recorded_at == Timestamp{5'000});
  CHECK(log->read(1)->recorded_at == Timestamp{5'000});
}

TEST_CASE("an idempotency key already logged returns the original seq and writes nothing") {
  TempDir dir;
  std::vector<Event> batch = {access_event(1, "k1"), access_event(2, "k2"), access_event(3)};
  {
    auto log = open(dir.path());
    REQUIRE(log->append(batch).ok());
  }
  auto log = open(dir.path());  // the keys survive a reopen
  LogHead before = log->head();
  std::vector<Event> retry = {access_event(2, "k2"), access_event(4, "k4"), access_event(1, "k1")};
  auto r = log->append(retry);
  REQUIRE(r.ok());
  CHECK((*r)[0].seq == 1);
  CHECK((*r)[0].duplicate);
  CHECK((*r)[1].seq == 3);
  CHECK_FALSE((*r)[1].duplicate);
  CHECK((*r)[2].seq == 0);
  CHECK((*r)[2].duplicate);
  CHECK(log->head().size == before.size + 1);
  CHECK(log->find_idempotency_key("k4").value() == 3);
  LogStats stats = log->stats();  // since this open
  CHECK(stats.appends == 1);
  CHECK(stats.events_written == 1);
  CHECK(stats.duplicates == 2);
  CHECK(stats.writes == 1);
  CHECK(stats.syncs == 1);
  CHECK(log->find_idempotency_key("nope").status().is_not_found());

  SUBCASE("a retry that is all duplicates leaves the head untouched") {
    LogHead h = log->head();
    REQUIRE(log->append(std::span(batch).subspan(0, 2)).ok());  // the keyed ones
    CHECK(log->head() == h);
  }
  SUBCASE("the same key twice in one batch is written once") {
    std::vector<Event> twice = {access_event(9, "k9"), access_event(9, "k9")};
    auto t = log->append(twice);
    REQUIRE(t.ok());
    CHECK((*t)[0].seq == (*t)[1].seq);
    CHECK((*t)[1].duplicate);
    CHECK(log->head().size == 5);
  }
  SUBCASE("events without a key are never deduplicated") {
    std::vector<Event> plain = {access_event(3), access_event(3)};
    auto t = log->append(plain);
    REQUIRE(t.ok());
    CHECK((*t)[0].seq + 1 == (*t)[1].seq);
  }
}

TEST_CASE("a batch that fails leaves nothing behind") {
  TempDir dir;
  LogOptions o;
  o.max_record_bytes = 1024;
  auto opened = EventLog::Open(o, dir.path());
  REQUIRE(opened.ok());
  auto& log = *opened;
  REQUIRE(log->append(std::vector<Event>{access_event(0, "a")}).ok());
  LogHead before = log->head();

  Event huge = access_event(2, "c");
  huge.raw = {RawEvent::Format::kNative, std::string(4096, 'x')};
  std::vector<Event> batch = {access_event(1, "b"), huge, access_event(3, "d")};
  auto r = log->append(batch);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().is_invalid_argument());
  CHECK(r.status().message().find("event 1: encoded record is") == 0);
  CHECK(log->head() == before);
  CHECK(log->find_idempotency_key("b").status().is_not_found());  // not even the key of event 0
  CHECK(log->read(1).status().is_not_found());
  CHECK(log->stats().refused == 1);
  CHECK(log->stats().events_written == 1);

  // The log goes on: the next batch gets the next seq, and "b" may be logged now.
  auto next = log->append(std::vector<Event>{access_event(1, "b")});
  REQUIRE(next.ok());
  CHECK((*next)[0].seq == 1);
  CHECK(log->verify().ok);
}

TEST_CASE("proofs from the log verify against its head, and refuse bad arguments") {
  TempDir dir;
  auto log = open(dir.path());
  std::vector<Event> batch;
  for (int i = 0; i < 37; ++i) batch.push_back(access_event(i));
  REQUIRE(log->append(batch).ok());
  std::vector<LogHead> heads{log->head()};
  for (int i = 0; i < 3; ++i) {
    REQUIRE(log->append(std::span(batch).subspan(0, 11)).ok());
    heads.push_back(log->head());
  }
  LogHead h = log->head();
  for (uint64_t seq = 0; seq < h.size; seq += 5) {
    for (uint64_t size : {seq + 1, h.size}) {
      auto p = log->prove_inclusion(seq, size);
      REQUIRE(p.ok());
      CHECK(p->root == log->root_at(size).value());
      CHECK(verify_inclusion(p->index, p->size, p->leaf_hash, p->path, p->root).ok());
    }
  }
  for (const auto& old : heads) {
    auto c = log->prove_consistency(old.size, h.size);
    REQUIRE(c.ok());
    CHECK(c->from_root == old.root);
    CHECK(c->to_root == h.root);
    CHECK(verify_consistency(c->from, c->to, c->from_root, c->to_root, c->path).ok());
  }
  CHECK(log->prove_inclusion(h.size, h.size).status().message() ==
        "seq: " + std::to_string(h.size) + " is not below the tree size " + std::to_string(h.size));
  CHECK(log->prove_inclusion(0, h.size + 1).status().is_invalid_argument());
  CHECK(log->prove_consistency(5, 4).status().is_invalid_argument());
  CHECK(log->prove_consistency(0, h.size + 1).status().is_invalid_argument());
  CHECK(log->root_at(0).value() == merkle_empty_root());
}

TEST_CASE("open refuses a log shorter than a checkpoint it published or was told of") {
  TempDir dir;
  LogHead cp;
  {
    auto log = open(dir.path());
    REQUIRE(log->append(std::vector<Event>{access_event(0), access_event(1)}).ok());
    cp = log->publish_checkpoint().value();
    CHECK(cp == log->head());
    CHECK(log->checkpoint().value() == cp);
    REQUIRE(log->append(std::vector<Event>{access_event(2)}).ok());
  }
  SUBCASE("a log that extends the checkpoint opens") {
    LogOptions o;
    o.expected_checkpoint_size = cp.size;
    o.expected_checkpoint_root = cp.root;
    CHECK(EventLog::Open(o, dir.path()).ok());
  }
  SUBCASE("a checkpoint from elsewhere that the log does not extend is refused") {
    LogOptions o;
    o.expected_checkpoint_size = 2;
    o.expected_checkpoint_root = sha256("another log");
    auto r = EventLog::Open(o, dir.path());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message().find("does not extend the expected checkpoint of size 2") !=
          std::string::npos);
  }
  SUBCASE("an expected size above the log is refused") {
    LogOptions o;
    o.expected_checkpoint_size = 10;
    auto r = EventLog::Open(o, dir.path());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == "log size 3 is below the expected checkpoint size 10");
  }
}

TEST_CASE("open without create_if_missing names the missing store") {
  TempDir dir;
  LogOptions o;
  o.create_if_missing = false;
  auto r = EventLog::Open(o, dir.sub("nothing-here"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().is_not_found());
  CHECK(r.status().message().find("nothing-here") != std::string::npos);
}

}  // namespace
}  // namespace auditgraph

namespace auditgraph {
namespace {

TEST_CASE("backup: a copy that opens and verifies alone, with every event acknowledged before it") {
  testing::TempDir dir;
  auto log = EventLog::Open(LogOptions{}, dir.sub("store"));
  REQUIRE(log.ok());
  std::vector<Event> batch;
  for (int i = 0; i < 500; ++i) batch.push_back(testing::access_event(i));
  REQUIRE((*log)->append(batch).ok());
  const LogHead head = (*log)->head();

  auto copied = (*log)->backup(dir.sub("backup"));
  REQUIRE(copied.ok());
  CHECK(*copied == head);
  CHECK((*log)->backup(dir.sub("backup")).status().code() == Status::Code::kAlreadyExists);
  REQUIRE((*log)->append(batch).ok());  // the original goes on; the copy does not follow

  LogOptions options;
  options.create_if_missing = false;
  auto copy = EventLog::Open(options, dir.sub("backup"));
  REQUIRE(copy.ok());
  CHECK((*copy)->head() == head);
  CHECK((*copy)->verify().ok);
  CHECK((*copy)->read_raw(250).value() == (*log)->read_raw(250).value());
}

}  // namespace
}  // namespace auditgraph
