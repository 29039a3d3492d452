// The history on disk (queries/history_ledger.h): access records and the OpenLineage events by
// time. Answers from the history families equal those of a plain model of the events, over a
// real store and over the memory store; a store whose families are gone, whose marker the log
// does not bear out, or written by a build with fewer families, fills them again from the log
// and answers the same.
//
//   datasets d0 .. d4 (s3://h), each declared first (seqs 0..4)
//   then, at random times (some before 1970, many at equal times), access records:
//     principal u0..u5 (users) or svc (a service) reads or writes d0..d4
//   with grants interleaved (not access records: the ledger skips them); one event in three
//   carries raw bytes, as received: OpenLineage JSON or native JSON (only the first is a lineage
//   event)
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "auditgraph/index.h"
#include "queries/history_ledger.h"
#include "test/util/raw_store.h"
#include "test/util/test_log.h"
#include "storage/keys.h"

namespace auditgraph {
namespace {

using testing::open_test_log;
using testing::TempDir;

constexpr int64_t kMinute = 60'000'000'000;
constexpr int kDatasets = 5;

DatasetRef ds(int i) { return {"s3://h", "h.d" + std::to_string(i)}; }
std::string ds_id(int i) { return "dataset:s3://h:h.d" + std::to_string(i); }

std::vector<Event> history_events(uint64_t seed, size_t records) {
  std::mt19937_64 rng(seed);
  std::vector<Event> out;
  auto add = [&](Payload p, int64_t t) {
    Event e;
    e.event_time = Timestamp{t};
    e.payload = std::move(p);
    e.idempotency_key = "h-" + std::to_string(seed) + "-" + std::to_string(out.size());
    out.push_back(std::move(e));
  };
  for (int i = 0; i < kDatasets; ++i) {
    DatasetDeclared d;
    d.dataset = ds(i);
    add(d, 0);
  }
  for (size_t i = 0; i < records; ++i) {
    const int64_t t = (static_cast<int64_t>(rng() % 200) - 20) * kMinute;  // ties, and < 1970
    if (rng() % 8 == 0) {
      AccessGranted g;
      g.grant_id = "g" + std::to_string(i);
      g.grantee = {PrincipalRef::Kind::kUser, "u" + std::to_string(rng() % 6)};
      g.resource.kind = Resource::Kind::kDataset;
      g.resource.dataset = ds(static_cast<int>(rng() % kDatasets));
      g.privilege = "READ";
      add(g, t);
      continue;
    }
    if (rng() % 3 == 0) {  // as received (the payload does not matter to the ledger)
      DatasetDeclared d;
      d.dataset = ds(static_cast<int>(rng() % kDatasets));
      add(d, t);
      out.back().raw.format =
          rng() % 2 ? RawEvent::Format::kOpenLineage : RawEvent::Format::kNative;
      out.back().raw.bytes = "{\"n\":" + std::to_string(i) + "}";
      continue;
    }
    AccessRecorded a;
    a.dataset = ds(static_cast<int>(rng() % kDatasets));
    a.principal = rng() % 7 == 0 ? PrincipalRef{PrincipalRef::Kind::kService, "svc"}
                                 : PrincipalRef{PrincipalRef::Kind::kUser,
                                                "u" + std::to_string(rng() % 6)};
    a.mode = rng() % 3 == 0 ? AccessRecorded::Mode::kWrite : AccessRecorded::Mode::kRead;
    add(a, t);
  }
  return out;
}

// The answer as a plain model of the events computes it: the records of `dataset` with seq < size
// dated in [from, to), by time then seq; per principal its reads, writes and last time.
std::string model(const std::vector<Event>& events, int dataset, Timestamp from, Timestamp to,
                  uint64_t size) {
  std::vector<const Event*> in;
  for (const Event& e : events) {
    const auto* a = std::get_if<AccessRecorded>(&e.payload);
    if (a && e.seq < size && a->dataset.name == ds(dataset).name && from <= e.event_time &&
        e.event_time < to) {
      in.push_back(&e);
    }
  }
  std::stable_sort(in.begin(), in.end(), [](const Event* a, const Event* b) {
    return std::tie(a->event_time, a->seq) < std::tie(b->event_time, b->seq);
  });
  std::string out = "seqs";
  std::map<std::tuple<std::string, int>, std::tuple<int, int, int64_t>> per;
  for (const Event* e : in) {
    out += " " + std::to_string(e->seq);
    const auto& a = std::get<AccessRecorded>(e->payload);
    auto& [reads, writes, last] = per[{a.principal.name, static_cast<int>(a.principal.kind)}];
    (a.mode == AccessRecorded::Mode::kRead ? reads : writes)++;
    last = std::max(last, e->event_time.unix_nanos);
  }
  for (const auto& [key, v] : per) {
    out += "\n" + std::get<0>(key) + "/" + std::to_string(std::get<1>(key)) + " " +
           std::to_string(std::get<0>(v)) + " " + std::to_string(std::get<1>(v)) + " " +
           std::to_string(std::get<2>(v));
  }
  return out;
}

std::string answer(const Index& index, int dataset, Timestamp from, Timestamp to) {
  auto h = index.access_history({ds_id(dataset), from, to});
  REQUIRE_MESSAGE(h.ok(), h.status().to_string());
  std::string out = "seqs";
  for (uint64_t s : h->seqs) out += " " + std::to_string(s);
  auto per = h->principals;  // by name; the model orders ties by kind
  std::stable_sort(per.begin(), per.end(), [](const auto& a, const auto& b) {
    return std::tie(a.principal.name, a.principal.kind) <
           std::tie(b.principal.name, b.principal.kind);
  });
  for (const auto& p : per) {
    out += "\n" + p.principal.name + "/" + std::to_string(static_cast<int>(p.principal.kind)) +
           " " + std::to_string(p.reads) + " " + std::to_string(p.writes) + " " +
           std::to_string(p.last.unix_nanos);
  }
  return out;
}

// Every dataset over a few periods: the index's answer is the model's at the index's size.
void check_answers(const Index& index, const std::vector<Event>& events, uint64_t seed) {
  std::mt19937_64 rng(seed * 31 + 7);
  const uint64_t size = index.head().size;
  for (int d = 0; d < kDatasets; ++d) {
    for (int round = 0; round < 4; ++round) {
      int64_t a = (static_cast<int64_t>(rng() % 240) - 30) * kMinute;
      int64_t b = (static_cast<int64_t>(rng() % 240) - 30) * kMinute;
      if (b < a) std::swap(a, b);
      if (round == 0) a = INT64_MIN, b = INT64_MAX;  // everything
      CAPTURE(seed);
      CAPTURE(d);
      CHECK(answer(index, d, Timestamp{a}, Timestamp{b}) ==
            model(events, d, Timestamp{a}, Timestamp{b}, size));
    }
  }
}

// The OpenLineage events' page as a plain model computes it: those with seq < size dated in
// [after, before), sorted by (time, seq), reversed unless ascending, offset skipped, limit kept.
LineageEventsPage lineage_model(const std::vector<Event>& events, const LineageEventsQuery& q,
                                uint64_t size) {
  std::vector<const Event*> in;
  for (const Event& e : events) {
    if (e.raw.format != RawEvent::Format::kOpenLineage || e.seq >= size) continue;
    if (q.after && e.event_time < *q.after) continue;
    if (q.before && !(e.event_time < *q.before)) continue;
    in.push_back(&e);
  }
  std::stable_sort(in.begin(), in.end(), [](const Event* a, const Event* b) {
    return std::tie(a->event_time, a->seq) < std::tie(b->event_time, b->seq);
  });
  if (!q.ascending) std::reverse(in.begin(), in.end());
  LineageEventsPage page;
  page.total = in.size();
  page.at = size;
  for (size_t i = q.offset; i < in.size() && page.seqs.size() < q.limit; ++i) {
    page.seqs.push_back(in[i]->seq);
  }
  return page;
}

// Random periods (open-ended too), both orders, pages at the start, middle and past the end.
void check_lineage_events(const Index& index, const std::vector<Event>& events, uint64_t seed) {
  std::mt19937_64 rng(seed * 17 + 3);
  const uint64_t size = index.head().size;
  for (int round = 0; round < 40; ++round) {
    LineageEventsQuery q;
    int64_t a = (static_cast<int64_t>(rng() % 240) - 30) * kMinute;
    int64_t b = (static_cast<int64_t>(rng() % 240) - 30) * kMinute;
    if (rng() % 4 == 0) std::swap(a, b);  // sometimes an empty (or reversed) period
    if (rng() % 3) q.after = Timestamp{a};
    if (rng() % 3) q.before = Timestamp{b};
    q.ascending = rng() % 2;
    q.limit = rng() % 5 == 0 ? 0 : 1 + rng() % 40;
    q.offset = rng() % 4 == 0 ? 0 : rng() % 120;
    auto got = index.lineage_events(q);
    REQUIRE_MESSAGE(got.ok(), got.status().to_string());
    const LineageEventsPage want = lineage_model(events, q, size);
    CAPTURE(seed);
    CAPTURE(round);
    CHECK(got->seqs == want.seqs);
    CHECK(got->total == want.total);
    CHECK(got->at == size);
  }
}

std::vector<Event> append_all(EventLog& log, std::vector<Event> events) {
  for (size_t i = 0; i < events.size(); i += 100) {
    const size_t n = std::min<size_t>(100, events.size() - i);
    auto r = log.append(std::span<const Event>(events.data() + i, n));
    REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  }
  for (size_t i = 0; i < events.size(); ++i) events[i].seq = i;
  return events;
}

TEST_CASE("history ledger: answers from disk equal the model, on random meshes and prefixes") {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    TempDir dir;
    auto log = open_test_log(dir.sub("store"));
    const auto events = append_all(*log, history_events(seed, 300 + seed * 50));
    auto built = Index::Build(*log);
    REQUIRE(built.ok());
    check_answers(**built, events, seed);
    check_lineage_events(**built, events, seed);

    // The same events in an index without a store (the memory history store).
    auto memory = make_index(nullptr);
    for (const Event& e : events) REQUIRE(memory->add(e, LogHead{e.seq + 1, Hash{}}).ok());
    check_answers(*memory, events, seed);
    check_lineage_events(*memory, events, seed);

    // An index over a prefix of the same log (as a report's is) leaves later records out,
    // though the families hold them.
    auto prefix = make_index(log.get());
    const uint64_t cut = events.size() / 2;
    REQUIRE(log->scan(0, cut, [&](const Event& e) {
      return prefix->add(e, LogHead{e.seq + 1, Hash{}}).ok();
    }).ok());
    REQUIRE(prefix->head().size == cut);
    check_answers(*prefix, events, seed);
    check_lineage_events(*prefix, events, seed);
  }
}

TEST_CASE("history ledger: a store whose history families are gone fills them from the log") {
  TempDir dir;
  const std::string store = dir.sub("store");
  const std::string snapshot = dir.sub("index.snapshot");
  std::vector<Event> events;
  {
    auto log = open_test_log(store);
    events = append_all(*log, history_events(11, 600));
    auto index = Index::Build(*log);
    REQUIRE(index.ok());
    REQUIRE((*index)->save_snapshot(snapshot).ok());
  }
  SUBCASE("dropped, as in a store written before them") {
    testing::RawStore raw(store);
    for (const char* name : storage::kHistoryFamilyNames) raw.drop(name);
  }
  SUBCASE("written by a build before lineage_by_time: its marker under its old key") {
    testing::RawStore raw(store);
    rocksdb::ColumnFamilyHandle* meta = raw.family(storage::kHistoryFamilyNames[0]);
    const std::string marker = raw.get(meta, "history/2");
    raw.del(meta, "history/2");
    raw.put(meta, "access_by_dataset", marker);
    raw.drop(storage::kHistoryFamilyNames[2]);
  }
  SUBCASE("a marker the log does not bear out (another root) is not trusted") {
    testing::RawStore raw(store);
    rocksdb::ColumnFamilyHandle* meta = raw.family(storage::kHistoryFamilyNames[0]);
    std::string marker = raw.get(meta, "history/2");
    marker[8] ^= 1;
    raw.put(meta, "history/2", marker);
    // and a stale record it must not keep: a write at seq 1 (a declaration) by a principal no
    // event names
    rocksdb::ColumnFamilyHandle* records = raw.family(storage::kHistoryFamilyNames[1]);
    const std::string id = ds_id(0);
    std::string key(3, '\0');
    key += static_cast<char>(id.size());
    key += id;
    storage::put_u64_be(&key, uint64_t{1} << 63);  // time 0
    storage::put_u64_be(&key, 1);
    raw.put(records, key, std::string("\x01\x00ghost", 7));
  }
  auto log = open_test_log(store);
  IndexStart start;
  std::vector<std::pair<uint64_t, uint64_t>> told;
  auto index = Index::Open(*log, snapshot, &start,
                           [&](uint64_t done, uint64_t total) { told.emplace_back(done, total); });
  REQUIRE_MESSAGE(index.ok(), index.status().to_string());
  CHECK(start.from_snapshot);
  CHECK(start.history_replayed == events.size());
  REQUIRE(!told.empty());
  CHECK(told.front() == std::pair<uint64_t, uint64_t>{0, events.size()});
  check_answers(**index, events, 11);
  check_lineage_events(**index, events, 11);

  // Filled once: the next start reads nothing again.
  index->reset();
  IndexStart again;
  auto reopened = Index::Open(*log, snapshot, &again);
  REQUIRE(reopened.ok());
  CHECK(again.history_replayed == 0);
  check_answers(**reopened, events, 11);
  check_lineage_events(**reopened, events, 11);
}

// Counts the writes that reach a memory store.
class CountingStore final : public HistoryStore {
 public:
  Status write(std::span<const Put> puts) override {
    ++writes;
    return inner_->write(puts);
  }
  Status scan(HistoryFamily family, std::string_view from, std::string_view to,
              const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    return inner_->scan(family, from, to, fn);
  }
  Result<std::string> get(HistoryFamily family, std::string_view key) const override {
    return inner_->get(family, key);
  }
  Status clear() override { return inner_->clear(); }
  int writes = 0;

