#include "tools/crash/crash_loop.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "auditgraph/event_log.h"

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

// Checks the reopened store against acknowledged events (seq -> key): each is present and
// unchanged; then the whole log is a dense prefix that verifies, and a retry is answered.
std::string check_store(const std::string& store, const std::map<uint64_t, std::string>& acked) {
  LogOptions options;
  options.create_if_missing = false;
  auto log = EventLog::Open(options, store);
  if (!log.ok()) return "reopen: " + log.status().to_string();
  LogHead head = (*log)->head();
  for (const auto& [seq, key] : acked) {
    if (seq >= head.size) {
      return "acknowledged seq " + std::to_string(seq) + " lost: log size is " +
             std::to_string(head.size);
    }
    auto e = (*log)->read(seq);
    if (!e.ok()) return "read " + std::to_string(seq) + ": " + e.status().to_string();
    Event want = event_for(key);
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
    const auto& [seq, key] = *acked.rbegin();
    Event retry = event_for(key);
    auto again = (*log)->append(std::span<const Event>(&retry, 1));
    if (!again.ok() || !(*again)[0].duplicate || (*again)[0].seq != seq) {
      return "retry of acknowledged key " + key + " was not answered with seq " +
             std::to_string(seq);
    }
    if ((*log)->head() != head) return "retry of an acknowledged key changed the head";
  }
  return "";
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

CrashLoopReport run_crash_loop(const CrashLoopOptions& options,
                               const std::function<void(const std::string&)>& progress) {
  CrashLoopReport report;
  std::filesystem::create_directories(options.store);
  std::mt19937_64 rng(options.seed);
  std::map<uint64_t, std::string> acked;  // every acknowledged event, over all rounds

  for (int round = 0; round < options.rounds; ++round) {
    int fds[2];
    if (::pipe(fds) != 0) {
      report.failure = "pipe failed";
      return report;
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

    // Read the child's lines; kill it a random time after it is READY.
    int delay_ms = options.min_run_ms +
                   static_cast<int>(rng() % (options.max_run_ms - options.min_run_ms + 1));
    FILE* in = ::fdopen(fds[0], "r");
    char line[512];
    bool ready = false;
    std::string error;
    std::thread killer;
    std::map<uint64_t, std::string> round_map;
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
        error = l;
        continue;
      }
      std::istringstream parse(l);
      uint64_t seq;
      std::string key;
      if (!(parse >> seq >> key)) {
        error = "unreadable line from child: " + l;
        continue;
      }
      auto [it, fresh] = acked.emplace(seq, key);
      if (!fresh && it->second != key) {
        error =
            "seq " + std::to_string(seq) + " acknowledged twice, for " + it->second + " and " + key;
      }
      round_map.emplace(seq, key);
    }
    std::fclose(in);
    if (!ready) ::kill(pid, SIGKILL);
    if (killer.joinable()) killer.join();
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (error.empty() && !ready)
      error = "child never became ready (exit status " + std::to_string(status) + ")";
    if (error.empty() && !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
      error = "child ended by itself (status " + std::to_string(status) + ")";
    }
    if (error.empty()) {
      // This round's acknowledgements in full, and a sample of the earlier ones, so that long
      // runs stay linear (verify already rereads every record each round).
      std::map<uint64_t, std::string> to_check(round_map.begin(), round_map.end());
      for (int i = 0; i < 256 && acked.size() > to_check.size(); ++i) {
        auto it = acked.lower_bound(rng() % (acked.rbegin()->first + 1));
        if (it != acked.end()) to_check.insert(*it);
      }
      error = check_store(options.store, to_check);
    }
    if (!error.empty()) {
      report.failure = "round " + std::to_string(round) + ": " + error;
      return report;
    }
    report.rounds = round + 1;
    report.acknowledged = acked.size();
    if (progress) {
      progress("round " + std::to_string(round) + ": killed after " + std::to_string(delay_ms) +
               " ms, " + std::to_string(round_map.size()) + " acknowledged and present (" +
               std::to_string(acked.size()) + " in all, earlier ones sampled), verify ok");
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
