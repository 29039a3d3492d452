#include "tools/crash/crash_loop.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "auditgraph/event_log.h"
#include "auditgraph/index.h"
#include "auditgraph/ingest.h"
#include "src/open_index.h"
#include "tools/crash/http_round.h"

namespace auditgraph::crash {
namespace {

// The event a key stands for; the parent rebuilds it to check what the child wrote.
Event event_for(const std::string& key) {
  Event e;
  e.event_time = Timestamp{static_cast<int64_t>(std::hash<std::string>{}(key) >> 8)};
  e.actor = "crash-writer";
  e.producer = "auditgraph-crash";
  e.idempotency_key = key;
  e.payload = AccessRecorded{{PrincipalRef::Kind::kUser, "crash-writer"},
                             {"crash", key},
                             {"a", "b"},
                             AccessRecorded::Mode::kWrite,
                             "crash-loop",
                             key};
  e.raw = {RawEvent::Format::kNative, "{\"key\":\"" + key + "\"}"};
  return e;
}

void write_line(int fd, const std::string& line) {
  // One write() of at most PIPE_BUF bytes is atomic, so lines from threads never interleave.
  std::string l = line + "\n";
  ssize_t n = ::write(fd, l.data(), l.size());
  (void)n;
}

// What an acknowledgement stood for: the event, rebuilt from what the writer was given (a key for
// the library child, the JSON text for the server).
using Rebuild = std::function<Result<Event>(const std::string&)>;

// Checks the reopened store against acknowledged events (seq -> key or text): each is present
// and unchanged; then the whole log is a dense prefix that verifies, and a retry is answered.
std::string check_store(const std::string& store, const std::map<uint64_t, std::string>& acked,
                        const Rebuild& rebuild) {
  LogOptions options;
  options.create_if_missing = false;
  auto log = EventLog::Open(options, store);
  if (!log.ok()) return "reopen: " + log.status().to_string();
  LogHead head = (*log)->head();
  for (const auto& [seq, given] : acked) {
    if (seq >= head.size) {
      return "acknowledged seq " + std::to_string(seq) + " lost: log size is " +
             std::to_string(head.size);
    }
    auto e = (*log)->read(seq);
    if (!e.ok()) return "read " + std::to_string(seq) + ": " + e.status().to_string();
    auto rebuilt = rebuild(given);
    if (!rebuilt.ok()) {
      return "rebuilding seq " + std::to_string(seq) + ": " + rebuilt.status().to_string();
    }
    Event want = std::move(*rebuilt);
    const std::string key = want.idempotency_key;
    want.seq = e->seq;
    want.recorded_at = e->recorded_at;
    if (!(*e == want) || e->seq != seq)
      return "acknowledged seq " + std::to_string(seq) + " changed";
    auto found = (*log)->find_idempotency_key(key);
    if (!found.ok() || *found != seq) return "idempotency key " + key + " does not lead to its seq";
  }
  uint64_t count = 0;
  Status s = (*log)->scan(0, head.size, [&](const Event& e) { return e.seq == count++; });
  if (!s.ok()) return "scan: " + s.to_string();
  if (count != head.size) return "log is not a dense prefix: scanned " + std::to_string(count);
  VerifyReport r = (*log)->verify();
  if (!r.ok) return "verify: " + r.message;
  if (!acked.empty()) {  // a retry of an acknowledged event is answered, not written
    const auto& [seq, given] = *acked.rbegin();
    Event retry = *rebuild(given);
    auto again = (*log)->append(std::span<const Event>(&retry, 1));
    if (!again.ok() || !(*again)[0].duplicate || (*again)[0].seq != seq) {
      return "retry of acknowledged key " + retry.idempotency_key +
             " was not answered with seq " + std::to_string(seq);
    }
    if ((*log)->head() != head) return "retry of an acknowledged key changed the head";
  }
  return "";
}

// A canonical text of an index's answers: its counts and hygiene lists, and the lineage both ways
// (nodes with distance, owner and domain; edges with their proving seqs) of every node in
// `probes` that it knows.
std::string fingerprint(const Index& index, const std::vector<std::string>& probes) {
  std::string out;
  auto stats = index.stats(Timestamp{1'800'000'000'000'000'000});
  if (!stats.ok()) return "stats: " + stats.status().to_string() + "\n";
  const Index::Stats& st = *stats;
  for (size_t n : {st.datasets, st.columns, st.jobs, st.edges, st.open_edges, st.grants,
                   st.principals, st.access_records}) {
    out += std::to_string(n) + " ";
  }
  for (const auto* list : {&st.without_owner, &st.unused_products, &st.unknown_provenance}) {
    for (const auto& id : *list) out += id + ",";
    out += "\n";
  }
  for (const auto& node : probes) {
    for (auto direction :
         {LineageQuery::Direction::kUpstream, LineageQuery::Direction::kDownstream}) {
      LineageQuery q;
      q.node = node;
      q.direction = direction;
      auto a = index.lineage(q);
      if (!a.ok()) {
        out += node + ": " + a.status().to_string() + "\n";
        continue;
      }
      for (const auto& n : a->nodes) {
        out += n.id + "/" + std::to_string(static_cast<int>(n.kind)) + "/" +
               std::to_string(n.distance) + "/" + n.owner + "/" + n.domain + " ";
      }
      for (const auto& e : a->edges) {
        out += e.from + ">" + e.to + "@" + e.via_job;
        for (uint64_t seq : e.seqs) out += "," + std::to_string(seq);
        out += " ";
      }
      out += "\n";
    }
  }
  return out;
}

// The index as a restart opens it (the store's snapshot, then the tail; a new snapshot when the
// tail was long) must answer like one replayed from scratch, and its access history (on disk,
// written by whichever index applied the event, maybe a server killed right after) must hold each
// acknowledged access record of `acked` once, at its seq. Adds the queries compared to `*checks`.
std::string check_index(const std::string& store, const std::vector<std::string>& probes,
                        const std::map<uint64_t, std::string>& acked, const Rebuild& rebuild,
                        uint64_t* checks) {
  auto opened = open_index(store, nullptr);
  if (!opened.ok()) return "opening the index: " + opened.status().to_string();
  for (const auto& [seq, given] : acked) {
    auto e = rebuild(given);
    const auto* a = e.ok() ? std::get_if<AccessRecorded>(&e->payload) : nullptr;
    if (!a) continue;
    const std::string id = "dataset:" + a->dataset.ns + ":" + a->dataset.name;
    auto h = opened->index->access_history({id, Timestamp{INT64_MIN}, Timestamp{INT64_MAX}});
    if (!h.ok()) return "access history of " + id + ": " + h.status().to_string();
    if (std::count(h->seqs.begin(), h->seqs.end(), seq) != 1) {
      return "access history of " + id + " does not hold acknowledged seq " +
             std::to_string(seq) + " once";
    }
    ++*checks;
  }
  auto scratch = Index::Build(*opened->log);
  if (!scratch.ok()) return "rebuilding the index: " + scratch.status().to_string();
  if (fingerprint(*opened->index, probes) != fingerprint(**scratch, probes)) {
    return "the reopened index answers otherwise than one built from scratch";
  }
  *checks += 1 + 2 * probes.size();
  return "";
}

// The datasets with lineage that an event writes or declares (probes for check_index). The
// library child's access records name datasets without lineage, so its rounds compare the
// counts and hygiene lists only.
void probes_of(const Event& e, std::vector<std::string>* out) {
  auto id = [](const DatasetRef& d) { return "dataset:" + d.ns + ":" + d.name; };
  if (const auto* run = std::get_if<RunEvent>(&e.payload)) {
    for (const auto& o : run->outputs) out->push_back(id(o.dataset));
  } else if (const auto* d = std::get_if<DatasetDeclared>(&e.payload)) {
    out->push_back(id(d->dataset));
  }
}

}  // namespace

int run_child(const std::string& store, int round, int threads, int fd) {
  LogOptions options;
  options.sync = true;
  auto log = EventLog::Open(options, store);
  if (!log.ok()) {
    write_line(fd, "ERR " + log.status().to_string());
    return 1;
  }
  write_line(fd, "READY");
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<uint64_t>(round) * 1000 + t);
      for (uint64_t n = 0;;) {
        std::vector<Event> batch(1 + rng() % 8);
        for (auto& e : batch) {
          e = event_for("r" + std::to_string(round) + "-t" + std::to_string(t) + "-" +
                        std::to_string(n++));
        }
        auto appended = (*log)->append(batch);
        if (!appended.ok()) {
          write_line(fd, "ERR " + appended.status().to_string());
          std::_Exit(1);
        }
        for (size_t i = 0; i < batch.size(); ++i) {
          write_line(fd, std::to_string((*appended)[i].seq) + " " + batch[i].idempotency_key);
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  return 0;
}

namespace {

// One round with the library child: it appends until killed `delay_ms` after it is ready and
// reports "<seq> <key>" per acknowledged event.
RoundResult run_library_round(const CrashLoopOptions& options, int round, int delay_ms) {
  RoundResult result;
  int fds[2];
  if (::pipe(fds) != 0) {
    result.error = "pipe failed";
    return result;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    ::dup2(fds[1], 3);
    std::string r = std::to_string(round), t = std::to_string(options.threads);
    ::execl(options.child_binary.c_str(), options.child_binary.c_str(), "--child",
            options.store.c_str(), r.c_str(), t.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ::close(fds[1]);

  FILE* in = ::fdopen(fds[0], "r");
  char line[512];
  bool ready = false;
  std::thread killer;
  while (std::fgets(line, sizeof line, in)) {
    std::string l(line);
    if (!l.empty() && l.back() == '\n') l.pop_back();
    if (l == "READY") {
      ready = true;
      killer = std::thread([pid, delay_ms] {
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        ::kill(pid, SIGKILL);
      });
      continue;
    }
    if (l.rfind("ERR", 0) == 0) {
      result.error = l;
      continue;
    }
    std::istringstream parse(l);
    uint64_t seq;
    std::string key;
    if (!(parse >> seq >> key)) {
      result.error = "unreadable line from child: " + l;
      continue;
    }
    auto [it, fresh] = result.acked.emplace(seq, key);
    if (!fresh && it->second != key) {
      result.error = "seq " + std::to_string(seq) + " acknowledged twice, for " + it->second +
                     " and " + key;
    }
  }
  std::fclose(in);
  if (!ready) ::kill(pid, SIGKILL);
  if (killer.joinable()) killer.join();
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (result.error.empty() && !ready) {
    result.error = "child never became ready (exit status " + std::to_string(status) + ")";
  }
  if (result.error.empty() && !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
    result.error = "child ended by itself (status " + std::to_string(status) + ")";
  }
  return result;
}

}  // namespace

CrashLoopReport run_crash_loop(const CrashLoopOptions& options,
                               const std::function<void(const std::string&)>& progress) {
  CrashLoopReport report;
  std::filesystem::create_directories(options.store);
  std::mt19937_64 rng(options.seed);
  std::map<uint64_t, std::string> acked;  // every acknowledged event, over all rounds
  const bool http = !options.server_binary.empty();
  EventParser parser;
  const Rebuild rebuild = [&](const std::string& given) -> Result<Event> {
    if (!http) return event_for(given);
    Event e;
    if (auto error = parser.parse_event(given, 0, IngestFormat::kAuto, e)) {
      return Status::InvalidArgument(error->message());
    }
    return e;
  };

  for (int round = 0; round < options.rounds; ++round) {
    const int delay_ms = options.min_run_ms +
                         static_cast<int>(rng() % (options.max_run_ms - options.min_run_ms + 1));
    RoundResult r = http ? run_http_round(options.server_binary, options.store, round,
                                          options.threads, delay_ms)
                         : run_library_round(options, round, delay_ms);
    std::string error = r.error;
    for (const auto& [seq, given] : r.acked) {
      auto [it, fresh] = acked.emplace(seq, given);
      if (!fresh && it->second != given && error.empty()) {
        error = "seq " + std::to_string(seq) + " acknowledged in two rounds, for two events";
      }
    }
    // This round's acknowledgements in full, and a sample of the earlier ones, so that long runs
    // stay linear (verify already rereads every record each round).
    std::map<uint64_t, std::string> to_check;
    if (error.empty()) {
      to_check.insert(r.acked.begin(), r.acked.end());
      for (int i = 0; i < 256 && acked.size() > to_check.size(); ++i) {
        auto it = acked.lower_bound(rng() % (acked.rbegin()->first + 1));
        if (it != acked.end()) to_check.insert(*it);
      }
      error = check_store(options.store, to_check, rebuild);
    }
    if (error.empty()) {
      // Lineage from a few of this round's datasets, and from the source all rounds share.
      std::vector<std::string> probes;
      if (http) probes.push_back("dataset:crash:source");
      for (int i = 0; i < 8 && !r.acked.empty(); ++i) {
        const uint64_t first = r.acked.begin()->first, last = r.acked.rbegin()->first;
        auto it = r.acked.lower_bound(first + rng() % (last - first + 1));
        if (auto e = rebuild(it->second); e.ok()) probes_of(*e, &probes);
      }
      error = check_index(options.store, probes, to_check, rebuild, &report.index_checks);
    }
    if (!error.empty()) {
      report.failure = "round " + std::to_string(round) + ": " + error;
      return report;
    }
    report.rounds = round + 1;
    report.acknowledged = acked.size();
    if (progress) {
      progress("round " + std::to_string(round) + ": killed after " + std::to_string(delay_ms) +
               " ms, " + std::to_string(r.acked.size()) + " acknowledged and present (" +
               std::to_string(acked.size()) +
               " in all, earlier ones sampled), verify ok, reopened index answers as rebuilt");
    }
  }
  LogOptions o;
  o.create_if_missing = false;
  auto log = EventLog::Open(o, options.store);
  report.final_size = log.ok() ? (*log)->head().size : 0;
  report.ok = true;
  return report;
}

}  // namespace auditgraph::crash