 private:
  std::unique_ptr<HistoryStore> inner_ = make_memory_history_store();
};

TEST_CASE("history ledger: a question writes what is buffered, and nothing when nothing is") {
  // seq 0..4 declare d0..d4; seq 5 is a read of d0 by u0; seq 6 a grant (no access record).
  std::vector<Event> events = history_events(3, 0);
  Event read;
  read.seq = events.size();
  read.event_time = Timestamp{kMinute};
  AccessRecorded a;
  a.principal = {PrincipalRef::Kind::kUser, "u0"};
  a.dataset = ds(0);
  read.payload = a;
  events.push_back(read);
  Event grant;
  grant.seq = events.size();
  AccessGranted g;
  g.grant_id = "g";
  g.grantee = {PrincipalRef::Kind::kUser, "u1"};
  g.resource.kind = Resource::Kind::kDataset;
  g.resource.dataset = ds(1);
  g.privilege = "READ";
  grant.payload = g;
  events.push_back(grant);
  for (size_t i = 0; i < events.size(); ++i) events[i].seq = i;

  CountingStore store;
  queries::HistoryLedger ledger(&store, nullptr);
  REQUIRE(ledger.open().ok());
  for (size_t i = 0; i + 1 < events.size(); ++i) REQUIRE(ledger.add(events[i]).ok());
  CHECK(store.writes == 0);  // buffered

  REQUIRE(ledger.write_buffered().ok());  // the read is buffered: written, with the marker
  CHECK(store.writes == 1);
  auto history = ledger.history({ds_id(0)}, Timestamp{0}, Timestamp{2 * kMinute}, 6);
  REQUIRE(history.ok());
  CHECK(history->seqs == std::vector<uint64_t>{5});

  REQUIRE(ledger.add(events.back()).ok());  // a grant: nothing to write for a question
  REQUIRE(ledger.write_buffered().ok());
  CHECK(store.writes == 1);
  REQUIRE(ledger.flush().ok());  // the end of a replay moves the marker
  CHECK(store.writes == 2);
  CHECK(ledger.complete() == events.size());
}

}  // namespace
}  // namespace auditgraph
