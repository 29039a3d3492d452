// The crash loop: a writer process logs events with durability on while the parent notes every
// acknowledgement; the parent SIGKILLs it at a random moment, reopens the store and checks that
// every acknowledged event is there unchanged, the log is a dense prefix, idempotent retries
// still find their seq, verify() passes, and the index a restart opens (snapshot + replay, as
// the server does) answers like one built from scratch. The writer is either a child appending
// through the library (reporting seqs through a pipe) or the real HTTP server fed by the
// parent's clients. Used by the test suite (20 rounds of each) and by `tools/dev crash --rounds N`
// for long runs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace auditgraph::crash {

struct CrashLoopOptions {
  std::string store;         // the store directory, created when missing
  std::string child_binary;  // a program whose `--child STORE ROUND THREADS` runs run_child()
  // When set, the writer is this `auditgraph` binary's server (`serve`, one per round) and the
  // parent's `threads` clients post to it; child_binary is not used then.
  std::string server_binary;
  int rounds = 20;
  uint64_t seed = 1;
  int threads = 4;     // appending threads in the child
  int min_run_ms = 2;  // the child is killed after a random time in [min, max]
  int max_run_ms = 150;
};

struct CrashLoopReport {
  bool ok = false;
  int rounds = 0;             // rounds completed and checked
  uint64_t acknowledged = 0;  // events acknowledged over all rounds (each checked in its own
                              // round, and sampled again in later ones)
  uint64_t final_size = 0;    // log size after the last round
  uint64_t index_checks = 0;  // queries compared between the reopened and the rebuilt index
  std::string failure;        // what went wrong, when !ok
};

// Runs the loop; `progress` (may be empty) gets one line per round.
CrashLoopReport run_crash_loop(const CrashLoopOptions& options,
                               const std::function<void(const std::string&)>& progress);

// The child's side: opens the store, prints "READY" to `fd`, then appends forever from `threads`
// threads, writing "<seq> <key>" lines to `fd` for every acknowledged event. Returns (non-zero)
// only on an error.
int run_child(const std::string& store, int round, int threads, int fd);

}  // namespace auditgraph::crash
