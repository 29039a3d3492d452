// Logs and keys for the witness tests: a log's note key and a witness's cosignature key from
// fixed seeds, real stores to sign checkpoints of, and add-checkpoint bodies made from them.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "auditgraph/checkpoint.h"
#include "auditgraph/event_log.h"
#include "auditgraph/note.h"
#include "src/witness/add_checkpoint_request.h"
#include "test/util/events.h"
#include "test/util/test_log.h"

namespace auditgraph::testing {

inline constexpr const char* kLogOrigin = "auditgraph.example/witness-test";

// A note key of `type` named `name` whose seed is 32 bytes of `seed_byte`.
inline NoteSigner test_key(const std::string& name, NoteKeyType type, uint8_t seed_byte) {
  std::array<uint8_t, 32> seed;
  seed.fill(seed_byte);
  auto key = NoteSigner::FromSeed(name, type, seed);
  REQUIRE_MESSAGE(key.ok(), key.status().message());
  return std::move(key).value();
}

inline NoteSigner log_key() { return test_key(kLogOrigin, NoteKeyType::kEd25519, 1); }

// Appends access events first..first+n-1 to `log` (a fork uses other numbers).
inline void append_events(EventLog& log, uint64_t first, uint64_t n) {
  std::vector<Event> batch;
  for (uint64_t i = first; i < first + n; ++i) batch.push_back(access_event(i));
  REQUIRE(log.append(batch).ok());
}

// The checkpoint of `log`'s first `size` records.
inline Checkpoint checkpoint_of(const EventLog& log, uint64_t size) {
  auto root = log.root_at(size);
  REQUIRE_MESSAGE(root.ok(), root.status().message());
  return Checkpoint{kLogOrigin, size, *root};
}

// That checkpoint as a note signed by `key`.
inline std::string signed_note(const Checkpoint& cp, const NoteSigner& key) {
  return Note{cp.body(), {key.sign(cp.body())}}.to_string();
}

// An add-checkpoint body for `log` at `size` from `old` (with the log's consistency proof).
inline std::string add_body(const EventLog& log, uint64_t old, uint64_t size,
                            const NoteSigner& key) {
  std::vector<Hash> proof;
  if (old > 0 && old < size) {
    auto p = log.prove_consistency(old, size);
    REQUIRE_MESSAGE(p.ok(), p.status().message());
    proof = p->path;
  }
  return add_checkpoint_body(old, proof, signed_note(checkpoint_of(log, size), key));
}

}  // namespace auditgraph::testing
